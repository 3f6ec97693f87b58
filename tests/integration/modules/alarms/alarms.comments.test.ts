// Alarm comments and the manual clear over REST (PostgreSQL + Redis): comments land in the audit trail without
// touching the alarm; a clear is a transition, allowed only once the condition is gone (or for latched system
// alarms), audited and relayed as alarm.updated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlarmDetail, AlarmTransition } from '../../../../server/contracts'
import { systemScope } from '../../../../server/platform/db/db'
import { eventually, type ApiClient } from '../../../helpers/http'
import { startAlarmStack, systemRaise, type AlarmStack } from './stack'

describe('alarm comments and manual clear (PostgreSQL + Redis)', () => {
  let s: AlarmStack
  let op: ApiClient
  let ent1: ApiClient
  let ent2: ApiClient
  let wall: ApiClient
  let n = 0
  const raise = async (patch: Parameters<typeof systemRaise>[1] = {}) => {
    const source = `CMT-${++n}`
    const { alarm } = await s.service.raise(systemRaise(source, patch))
    return { id: alarm!.id, source }
  }
  const row = async (id: string) =>
    (
      await s.db.query<{ state: string; version: number; updated_at: Date }>(
        systemScope,
        'SELECT state, version, updated_at FROM alarms WHERE id = $1',
        [id],
      )
    )[0]!

  beforeAll(async () => {
    s = await startAlarmStack('cpt_alarm_cmt')
    s.relay()
    op = await s.client('op1', 'operator')
    ent1 = await s.client('ent1', 'enterprise_user', 'E01')
    ent2 = await s.client('ent2', 'enterprise_user', 'E02')
    wall = await s.client('wall', 'screen')
  })
  afterAll(async () => {
    await s?.stop()
  })

  describe('comments', () => {
    it('stores a comment in the events without changing the alarm or announcing anything', async () => {
      const { id } = await raise({ enterprise_id: 'E01' })
      const before = await row(id)
      const outbox = await s.count('SELECT count(*) AS n FROM outbox')
      const r = await op.post(`/api/v1/alarms/${id}/comments`, { text: '  crew on the way  ' })
      expect(r.status).toBe(201)
      expect(r.body).toMatchObject({
        alarm_id: id,
        event: 'comment',
        version: 1,
        from_state: 'unack',
        to_state: 'unack',
        username: 'op1',
        detail: { text: 'crew on the way' },
      })
      expect(await row(id)).toEqual(before)
      expect(await s.count('SELECT count(*) AS n FROM outbox')).toBe(outbox)
      // the enterprise that owns it may add its own note
      expect((await ent1.post(`/api/v1/alarms/${id}/comments`, { text: 'valve closed' })).status).toBe(201)
      // a transition after the comments keeps its own version sequence
      expect((await op.post(`/api/v1/alarms/${id}/ack`, { reason: 'seen' })).body.version).toBe(2)
      const detail = (await op.get(`/api/v1/alarms/${id}`)).body as AlarmDetail
      expect(detail.events.map((e: AlarmTransition) => [e.event, e.version, e.username])).toEqual([
        ['raise', 1, 'system'],
        ['comment', 1, 'op1'],
        ['comment', 1, 'ent1'],
        ['acknowledge', 2, 'op1'],
      ])
      const audit = await s.db.query(
        systemScope,
        `SELECT action, username FROM audit_log WHERE target = $1 AND action = 'alarm.comment' ORDER BY id`,
        [`alarm:${id}`],
      )
      expect(audit).toEqual([
        { action: 'alarm.comment', username: 'op1' },
        { action: 'alarm.comment', username: 'ent1' },
      ])
    })

    it('refuses empty text, unknown fields, invisible alarms and the read-only screen', async () => {
      const { id } = await raise({ enterprise_id: 'E01' })
      const empty = await op.post(`/api/v1/alarms/${id}/comments`, { text: '   ' })
      expect(empty.status).toBe(400)
      expect(empty.body.error).toMatchObject({ id: 'validation', field: 'text' })
      expect((await op.post(`/api/v1/alarms/${id}/comments`, { text: 'x', extra: 1 })).status).toBe(400)
      expect((await op.post(`/api/v1/alarms/${id}/comments`, { text: 'x'.repeat(2001) })).status).toBe(400)
      const other = await ent2.post(`/api/v1/alarms/${id}/comments`, { text: 'not mine' })
      expect(other.status).toBe(404)
      expect(other.body.error.id).toBe('alarm.not_found')
      expect((await op.post('/api/v1/alarms/999999999/comments', { text: 'ghost' })).status).toBe(404)
      const screen = await wall.post(`/api/v1/alarms/${id}/comments`, { text: 'from the wall' })
      expect(screen.status).toBe(403)
      expect(
        await s.count(`SELECT count(*) AS n FROM alarm_events WHERE alarm_id = $1 AND event = 'comment'`, [
          id,
        ]),
      ).toBe(0)
    })
  })

  describe('manual clear', () => {
    it('refuses a sensor alarm whose condition is still active, and changes nothing', async () => {
      const { id } = await raise({ source_type: 'sensor' })
      const r = await op.post(`/api/v1/alarms/${id}/clear`, { reason: 'looks fine' })
      expect(r.status).toBe(409)
      expect(r.body.error.id).toBe('alarm.invalid_transition')
      expect(r.body.error.message).toMatch(/still active/)
      expect(await row(id)).toMatchObject({ state: 'unack', version: 1 })
      const denied = await s.db.query(
        systemScope,
        `SELECT result FROM audit_log WHERE target = $1 AND action = 'alarm.clear'`,
        [`alarm:${id}`],
      )
      expect(denied).toEqual([{ result: 'denied' }])
    })

    it('clears a sensor alarm once its condition is gone: audited and relayed as alarm.updated', async () => {
      const { id, source } = await raise({ source_type: 'sensor' })
      await op.post(`/api/v1/alarms/${id}/shelve`, {
        until: new Date(Date.now() + 3_600_000).toISOString(),
        reason: 'analyser maintenance',
      })
      await s.service.returnToNormal(source, 'test', Date.now() + 1000)
      expect(await row(id)).toMatchObject({ state: 'shelved' })
      const r = await op.post(`/api/v1/alarms/${id}/clear`, { reason: 'maintenance done, value normal' })
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({ id, state: 'cleared', condition_active: false, shelved_until: null })
      const detail = (await op.get(`/api/v1/alarms/${id}`)).body as AlarmDetail
      expect(detail.events.at(-1)).toMatchObject({
        event: 'clear',
        from_state: 'shelved',
        to_state: 'cleared',
        username: 'op1',
        reason: 'maintenance done, value normal',
      })
      const msg = await eventually(async () =>
        (await s.streamed()).find((m) => m.alarm.id === id && m.transition.event === 'clear'),
      )
      expect(msg).toMatchObject({ kind: 'alarm.updated', alarm: { state: 'cleared' } })
      const audit = await s.db.query(
        systemScope,
        `SELECT result, detail->>'to' AS "to" FROM audit_log WHERE target = $1 AND action = 'alarm.clear'`,
        [`alarm:${id}`],
      )
      expect(audit).toEqual([{ result: 'ok', to: 'cleared' }])
      // a cleared alarm is closed
      expect((await op.post(`/api/v1/alarms/${id}/clear`, { reason: 'again' })).status).toBe(409)
    })

    it('clears a latched system alarm while it still reads active', async () => {
      const { id } = await raise({ source_type: 'system' })
      const r = await s.admin.post(`/api/v1/alarms/${id}/clear`, { reason: 'dead letter inspected' })
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({ state: 'cleared', acked_by: 'admin', version: 2 })
    })

    it('needs a park admin or operator and a reason', async () => {
      const { id } = await raise({ source_type: 'system', enterprise_id: 'E01' })
      const ent = await ent1.post(`/api/v1/alarms/${id}/clear`, { reason: 'mine' })
      expect(ent.status).toBe(403)
      expect((await wall.post(`/api/v1/alarms/${id}/clear`, { reason: 'x' })).status).toBe(403)
      const noReason = await op.post(`/api/v1/alarms/${id}/clear`, {})
      expect(noReason.status).toBe(400)
      expect(noReason.body.error.field).toBe('reason')
      expect((await op.post(`/api/v1/alarms/${id}/clear`, { reason: '  ' })).status).toBe(400)
      expect(await row(id)).toMatchObject({ state: 'unack', version: 1 })
    })
  })
})
