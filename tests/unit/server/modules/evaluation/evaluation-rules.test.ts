// The annual evaluation's rules: grades at the 2023 thresholds' edges in exact tenths, scoring an item by option or
// deduction, totals, deductions, what blocks a submission, the comparison with last year, and the checklist's sums.
import { describe, expect, it } from 'vitest'
import {
  checklistImportBody,
  defaultGradeBands,
  formatTenths,
  gradeOfTenths,
  toTenths,
  type Scoring,
} from '../../../../../server/contracts/evaluation'
import { defaultChecklist } from '../../../../../server/modules/evaluation/checklist-2023'
import {
  checklistProblems,
  compare,
  deductions,
  elementScores,
  resolveScore,
  submitProblems,
  totals,
  type ScoreRowT,
} from '../../../../../server/modules/evaluation/evaluation-rules'

const grade = (points: number) => gradeOfTenths(toTenths(points)!, defaultGradeBands)

describe('grade at the 2023 thresholds (exact tenths)', () => {
  it('puts each edge in the right grade', () => {
    expect(grade(59.9)).toBe('A')
    expect(grade(60)).toBe('B')
    expect(grade(69.9)).toBe('B')
    expect(grade(70)).toBe('C')
    expect(grade(84.9)).toBe('C')
    expect(grade(85)).toBe('D')
    expect(grade(0)).toBe('A')
    expect(grade(100)).toBe('D')
  })

  it('adds up tenths exactly where binary floating point would not', () => {
    // 0.1 added 599 times in floating point is 59.90000000000058, not 59.9; in tenths the sum is exactly 599
    const rows = Array.from({ length: 599 }, () => 1)
    const total = rows.reduce((s, t) => s + t, 0)
    expect(total).toBe(599)
    expect(gradeOfTenths(total, defaultGradeBands)).toBe('A')
    expect(formatTenths(total)).toBe('59.9')
    expect(formatTenths(600)).toBe('60.0')
    expect(gradeOfTenths(toTenths(0.1 + 0.2 + 59.6)!, defaultGradeBands)).toBe('A')
  })

  it('reads points as tenths and refuses a second decimal', () => {
    expect(toTenths(7.5)).toBe(75)
    expect(toTenths(84.9)).toBe(849)
    expect(toTenths(0.15)).toBeNull()
    expect(toTenths(Number.NaN)).toBeNull()
  })

  it('follows edited bands (data, not code)', () => {
    const bands = [
      { grade: 'A' as const, min_points: 0 },
      { grade: 'B' as const, min_points: 55 },
      { grade: 'C' as const, min_points: 75.5 },
      { grade: 'D' as const, min_points: 90 },
    ]
    expect(gradeOfTenths(549, bands)).toBe('A')
    expect(gradeOfTenths(550, bands)).toBe('B')
    expect(gradeOfTenths(754, bands)).toBe('B')
    expect(gradeOfTenths(755, bands)).toBe('C')
  })
})

const options: Scoring = {
  method: 'options',
  options: [
    { key: 'a', condition: '完全符合', points: 4 },
    { key: 'b', condition: '部分符合', points: 1.5 },
    { key: 'c', condition: '不符合', points: 0 },
  ],
}
const deduction: Scoring = { method: 'deduction', rule: '每处扣2分', per_finding: 2 }

function row(over: Partial<ScoreRowT> & Pick<ScoreRowT, 'item_id'>): ScoreRowT {
  return {
    element_id: 'EL01',
    element_seq: 1,
    element_name: '设立',
    element_confirmed: true,
    item_seq: 1,
    item_no: over.item_id,
    content: `检查 ${over.item_id}`,
    scoring: options,
    max_tenths: 40,
    score_tenths: null,
    option_key: null,
    finding: null,
    advice: null,
    plan_measure: null,
    plan_owner: null,
    plan_deadline: null,
    ...over,
  }
}

describe('scoring an item', () => {
  const base = { scoring: options, max_tenths: 40, score_tenths: null, option_key: null }
  it('takes an option and its points', () => {
    expect(resolveScore(base, { option_key: 'b' })).toEqual({ score_tenths: 15, option_key: 'b' })
  })
  it('finds the option of a score, and refuses points no option gives', () => {
    expect(resolveScore(base, { score: 40 })).toEqual({ score_tenths: 40, option_key: 'a' })
    expect(resolveScore(base, { score: 30 })).toMatchObject({ field: 'score' })
  })
  it('refuses an option and a score that disagree, and unknown options', () => {
    expect(resolveScore(base, { option_key: 'a', score: 15 })).toMatchObject({ field: 'score' })
    expect(resolveScore(base, { option_key: 'z' })).toMatchObject({ field: 'option_key' })
  })
  it('scores a deduction item within its maximum, without options', () => {
    const d = { ...base, scoring: deduction, max_tenths: 80 }
    expect(resolveScore(d, { score: 60 })).toEqual({ score_tenths: 60, option_key: null })
    expect(resolveScore(d, { score: 81 })).toMatchObject({ field: 'score' })
    expect(resolveScore(d, { option_key: 'a' })).toMatchObject({ field: 'option_key' })
  })
  it('clears a score, and leaves it alone when nothing is sent', () => {
    const scored = { ...base, score_tenths: 15, option_key: 'b' }
    expect(resolveScore(scored, { score: null })).toEqual({ score_tenths: null, option_key: null })
    expect(resolveScore(scored, {})).toEqual({ score_tenths: 15, option_key: 'b' })
  })
})

