// Hazmat bookings end to end on real PostgreSQL + PostGIS and Redis: the bookings REST API (validation, RLS,
// approval), and simulated trucks over real JT/T 808 TCP driving their booked routes through the ingest, the
// position filter and the geofence worker with the hazmat route rule — one truck leaves its corridor for two
// minutes (one `hazmat_off_route` alarm, back to normal when it returns), the other stays on route (none).
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPark } from '../../../../geodata/read'
import {
  startHazmatSimulator,
  restBookingsApi,
  type HazmatSimEvent,
} from '../../../../sensors/simulators/hazmat/run-hazmat'
import { AuthService } from '../../../../server/modules/auth/auth.service'
import { publicAuthRoutes } from '../../../../server/modules/auth/auth.routes'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import { bookingsRoutes } from '../../../../server/modules/bookings/bookings.routes'
import { BookingsService } from '../../../../server/modules/bookings/bookings.service'
import { hazmatRouteRule } from '../../../../server/modules/bookings/hazmat-route.rule'
import { parkDay } from '../../../../server/modules/bookings/bookings.rules'
import { startPositionWriter } from '../../../../server/modules/tags/positions.writer'
import { startGeofenceWorker } from '../../../../server/modules/zones/geofence.worker'
import { SessionStore } from '../../../../server/platform/auth/sessions'
import { systemScope } from '../../../../server/platform/db/db'
import { createHttpApp } from '../../../../server/platform/http/app'
import { createLogger } from '../../../../server/platform/logger'
import { ApiClient, eventually, signedInClient } from '../../../helpers/http'
import { startTestServer, type TestServer } from '../../../helpers/server-config'
import { uniqueRedisPrefix } from '../../../helpers/services'

const log = createLogger('silent')
const adminPassword = 'Admin-pass-2026'

const validBody = (over: Record<string, unknown> = {}) => ({
  plate: '苏F12345',
  driver_name: '张三',
  driver_licence: '320100123456',
  escort_name: '李四',
  escort_licence: '320200654321',
  chemical_name: '液氯 chlorine',
  cas_no: '7782-50-5',
  un_number: '1017',
  hazard_class: '2.3',
  quantity_t: 20.5,
  enterprise_id: 'E01',
  park_day: parkDay(Date.now()),
  ...over,
})

