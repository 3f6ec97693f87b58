// Promise 1 (reliability-security.md): an alarm exists once its row and its outbox row commit together;
// everything after is at-least-once from the outbox, and consumers drop duplicates by key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { eventually } from '../../../helpers/http'
import { startAlarmStack, systemRaise, type AlarmStack } from './stack'

describe('alarm persistence and the outbox relay (PostgreSQL + Redis)', () => {
  let s: AlarmStack
  beforeAll(async () => {
    s = await startAlarmStack('cpt_alarm_outbox')
  })
  afterAll(async () => {
    await s?.stop()
  })
  const unpublished = () => s.count('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')

  it('commits the alarm, its first audit row and its outbox row together; nothing is lost before the relay runs', async () => {
    const r = await s.service.raise(systemRaise('SYS-1', { enterprise_id: 'E01' }))
    expect(r.status).toBe('created')
    const id = r.alarm!.id
    const [row] = await s.db.query(
      systemScope,
      'SELECT state, count, version, enterprise_id FROM alarms WHERE id = $1',
      [id],
    )
    expect(row).toEqual({ state: 'unack', count: 1, version: 1, enterprise_id: 'E01' })
    const events = await s.db.query(
      systemScope,
      'SELECT event, from_state, to_state, username FROM alarm_events WHERE alarm_id = $1',
      [id],
    )
    expect(events).toEqual([{ event: 'raise', from_state: 'normal', to_state: 'unack', username: 'system' }])
    const outbox = await s.db.query<{ topic: string; payload: { kind: string; alarm: { id: string } } }>(
      systemScope,
      'SELECT topic, payload FROM outbox WHERE published_at IS NULL',
    )
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({
      topic: s.alarmStream,
      payload: { kind: 'alarm.raised', alarm: { id } },
    })
    // no relay has run: the alarm is committed but not yet on the bus
    expect(await s.streamed()).toEqual([])

    const relay = s.relay()
    await eventually(async () => (await unpublished()) === 0)
    await relay.stop()
    const messages = await s.streamed()
    expect(messages.map((m) => [m.kind, m.alarm.id])).toEqual([['alarm.raised', id]])
    expect(messages[0]!.outbox_id).toMatch(/^\d+$/)
  })

  it('a replayed event (same natural key) never creates a second alarm', async () => {
    const raise = systemRaise('SYS-2')
    const first = await s.service.raise(raise)
    const again = await s.service.raise(raise)
    const older = await s.service.raise({ ...raise, t: raise.t - 1000 })
    expect([first.status, again.status, older.status]).toEqual(['created', 'duplicate', 'duplicate'])
    expect(await s.count(`SELECT count(*) AS n FROM alarms WHERE source_id = 'SYS-2'`)).toBe(1)
    expect(
      await s.count(
        `SELECT count(*) AS n FROM alarm_events e JOIN alarms a ON a.id = e.alarm_id WHERE a.source_id = 'SYS-2'`,
      ),
    ).toBe(1)
  })

  it('a replay after the alarm was cleared is still the same alarm (natural key), not a new one', async () => {
    const raise = systemRaise('SYS-3')
    const { alarm } = await s.service.raise(raise)
    await s.service.returnToNormal('SYS-3', 'test', raise.t + 1)
    await s.db.query(systemScope, `UPDATE alarms SET state = 'cleared' WHERE id = $1`, [alarm!.id])
    expect((await s.service.raise(raise)).status).toBe('duplicate')
    expect(await s.count(`SELECT count(*) AS n FROM alarms WHERE source_id = 'SYS-3'`)).toBe(1)
  })

  it('a re-trigger while open updates the one alarm (count, value, peak), never duplicates it', async () => {
    const base = systemRaise('SYS-4', { value: 30, priority: 'urgent' })
    await s.service.raise(base)
    const r = await s.service.raise({ ...base, t: base.t + 1000, value: 45, message: 'now 45' })
    expect(r.status).toBe('updated')
    expect(r.alarm).toMatchObject({
      count: 2,
      value: 45,
      peak: 45,
      version: 2,
      message: 'now 45',
      state: 'unack',
    })
    const rows = await s.db.query(
      systemScope,
      `SELECT count(*)::int AS n FROM alarms WHERE source_id = 'SYS-4'`,
    )
    expect(rows[0]).toEqual({ n: 1 })
  })

  it('concurrent first raises of one source and rule end as one alarm', async () => {
    const t = Date.now()
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => s.service.raise(systemRaise('SYS-5', { t: t + i, value: i }))),
    )
    expect(results.filter((r) => r.status === 'created')).toHaveLength(1)
    const rows = await s.db.query<{ count: number }>(
      systemScope,
      `SELECT count FROM alarms WHERE source_id = 'SYS-5'`,
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]!.count).toBe(results.filter((r) => r.status !== 'duplicate').length)
  })

  it('a crash between publish and mark republishes on restart (at-least-once), and the rows end marked', async () => {
    const { alarm } = await s.service.raise(systemRaise('SYS-6'))
    let crashes = 0
    const crashing = s.relay({
      beforeMark: async () => {
        crashes++
        throw new Error('simulated crash before marking')
      },
    })
    await eventually(async () => crashes > 0)
    await crashing.stop()
    expect(await unpublished()).toBeGreaterThan(0)
    const relay = s.relay()
    await eventually(async () => (await unpublished()) === 0)
    await relay.stop()
    const copies = (await s.streamed()).filter((m) => m.alarm.id === alarm!.id)
    expect(copies.length).toBeGreaterThanOrEqual(2)
    expect(new Set(copies.map((m) => m.outbox_id)).size).toBe(1)
  })

  it('two relays side by side publish every row once (FOR UPDATE SKIP LOCKED)', async () => {
    const before = (await s.streamed()).length
    const relays = [s.relay({ batch: 3 }), s.relay({ batch: 3 })]
    await Promise.all(Array.from({ length: 30 }, (_, i) => s.service.raise(systemRaise(`SYS-MANY-${i}`))))
    await eventually(async () => (await unpublished()) === 0)
    for (const r of relays) await r.stop()
    const fresh = (await s.streamed()).slice(before)
    expect(fresh).toHaveLength(30)
    expect(new Set(fresh.map((m) => m.outbox_id)).size).toBe(30)
    // between them, each row was published once
    expect(relays.map((r) => r.published).reduce((a, b) => a + b, 0)).toBe(30)
  })
})
