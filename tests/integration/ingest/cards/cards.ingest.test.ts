// Positioning-card feeds over real Mosquitto and HTTP, card issue / return and gate events, on PostgreSQL +
// PostGIS and Redis: card positions reach `positions` through the position writer, an SOS raises one alarm,
// a resent batch changes nothing; a hazmat vehicle at a gate without a booking for the day raises an alarm.
import { createServer } from 'node:http'
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cardTopic, gateTopic } from '../../../../sensors/protocols/cards'
import { startMqttIngest, type MqttIngest } from '../../../../server/ingest/mqtt/mqtt.ingest'
import { CardsService } from '../../../../server/modules/cards/cards.service'
import { cardsRoutes } from '../../../../server/modules/cards/cards.routes'
import { GatesService } from '../../../../server/modules/gates/gates.service'
import { gatesRoutes } from '../../../../server/modules/gates/gates.routes'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import type { RunningServer } from '../../../../server/main'
import { SessionStore } from '../../../../server/platform/auth/sessions'
import { systemScope } from '../../../../server/platform/db/db'
import { createHttpApp } from '../../../../server/platform/http/app'
import { createLogger } from '../../../../server/platform/logger'
import { ApiClient, eventually, signedInClient } from '../../../helpers/http'
import { startTestServer, type TestServer } from '../../../helpers/server-config'
import { testMqttUrl, uniqueRedisPrefix, uniqueTopicPrefix } from '../../../helpers/services'

const silent = createLogger('silent')
const token = 'test-ingest-token-0123456789'
const adminPassword = 'Admin-pass-2026'
const ago = (s: number) => Math.floor(Date.now() / 1000 - s) * 1000