describe('hazmat bookings and the off-route rule (PostgreSQL + Redis + JT/T 808)', () => {
  let ts: TestServer
  let url: string
  let admin: ApiClient
  let e01: ApiClient
  let e02: ApiClient
  let e03: ApiClient
  let screen: ApiClient
  const stops: (() => Promise<unknown> | void)[] = []
  const db = () => ts.server.db

  beforeAll(async () => {
    ts = await startTestServer('cpt_bookings', {
      SERVICES: 'web,ingest',
      SIM: 'off',
      ADMIN_PASSWORD: adminPassword,
      REDIS_PREFIX: uniqueRedisPrefix('cpt-bookings'),
    })
    const { db: d, bus } = ts.server
    // the worker role as main.ts wires it (see the report): position writer + geofence worker with the rule
    const writer = startPositionWriter(d, bus, log, 'bk-test')
    stops.push(() => writer.stop())
    const rule = hazmatRouteRule(d, log, { offRouteS: 30 })
    const geofence = await startGeofenceWorker(
      { db: d, bus, log, node: 'bk-test', alarms: new AlarmsService(d) },
      { tagRules: [rule], tagRulesReloadMs: 1_000 },
    )
    stops.push(() => geofence.stop())
    const sessions = new SessionStore(d, 720, 10080)
    const app = createHttpApp({
      db: d,
      bus,
      log,
      sessions,
      version: 'test',
      clientDir: null,
      publicRouters: [
        publicAuthRoutes(new AuthService(d, sessions), { secureCookie: false, maxAgeMin: 10080 }),
      ],
      routers: [bookingsRoutes(new BookingsService(d, { onChanged: () => rule.requestReload() }))],
    })
    const http = createServer(app.callback())
    await new Promise<void>((res) => http.listen(0, '127.0.0.1', res))
    stops.push(() => new Promise<void>((res) => http.close(() => res())))
    stops.push(() => void http.closeAllConnections())
    url = `http://127.0.0.1:${(http.address() as { port: number }).port}/`
    const main = new ApiClient(ts.server.url)
    await main.login('admin', adminPassword)
    const on = (c: ApiClient) => {
      const x = new ApiClient(url)
      x.cookie = c.cookie
      return x
    }
    admin = on(main)
    e01 = on(
      await signedInClient(main, ts.server.url, 'bk-e01', { role: 'enterprise_user', enterpriseId: 'E01' }),
    )
    e02 = on(
      await signedInClient(main, ts.server.url, 'bk-e02', { role: 'enterprise_user', enterpriseId: 'E02' }),
    )
    e03 = on(
      await signedInClient(main, ts.server.url, 'bk-e03', { role: 'enterprise_user', enterpriseId: 'E03' }),
    )
    screen = on(await signedInClient(main, ts.server.url, 'bk-screen', { role: 'screen' }))
  }, 120_000)
  afterAll(async () => {
    for (const s of stops.reverse()) await s()
    await ts?.close()
  })

  it('creates a booking with a road route from the dedicated gate via the hazmat parking, audited', async () => {
    const r = await admin.post('/api/v1/bookings', validBody())
    expect(r.status).toBe(201)
    const b = r.body
    expect(b).toMatchObject({ status: 'requested', gate_id: 'G1', parking_id: 'P1', route_width_m: 25 })
    expect(b.route.type).toBe('LineString')
    expect(b.route.coordinates.length).toBeGreaterThan(2)
    // the route starts at the gate's node and passes the parking's node
    expect(b.route_nodes[0]).toBe('N030')
    expect(b.route_nodes).toContain('N243')
    expect(b.route_nodes.at(-1)).toBe('N030')
    expect(b.route_stops_m).toHaveLength(3)
    expect(b.route_stops_m[0]).toBeLessThan(b.route_stops_m[1])
    expect(Math.abs(b.route_stops_m[2] - b.route_length_m)).toBeLessThanOrEqual(1)
    const [row] = await db().query<{ n: number }>(
      systemScope,
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'booking.create' AND target = $1`,
      [`hazmat_booking:${b.id}`],
    )
    expect(row!.n).toBe(1)
  })

  it('refuses bad input with a field and changes nothing', async () => {
    const before = (await admin.get('/api/v1/bookings')).body.length
    const cases: [Record<string, unknown>, string][] = [
      [{ un_number: '101' }, 'un_number'],
      [{ quantity_t: 0 }, 'quantity_t'],
      [{ enterprise_id: 'E99' }, 'enterprise_id'],
      [{ park_day: '2020-01-01' }, 'park_day'],
      [{ cas_no: '7782-50-4' }, 'cas_no'],
      [{ plate: 'XYZ' }, 'plate'],
      [{ gate_id: 'G2' }, 'gate_id'],
      [{ tag_id: 'no-such-tag' }, 'tag_id'],
    ]
    for (const [over, field] of cases) {
      const r = await admin.post('/api/v1/bookings', validBody(over))
      expect(r.status, JSON.stringify(over)).toBe(400)
      expect(r.body.error).toMatchObject({ id: 'validation', field })
    }
    expect((await admin.get('/api/v1/bookings')).body.length).toBe(before)
  })

  it('enterprise accounts see bookings to or from them only; only the destination or the park approves', async () => {
    const r = await e02.post(
      '/api/v1/bookings',
      validBody({ enterprise_id: 'E01', origin_enterprise_id: 'E02' }),
    )
    expect(r.status).toBe(201)
    const id = r.body.id
    expect((await e01.get(`/api/v1/bookings/${id}`)).status).toBe(200)
    expect((await e02.post(`/api/v1/bookings/${id}/approve`)).status).toBe(403)
    // E03 sees nothing of it
    expect((await e03.get(`/api/v1/bookings/${id}`)).status).toBe(404)
    expect((await e03.get('/api/v1/bookings')).body.some((b: { id: string }) => b.id === id)).toBe(false)
    expect((await e03.post(`/api/v1/bookings/${id}/approve`)).status).toBe(404)
    expect((await e03.post('/api/v1/bookings', validBody())).status).toBe(403)
    expect((await screen.post(`/api/v1/bookings/${id}/approve`)).status).toBe(403)
    const ok = await e01.post(`/api/v1/bookings/${id}/approve`)
    expect(ok.status).toBe(200)
    expect(ok.body.status).toBe('approved')
    expect((await e01.post(`/api/v1/bookings/${id}/approve`)).body.error.id).toBe(
      'booking.invalid_transition',
    )
    const c = await e02.post(`/api/v1/bookings/${id}/cancel`, { reason: '客户取消' })
    expect(c.body).toMatchObject({ status: 'cancelled', cancel_reason: '客户取消' })
  })

  it('one simulated truck leaves its corridor: one hazmat_off_route alarm, back to normal; the other raises none', async () => {
    const events: HazmatSimEvent[] = []
    const sim = startHazmatSimulator({
      bookings: restBookingsApi({ url, username: 'admin', password: adminPassword }),
      jt808Port: ts.server.ports.jt808!,
      park: readPark(),
      seed: 7,
      trucks: 2,
      deviator: 0,
      deviation: { leg: 1, at: 0.5, durationS: 120, offsetM: 90 },
      timeScale: 20,
      // device times in the recent past, so the scaled clock never runs ahead of the server's
      startAt: Date.now() - 20 * 60_000,
      parkingWaitS: 30,
      visitS: 30,
      cycles: 1,
      destinations: ['E01', 'E03'],
      onEvent: (e) => events.push(e),
    })
    stops.push(() => sim.stop())
    const done = () => events.filter((e) => e.type === 'completed').length === 2
    await eventually(
      async () => {
        const err = events.find((e) => e.type === 'error')
        if (err) throw new Error(JSON.stringify(err))
        return done()
      },
      150_000,
      500,
    )
    const [t0, t1] = sim.trucks
    const b0 = events.find((e) => e.type === 'departed' && e.truck === 0) as Extract<
      HazmatSimEvent,
      { type: 'departed' }
    >
    expect(b0.deviation).not.toBeNull()
    const alarmsOf = async (tag: string) =>
      (
        (await admin.call('GET', `${ts.server.url}api/v1/alarms?state=all&limit=1000`)).body as {
          source_id: string
          rule: string
          state: string
          priority: string
        }[]
      ).filter((a) => a.source_id === tag && a.rule.startsWith('hazmat_'))
    await eventually(
      async () => (await alarmsOf(t0!.tagId)).some((a) => a.state === 'rtn_unack'),
      30_000,
      500,
    )
    expect(await alarmsOf(t0!.tagId)).toEqual([
      expect.objectContaining({
        rule: `hazmat_off_route:${b0.booking}`,
        priority: 'urgent',
        state: 'rtn_unack',
      }),
    ])
    expect(await alarmsOf(t1!.tagId)).toEqual([])
    // the trips are stored positions of the terminals' tags, and the bookings completed
    const [row] = await db().query<{ n: number }>(
      systemScope,
      'SELECT count(*)::int AS n FROM positions WHERE tag_id = ANY($1)',
      [[t0!.tagId, t1!.tagId]],
    )
    expect(row!.n).toBeGreaterThan(50)
    expect((await admin.get(`/api/v1/bookings/${b0.booking}`)).body.status).toBe('completed')
  }, 200_000)
})
