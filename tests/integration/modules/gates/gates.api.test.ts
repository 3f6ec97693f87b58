// Gate events on a whole server (PostgreSQL + PostGIS, Redis, Socket.IO): park gates and enterprise second gates
// (二道闸), events listed with their gate, hazmat flag and booking, today's counts per gate, the enterprise's view
// limited to its own gates, and each stored event pushed once to the rooms that may see it.
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../server/contracts'
import type { Gate, GateEvent, GateSummary } from '../../../../server/contracts/gates'
import type { RunningServer } from '../../../../server/main'
import { systemScope } from '../../../../server/platform/db/db'
import { ApiClient, eventually, signedInClient } from '../../../helpers/http'
import { startTestServer, type TestServer } from '../../../helpers/server-config'
import { uniqueRedisPrefix } from '../../../helpers/services'

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

const token = 'test-ingest-token-gates-0123456789'
const adminPassword = 'Admin-pass-2026'
/** whole seconds, a few seconds ago: today in China time unless the test runs across midnight there */
const ago = (s: number) => new Date(Math.floor(Date.now() / 1000 - s) * 1000).toISOString()

describe('gates: events, second gates, counts and push', () => {
  let started: TestServer
  let server: RunningServer
  let admin: ApiClient
  let ent1: ApiClient
  let ent2: ApiClient
  let e1 = ''
  let e2 = ''
  let dedicated = ''
  let general = ''
  const sockets: ClientSocket[] = []
  const pushed = new Map<ClientSocket, GateEvent[]>()
  const sql = <R extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    server.db.query<R>(systemScope, text, params)
  const device = (events: unknown[]) =>
    new ApiClient(server.url).call(
      'POST',
      '/api/v1/ingest/gate-events',
      { events },
      { authorization: `Bearer ${token}` },
    )

  async function socketOf(c: ApiClient): Promise<ClientSocket> {
    const s: ClientSocket = connect(server.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: c.cookie! },
    })
    sockets.push(s)
    pushed.set(s, [])
    s.on('gate.recorded', (msg) => pushed.get(s)!.push(msg.event))
    await new Promise<void>((resolve, reject) => {
      s.once('connect', resolve)
      s.once('connect_error', reject)
    })
    expect(await s.emitWithAck('gates.subscribe', {})).toEqual({ ok: true })
    return s
  }

  beforeAll(async () => {
    started = await startTestServer('cpt_gates', {
      SIM: 'off',
      SERVICES: 'web,realtime,ingest,worker',
      INGEST_TOKEN: token,
      REDIS_PREFIX: uniqueRedisPrefix('cpt-gates'),
      ADMIN_PASSWORD: adminPassword,
    })
    server = started.server
    admin = new ApiClient(server.url)
    await admin.login('admin', adminPassword)
    const ents = await sql<{ id: string }>(`SELECT id FROM enterprises ORDER BY id LIMIT 2`)
    e1 = ents[0]!.id
    e2 = ents[1]!.id
    ent1 = await signedInClient(admin, server.url, 'gate_ent1', { role: 'enterprise_user', enterpriseId: e1 })
    ent2 = await signedInClient(admin, server.url, 'gate_ent2', { role: 'enterprise_user', enterpriseId: e2 })
    const gate = async (cls: string) =>
      (
        await sql<{ id: string }>(
          `SELECT id FROM assets WHERE kind = 'gate' AND props->>'gate_class' = $1 ORDER BY id LIMIT 1`,
          [cls],
        )
      )[0]!.id
    dedicated = await gate('dedicated')
    general = await gate('general')
  }, 180_000)

  afterAll(async () => {
    for (const s of sockets) s.close()
    await started?.close()
  })

  it('registers an enterprise second gate for its own enterprise only, with a unique id', async () => {
    const ok = await ent1.post('/api/v1/gates/enterprise', {
      id: 'E1-G2',
      name: '一号企业二道闸',
      lon: 120.95,
      lat: 31.94,
    })
    expect(ok.status).toBe(201)
    expect(ok.body).toMatchObject({ id: 'E1-G2', kind: 'enterprise', enterprise_id: e1, lon: 120.95 })
    expect(
      (await ent1.post('/api/v1/gates/enterprise', { id: 'E1-G3', name: 'x', enterprise_id: e2 })).status,
    ).toBe(403)
    expect((await ent1.post('/api/v1/gates/enterprise', { id: 'E1-G2', name: 'again' })).status).toBe(409)
    expect(
      (await admin.post('/api/v1/gates/enterprise', { id: general, name: 'x', enterprise_id: e2 })).status,
    ).toBe(409)
    expect((await admin.post('/api/v1/gates/enterprise', { id: 'E2-G2', name: 'x' })).status).toBe(400)
    expect(
      (await admin.post('/api/v1/gates/enterprise', { id: 'E2-G2', name: 'x', lon: 120.9 })).status,
    ).toBe(400)
    const e2gate = await admin.post('/api/v1/gates/enterprise', {
      id: 'E2-G2',
      name: '二号企业二道闸',
      enterprise_id: e2,
    })
    expect(e2gate.status).toBe(201)
    expect(e2gate.body).toMatchObject({ enterprise_id: e2, lon: null, lat: null })
  })

  it('lists the gates each account may see', async () => {
    const all = (await admin.get('/api/v1/gates')).body as Gate[]
    expect(all.filter((g) => g.kind === 'park').length).toBeGreaterThanOrEqual(2)
    expect(all.find((g) => g.id === dedicated)).toMatchObject({
      gate_class: 'dedicated',
      enterprise_id: null,
    })
    expect(all.filter((g) => g.kind === 'enterprise').map((g) => g.id)).toEqual(['E1-G2', 'E2-G2'])
    expect(((await admin.get('/api/v1/gates?kind=enterprise')).body as Gate[]).length).toBe(2)
    expect(((await ent1.get('/api/v1/gates')).body as Gate[]).map((g) => g.id)).toEqual(['E1-G2'])
    expect(((await ent2.get('/api/v1/gates')).body as Gate[]).map((g) => g.id)).toEqual(['E2-G2'])
    expect((await admin.get('/api/v1/gates?kind=other')).status).toBe(400)
  })

  it('stores events tied to their gate, flags hazmat vehicles and their bookings, pushes each once', async () => {
    const parkSocket = await socketOf(admin)
    const ent1Socket = await socketOf(ent1)
    const ent2Socket = await socketOf(ent2)
    const [parking] = await sql<{ id: string }>(`SELECT id FROM assets WHERE kind = 'parking' LIMIT 1`)
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    await sql(
      `INSERT INTO hazmat_bookings (plate, driver_name, driver_licence, escort_name, escort_licence, chemical_name,
         un_number, hazard_class, quantity_t, enterprise_id, gate_id, parking_id, route, route_length_m, route_nodes,
         route_stops_m, park_day, valid_from, valid_to, status, approved_at)
       VALUES ('苏E·12121', '张三', '320500001', '李四', '320500002', '甲醇', '1230', '3', 10, $1, $2, $3,
         ST_GeomFromText('LINESTRING(121 31.8, 121.01 31.81)', 4326), 1000, '{}', '{0,500,1000}', $4::date,
         $4::date::timestamp AT TIME ZONE 'Asia/Shanghai', ($4::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai',
         'approved', now())`,
      [e1, dedicated, parking!.id, day],
    )
    const events = [
      // booked hazmat truck at the dedicated gate
      {
        plate: '苏E12121（黄）',
        gate: dedicated,
        lane: 1,
        direction: 'in',
        t: ago(60),
        photo_ref: 'cam/a.jpg',
      },
      // the camera recognises a hazmat vehicle with no booking at a general gate: alarm, hazmat
      { plate: '苏E·34343', gate: general, lane: 2, direction: 'in', t: ago(50), hazmat: true },
      // an ordinary car in and out
      { plate: '苏E·56565', gate: general, lane: 1, direction: 'in', t: ago(40) },
      {
        plate: '苏E·56565',
        gate: general,
        lane: 1,
        direction: 'out',
        t: ago(30),
        photo_ref: 'https://cams.example/p/1.jpg',
      },
      // the booked truck reaches its enterprise's second gate
      { plate: '苏E·12121', gate: 'E1-G2', lane: 'A', direction: 'in', t: ago(20) },
      { plate: '苏E·78787', gate: 'E1-G2', lane: 'A', direction: 'out', t: ago(10) },
    ]
    const r = await device(events)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ stored: 6, duplicates: 0, rejected: [] })

    const list = (await admin.get('/api/v1/gate-events')).body as GateEvent[]
    expect(list.map((e) => e.plate)).toEqual([...events].reverse().map((e) => e.plate))
    const byPlateGate = (p: string, g: string) => list.find((e) => e.plate === p && e.gate_id === g)!
    expect(byPlateGate('苏E12121（黄）', dedicated)).toMatchObject({
      gate_kind: 'park',
      enterprise_id: null,
      hazmat: true,
      booking: { status: 'approved', enterprise_id: e1 },
      photo_ref: 'cam/a.jpg',
      // a bare device reference: nothing the browser can open
      photo_url: null,
    })
    expect(byPlateGate('苏E·34343', general)).toMatchObject({ hazmat: true, booking: null })
    const out = byPlateGate('苏E·56565', general)
    expect(out).toMatchObject({ hazmat: false, booking: null, direction: 'out' })
    expect(out.photo_url).toBe(`/api/v1/gate-events/${out.id}/photo`)
    expect(byPlateGate('苏E·12121', 'E1-G2')).toMatchObject({
      gate_kind: 'enterprise',
      enterprise_id: e1,
      gate_name: '一号企业二道闸',
      hazmat: true,
    })
    expect(list.every((e) => e.gate_name)).toBe(true)

    // filters
    const kinds = async (q: string) =>
      ((await admin.get(`/api/v1/gate-events?${q}`)).body as GateEvent[]).map((e) => e.gate_kind)
    expect(await kinds('kind=park')).toEqual(['park', 'park', 'park', 'park'])
    expect(await kinds('kind=enterprise')).toEqual(['enterprise', 'enterprise'])
    expect(await kinds(`enterprise=${e2}`)).toEqual([])
    expect(((await admin.get('/api/v1/gate-events?plate=苏E-12121')).body as GateEvent[]).length).toBe(2)

    // an enterprise sees its own second gate's events only
    const mine = (await ent1.get('/api/v1/gate-events')).body as GateEvent[]
    expect(mine.map((e) => [e.gate_id, e.enterprise_id])).toEqual([
      ['E1-G2', e1],
      ['E1-G2', e1],
    ])
    expect((await ent2.get('/api/v1/gate-events')).body).toEqual([])

    // pushed once each: the park all six, enterprise 1 its two, enterprise 2 nothing
    await eventually(async () => pushed.get(parkSocket)!.length >= 6 && pushed.get(ent1Socket)!.length >= 2)
    expect(pushed.get(parkSocket)!.map((e) => e.plate)).toEqual(events.map((e) => e.plate))
    expect(pushed.get(parkSocket)![1]).toMatchObject({ plate: '苏E·34343', hazmat: true })
    expect(pushed.get(ent1Socket)!.map((e) => e.gate_id)).toEqual(['E1-G2', 'E1-G2'])
    expect((await device(events)).body).toMatchObject({ stored: 0, duplicates: 6 })
    await new Promise((res) => setTimeout(res, 1_000))
    expect(pushed.get(parkSocket)!.length).toBe(6)
    expect(pushed.get(ent1Socket)!.length).toBe(2)
    expect(pushed.get(ent2Socket)!).toEqual([])
  })

  it("counts today's entries and exits per gate, every visible gate listed", async () => {
    const s = (await admin.get('/api/v1/gates/summary')).body as GateSummary
    expect(s.day).toBe(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10))
    const [newest] = await sql<{ id: string }>(`SELECT max(id)::text AS id FROM gate_events`)
    expect(s.through_id).toBe(newest!.id)
    const of = (id: string) => s.gates.find((g) => g.gate_id === id)
    expect(of(dedicated)).toMatchObject({ gate_kind: 'park', in: 1, out: 0, inside: 1 })
    expect(of(general)).toMatchObject({ in: 2, out: 1, inside: 1 })
    expect(of('E1-G2')).toMatchObject({
      gate_kind: 'enterprise',
      enterprise_id: e1,
      in: 1,
      out: 1,
      inside: 0,
    })
    expect(of('E2-G2')).toMatchObject({ in: 0, out: 0, inside: 0, gate_name: '二号企业二道闸' })
    const parkGates = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM assets WHERE kind = 'gate'`)
    expect(s.gates.filter((g) => g.gate_kind === 'park').length).toBe(parkGates[0]!.n)
    const ent = (await admin.get('/api/v1/gates/summary?kind=enterprise')).body as GateSummary
    expect(ent.gates.map((g) => g.gate_id)).toEqual(['E1-G2', 'E2-G2'])
    const one = (await ent1.get('/api/v1/gates/summary')).body as GateSummary
    expect(one.through_id).toBe(newest!.id)
    expect(((await ent2.get('/api/v1/gates/summary')).body as GateSummary).through_id).toBeNull()
    expect(one.gates).toEqual([
      {
        gate_id: 'E1-G2',
        gate_kind: 'enterprise',
        gate_name: '一号企业二道闸',
        enterprise_id: e1,
        in: 1,
        out: 1,
        inside: 0,
      },
    ])
  })
})
