// The ISA-18.2 lifecycle over REST: every transition audited with who and why, permissions, shelving
// with expiry, tenant isolation, and clear errors (409 refused transition, 404 unknown, 400 naming the field).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Alarm, AlarmDetail } from '../../../../server/contracts'
import { systemScope } from '../../../../server/platform/db/db'
import type { ApiClient } from '../../../helpers/http'
import { eventually } from '../../../helpers/http'
import { startAlarmStack, systemRaise, type AlarmStack } from './stack'

const H = 3_600_000
const inHours = (h: number) => new Date(Date.now() + h * H).toISOString()

describe('alarm REST API (PostgreSQL + Redis)', () => {
  let s: AlarmStack
  let op: ApiClient
  let ent1: ApiClient
  let wall: ApiClient
  let n = 0
  /** raises a fresh alarm; returns its id */
  const raise = async (patch: Parameters<typeof systemRaise>[1] = {}) =>
    (await s.service.raise(systemRaise(`SRC-${++n}`, patch))).alarm!.id

  beforeAll(async () => {
    s = await startAlarmStack('cpt_alarm_api')
    op = await s.client('op1', 'operator')
    ent1 = await s.client('ent1', 'enterprise_user', 'E01')
    wall = await s.client('wall', 'screen')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('reports no flood while alarms are few', async () => {
    await raise()
    const r = await op.get('/api/v1/alarms/flood')
    expect(r.status).toBe(200)
    expect(r.body).toEqual([
      expect.objectContaining({ position: 'park', in_flood: false, count: 1, window_s: 600 }),
    ])
  })

  it('runs a full lifecycle: raise, ack, return to normal; every step in the audit trail', async () => {
    const id = await raise({ priority: 'urgent', enterprise_id: 'E01', value: 60 })
    const ack = await op.post(`/api/v1/alarms/${id}/ack`, { reason: 'field check ordered' })
    expect(ack.status).toBe(200)
    expect(ack.body).toMatchObject({ id, state: 'ack', acked_by: 'op1', version: 2 })
    const again = await op.post(`/api/v1/alarms/${id}/ack`)
    expect(again.status).toBe(409)
    expect(again.body.error.id).toBe('alarm.invalid_transition')
    const closed = await s.service.returnToNormal(`SRC-${n}`, 'test', Date.now() + 1000)
    expect(closed?.state).toBe('cleared')

    const detail = (await op.get(`/api/v1/alarms/${id}`)).body as AlarmDetail
    expect(detail.events.map((e) => [e.event, e.from_state, e.to_state, e.username, e.reason])).toEqual([
      ['raise', 'normal', 'unack', 'system', null],
      ['acknowledge', 'unack', 'ack', 'op1', 'field check ordered'],
      ['return_to_normal', 'ack', 'cleared', 'system', null],
    ])
    const audit = await s.db.query(
      systemScope,
      `SELECT action, result, username, detail->>'to' AS "to" FROM audit_log WHERE target = $1 ORDER BY id`,
      [`alarm:${id}`],
    )
    expect(audit).toEqual([
      { action: 'alarm.acknowledge', result: 'ok', username: 'op1', to: 'ack' },
      { action: 'alarm.acknowledge', result: 'denied', username: 'op1', to: null },
    ])
  })

  it('acknowledges without a body; rtn_unack acknowledged is cleared', async () => {
    const id = await raise()
    await s.service.returnToNormal(`SRC-${n}`, 'test', Date.now() + 1000)
    const r = await op.call('POST', `/api/v1/alarms/${id}/ack`)
    expect(r.status).toBe(200)
    expect(r.body.state).toBe('cleared')
  })

  describe('shelving (ISA-18.2: time-limited, authorised, with a reason)', () => {
    it('an operator shelves with a reason and unshelves; the alarm comes back unacknowledged', async () => {
      const id = await raise()
      const r = await op.post(`/api/v1/alarms/${id}/shelve`, {
        until: inHours(1),
        reason: 'detector being replaced',
      })
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({ state: 'shelved', shelved_until: expect.any(String) })
      expect((await op.get('/api/v1/alarms?state=active')).body.map((a: Alarm) => a.id)).toContain(id)
      const back = await op.post(`/api/v1/alarms/${id}/unshelve`)
      expect(back.body).toMatchObject({ state: 'unack' })
    })

    it.each([
      [{ reason: 'x' }, 'until'],
      [{ until: 'tomorrow', reason: 'x' }, 'until'],
      [{ until: inHours(1) }, 'reason'],
      [{ until: inHours(1), reason: '   ' }, 'reason'],
      [{ until: inHours(8.1), reason: 'longer than 8 h' }, 'until'],
      [{ until: inHours(-1), reason: 'in the past' }, 'until'],
    ])('refuses %j with a 400 naming %s', async (body, field) => {
      const id = await raise()
      const r = await op.post(`/api/v1/alarms/${id}/shelve`, body)
      expect(r.status).toBe(400)
      expect(r.body.error.field).toBe(field)
    })

    it('enterprise and screen accounts may not shelve', async () => {
      const id = await raise({ enterprise_id: 'E01' })
      const e = await ent1.post(`/api/v1/alarms/${id}/shelve`, { until: inHours(1), reason: 'x' })
      expect([e.status, e.body.error.id]).toEqual([403, 'forbidden'])
      const w = await wall.post(`/api/v1/alarms/${id}/shelve`, { until: inHours(1), reason: 'x' })
      expect([w.status, w.body.error.id]).toEqual([403, 'forbidden.read_only'])
      expect((await wall.post(`/api/v1/alarms/${id}/ack`)).status).toBe(403)
    })

    it('a shelf expires by itself: the alarm is back, or cleared if its condition ended', async () => {
      const active = await raise()
      const endedSource = `SRC-${++n}`
      const ended = (await s.service.raise(systemRaise(endedSource))).alarm!.id
      const until = new Date(Date.now() + 1500).toISOString()
      for (const id of [active, ended])
        expect((await op.post(`/api/v1/alarms/${id}/shelve`, { until, reason: 'short test' })).status).toBe(
          200,
        )
      await s.service.returnToNormal(endedSource, 'test', Date.now() + 1000)
      expect((await op.get(`/api/v1/alarms/${ended}`)).body).toMatchObject({
        state: 'shelved',
        condition_active: false,
      })
      await eventually(async () => (await s.service.expireShelves()) > 0 || null, 10_000, 200)
      expect((await op.get(`/api/v1/alarms/${active}`)).body.state).toBe('unack')
      const e = (await op.get(`/api/v1/alarms/${ended}`)).body as AlarmDetail
      expect(e.state).toBe('cleared')
      expect(e.events.at(-1)).toMatchObject({ event: 'shelf_expired', username: 'system' })
    })
  })

  it('only a park admin removes from service (with a reason) and returns to service', async () => {
    const id = await raise({ priority: 'urgent' })
    const byOp = await op.post(`/api/v1/alarms/${id}/out-of-service`, { reason: 'broken' })
    expect(byOp.status).toBe(403)
    expect((await s.admin.post(`/api/v1/alarms/${id}/out-of-service`, {})).body.error.field).toBe('reason')
    const oos = await s.admin.post(`/api/v1/alarms/${id}/out-of-service`, {
      reason: 'detector removed for repair',
    })
    expect(oos.body.state).toBe('out_of_service')
    // the condition re-triggers while out of service: same record, still silent
    const again = await s.service.raise(systemRaise(`SRC-${n}`, { priority: 'urgent' }))
    expect(again.alarm).toMatchObject({ id, state: 'out_of_service', count: 2 })
    expect((await op.get('/api/v1/alarms')).body.map((a: Alarm) => a.id)).not.toContain(id)
    expect((await op.get('/api/v1/alarms?state=all')).body.map((a: Alarm) => a.id)).toContain(id)
    const back = await s.admin.post(`/api/v1/alarms/${id}/return-to-service`)
    expect(back.body.state).toBe('unack')
  })

  it('an enterprise user sees and acknowledges only its own enterprise’s alarms', async () => {
    const own = await raise({ enterprise_id: 'E01' })
    const other = await raise({ enterprise_id: 'E02' })
    const park = await raise({ enterprise_id: null })
    const list = (await ent1.get('/api/v1/alarms?state=all&limit=1000')).body as Alarm[]
    expect(list.length).toBeGreaterThan(0)
    expect(list.every((a) => a.enterprise_id === 'E01')).toBe(true)
    expect(list.map((a) => a.id)).toContain(own)
    for (const id of [other, park]) {
      expect((await ent1.get(`/api/v1/alarms/${id}`)).status).toBe(404)
      expect((await ent1.post(`/api/v1/alarms/${id}/ack`)).status).toBe(404)
    }
    expect((await ent1.get('/api/v1/alarms?enterprise=E02')).body).toEqual([])
    expect((await ent1.post(`/api/v1/alarms/${own}/ack`)).body.state).toBe('ack')
    const events = await s.db.query(
      systemScope,
      `SELECT enterprise_id FROM alarm_events WHERE alarm_id = $1`,
      [own],
    )
    expect(events.every((e) => e.enterprise_id === 'E01')).toBe(true)
  })

  it('lists active alarms most urgent first and filters', async () => {
    const urgent = await raise({ priority: 'urgent', enterprise_id: 'E04' })
    const low = await raise({ priority: 'low', enterprise_id: 'E04' })
    const list = (await op.get('/api/v1/alarms?enterprise=E04')).body as Alarm[]
    expect(list.map((a) => a.id)).toEqual([urgent, low])
    expect((await op.get('/api/v1/alarms?enterprise=E04&priority=low')).body.map((a: Alarm) => a.id)).toEqual(
      [low],
    )
    const from = new Date(Date.now() + H).toISOString()
    expect((await op.get(`/api/v1/alarms?state=all&from=${from}`)).body).toEqual([])
    expect((await op.get('/api/v1/alarms?limit=1')).body).toHaveLength(1)
  })

  it.each([
    ['priority=loud', 'priority.0'],
    ['state=open', 'state'],
    ['limit=0', 'limit'],
    ['from=yesterday', 'from'],
    ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
  ])('rejects ?%s with a 400 naming %s', async (query, field) => {
    const r = await op.get(`/api/v1/alarms?${query}`)
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe(field)
  })

  it('answers unknown and malformed ids with 404', async () => {
    for (const id of ['999999999', 'abc', '0', '1'.repeat(30)]) {
      const r = await op.get(`/api/v1/alarms/${id}`)
      expect([r.status, r.body.error.id]).toEqual([404, 'alarm.not_found'])
    }
    expect((await op.post('/api/v1/alarms/999999999/ack')).status).toBe(404)
  })

  it('starts a flood above 10 annunciations in 10 min and keeps the most urgent alarm on top', async () => {
    for (let i = 0; i < 11; i++) await raise({ priority: 'low' })
    const top = await raise({ priority: 'urgent', enterprise_id: 'E05' })
    const [park] = (await op.get('/api/v1/alarms/flood')).body
    expect(park).toMatchObject({ position: 'park', in_flood: true, since: expect.any(String) })
    expect(park.count).toBeGreaterThan(10)
    expect(park.top).toMatchObject({ id: top, priority: 'urgent' })
    // an enterprise counts only its own alarms
    const [own] = (await ent1.get('/api/v1/alarms/flood')).body
    expect(own.in_flood).toBe(false)
  })
})
