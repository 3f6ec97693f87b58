// The geofence worker on real PostgreSQL + PostGIS and Redis with the seeded park: samples published on
// positions.accepted become zone events and alarms through the alarm module, exactly once, also across a
// failed batch, a redelivered batch and a restart; the zone API reads the events under row-level security.
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PositionSample } from '../../../../server/contracts'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import { upsertTags } from '../../../../server/modules/tags/tags.repository'
import {
  startGeofenceWorker,
  type AlarmSink,
  type GeofenceWorker,
} from '../../../../server/modules/zones/geofence.worker'
import { zonesRoutes } from '../../../../server/modules/zones/zones.routes'
import { SessionStore } from '../../../../server/platform/auth/sessions'
import { streams } from '../../../../server/platform/bus/bus'
import { systemScope } from '../../../../server/platform/db/db'
import { createHttpApp } from '../../../../server/platform/http/app'
import { createLogger } from '../../../../server/platform/logger'
import { ApiClient, eventually } from '../../../helpers/http'
import { startTestServer, type TestServer } from '../../../helpers/server-config'
import { connectTestRedis, uniqueRedisPrefix, type TestRedisClient } from '../../../helpers/services'

const log = createLogger('silent')
const adminPassword = 'Admin-pass-2026'
const z04 = [120.954057, 31.9379976] as const // 液氯储存区警戒区, circle r = 120 m
const mLon = 1 / (111_195 * Math.cos((z04[1] * Math.PI) / 180))
const base = Date.parse('2026-11-27T02:00:00Z')

