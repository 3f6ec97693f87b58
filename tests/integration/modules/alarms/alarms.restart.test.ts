// Promise 1 (reliability-security.md) across a restart: an alarm committed by a node that could not announce it
// (its outbox row still unpublished when the node stops) is pushed by the next node, exactly once, to a
// signed-in Socket.IO client. Whole servers (server/main.ts) on one PostgreSQL database and one Redis
// namespace; the alarm is raised by an HJ 212 packet over real TCP (COD above the channel's 50 mg/L).
import pg from 'pg'
import { io as connect } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Alarm, AlarmDelivery } from '../../../../server/contracts'
import { startServer, type RunningServer } from '../../../../server/main'
import { systemScope } from '../../../../server/platform/db/db'
import { createLogger } from '../../../../server/platform/logger'
import { ApiClient, eventually } from '../../../helpers/http'
import { testConfig } from '../../../helpers/server-config'
import {
  connectTestRedis,
  createTestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
  type TestDatabase,
  type TestRedisClient,
} from '../../../helpers/services'
import { Device, upload, water } from '../../ingest/hj212/device'
import type { AlarmClientSocket } from './stack'

const adminPassword = 'Admin-pass-2026'
const cod = `${water.mn}.w01018`

/** A signed-in socket that joined the alarm room; records deliveries, answering receipts only if asked. */
async function alarmSocket(url: string, cookie: string, receipt: boolean) {
  const socket: AlarmClientSocket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie },
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('connect_error', reject)
  })
  const got: AlarmDelivery[] = []
  for (const kind of ['alarm.raised', 'alarm.updated', 'alarm.escalated'] as const)
    socket.on(kind, (msg, ack) => {
      got.push(msg)
      if (receipt) ack({ ok: true })
    })
  const res = await socket.emitWithAck('alarms.subscribe', {})
  if (!res.ok) throw new Error(`alarms.subscribe: ${res.error}`)
  return { socket, got, of: (id: string) => got.filter((m) => m.alarm.id === id) }
}

