// Promise 2 (reliability-security.md): each alarm is delivered with emitWithAck and a timeout; without a
// receipt it is re-sent (bounded), and an urgent alarm nobody acknowledges escalates. Real Socket.IO.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect } from 'socket.io-client'
import type { AlarmDelivery, FloodState } from '../../../../server/contracts'
import { systemScope } from '../../../../server/platform/db/db'
import type { AlarmPusher } from '../../../../server/modules/alarms/alarm.pusher'
import { eventually } from '../../../helpers/http'
import { startAlarmStack, systemRaise, type AlarmClientSocket, type AlarmStack } from './stack'

/** Records every delivery; answers with a receipt only when asked to. */
function listen(socket: AlarmClientSocket, receipt: boolean) {
  const got: AlarmDelivery[] = []
  for (const kind of ['alarm.raised', 'alarm.updated', 'alarm.escalated'] as const)
    socket.on(kind, (msg, ack) => {
      got.push(msg)
      if (receipt) ack({ ok: true })
    })
  const of = (alarmId: string, kind?: string) =>
    got.filter((m) => m.alarm.id === alarmId && (!kind || m.kind === kind))
  return { got, of }
}

describe('alarm push over Socket.IO (PostgreSQL + Redis)', () => {
  let s: AlarmStack
  let pusher: AlarmPusher
  let operator: ReturnType<typeof listen>
  let deaf: ReturnType<typeof listen>
  let enterprise: ReturnType<typeof listen>
  let floods: FloodState[]

  beforeAll(async () => {
    s = await startAlarmStack('cpt_alarm_rt')
    pusher = s.pusher({ timing: { receiptTimeoutMs: 300, maxDeliveries: 3 }, floodCheckMs: 200 })
    s.relay()
    const opSocket = await s.socket(await s.client('op1', 'operator'))
    operator = listen(opSocket, true)
    floods = []
    opSocket.on('alarm.flood', (f) => floods.push(f))
    deaf = listen(await s.socket(await s.client('op2', 'operator')), false)
    enterprise = listen(await s.socket(await s.client('ent1', 'enterprise_user', 'E01')), true)
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('an operator receives alarm.raised once and confirms it', async () => {
    const receipts = pusher.stats.receipts
    const { alarm } = await s.service.raise(systemRaise('RT-1', { priority: 'high' }))
    const [msg] = await eventually(async () =>
      operator.of(alarm!.id).length ? operator.of(alarm!.id) : null,
    )
    expect(msg).toMatchObject({
      kind: 'alarm.raised',
      attempt: 1,
      alarm: { id: alarm!.id, state: 'unack', version: 1 },
    })
    expect(msg!.transition).toMatchObject({ event: 'raise', from_state: 'normal', to_state: 'unack' })
    await eventually(async () => pusher.stats.receipts > receipts)
    // wait past the receipt timeout: a confirmed delivery is never re-sent
    await new Promise((r) => setTimeout(r, 700))
    expect(operator.of(alarm!.id).map((m) => m.attempt)).toEqual([1])
  })

  it('a client that does not confirm gets the alarm re-sent, a bounded number of times', async () => {
    const { alarm } = await s.service.raise(systemRaise('RT-2'))
    const attempts = await eventually(async () => {
      const a = deaf.of(alarm!.id).map((m) => m.attempt)
      return a.length === 3 ? a : null
    }, 10_000)
    expect(attempts).toEqual([1, 2, 3])
    await eventually(async () => pusher.stats.unconfirmed > 0)
    await new Promise((r) => setTimeout(r, 700))
    expect(deaf.of(alarm!.id)).toHaveLength(3)
  })

  it('an enterprise user receives its own enterprise’s alarms only', async () => {
    const other = (await s.service.raise(systemRaise('RT-3', { enterprise_id: 'E02' }))).alarm!
    const own = (await s.service.raise(systemRaise('RT-4', { enterprise_id: 'E01' }))).alarm!
    await eventually(async () => enterprise.of(own.id).length > 0)
    await eventually(async () => operator.of(other.id).length > 0)
    expect(enterprise.of(other.id)).toEqual([])
    expect(enterprise.got.every((m) => m.alarm.enterprise_id === 'E01')).toBe(true)
  })

  it('an acknowledgement over REST reaches the sockets as alarm.updated', async () => {
    const { alarm } = await s.service.raise(systemRaise('RT-5'))
    await eventually(async () => operator.of(alarm!.id).length > 0)
    const op = await s.client('op1')
    expect((await op.post(`/api/v1/alarms/${alarm!.id}/ack`, { reason: 'seen' })).status).toBe(200)
    const [upd] = await eventually(async () => {
      const u = operator.of(alarm!.id, 'alarm.updated')
      return u.length ? u : null
    })
    expect(upd).toMatchObject({
      alarm: { state: 'ack', version: 2 },
      transition: { event: 'acknowledge', username: 'op1', reason: 'seen' },
    })
  })

  it('an urgent alarm nobody acknowledges escalates: alarm.escalated and an audit row', async () => {
    const { alarm } = await s.service.raise(systemRaise('RT-6', { priority: 'urgent' }))
    const id = alarm!.id
    await eventually(async () => (await s.service.escalateDue(1)) > 0 || null, 10_000, 200)
    const [esc] = await eventually(async () => {
      const e = operator.of(id, 'alarm.escalated')
      return e.length ? e : null
    })
    expect(esc).toMatchObject({
      alarm: { state: 'unack', escalated_at: expect.any(String) },
      transition: { event: 'escalate' },
    })
    const events = await s.db.query(
      systemScope,
      `SELECT event, detail->>'after_s' AS after FROM alarm_events WHERE alarm_id = $1 ORDER BY version`,
      [id],
    )
    expect(events).toEqual([
      { event: 'raise', after: null },
      { event: 'escalate', after: '1' },
    ])
    expect(await s.service.escalateDue(1)).toBe(0) // once per annunciation
  })

  it('an alarm a client did not confirm is sent again when that user reconnects and subscribes', async () => {
    const c = await s.client('op3', 'operator')
    const first = listen(await s.socket(c), false)
    const { alarm } = await s.service.raise(systemRaise('RT-RECONNECT'))
    await eventually(async () => first.of(alarm!.id).length === 3, 10_000)
    const [{ id: userId }] = (await s.db.query(
      systemScope,
      `SELECT id FROM users WHERE username = 'op3'`,
    )) as [{ id: string }]
    await eventually(async () => pusher.pendingForReconnect(userId) === 1)
    // the page reloads: a new socket of the same user, listening before it subscribes
    const again: AlarmClientSocket = connect(s.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: c.cookie! },
    })
    try {
      const back = listen(again, true)
      await new Promise<void>((resolve, reject) => {
        again.once('connect', resolve)
        again.once('connect_error', reject)
      })
      const resentBefore = pusher.stats.resentOnSubscribe
      expect(await again.emitWithAck('alarms.subscribe', {})).toEqual({ ok: true })
      const [msg] = await eventually(async () => (back.of(alarm!.id).length ? back.of(alarm!.id) : null))
      expect(msg).toMatchObject({ kind: 'alarm.raised', alarm: { id: alarm!.id, version: 1 } })
      expect(pusher.stats.resentOnSubscribe).toBeGreaterThan(resentBefore)
      // confirmed now: no longer held for this user
      await eventually(async () => pusher.pendingForReconnect(userId) === 0)
    } finally {
      again.close()
    }
  })

  it('a republished outbox row (relay crash before marking) reaches a socket once', async () => {
    const { alarm } = await s.service.raise(systemRaise('RT-7'))
    // let the running relay publish it, then unmark it: as if that relay died before its commit
    await eventually(
      async () => (await s.count(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`)) === 0,
    )
    await s.db.query(
      systemScope,
      `UPDATE outbox SET published_at = NULL WHERE payload->'alarm'->>'id' = $1`,
      [alarm!.id],
    )
    await eventually(async () => (await s.streamed()).filter((m) => m.alarm.id === alarm!.id).length >= 2)
    await new Promise((r) => setTimeout(r, 500))
    expect(operator.of(alarm!.id)).toHaveLength(1)
    expect(pusher.stats.dropped).toBeGreaterThan(0)
  })

  it('tells park sockets when a flood starts', async () => {
    for (let i = 0; i < 11; i++)
      await s.service.raise(systemRaise(`RT-FLOOD-${i}`, { priority: i === 5 ? 'urgent' : 'low' }))
    const started = await eventually(async () => floods.find((f) => f.in_flood))
    expect(started).toMatchObject({ position: 'park', in_flood: true, top: { priority: 'urgent' } })
    expect(started.count).toBeGreaterThan(10)
  })
})
