// The annual park evaluation on PostgreSQL/PostGIS: the demo seed (idempotent), the checklist, the grade at the
// thresholds' edges through the API (59.9 A, 60 B, 84.9 C, 85 D), draft → submitted → approved with the park
// admin's approval, the comparison with last year, evidence links to the document store, park-only access
// (route and RLS), bad input (400/409, nothing changed) and audit rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { seedDocumentsDemo } from '../../../../server/modules/documents/documents.seed'
import { seedEvaluationDemo } from '../../../../server/modules/evaluation/evaluation.seed'
import type { ApiClient } from '../../../helpers/http'
import { startEvaluationStack, type EvaluationStack } from './stack'

describe('park evaluation API (PostgreSQL)', () => {
  let s: EvaluationStack
  let operator: ApiClient
  let e01: ApiClient
  let screen: ApiClient
  const count = async (table: string) =>
    (await s.db.query<{ n: number }>(systemScope, `SELECT count(*)::int AS n FROM ${table}`))[0]!.n
  const audits = async (action: string) =>
    (
      await s.db.query<{ n: number }>(
        systemScope,
        `SELECT count(*)::int AS n FROM audit_log WHERE action = $1`,
        [action],
      )
    )[0]!.n
  const snapshot = (year: number) =>
    s.db.query(
      systemScope,
      `SELECT s.item_id, s.score_tenths, s.option_key, s.finding, s.advice, s.plan_measure,
              (SELECT array_agg(x.document_id ORDER BY x.document_id) FROM evaluation_evidence x
                WHERE x.evaluation_id = s.evaluation_id AND x.item_id = s.item_id) AS evidence, e.updated_at
         FROM evaluation_scores s JOIN park_evaluations e ON e.id = s.evaluation_id
        WHERE e.year = $1 ORDER BY s.item_id`,
      [year],
    )

  beforeAll(async () => {
    s = await startEvaluationStack('cpt_evaluation')
    await s.db.owner((q) => seedDocumentsDemo(q))
    operator = await s.client('op', 'operator')
    e01 = await s.client('e01', 'enterprise_user', 'E01')
    screen = await s.client('scr', 'screen')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('seeds the checklist and the 2025 / 2026 evaluations once', async () => {
    expect(await s.db.owner((q) => seedEvaluationDemo(q))).toBe(2)
    const tables = [
      'evaluation_elements',
      'evaluation_items',
      'park_evaluations',
      'evaluation_scores',
      'evaluation_evidence',
    ]
    const before = await Promise.all(tables.map(count))
    expect(await s.db.owner((q) => seedEvaluationDemo(q))).toBe(0)
    expect(await Promise.all(tables.map(count))).toEqual(before)
    expect(before.slice(0, 4)).toEqual([6, 19, 2, 38])
  })

  it('answers the checklist: 100 points, 设立 10 and 选址及规划 38 confirmed, the rest placeholders', async () => {
    const r = await e01.get('/api/v1/evaluation-checklist')
    expect(r.status).toBe(200)
    expect(r.body.total_points).toBe(100)
    expect(
      r.body.elements.map((e: { name: string; max_points: number; confirmed: boolean }) => [
        e.name,
        e.max_points,
        e.confirmed,
      ]),
    ).toEqual([
      ['设立', 10, true],
      ['选址及规划', 38, true],
      ['安全准入（占位）', 12, false],
      ['配套功能设施（占位）', 14, false],
      ['一体化安全管控（占位）', 12, false],
      ['安全管理与应急（占位）', 14, false],
    ])
    expect(r.body.bands.map((b: { grade: string; min_points: number }) => [b.grade, b.min_points])).toEqual([
      ['A', 0],
      ['B', 60],
      ['C', 70],
      ['D', 85],
    ])
  })

  it('lists the evaluations with totals and grades; 2025 approved, 2026 a draft', async () => {
    const r = await screen.get('/api/v1/evaluations')
    expect(r.status).toBe(200)
    expect(
      r.body.map((e: { year: number; status: string; total_points: number; grade: string }) => [
        e.year,
        e.status,
        e.total_points,
        e.grade,
      ]),
    ).toEqual([
      [2026, 'draft', 84.5, 'C'],
      [2025, 'approved', 79.5, 'C'],
    ])
  })

  it('gives 2026 with elements, deductions, plan, evidence and the comparison with 2025', async () => {
    const r = await operator.get('/api/v1/evaluations/2026')
    expect(r.status).toBe(200)
    const d = r.body
    expect(d.elements.map((e: { score: number }) => e.score)).toEqual([10, 33, 12, 11, 12, 6.5])
    expect(d.deductions.map((x: { item_no: string; deduction: number }) => [x.item_no, x.deduction])).toEqual(
      [
        ['2.3', 2],
        ['2.4', 3],
        ['4.2', 1],
        ['4.3', 2],
        ['6.1', 4],
        ['6.2', 3.5],
      ],
    )
    for (const x of d.deductions)
      expect(x).toMatchObject({ advice: expect.any(String), plan_owner: expect.any(String) })
    const risk = d.items.find((i: { item_id: string }) => i.item_id === 'EL02-4')
    expect(risk.evidence).toEqual([
      expect.objectContaining({
        document_id: 'DOC-PARK-RISK',
        version_id: 'DV-PARK-RISK-V1',
        doc_type: 'assessment',
      }),
    ])
    expect(risk.option_key).toBe('b')
    expect(d.comparison).toMatchObject({
      previous_year: 2025,
      previous_total: 79.5,
      previous_grade: 'C',
      total_change: 5,
    })
    expect(d.comparison.worse.map((w: { item_no: string; change: number }) => [w.item_no, w.change])).toEqual(
      [
        ['2.4', -3],
        ['4.3', -2],
        ['6.1', -2],
        ['6.2', -3.5],
      ],
    )
  })

  it('keeps evaluations from enterprise accounts: 403 at the route, no rows under RLS', async () => {
    expect((await e01.get('/api/v1/evaluations')).status).toBe(403)
    expect((await e01.get('/api/v1/evaluations/2026')).status).toBe(403)
    expect((await e01.call('PATCH', '/api/v1/evaluations/2026/items/EL01-1', { score: 0 })).status).toBe(403)
    const rows = await s.db.query(
      { scope: 'enterprise', enterpriseId: 'E01' },
      'SELECT id FROM park_evaluations',
    )
    expect(rows).toEqual([])
    const scores = await s.db.query(
      { scope: 'enterprise', enterpriseId: 'E01' },
      'SELECT 1 FROM evaluation_scores',
    )
    expect(scores).toEqual([])
    await expect(
      s.db.query(
        { scope: 'enterprise', enterpriseId: 'E01' },
        `INSERT INTO park_evaluations (id, year) VALUES ('EV-X', 2030)`,
      ),
    ).rejects.toThrow(/row-level security/)
    expect((await screen.call('PATCH', '/api/v1/evaluations/2026/items/EL01-1', { score: 0 })).status).toBe(
      403,
    )
  })

  it('computes the grade at the thresholds’ edges: 59.9 A, 60 B, 84.9 C, 85 D', async () => {
    const c = await operator.post('/api/v1/evaluations', { year: 2027 })
    expect(c.status).toBe(201)
    expect(c.body).toMatchObject({ status: 'draft', scored: 0, item_count: 19, total_points: 0 })
    const ids: string[] = c.body.items.map((i: { item_id: string }) => i.item_id)
    const patch = (item: string, body: unknown) =>
      operator.call('PATCH', `/api/v1/evaluations/2027/items/${item}`, body)
    // every options item at its best option, every deduction item at 0: 70 points
    const deductionItems = ['EL02-3', 'EL02-5', 'EL03-2', 'EL04-2', 'EL06-1']
    for (const id of ids) {
      const r = await patch(id, deductionItems.includes(id) ? { score: 0 } : { option_key: 'a' })
      expect(r.status).toBe(200)
    }
    const at = async (changes: [string, unknown][]) => {
      let last: { total_points: number; grade: string } | null = null
      for (const [id, body] of changes) {
        const r = await patch(id, body)
        expect(r.status).toBe(200)
        last = r.body
      }
      return [last!.total_points, last!.grade]
    }
    expect(
      await at([
        ['EL02-3', { score: 8 }],
        ['EL03-2', { score: 6 }],
        ['EL02-5', { score: 0.9 }],
      ]),
    ).toEqual([84.9, 'C'])
    expect(await at([['EL02-5', { score: 1 }]])).toEqual([85, 'D'])
    // three options items at their worst (−16) and 5.9 points of deduction items: 54 + 5.9
    expect(
      await at([
        ['EL01-1', { option_key: 'c' }],
        ['EL02-1', { option_key: 'c' }],
        ['EL02-2', { option_key: 'c' }],
        ['EL02-3', { score: 5.9 }],
        ['EL03-2', { score: 0 }],
        ['EL02-5', { score: 0 }],
      ]),
    ).toEqual([59.9, 'A'])
    expect(await at([['EL02-3', { score: 6 }]])).toEqual([60, 'B'])
  })

  it('refuses bad input with 400 and changes nothing', async () => {
    const before = await snapshot(2027)
    const bad: [string, unknown][] = [
      ['EL02-3', { score: 0.15 }], // two decimals
      ['EL02-3', { score: 8.1 }], // above the item's maximum
      ['EL02-3', { score: -1 }],
      ['EL02-3', { option_key: 'a' }], // a deduction item has no options
      ['EL01-1', { option_key: 'z' }],
      ['EL01-1', { score: 3 }], // no option gives 3 points
      ['EL01-1', { option_key: 'a', score: 2 }],
      ['EL01-1', { evidence: ['DOC-NOT-THERE'] }],
      ['EL01-1', { plan_deadline: '2027-02-30' }],
      ['EL01-1', { unknown: 1 }],
    ]
    for (const [item, body] of bad) {
      const r = await operator.call('PATCH', `/api/v1/evaluations/2027/items/${item}`, body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.body.error.id).toBe('validation')
    }
    expect((await operator.call('PATCH', '/api/v1/evaluations/2027/items/NOPE', { score: 1 })).status).toBe(
      404,
    )
    expect((await operator.get('/api/v1/evaluations/1999')).status).toBe(404)
    expect((await operator.post('/api/v1/evaluations', { year: 2026 })).status).toBe(409)
    expect((await operator.post('/api/v1/evaluations', { year: 1800 })).status).toBe(400)
    expect(await snapshot(2027)).toEqual(before)
  })

  it('links evidence documents and replaces the list', async () => {
    const p = (evidence: string[]) =>
      operator.call('PATCH', '/api/v1/evaluations/2027/items/EL02-4', { evidence })
    const r = await p(['DOC-PARK-RISK', 'DOC-PARK-PLAN'])
    expect(r.status).toBe(200)
    const ev = (b: { items: { item_id: string; evidence: { document_id: string }[] }[] }) =>
      b.items
        .find((i) => i.item_id === 'EL02-4')!
        .evidence.map((e) => e.document_id)
        .sort()
    expect(ev(r.body)).toEqual(['DOC-PARK-PLAN', 'DOC-PARK-RISK'])
    expect(ev((await p(['DOC-PARK-RISK'])).body)).toEqual(['DOC-PARK-RISK'])
  })

  it('submits only a complete, planned evaluation; only a park admin approves; the grade is frozen', async () => {
    // back to 85.0: deductions on 2.5 (3), 4.2 (5), 6.1 (7) need finding, advice and plan
    for (const [id, body] of [
      ['EL01-1', { option_key: 'a' }],
      ['EL02-1', { option_key: 'a' }],
      ['EL02-2', { option_key: 'a' }],
      ['EL02-3', { score: 8 }],
      ['EL03-2', { score: 6 }],
      ['EL02-5', { score: 1 }],
    ] as [string, unknown][])
      expect((await operator.call('PATCH', `/api/v1/evaluations/2027/items/${id}`, body)).status).toBe(200)
    const early = await operator.post('/api/v1/evaluations/2027/submit')
    expect(early.status).toBe(409)
    expect(early.body.error.id).toBe('evaluation.incomplete')
    expect(early.body.error.message).toContain('item 2.5: deduction without finding, advice, plan_measure')
    for (const id of ['EL02-5', 'EL04-2', 'EL06-1']) {
      const r = await operator.call('PATCH', `/api/v1/evaluations/2027/items/${id}`, {
        finding: `扣分情况 ${id}`,
        advice: `整改建议 ${id}`,
        plan_measure: `整改措施 ${id}`,
        plan_owner: '园区安全监管局',
        plan_deadline: '2028-06-30',
      })
      expect(r.status).toBe(200)
    }
    const sub = await operator.post('/api/v1/evaluations/2027/submit')
    expect(sub.status).toBe(200)
    expect(sub.body.status).toBe('submitted')
    expect(
      (await operator.call('PATCH', '/api/v1/evaluations/2027/items/EL01-1', { option_key: 'b' })).status,
    ).toBe(409)
    expect((await operator.post('/api/v1/evaluations/2027/approve')).status).toBe(403)
    const back = await s.admin.post('/api/v1/evaluations/2027/return', { reason: '补充佐证材料' })
    expect(back.body).toMatchObject({ status: 'draft', return_reason: '补充佐证材料' })
    expect((await operator.post('/api/v1/evaluations/2027/submit')).status).toBe(200)
    const ok = await s.admin.post('/api/v1/evaluations/2027/approve')
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ status: 'approved', total_points: 85, grade: 'D', approved_by: 'admin' })
    expect(ok.body.comparison).toMatchObject({ previous_year: 2026, previous_total: 84.5, total_change: 0.5 })
    // a later change of the bands does not regrade an approved evaluation, but does grade a draft
    const bands = await s.admin.call('PUT', '/api/v1/evaluation-checklist/grades', {
      bands: [
        { grade: 'A', min_points: 0 },
        { grade: 'B', min_points: 60 },
        { grade: 'C', min_points: 70 },
        { grade: 'D', min_points: 84.5 },
      ],
    })
    expect(bands.status).toBe(200)
    expect((await s.admin.get('/api/v1/evaluations/2027')).body.grade).toBe('D')
    expect((await s.admin.get('/api/v1/evaluations/2026')).body.grade).toBe('D')
    expect((await s.admin.get('/api/v1/evaluations/2025')).body.grade).toBe('C')
    await s.admin.call('PUT', '/api/v1/evaluation-checklist/grades', {
      bands: [
        { grade: 'A', min_points: 0 },
        { grade: 'B', min_points: 60 },
        { grade: 'C', min_points: 70 },
        { grade: 'D', min_points: 85 },
      ],
    })
    expect(await audits('evaluation.approve')).toBe(1)
    expect(await audits('evaluation.submit')).toBe(2)
    expect(await audits('evaluation.return')).toBe(1)
    expect(await audits('evaluation.score')).toBeGreaterThan(25)
    expect(await audits('evaluation.grade_bands')).toBe(2)
  })

  it('lets the park admin load and edit the checklist; bad checklists change nothing', async () => {
    const cl = (await s.admin.get('/api/v1/evaluation-checklist')).body
    const before = await Promise.all(['evaluation_elements', 'evaluation_items'].map(count))
    const elements = cl.elements.map((e: Record<string, unknown> & { items: Record<string, unknown>[] }) => ({
      id: e.id,
      seq: e.seq,
      name: e.name,
      name_en: e.name_en,
      max_points: e.max_points,
      confirmed: e.confirmed,
      note: e.note,
      items: e.items.map((i) => ({
        id: i.id,
        seq: i.seq,
        item_no: i.item_no,
        content: i.content,
        content_en: i.content_en,
        scoring: i.scoring,
        evidence: i.evidence,
        max_points: i.max_points,
        active: i.active,
      })),
    }))
    const broken = structuredClone(elements)
    broken[0].max_points = 11
    const r = await s.admin.post('/api/v1/evaluation-checklist/import', { elements: broken })
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe('elements.0.max_points')
    expect((await operator.post('/api/v1/evaluation-checklist/import', { elements })).status).toBe(403)
    expect(await Promise.all(['evaluation_elements', 'evaluation_items'].map(count))).toEqual(before)
    // the park replaces a placeholder item's text
    const item = elements[2].items[0]
    const put = await s.admin.call('PUT', `/api/v1/evaluation-checklist/items/${item.id}`, {
      ...item,
      id: undefined,
      element_id: elements[2].id,
      content: '园区制定安全准入条件和禁限控目录并严格执行',
    })
    expect(put.status).toBe(200)
    expect(put.body.elements[2].items[0].content).toBe('园区制定安全准入条件和禁限控目录并严格执行')
    // an edit that would break the element's sum is refused
    const over = await s.admin.call('PUT', `/api/v1/evaluation-checklist/items/${item.id}`, {
      ...item,
      id: undefined,
      element_id: elements[2].id,
      max_points: 7,
      scoring: { method: 'deduction', rule: '每项扣1分', per_finding: 1 },
    })
    expect(over.status).toBe(400)
    expect(over.body.error.field).toBe('max_points')
    // existing evaluations keep the text they were scored against
    const old = (await s.admin.get('/api/v1/evaluations/2026')).body.items.find(
      (i: { item_id: string }) => i.item_id === item.id,
    )
    expect(old.content).toBe(item.content)
    const all = await s.admin.post('/api/v1/evaluation-checklist/import', { elements })
    expect(all.status).toBe(200)
    expect(all.body.total_points).toBe(100)
    expect(await audits('evaluation.checklist_import')).toBe(1)
  })
})