describe('positioning cards and gate events', () => {
  let started: TestServer
  let server: RunningServer
  let app: ApiClient
  let ingest: MqttIngest
  let device: MqttClient
  let close: () => Promise<void> = async () => undefined
  /** a point inside the park (the position writer drops fixes far outside it) */
  let at = { lon: 0, lat: 0 }
  const prefix = uniqueTopicPrefix()
  const sql = <R extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    server.db.query<R>(systemScope, text, params)
  const device_ = (path: string, body: unknown) =>
    new ApiClient(server.url).call('POST', path, body, { authorization: `Bearer ${token}` })
  const positionsOf = (tag: string) =>
    sql<{ source: string }>(`SELECT source FROM positions WHERE tag_id = $1`, [tag])
  const alarmsOf = (source: string, rule: string) =>
    sql<{ count: number; priority: string }>(
      `SELECT count, priority FROM alarms WHERE source_id = $1 AND rule = $2`,
      [source, rule],
    )

  beforeAll(async () => {
    started = await startTestServer('cpt_cards', {
      SIM: 'off',
      SERVICES: 'web,ingest,worker',
      INGEST_TOKEN: token,
      REDIS_PREFIX: uniqueRedisPrefix('cpt-cards'),
      ADMIN_PASSWORD: adminPassword,
    })
    server = started.server
    const { db, bus } = server
    const alarms = new AlarmsService(db)
    const http = createServer(
      createHttpApp({
        db,
        bus,
        log: silent,
        sessions: new SessionStore(db, 720, 10080),
        version: 'test',
        clientDir: null,
        publicRouters: [],
        routers: [cardsRoutes(new CardsService(db)), gatesRoutes(new GatesService(db, alarms, silent))],
      }).callback(),
    )
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(http.address() as { port: number }).port}/`
    close = () => new Promise<void>((r) => (http.closeAllConnections(), http.close(() => r())))
    const main = new ApiClient(server.url)
    await main.login('admin', adminPassword)
    app = await signedInClient(main, server.url, 'admin', { password: adminPassword, appUrl: url })
    const [p] = await server.db.query<{ lon: number; lat: number }>(
      systemScope,
      `SELECT ST_X(c) AS lon, ST_Y(c) AS lat FROM (SELECT ST_PointOnSurface(geom) AS c FROM parks LIMIT 1) x`,
    )
    at = p!
    ingest = await startMqttIngest({
      url: testMqttUrl(),
      prefix,
      db,
      bus,
      log: silent,
      node: `cards-${process.pid}`,
      sessionExpiryS: 120,
      startTimeoutMs: 15_000,
    })
    await ingest.ready
    device = await mqtt.connectAsync(testMqttUrl(), { clientId: `cpt-card-gw-${process.pid}` })
  }, 120_000)
  afterAll(async () => {
    await device?.endAsync(true)
    await ingest?.stop()
    await close()
    await started?.close()
  })

  it('seeds 500 cards without disturbing existing tags', async () => {
    const [n] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM cards`)
    expect(n!.n).toBe(500)
    const [t] = await sql<{ props: { card: boolean } }>(`SELECT props FROM tags WHERE id = 'CARD-0500'`)
    expect(t!.props.card).toBe(true)
  })

  it('stores HTTP card positions through the writer; an SOS raises one alarm; a resend changes nothing', async () => {
    const t = ago(30)
    const batch = {
      positions: [
        { card: 'CARD-0101', t, ...at, battery: 80, sos: true },
        { card: 'CARD-0102', t, ...at, battery: 5 },
        { card: 'NO-SUCH-CARD', t, ...at },
        { card: 'CARD-0103', t: 'soon', ...at },
      ],
    }
    const r = await device_('/api/v1/ingest/positions', batch)
    expect(r.status).toBe(200)
    expect(r.body.accepted).toBe(2)
    expect(r.body.rejected.map((x: { index: number; reason: string }) => [x.index, x.reason])).toEqual([
      [2, 'unknown_card'],
      [3, 'bad_time'],
    ])
    await eventually(async () => (await positionsOf('CARD-0101')).length === 1, 15_000, 100)
    expect((await positionsOf('CARD-0101'))[0]!.source).toBe('card')
    expect(await alarmsOf('CARD-0101', 'card_sos')).toMatchObject([{ count: 1, priority: 'urgent' }])
    expect(await alarmsOf('CARD-0102', 'card_battery_low')).toMatchObject([{ count: 1, priority: 'low' }])

    expect((await device_('/api/v1/ingest/positions', batch)).status).toBe(200)
    await new Promise((res) => setTimeout(res, 1_000))
    expect(await positionsOf('CARD-0101')).toHaveLength(1)
    expect(await alarmsOf('CARD-0101', 'card_sos')).toMatchObject([{ count: 1 }])

    expect((await new ApiClient(server.url).post('/api/v1/ingest/positions', batch)).status).toBe(401)
    expect((await device_('/api/v1/ingest/positions', { readings: [] })).status).toBe(400)
  })

  it('takes card positions over MQTT', async () => {
    const t = ago(20)
    const payload = JSON.stringify({ positions: [{ card: 'CARD-0201', t, ...at, sos: true }] })
    await device.publishAsync(cardTopic(prefix, 'GW-1'), payload, { qos: 1 })
    await eventually(async () => (await positionsOf('CARD-0201')).length === 1, 15_000, 100)
    await device.publishAsync(cardTopic(prefix, 'GW-1'), payload, { qos: 1 })
    await new Promise((res) => setTimeout(res, 1_000))
    expect(await positionsOf('CARD-0201')).toHaveLength(1)
    expect(await alarmsOf('CARD-0201', 'card_sos')).toMatchObject([{ count: 1 }])
  })

  it('issues and returns cards with refusals', async () => {
    const [e] = await sql<{ id: string }>(`SELECT id FROM enterprises ORDER BY id LIMIT 1`)
    const from = new Date().toISOString()
    const to = new Date(Date.now() + 8 * 3_600_000).toISOString()
    const visitor = {
      holder_type: 'visitor',
      visitor_name: '王*华',
      id_last4: '123X',
      host_enterprise_id: e!.id,
      valid_from: from,
      valid_to: to,
    }
    expect((await app.post('/api/v1/cards/CARD-0301/issue', visitor)).status).toBe(400)
    const long = {
      ...visitor,
      id_last4: '1234',
      valid_to: new Date(Date.now() + 31 * 86_400_000).toISOString(),
    }
    expect((await app.post('/api/v1/cards/CARD-0301/issue', long)).status).toBe(400)
    expect(
      (await app.post('/api/v1/cards/CARD-0301/issue', { ...visitor, id_last4: '1234', valid_to: from }))
        .status,
    ).toBe(400)
    const ok = await app.post('/api/v1/cards/CARD-0301/issue', { ...visitor, id_last4: '1234' })
    expect(ok.status).toBe(201)
    expect(ok.body).toMatchObject({ card_id: 'CARD-0301', holder_type: 'visitor', returned_at: null })
    expect((await app.post('/api/v1/cards/CARD-0301/issue', { ...visitor, id_last4: '1234' })).status).toBe(
      409,
    )
    expect((await app.post('/api/v1/cards/NOPE/issue', { ...visitor, id_last4: '1234' })).status).toBe(404)
    const [tag] = await sql<{ kind: string; label: string }>(
      `SELECT kind, label FROM tags WHERE id = 'CARD-0301'`,
    )
    expect(tag).toEqual({ kind: 'visitor', label: '访客·王*华' })
    const issued = await app.get('/api/v1/cards?status=issued')
    expect(issued.body.map((c: { id: string }) => c.id)).toEqual(['CARD-0301'])
    expect((await app.post('/api/v1/cards/CARD-0301/return')).status).toBe(200)
    expect((await app.post('/api/v1/cards/CARD-0301/return')).status).toBe(409)
    expect((await app.get('/api/v1/cards?status=issued')).body).toEqual([])
  })

  it('raises gate_no_booking for a hazmat vehicle without a booking, not with one', async () => {
    const [gate] = await sql<{ id: string }>(
      `SELECT id FROM assets WHERE kind = 'gate' AND props->>'gate_class' = 'dedicated' LIMIT 1`,
    )
    const [parking] = await sql<{ id: string }>(`SELECT id FROM assets WHERE kind = 'parking' LIMIT 1`)
    const [e] = await sql<{ id: string }>(`SELECT id FROM enterprises ORDER BY id LIMIT 1`)
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    await sql(
      `INSERT INTO hazmat_bookings (plate, driver_name, driver_licence, escort_name, escort_licence, chemical_name,
         un_number, hazard_class, quantity_t, enterprise_id, gate_id, parking_id, route, route_length_m, route_nodes,
         route_stops_m, park_day, valid_from, valid_to, status, approved_at)
       VALUES ('苏E·88888', '张三', '320500001', '李四', '320500002', '甲醇', '1230', '3', 10, $1, $2, $3,
         ST_GeomFromText('LINESTRING(121 31.8, 121.01 31.81)', 4326), 1000, '{}', '{0,500,1000}', $4::date,
         $4::date::timestamp AT TIME ZONE 'Asia/Shanghai', ($4::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai',
         'approved', now())`,
      [e!.id, gate!.id, parking!.id, day],
    )
    const t = ago(10)
    const events = {
      events: [
        { plate: '苏E88888（黄）', gate: gate!.id, lane: 1, direction: 'in', t },
        { plate: '苏E·77777', gate: gate!.id, lane: 1, direction: 'in', t, photo_ref: 'cam/1.jpg' },
        { plate: '苏E·66666', gate: 'NO-GATE', lane: 1, direction: 'in', t },
      ],
    }
    const r = await device_('/api/v1/ingest/gate-events', events)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ stored: 2, duplicates: 0 })
    expect(r.body.rejected).toMatchObject([{ index: 2, reason: 'unknown_gate' }])
    expect(await alarmsOf('plate:苏E77777', 'gate_no_booking')).toMatchObject([
      { count: 1, priority: 'urgent' },
    ])
    expect(await alarmsOf('plate:苏E88888', 'gate_no_booking')).toEqual([])
    expect((await device_('/api/v1/ingest/gate-events', events)).body).toMatchObject({
      stored: 0,
      duplicates: 2,
    })
    expect(await alarmsOf('plate:苏E77777', 'gate_no_booking')).toMatchObject([{ count: 1 }])

    await device.publishAsync(
      gateTopic(prefix, gate!.id),
      JSON.stringify({ plate: '苏E·55555', lane: 2, direction: 'in', t }),
      { qos: 1 },
    )
    await eventually(
      async () => (await alarmsOf('plate:苏E55555', 'gate_no_booking')).length === 1,
      15_000,
      100,
    )

    const list = await app.get(`/api/v1/gate-events?gate=${gate!.id}&plate=苏E77777`)
    expect(list.status).toBe(200)
    expect(list.body).toMatchObject([{ plate: '苏E·77777', direction: 'in', photo_ref: 'cam/1.jpg' }])
    const summary = await app.get('/api/v1/gates/summary')
    expect(summary.body.gates).toContainEqual(
      expect.objectContaining({ gate_id: gate!.id, gate_kind: 'park', in: 3, out: 0 }),
    )
  })
})
