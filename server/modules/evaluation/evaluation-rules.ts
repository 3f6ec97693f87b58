import {
  formatTenths,
  fromTenths,
  gradeOfTenths,
  toTenths,
  type ChecklistImportBody,
  type Comparison,
  type Deduction,
  type ElementScore,
  type Grade,
  type GradeBand,
  type Scoring,
} from '../../contracts/evaluation'

// Pure rules of the annual evaluation (《化工园区安全风险排查治理导则》): scoring an item, element and total sums,
// deductions, the checks before submission, the comparison with last year, and the checklist's consistency. All
// arithmetic is in integer tenths of a point.

/** A scored row as stored (tenths). */
export interface ScoreRowT {
  item_id: string
  element_id: string
  element_seq: number
  element_name: string
  element_confirmed: boolean
  item_seq: number
  item_no: string
  content: string
  scoring: Scoring
  max_tenths: number
  score_tenths: number | null
  option_key: string | null
  finding: string | null
  advice: string | null
  plan_measure: string | null
  plan_owner: string | null
  plan_deadline: string | null
}

export type ScoreInput = {
  /** tenths, null clears */
  score?: number | null
  option_key?: string | null
}

/** The score and option an input leads to, or the reason it is refused (field, message). */
export function resolveScore(
  row: Pick<ScoreRowT, 'scoring' | 'max_tenths' | 'score_tenths' | 'option_key'>,
  input: ScoreInput,
): { score_tenths: number | null; option_key: string | null } | { field: string; message: string } {
  const s = row.scoring
  if (input.score === undefined && input.option_key === undefined)
    return { score_tenths: row.score_tenths, option_key: row.option_key }
  if (input.option_key === null || input.score === null) {
    if (input.score != null || input.option_key != null)
      return { field: 'score', message: 'clear score and option together' }
    return { score_tenths: null, option_key: null }
  }
  if (input.option_key !== undefined) {
    if (s.method !== 'options')
      return { field: 'option_key', message: 'this item is scored by deduction, not by options' }
    const o = s.options.find((x) => x.key === input.option_key)
    if (!o) return { field: 'option_key', message: `unknown option ${input.option_key}` }
    const t = toTenths(o.points)!
    if (input.score !== undefined && input.score !== t)
      return { field: 'score', message: `option ${o.key} gives ${formatTenths(t)} points` }
    return { score_tenths: Math.min(t, row.max_tenths), option_key: o.key }
  }
  const score = input.score!
  if (score > row.max_tenths)
    return { field: 'score', message: `at most ${formatTenths(row.max_tenths)} points for this item` }
  if (s.method === 'options') {
    const o = s.options.find((x) => toTenths(x.points) === score)
    if (!o)
      return {
        field: 'score',
        message: `one of the options' points: ${s.options.map((x) => x.points).join(', ')}`,
      }
    return { score_tenths: score, option_key: o.key }
  }
  return { score_tenths: score, option_key: null }
}

export interface Totals {
  total_tenths: number
  max_tenths: number
  scored: number
  items: number
  deduction_tenths: number
}

export function totals(rows: readonly ScoreRowT[]): Totals {
  let total = 0
  let max = 0
  let scored = 0
  let deduction = 0
  for (const r of rows) {
    max += r.max_tenths
    if (r.score_tenths !== null) {
      total += r.score_tenths
      scored++
      deduction += r.max_tenths - r.score_tenths
    }
  }
  return { total_tenths: total, max_tenths: max, scored, items: rows.length, deduction_tenths: deduction }
}

/** Per element, in checklist order. */
export function elementScores(rows: readonly ScoreRowT[]): ElementScore[] {
  const by = new Map<string, ElementScore & { t: number; m: number }>()
  for (const r of rows) {
    let e = by.get(r.element_id)
    if (!e) {
      e = {
        element_id: r.element_id,
        seq: r.element_seq,
        name: r.element_name,
        confirmed: r.element_confirmed,
        max_points: 0,
        score: 0,
        scored: 0,
        items: 0,
        t: 0,
        m: 0,
      }
      by.set(r.element_id, e)
    }
    e.m += r.max_tenths
    e.items++
    if (r.score_tenths !== null) {
      e.t += r.score_tenths
      e.scored++
    }
  }
  return [...by.values()]
    .sort((a, b) => a.seq - b.seq)
    .map(({ t, m, ...e }) => ({ ...e, score: fromTenths(t), max_points: fromTenths(m) }))
}

const byOrder = (a: ScoreRowT, b: ScoreRowT) => a.element_seq - b.element_seq || a.item_seq - b.item_seq

/** Every scored item below its maximum, with advice and plan, in checklist order. */
export function deductions(rows: readonly ScoreRowT[]): Deduction[] {
  return rows
    .filter((r) => r.score_tenths !== null && r.score_tenths < r.max_tenths)
    .sort(byOrder)
    .map((r) => ({
      item_id: r.item_id,
      element_name: r.element_name,
      item_no: r.item_no,
      content: r.content,
      max_points: fromTenths(r.max_tenths),
      score: fromTenths(r.score_tenths!),
      deduction: fromTenths(r.max_tenths - r.score_tenths!),
      finding: r.finding,
      advice: r.advice,
      plan_measure: r.plan_measure,
      plan_owner: r.plan_owner,
      plan_deadline: r.plan_deadline,
    }))
}

