// The enforcement ledger (执法台账) on PostgreSQL/PostGIS: the demo seed (idempotent), row-level security per
// enterprise, the rectification loop through the API (issue → rectification record with evidence documents from
// the store → re-inspection, closed only with evidence and a passed re-inspection, else sent back), who may take
// which step (403) and illegal steps (409, nothing changed), penalties and their steps, statistics, bad input
// (400, nothing changed), audit rows, and the hourly overdue check through the alarm engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parkDay } from '../../../../server/contracts/emergency-plans'
import type { EnforcementStats, RectificationNotice } from '../../../../server/contracts/enforcement'
import { AlarmEngine } from '../../../../server/modules/alarms/alarm.engine'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import {
  checkEnforcement,
  type EnforcementAlarmSink,
} from '../../../../server/modules/enforcement/enforcement.check'
import { seedEnforcementDemo } from '../../../../server/modules/enforcement/enforcement.seed'
import { systemScope } from '../../../../server/platform/db/db'
import type { ApiClient } from '../../../helpers/http'
import { uniqueStreamName } from '../../../helpers/services'
import { silent, startEnforcementStack, uploadDocument, type EnforcementStack } from './stack'

const ago = (n: number) => parkDay(Date.now() - n * 86_400_000)

describe('enforcement ledger API (PostgreSQL)', () => {
  let s: EnforcementStack
  let e07: ApiClient
  let e09: ApiClient
  let operator: ApiClient
  let screen: ApiClient
  let sink: EnforcementAlarmSink
  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    (
      await s.db.query<{ n: number }>(
        systemScope,
        `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
        params,
      )
    )[0]!.n
  const audits = (action: string) => count('audit_log', 'action = $1', [action])
  const step = (c: ApiClient, id: string, body: object) =>
    c.post(`/api/v1/enforcement/notices/${id}/transitions`, body)
  const evidence = async (c: ApiClient, enterprise: string, title: string) => {
    const r = await uploadDocument(s.url, c, {
      title,
      doc_type: 'other',
      owner_type: 'enterprise',
      owner_id: enterprise,
      tags: '整改证据',
    })
    expect(r.status).toBe(201)
    return r.body.id as string
  }
  const openAlarms = () =>
    s.db.query<{ source_id: string; priority: string; enterprise_id: string }>(
      systemScope,
      `SELECT source_id, priority, enterprise_id FROM alarms
        WHERE source_id LIKE 'enforcement:%' AND condition_active ORDER BY source_id`,
    )

  beforeAll(async () => {
    s = await startEnforcementStack('cpt_enforcement')
    e07 = await s.client('e07', 'enterprise_user', 'E07')
    e09 = await s.client('e09', 'enterprise_user', 'E09')
    operator = await s.client('op', 'operator')
    screen = await s.client('wall', 'screen')
    const engine = new AlarmEngine(
      s.db,
      new AlarmsService(s.db, { topic: uniqueStreamName('test:alarms') }),
      silent,
    )
    sink = {
      raise: (a) => engine.raiseSystemAlarm(a),
      clear: (sourceId, rule, t) => engine.clearSystemAlarm(sourceId, rule, t),
    }
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('seeds plans, 20 inspections, penalties and notices in every state once; closed ones have evidence', async () => {
    expect(await s.db.owner((q) => seedEnforcementDemo(q))).toBe(2 + 20 + 5 + 9)
    const tables = [
      'inspection_plans',
      'inspections',
      'penalties',
      'rectification_notices',
      'rectification_records',
      'reinspections',
      'documents',
    ]
    const before = await Promise.all(tables.map((t) => count(t)))
    expect(await s.db.owner((q) => seedEnforcementDemo(q))).toBe(0)
    expect(await Promise.all(tables.map((t) => count(t)))).toEqual(before)
    const all = (await s.admin.get('/api/v1/enforcement/notices')).body as RectificationNotice[]
    expect(all).toHaveLength(9)
    const ids = (list: RectificationNotice[]) => list.map((n) => n.id).sort()
    expect(ids(all.filter((n) => n.state === 'closed'))).toEqual([
      'RN-DEMO-01',
      'RN-DEMO-02',
      'RN-DEMO-03',
      'RN-DEMO-04',
    ])
    expect(ids((await s.admin.get('/api/v1/enforcement/notices?overdue=true')).body)).toEqual([
      'RN-DEMO-05',
      'RN-DEMO-06',
    ])
    expect(ids((await s.admin.get('/api/v1/enforcement/notices?state=open')).body)).toHaveLength(5)
    const sentBack = await s.admin.get('/api/v1/enforcement/notices/RN-DEMO-03')
    expect(sentBack.body).toMatchObject({ state: 'closed', sent_back_count: 1, closed_on_time: true })
    expect(sentBack.body.records).toHaveLength(2)
    expect(sentBack.body.records[0].evidence[0]).toMatchObject({ id: 'DOC-RN-DEMO-03-EV2' })
    expect(sentBack.body.reinspections.map((r: { result: string }) => r.result)).toEqual(['passed', 'failed'])
    // the database itself refuses to close a notice without a passed re-inspection of a record with evidence
    await expect(
      s.db.query(
        systemScope,
        `UPDATE rectification_notices SET state = 'closed', closed_on = now()::date, closed_on_time = true
          WHERE id = 'RN-DEMO-09'`,
      ),
    ).rejects.toThrow(/closes only with evidence/)
  })

  it('computes per-enterprise and per-month statistics with the on-time rectification rate', async () => {
    const st = (await s.admin.get('/api/v1/enforcement/stats')).body as EnforcementStats
    expect(st.total).toEqual({
      inspections: 20,
      penalties: 5,
      penalty_amount_yuan: 100000,
      notices: 9,
      open: 5,
      overdue: 2,
      closed: 4,
      closed_on_time: 3,
      on_time_rate: 0.75,
    })
    const e02 = st.enterprises.find((e) => e.enterprise_id === 'E02')!
    expect(e02).toMatchObject({
      inspections: 2,
      penalties: 1,
      penalty_amount_yuan: 50000,
      closed: 1,
      on_time_rate: 0,
    })
    expect(st.months.reduce((n, m) => n + m.inspections, 0)).toBe(20)
    const month = ago(8).slice(0, 7)
    const only = (await s.admin.get(`/api/v1/enforcement/stats?from=${month}&to=${month}`))
      .body as EnforcementStats
    expect(only.months.every((m) => m.month === month)).toBe(true)
    expect((await s.admin.get('/api/v1/enforcement/stats?from=2026-13')).status).toBe(400)
    // an enterprise gets its own numbers only, whatever it asks for
    const mine = (await e07.get('/api/v1/enforcement/stats?enterprise=E02')).body as EnforcementStats
    expect(mine.enterprises.map((e) => e.enterprise_id)).toEqual(['E07'])
  })

  it('shows an enterprise its own ledger only; inspection plans are the park staff’s', async () => {
    const n = await e07.get('/api/v1/enforcement/notices')
    expect(n.body.map((x: RectificationNotice) => x.id)).toEqual(['RN-DEMO-05'])
    expect((await e07.get('/api/v1/enforcement/notices/RN-DEMO-01')).status).toBe(404)
    const ins = await e07.get('/api/v1/enforcement/inspections')
    expect(new Set(ins.body.map((i: { enterprise_id: string }) => i.enterprise_id))).toEqual(new Set(['E07']))
    const pen = await e07.get('/api/v1/enforcement/penalties')
    expect(pen.body.map((p: { id: string; actions: string[] }) => [p.id, p.actions])).toEqual([
      ['PEN-DEMO-03', []],
    ])
    expect((await e07.get('/api/v1/enforcement/plans')).status).toBe(403)
    const plans = await operator.get('/api/v1/enforcement/plans')
    expect(plans.body.map((p: { id: string }) => p.id).sort()).toEqual(['IP-DEMO-MAJOR', 'IP-DEMO-ROUTINE'])
    // even at the database level an enterprise scope sees no plan
    expect(
      await s.db.tx(
        { scope: 'enterprise', enterpriseId: 'E07' },
        async (q) => (await q.query('SELECT id FROM inspection_plans')).rowCount,
      ),
    ).toBe(0)
  })

  it('runs the rectification loop: closed only with evidence and a passed re-inspection, else sent back', async () => {
    const ins = await operator.post('/api/v1/enforcement/inspections', {
      enterprise_id: 'E09',
      inspected_on: ago(3),
      inspectors: ['王海峰', '陈晓东'],
      findings: '锅炉房可燃气体报警器故障',
      issues_found: 1,
    })
    expect(ins.status).toBe(201)
    const notice = {
      enterprise_id: 'E09',
      inspection_id: ins.body.id,
      notice_no: '江海应急责改〔2026〕001号',
      items: ['修复锅炉房可燃气体报警器', '建立报警器定期检测台账'],
      issued_on: ago(3),
      deadline: ago(-7),
    }
    const n0 = await count('rectification_notices')
    expect((await operator.post('/api/v1/enforcement/notices', { ...notice, deadline: ago(5) })).status).toBe(
      400,
    )
    expect((await operator.post('/api/v1/enforcement/notices', { ...notice, items: [] })).status).toBe(400)
    expect(
      (await operator.post('/api/v1/enforcement/notices', { ...notice, inspection_id: 'INS-DEMO-01' })).body
        .error.field,
    ).toBe('inspection_id')
    expect((await e09.post('/api/v1/enforcement/notices', notice)).status).toBe(403)
    expect((await screen.post('/api/v1/enforcement/notices', notice)).status).toBe(403)
    expect(await count('rectification_notices')).toBe(n0)
    const created = await operator.post('/api/v1/enforcement/notices', notice)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ state: 'issued', issued_by: 'op', overdue: false, days_left: 7 })
    const dup = await operator.post('/api/v1/enforcement/notices', notice)
    expect(dup.body.error.id).toBe('enforcement.notice_no_taken')
    const id = created.body.id as string
    expect((await e09.get(`/api/v1/enforcement/notices/${id}`)).body.actions).toEqual(['submit'])
    expect((await operator.get(`/api/v1/enforcement/notices/${id}`)).body.actions).toEqual([])

    // the park cannot rectify, nor re-inspect before a record exists
    expect((await step(operator, id, { action: 'submit', measures: 'x', completed_on: ago(1) })).status).toBe(
      403,
    )
    const early = await step(operator, id, {
      action: 'reinspect',
      inspected_on: ago(0),
      inspectors: ['王海峰'],
      result: 'passed',
    })
    expect(early.body.error.id).toBe('enforcement.illegal_transition')
    // evidence of another enterprise is not the enterprise's (not even visible)
    let r = await step(e09, id, {
      action: 'submit',
      measures: '已更换报警器探头',
      completed_on: ago(1),
      evidence_document_ids: ['DOC-RN-DEMO-01-EV1'],
    })
    expect(r.body.error.field).toBe('evidence_document_ids.0')
    r = await step(e09, id, { action: 'submit', measures: '已更换报警器探头', completed_on: ago(-1) })
    expect(r.body.error.field).toBe('completed_on')
    expect(await count('rectification_records', 'notice_id = $1', [id])).toBe(0)

    // a record without evidence: the re-inspection cannot pass it, it can only send it back
    r = await step(e09, id, { action: 'submit', measures: '已更换报警器探头', completed_on: ago(1) })
    expect(r.body).toMatchObject({ state: 'submitted', actions: [] })
    const passNoEvidence = await step(operator, id, {
      action: 'reinspect',
      inspected_on: ago(0),
      inspectors: ['王海峰'],
      result: 'passed',
    })
    expect(passNoEvidence.status).toBe(409)
    expect(passNoEvidence.body.error.id).toBe('enforcement.evidence_required')
    expect(await count('reinspections', 'notice_id = $1', [id])).toBe(0)
    expect((await step(e09, id, { action: 'submit', measures: 'again', completed_on: ago(1) })).status).toBe(
      409,
    )
    r = await step(operator, id, {
      action: 'reinspect',
      inspected_on: ago(0),
      inspectors: ['王海峰'],
      result: 'failed',
      opinion: '无整改证据',
      new_deadline: ago(-10),
    })
    expect(r.body).toMatchObject({ state: 'issued', sent_back_count: 1, deadline: ago(-10) })

    // with evidence uploaded to the store first: passed, closed on time
    const doc = await evidence(e09, 'E09', '报警器更换照片及检测报告')
    r = await step(e09, id, {
      action: 'submit',
      measures: '已更换报警器探头并经第三方检测合格，建立检测台账',
      completed_on: ago(0),
      evidence_document_ids: [doc],
    })
    expect(r.body.records[0].evidence).toEqual([
      expect.objectContaining({ id: doc, title: '报警器更换照片及检测报告' }),
    ])
    r = await step(operator, id, {
      action: 'reinspect',
      inspected_on: ago(0),
      inspectors: ['王海峰', '陈晓东'],
      result: 'passed',
      opinion: '整改到位，同意销案',
    })
    expect(r.body).toMatchObject({ state: 'closed', closed_on: ago(0), closed_on_time: true, overdue: false })
    expect(r.body.reinspections).toHaveLength(2)
    expect((await step(e09, id, { action: 'submit', measures: 'x', completed_on: ago(0) })).status).toBe(409)
    expect(await audits('enforcement.notice.submit')).toBe(2)
    expect(await audits('enforcement.notice.reinspect')).toBe(2)
    expect(await audits('enforcement.notice.create')).toBe(1)
    expect(await audits('enforcement.inspection.create')).toBe(1)
  })

  it('records penalties and their steps (park admin only); bad input and illegal steps change nothing', async () => {
    const pen = {
      enterprise_id: 'E09',
      decision_no: '江海应急罚〔2026〕001号',
      penalty_type: 'fine',
      legal_basis: '《中华人民共和国安全生产法》第九十九条',
      decided_on: ago(1),
    }
    const n = await count('penalties')
    expect((await s.admin.post('/api/v1/enforcement/penalties', pen)).body.error.field).toBe('amount_yuan')
    expect(
      (await s.admin.post('/api/v1/enforcement/penalties', { ...pen, amount_yuan: 1, decided_on: ago(-1) }))
        .status,
    ).toBe(400)
    expect((await operator.post('/api/v1/enforcement/penalties', { ...pen, amount_yuan: 1 })).status).toBe(
      403,
    )
    expect(
      (
        await s.admin.post('/api/v1/enforcement/penalties', {
          ...pen,
          amount_yuan: 1,
          decision_no: '江海应急罚〔2025〕11号',
        })
      ).body.error.id,
    ).toBe('enforcement.decision_no_taken')
    expect(await count('penalties')).toBe(n)
    const created = await s.admin.post('/api/v1/enforcement/penalties', { ...pen, amount_yuan: 20000 })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ status: 'decided', actions: ['execute', 'review', 'revoke'] })
    const id = created.body.id as string
    const go = (c: ApiClient, body: object) => c.post(`/api/v1/enforcement/penalties/${id}/transitions`, body)
    expect((await go(operator, { action: 'execute', executed_on: ago(0) })).status).toBe(403)
    expect((await go(s.admin, { action: 'uphold' })).body.error.id).toBe('enforcement.illegal_transition')
    expect((await go(s.admin, { action: 'execute', executed_on: ago(5) })).body.error.field).toBe(
      'executed_on',
    )
    const done = await go(s.admin, { action: 'execute', executed_on: ago(0) })
    expect(done.body).toMatchObject({ status: 'executed', executed_on: ago(0), actions: [] })
    expect((await go(s.admin, { action: 'revoke', note: '撤销' })).status).toBe(409)
    expect(await audits('enforcement.penalty.execute')).toBe(1)
  })

  it('alarms each overdue notice once for its enterprise, and returns it to normal once closed', async () => {
    expect(await checkEnforcement(s.db, sink)).toEqual({ active: 2, raised: 2, cleared: 0 })
    expect(await openAlarms()).toEqual([
      { source_id: 'enforcement:RN-DEMO-05', priority: 'high', enterprise_id: 'E07' },
      { source_id: 'enforcement:RN-DEMO-06', priority: 'high', enterprise_id: 'E16' },
    ])
    expect(await checkEnforcement(s.db, sink)).toEqual({ active: 2, raised: 0, cleared: 0 })
    const doc = await evidence(e07, 'E07', '仓库清理及防爆电气更换记录')
    const sub = await step(e07, 'RN-DEMO-05', {
      action: 'submit',
      measures: '超量物料已清出，防爆电气已更换',
      completed_on: ago(0),
      evidence_document_ids: [doc],
    })
    expect(sub.status).toBe(200)
    const closed = await step(operator, 'RN-DEMO-05', {
      action: 'reinspect',
      inspected_on: ago(0),
      inspectors: ['刘志强'],
      result: 'passed',
    })
    expect(closed.body).toMatchObject({ state: 'closed', closed_on_time: false })
    expect(await checkEnforcement(s.db, sink)).toEqual({ active: 1, raised: 0, cleared: 1 })
    expect((await openAlarms()).map((a) => a.source_id)).toEqual(['enforcement:RN-DEMO-06'])
  })
})