describe('totals, elements, deductions, submission', () => {
  const rows = [
    row({ item_id: '1.1', score_tenths: 40 }),
    row({ item_id: '1.2', item_seq: 2, score_tenths: 15, finding: 'f', advice: 'a' }),
    row({
      item_id: '2.1',
      element_id: 'EL02',
      element_seq: 2,
      element_name: '选址及规划',
      scoring: deduction,
      max_tenths: 80,
      score_tenths: null,
    }),
  ]
  it('sums scored items, per element in checklist order', () => {
    expect(totals(rows)).toEqual({
      total_tenths: 55,
      max_tenths: 160,
      scored: 2,
      items: 3,
      deduction_tenths: 25,
    })
    expect(elementScores(rows).map((e) => [e.element_id, e.score, e.max_points, e.scored, e.items])).toEqual([
      ['EL01', 5.5, 8, 2, 2],
      ['EL02', 0, 8, 0, 1],
    ])
  })
  it('lists deductions with their advice', () => {
    expect(deductions(rows)).toEqual([
      expect.objectContaining({
        item_no: '1.2',
        deduction: 2.5,
        score: 1.5,
        advice: 'a',
        plan_measure: null,
      }),
    ])
  })
  it('blocks a submission until the checklist totals 100, all items are scored and each deduction is planned', () => {
    const p = submitProblems(rows, 2026)
    expect(p[0]).toMatch(/totals 16\.0 points, not 100/)
    expect(p[1]).toMatch(/1 item\(s\) not scored: 2\.1/)
    expect(p[2]).toMatch(/item 1\.2: deduction without plan_measure, plan_owner, plan_deadline/)
    const full = [row({ item_id: 'x', max_tenths: 1000, scoring: deduction, score_tenths: 1000 })]
    expect(submitProblems(full, 2026)).toEqual([])
    const planned = [
      row({
        item_id: 'x',
        max_tenths: 1000,
        scoring: deduction,
        score_tenths: 990,
        finding: 'f',
        advice: 'a',
        plan_measure: 'm',
        plan_owner: 'o',
        plan_deadline: '2025-12-31',
      }),
    ]
    expect(submitProblems(planned, 2026)).toEqual(['item x: plan_deadline before the evaluation year'])
    expect(submitProblems([{ ...planned[0]!, plan_deadline: '2026-03-31' }], 2026)).toEqual([])
  })
})

describe('comparison with the previous year', () => {
  it('gives the total change, per element, and the items that got worse', () => {
    const prev = [
      row({ item_id: '1.1', score_tenths: 40 }),
      row({ item_id: '1.2', item_seq: 2, score_tenths: 0 }),
    ]
    const cur = [
      row({ item_id: '1.1', score_tenths: 15 }),
      row({ item_id: '1.2', item_seq: 2, score_tenths: 40 }),
    ]
    const c = compare(cur, { year: 2025, status: 'approved', rows: prev }, defaultGradeBands)
    expect(c.total_change).toBe(1.5)
    expect(c.previous_total).toBe(4)
    expect(c.previous_grade).toBe('A')
    expect(c.elements).toEqual([{ element_id: 'EL01', name: '设立', score: 5.5, previous: 4, change: 1.5 }])
    expect(c.worse).toEqual([
      { item_id: '1.1', item_no: '1.1', content: '检查 1.1', score: 1.5, previous: 4, change: -2.5 },
    ])
  })
})

describe('the default checklist', () => {
  it('is valid, totals 100 with 设立 10 and 选址及规划 38 confirmed, and marks the rest as placeholders', () => {
    const parsed = checklistImportBody.parse(defaultChecklist)
    expect(checklistProblems(parsed)).toEqual([])
    const total = parsed.elements.reduce((s, e) => s + toTenths(e.max_points)!, 0)
    expect(total).toBe(1000)
    const confirmed = parsed.elements.filter((e) => e.confirmed).map((e) => [e.name, e.max_points])
    expect(confirmed).toEqual([
      ['设立', 10],
      ['选址及规划', 38],
    ])
    const placeholders = parsed.elements.filter((e) => !e.confirmed)
    expect(placeholders.reduce((s, e) => s + e.max_points, 0)).toBe(52)
    for (const e of placeholders) {
      expect(e.name).toContain('占位')
      for (const i of e.items) expect(i.content).toContain('【占位】')
    }
  })

  it('refuses elements whose items do not add up, repeated ids and options above the maximum', () => {
    const bad = structuredClone(defaultChecklist)
    bad.elements[0]!.max_points = 11
    bad.elements[1]!.items[1]!.id = bad.elements[1]!.items[0]!.id
    const opt = bad.elements[0]!.items[0]!.scoring
    if (opt.method === 'options') opt.options[0]!.points = 5
    const problems = checklistProblems(checklistImportBody.parse(bad)).map((p) => p.field)
    expect(problems).toEqual(
      expect.arrayContaining([
        'elements.0.max_points',
        'elements.1.items.1.id',
        'elements.0.items.0.scoring',
      ]),
    )
  })
})