describe('alarm lifecycle across a server restart (PostgreSQL + Redis + HJ 212 over TCP)', () => {
  let database: TestDatabase
  let redis: TestRedisClient
  let nodeA: RunningServer | null = null
  let nodeB: RunningServer | null = null
  let holder: pg.Client | null = null
  const sockets: AlarmClientSocket[] = []
  const prefix = uniqueRedisPrefix('cpt-restart')
  const config = (services: string) =>
    testConfig({
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      ADMIN_PASSWORD: adminPassword,
      SERVICES: services,
      SIM: 'off',
    })
  const alarmsKey = `${prefix}:alarms`
  let alarm: Alarm

  beforeAll(async () => {
    database = await createTestDatabase('cpt_alarm_restart')
    redis = await connectTestRedis()
  })
  afterAll(async () => {
    for (const s of sockets) s.close()
    await holder?.end().catch(() => undefined)
    await nodeA?.stop()
    await nodeB?.stop()
    const keys = await redis.keys(`${prefix}:*`)
    if (keys.length) await redis.del(keys)
    redis.destroy()
    await database?.drop()
  })

  it('node A (ingest + worker, no realtime) commits the alarm but cannot announce it', async () => {
    nodeA = await startServer(config('ingest,worker'), createLogger('silent'))
    // the bus refuses the alarm stream (a string where the stream should be: XADD answers WRONGTYPE), so the
    // outbox relay retries and the row stays unpublished; nothing else of the data path is affected
    await redis.set(alarmsKey, 'blocked')
    const device = await Device.open(nodeA.ports.hj212!)
    try {
      const { frame } = upload(water, {
        dataTime: new Date(Date.now() - 60_000),
        values: [{ code: 'w01018', field: 'Rtd', value: 82.5, flag: 'N' }],
      })
      expect((await device.exchange(frame)).cn).toBe(9014)
    } finally {
      device.close()
    }
    const db = nodeA.db
    alarm = await eventually(async () => {
      const rows = await db.query<{ id: string }>(
        systemScope,
        `SELECT id::text AS id FROM alarms WHERE source_id = $1 AND rule = 'h'`,
        [cod],
      )
      return rows[0] ? ({ id: rows[0].id } as Alarm) : null
    })
    // the relay has had its tries (it is woken on commit, then backs off from 1 s)
    await new Promise((r) => setTimeout(r, 1_500))
    const outbox = await db.query(
      systemScope,
      `SELECT published_at FROM outbox WHERE payload->'alarm'->>'id' = $1`,
      [alarm.id],
    )
    expect(outbox).toEqual([{ published_at: null }])
    await nodeA.stop()
    nodeA = null
  })

  it('node B (every role) pushes it exactly once to a subscribed client', async () => {
    await redis.del(alarmsKey)
    // Hold the unpublished row (FOR UPDATE; the relay claims with SKIP LOCKED) until the client is connected:
    // this stands for "the relay has not reached it yet" and makes the order deterministic. Released below.
    holder = new pg.Client({ connectionString: database.url })
    await holder.connect()
    await holder.query('BEGIN')
    const held = await holder.query(`SELECT id FROM outbox WHERE published_at IS NULL FOR UPDATE`)
    expect(held.rowCount).toBe(1)

    nodeB = await startServer(config('web,realtime,ingest,worker'), createLogger('silent'))
    const api = new ApiClient(nodeB.url)
    await api.login('admin', adminPassword)
    const seen = await alarmSocket(nodeB.url, api.cookie!, true)
    const deaf = await alarmSocket(nodeB.url, api.cookie!, false)
    sockets.push(seen.socket, deaf.socket)

    await holder.query('ROLLBACK')
    await holder.end()
    holder = null

    const [msg] = await eventually(async () => (seen.of(alarm.id).length ? seen.of(alarm.id) : null))
    expect(msg).toMatchObject({
      kind: 'alarm.raised',
      attempt: 1,
      alarm: { id: alarm.id, source_id: cod, rule: 'h', state: 'unack', version: 1, value: 82.5, limit: 50 },
      transition: { event: 'raise', from_state: 'normal', to_state: 'unack' },
    })
    // published once, and past the receipt timeout (5 s) a confirmed delivery is never repeated
    const published = await nodeB.db.query(
      systemScope,
      `SELECT published_at FROM outbox WHERE payload->'alarm'->>'id' = $1`,
      [alarm.id],
    )
    expect(published).toEqual([{ published_at: expect.any(Date) }])
    const entries = ((await redis.xRange(alarmsKey, '-', '+')) ?? []).filter(
      (e) => (JSON.parse(e!.message.data!) as { alarm: Alarm }).alarm.id === alarm.id,
    )
    expect(entries).toHaveLength(1)

    // a client that gives no receipt gets it again (promise 2) …
    const resent = await eventually(
      async () => (deaf.of(alarm.id).length >= 2 ? deaf.of(alarm.id) : null),
      15_000,
    )
    expect(resent.map((m) => m.attempt).slice(0, 2)).toEqual([1, 2])
    expect(seen.of(alarm.id)).toHaveLength(1)
    expect(
      (
        await nodeB.db.query<{ n: number }>(
          systemScope,
          'SELECT count(*)::int AS n FROM alarms WHERE source_id = $1',
          [cod],
        )
      )[0]!.n,
    ).toBe(1)

    // … and after it reconnects, it catches up from the REST snapshot (the pusher re-sends only to sockets that
    // are still connected; clients fetch GET /alarms on every (re)connect, DESIGN.md / traccar-web habit)
    deaf.socket.close()
    const back = await alarmSocket(nodeB.url, api.cookie!, true)
    sockets.push(back.socket)
    const snapshot = await api.get('/api/v1/alarms?state=active')
    expect(snapshot.status).toBe(200)
    expect((snapshot.body as Alarm[]).filter((a) => a.id === alarm.id)).toEqual([
      expect.objectContaining({ state: 'unack', version: 1 }),
    ])
  })
})
