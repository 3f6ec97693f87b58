import {
  formatTenths,
  gradeColours,
  toTenths,
  type ElementScore,
  type EvaluationStatus,
  type EvaluationSummary,
  type GradeBand,
  type ItemScore,
} from '../../../../server/contracts/evaluation'
import { recentPeriods, type BiMonth } from '../../../../server/contracts/reports'

// Pure view-model of the evaluation and report tabs (tested without a DOM).

/** Points with one decimal (84.9 → "84.9", 60 → "60.0"). */
export const pts = (n: number) => formatTenths(toTenths(n) ?? Math.round(n * 10))

/** A change with its sign (+1.5, -2.0, 0.0). */
export const signed = (n: number) => (n > 0 ? `+${pts(n)}` : pts(n))

/** Each band with the range of totals it holds ("60.0 ≤ x < 70.0", last "x ≥ 85.0"), in rising order. */
export function bandRanges(
  bands: readonly GradeBand[],
): { grade: GradeBand['grade']; label: string; range: string; colour: string }[] {
  const sorted = [...bands].sort((a, b) => a.min_points - b.min_points)
  return sorted.map((b, i) => {
    const next = sorted[i + 1]
    return {
      grade: b.grade,
      label: b.label,
      range: next ? `${pts(b.min_points)} ≤ x < ${pts(next.min_points)}` : `x ≥ ${pts(b.min_points)}`,
      colour: gradeColours[b.grade],
    }
  })
}

/** Element bars scaled to each element's points: confirmed elements blue, placeholders amber. */
export function elementBars(elements: readonly ElementScore[], placeholderMark: string) {
  return elements.map((e) => ({
    name: e.confirmed ? e.name : `${e.name} · ${placeholderMark}`,
    value: e.max_points ? e.score / e.max_points : 0,
    text: `${pts(e.score)} / ${pts(e.max_points)}`,
    colour: e.confirmed ? '#3b82f6' : '#f59e0b',
  }))
}

/**
 * A typed score: undefined when invalid (not a number, above the maximum, below 0, two decimals), null when
 * empty (clears the score), else the points.
 */
export function parseScore(text: string, max: number): number | null | undefined {
  const t = text.trim()
  if (t === '') return null
  if (!/^\d{1,3}(\.\d)?$/.test(t)) return undefined
  const n = Number(t)
  return n <= max ? n : undefined
}

/** Years in the picker: every evaluated year, plus this year when it has none, newest first. */
export function yearChoices(list: readonly Pick<EvaluationSummary, 'year'>[], thisYear: number): number[] {
  return [...new Set([thisYear, ...list.map((e) => e.year)])].sort((a, b) => b - a)
}

export const statusColour: Record<EvaluationStatus, string> = {
  draft: '#94a3b8',
  submitted: '#f59e0b',
  approved: '#22c55e',
}

/** Item rows in checklist order with what the list shows. */
export function itemRows(items: readonly ItemScore[]) {
  return items.map((i) => ({
    key: i.item_id,
    no: i.item_no,
    content: i.content,
    placeholder: i.placeholder,
    score: i.score === null ? null : pts(i.score),
    max: pts(i.max_points),
    deducted: i.deduction !== null && i.deduction > 0,
    evidence: i.evidence.length,
  }))
}

/** The period picker: the last `n` periods up to now, newest first. */
export function periodChoices(now: number, n = 12): BiMonth[] {
  return recentPeriods(now, n)
}

/** 0.873 → "87.3%"; null → "—". */
export const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)