/**
 * Why an evaluation cannot be submitted (empty: it can): the checklist must total 100 points, every item must be
 * scored, and every deduction needs its finding, improvement advice and next-year plan (measure, owner,
 * deadline after the evaluation year starts).
 */
export function submitProblems(rows: readonly ScoreRowT[], year: number): string[] {
  const out: string[] = []
  const t = totals(rows)
  if (t.max_tenths !== 1000) out.push(`the checklist totals ${formatTenths(t.max_tenths)} points, not 100`)
  const unscored = rows.filter((r) => r.score_tenths === null).sort(byOrder)
  if (unscored.length)
    out.push(
      `${unscored.length} item(s) not scored: ${unscored
        .slice(0, 10)
        .map((r) => r.item_no)
        .join(', ')}`,
    )
  for (const r of [...rows].sort(byOrder)) {
    if (r.score_tenths === null || r.score_tenths >= r.max_tenths) continue
    const missing = [
      !r.finding && 'finding',
      !r.advice && 'advice',
      !r.plan_measure && 'plan_measure',
      !r.plan_owner && 'plan_owner',
      !r.plan_deadline && 'plan_deadline',
    ].filter(Boolean)
    if (missing.length) out.push(`item ${r.item_no}: deduction without ${missing.join(', ')}`)
    else if (r.plan_deadline! < `${year}-01-01`)
      out.push(`item ${r.item_no}: plan_deadline before the evaluation year`)
  }
  return out
}

/** The comparison with the previous year's evaluation: total, grade, per element, items that got worse. */
export function compare(
  cur: readonly ScoreRowT[],
  prev: { year: number; status: Comparison['previous_status']; rows: readonly ScoreRowT[] },
  bands: readonly GradeBand[],
  prevGrade?: Grade | null,
): Comparison {
  const curTotal = totals(cur).total_tenths
  const prevTotal = totals(prev.rows).total_tenths
  const prevEl = new Map(elementScores(prev.rows).map((e) => [e.element_id, e]))
  const prevItem = new Map(prev.rows.map((r) => [r.item_id, r]))
  const elements = elementScores(cur).map((e) => {
    const p = prevEl.get(e.element_id)
    const change = p ? fromTenths(toTenths(e.score)! - toTenths(p.score)!) : null
    return { element_id: e.element_id, name: e.name, score: e.score, previous: p?.score ?? null, change }
  })
  const worse = [...cur].sort(byOrder).flatMap((r) => {
    const p = prevItem.get(r.item_id)
    if (!p || r.score_tenths === null || p.score_tenths === null || r.score_tenths >= p.score_tenths)
      return []
    return [
      {
        item_id: r.item_id,
        item_no: r.item_no,
        content: r.content,
        score: fromTenths(r.score_tenths),
        previous: fromTenths(p.score_tenths),
        change: fromTenths(r.score_tenths - p.score_tenths),
      },
    ]
  })
  return {
    previous_year: prev.year,
    previous_status: prev.status,
    previous_total: fromTenths(prevTotal),
    previous_grade: prevGrade ?? gradeOfTenths(prevTotal, bands),
    total_change: fromTenths(curTotal - prevTotal),
    elements,
    worse,
  }
}

/**
 * Why a checklist cannot be loaded (empty: it can): the items of each element add up to the element's points;
 * options and per-finding deductions never exceed the item's maximum; item ids are unique across elements.
 */
export function checklistProblems(body: ChecklistImportBody): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = []
  const ids = new Set<string>()
  const elementIds = new Set<string>()
  body.elements.forEach((e, i) => {
    if (elementIds.has(e.id)) out.push({ field: `elements.${i}.id`, message: `repeated element ${e.id}` })
    elementIds.add(e.id)
    const sum = e.items.reduce((s, it) => s + (toTenths(it.max_points) ?? 0), 0)
    if (sum !== toTenths(e.max_points))
      out.push({
        field: `elements.${i}.max_points`,
        message: `items add up to ${formatTenths(sum)}, not ${e.max_points}`,
      })
    const nos = new Set<string>()
    e.items.forEach((it, j) => {
      const f = `elements.${i}.items.${j}`
      if (ids.has(it.id)) out.push({ field: `${f}.id`, message: `repeated item ${it.id}` })
      ids.add(it.id)
      if (nos.has(it.item_no))
        out.push({ field: `${f}.item_no`, message: `repeated item number ${it.item_no}` })
      nos.add(it.item_no)
      out.push(
        ...scoringProblems(it.scoring, it.max_points).map((m) => ({ field: `${f}.scoring`, message: m })),
      )
    })
  })
  return out
}

/** An item's scoring against its maximum. */
export function scoringProblems(s: Scoring, maxPoints: number): string[] {
  const max = toTenths(maxPoints)!
  if (s.method === 'options')
    return s.options
      .filter((o) => toTenths(o.points)! > max)
      .map((o) => `option ${o.key} gives ${o.points} points, above the item's ${maxPoints}`)
  return toTenths(s.per_finding)! > max
    ? [`per_finding ${s.per_finding} is above the item's ${maxPoints}`]
    : []
}