describe('geofence worker (PostgreSQL + Redis, seeded park)', () => {
  let ts: TestServer
  let redis: TestRedisClient
  let worker: GeofenceWorker | null = null
  let api: ApiClient
  let ent1: ApiClient
  let failNextRaise = 0
  let raises = 0
  const stops: (() => Promise<unknown> | void)[] = []

  const db = () => ts.server.db
  const bus = () => ts.server.bus
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db().query<{ n: string }>(systemScope, sql, params))[0]!.n)
  const sample = (tag: string, s: number, lon: number, lat: number, speed = 10): PositionSample => ({
    tag_id: tag,
    t: new Date(base + s * 1000).toISOString(),
    lon,
    lat,
    speed_kmh: speed,
    heading_deg: 90,
    source: 'test',
  })
  /** east–west pass through Z04 at 1 s per sample, metres east of the centre */
  const pass = (tag: string, from: number, xs: number[]) =>
    xs.map((x, i) => sample(tag, from + i, z04[0] + x * mLon, z04[1]))

  async function start(): Promise<GeofenceWorker> {
    const service = new AlarmsService(db())
    const alarms: AlarmSink = {
      raise: async (input) => {
        raises++
        if (failNextRaise > 0) {
          failNextRaise--
          throw Object.assign(new Error('alarm store down (test)'), { code: 'XX000' })
        }
        return service.raise(input)
      },
      returnToNormal: (id, rule, t, value) => service.returnToNormal(id, rule, t, value),
    }
    const w = await startGeofenceWorker(
      { db: db(), bus: bus(), log, node: 'geo-test', alarms },
      { tickMs: 3_600_000 },
    )
    // the consumer group is created at '$': wait for it before publishing
    const key = (bus() as unknown as { key(n: string): string }).key(streams.positionsAccepted)
    await eventually(
      async () => (await redis.xInfoGroups(key).catch(() => [])).some((g) => g.name === 'geofence'),
      10_000,
      50,
    )
    return w
  }
  const publish = (samples: PositionSample[]) => bus().publish(streams.positionsAccepted, { samples })
  const events = (tag: string, zone: string) =>
    db().query<{ event: string; t: Date }>(
      systemScope,
      'SELECT event, t FROM zone_events WHERE tag_id = $1 AND zone_id = $2 ORDER BY t, id',
      [tag, zone],
    )
  const alarms = (tag: string) =>
    db().query<{
      rule: string
      priority: string
      state: string
      last_value: number | null
      enterprise_id: string | null
    }>(
      systemScope,
      'SELECT rule, priority, state, last_value, enterprise_id FROM alarms WHERE source_id = $1 ORDER BY id',
      [tag],
    )

  beforeAll(async () => {
    ts = await startTestServer('cpt_zones', {
      SERVICES: 'web',
      SIM: 'off',
      ADMIN_PASSWORD: adminPassword,
      REDIS_PREFIX: uniqueRedisPrefix('cpt-zones'),
    })
    redis = await connectTestRedis()
    stops.push(() => redis.destroy())
    await db().tx(systemScope, (q) =>
      upsertTags(q, [
        { id: 'ZV1', kind: 'visitor', label: '访客 V1', enterprise_id: null },
        { id: 'ZV2', kind: 'visitor', label: '访客 V2', enterprise_id: null },
        { id: 'ZS1', kind: 'staff', label: 'E01 staff', enterprise_id: 'E01' },
        { id: 'ZC1', kind: 'vehicle', label: '苏F 12345', enterprise_id: 'E03' },
      ]),
    )
    worker = await start()
    // the zone API on its own app (main.ts mounts it once wired), sessions from the test server
    const main = new ApiClient(ts.server.url)
    await main.login('admin', adminPassword)
    const r = await main.post('/api/v1/users', {
      username: 'ent1',
      display_name: 'ent1',
      role: 'enterprise_user',
      enterprise_id: 'E01',
      password: 'Pw-ent1-2026',
    })
    expect(r.status).toBe(201)
    const app = createHttpApp({
      db: db(),
      bus: bus(),
      log,
      sessions: new SessionStore(db(), 720, 10080),
      version: 'test',
      clientDir: null,
      publicRouters: [],
      routers: [zonesRoutes(db())],
    })
    const http = createServer(app.callback())
    await new Promise<void>((res) => http.listen(0, '127.0.0.1', res))
    stops.push(() => new Promise<void>((res) => http.close(() => res())))
    stops.push(() => void http.closeAllConnections())
    const url = `http://127.0.0.1:${(http.address() as { port: number }).port}/`
    api = new ApiClient(url)
    api.cookie = main.cookie
    const e = new ApiClient(ts.server.url)
    await e.login('ent1', 'Pw-ent1-2026')
    ent1 = new ApiClient(url)
    ent1.cookie = e.cookie
  })
  afterAll(async () => {
    await worker?.stop()
    for (const s of stops.reverse()) await s()
    await ts?.close()
  })

  it('raises exactly one urgent alarm for a visitor driving through a restricted circle, with enter and exit rows', async () => {
    await publish(pass('ZV1', 0, [-300, -200, -130]))
    await publish(pass('ZV1', 3, [-100, -50, 0, 50, 100, 130, 200]))
    await eventually(async () => (await events('ZV1', 'Z04')).length === 2)
    const evs = await events('ZV1', 'Z04')
    expect(evs.map((e) => [e.event, (e.t.getTime() - base) / 1000])).toEqual([
      ['enter', 3],
      ['exit', 8],
    ])
    await eventually(async () => (await alarms('ZV1')).some((a) => a.state === 'rtn_unack'))
    const zv1 = (await alarms('ZV1')).filter((a) => a.rule === 'zone_intrusion:Z04')
    expect(zv1).toEqual([
      expect.objectContaining({ priority: 'urgent', state: 'rtn_unack', enterprise_id: 'E01' }),
    ])
    // the zone's own staff walks in: no alarm
    await publish(pass('ZS1', 0, [-200, 0, 200]))
    await eventually(async () => (await events('ZS1', 'Z04')).length === 2)
    expect(await alarms('ZS1')).toEqual([])
  })

  it('raises one overspeed alarm for a vehicle at 40 km/h for 15 s in the 15 km/h hazmat parking zone', async () => {
    const [p] = await db().query<{ lon: number; lat: number }>(
      systemScope,
      `SELECT ST_X(c) AS lon, ST_Y(c) AS lat FROM (SELECT ST_PointOnSurface(geom) c FROM zones WHERE id = 'Z44') s`,
    )
    const samples = Array.from({ length: 18 }, (_, i) =>
      sample('ZC1', 100 + i, p!.lon + i * 1e-6, p!.lat, i < 16 ? 40 : 5),
    )
    await publish(samples.slice(0, 9))
    await publish(samples.slice(9))
    await eventually(async () => (await events('ZC1', 'Z44')).some((e) => e.event === 'overspeed_end'))
    expect((await events('ZC1', 'Z44')).map((e) => [e.event, (e.t.getTime() - base) / 1000])).toEqual([
      ['enter', 100],
      ['overspeed_start', 100],
      ['overspeed_end', 116],
    ])
    const over = (await alarms('ZC1')).filter((a) => a.rule.startsWith('zone_overspeed'))
    expect(over).toEqual([
      expect.objectContaining({
        rule: 'zone_overspeed:Z44',
        priority: 'high',
        state: 'rtn_unack',
        last_value: 40,
      }),
    ])
  })

  it('writes nothing twice: a failed batch retried, a redelivered batch, a restart with a tag inside', async () => {
    const into = pass('ZV2', 200, [-300, -200, -100, 0])
    failNextRaise = 1
    const before = raises
    await publish(into)
    await eventually(async () => (await events('ZV2', 'Z04')).length === 1)
    expect(raises - before).toBeGreaterThanOrEqual(2) // failed once, then applied on redelivery
    // the same samples again (a redelivery after a lost ack): older than the state, and the keys hold
    await publish(into)
    // restart: state comes back from zone_events, so no second enter
    await worker!.stop()
    worker = await start()
    expect(worker.engine.zonesOf('ZV2')).toContain('Z04')
    await publish(into)
    await publish(pass('ZV2', 204, [10, 20]))
    await publish(pass('ZV2', 206, [200]))
    await eventually(async () => (await events('ZV2', 'Z04')).length === 2)
    expect((await events('ZV2', 'Z04')).map((e) => e.event)).toEqual(['enter', 'exit'])
    expect((await alarms('ZV2')).map((a) => [a.rule, a.state])).toEqual([['zone_intrusion:Z04', 'rtn_unack']])
    expect(
      await count(`SELECT count(*) AS n FROM zone_events WHERE tag_id = 'ZV2' AND zone_id = 'Z04'`),
    ).toBe(2)
  })

  it('answers occupants and events over REST, validated and under row-level security', async () => {
    await publish(pass('ZV1', 500, [-200, 0]))
    await eventually(async () => (await api.get('/api/v1/zones/Z04/occupants')).body?.length === 1)
    const occ = await api.get('/api/v1/zones/Z04/occupants')
    expect(occ.body).toEqual([
      {
        tag_id: 'ZV1',
        kind: 'visitor',
        label: '访客 V1',
        enterprise_id: null,
        since: new Date(base + 501_000).toISOString(),
      },
    ])
    const list = await api.get('/api/v1/zone-events?tag=ZV1&zone=Z04&limit=2')
    expect(list.status).toBe(200)
    expect(list.body.map((e: { event: string }) => e.event)).toEqual(['enter', 'exit'])
    const bad = await api.get('/api/v1/zone-events?limit=0')
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({ id: 'validation', field: 'limit' })
    const order = await api.get('/api/v1/zone-events?from=2026-11-28T00:00:00Z&to=2026-11-27T00:00:00Z')
    expect(order.body.error).toMatchObject({ id: 'validation', field: 'to' })
    expect((await api.get('/api/v1/zones/NOPE/occupants')).status).toBe(404)
    // E01 sees events in its zone Z04 but not the E03 vehicle in the park speed zone
    const mine = await ent1.get('/api/v1/zone-events?limit=1000')
    expect(mine.status).toBe(200)
    const zonesSeen = new Set(mine.body.map((e: { zone_id: string }) => e.zone_id))
    expect(zonesSeen.has('Z04')).toBe(true)
    expect(zonesSeen.has('Z44')).toBe(false)
    expect((await ent1.get('/api/v1/zones/Z44/occupants')).body).toEqual([])
  })
})
