import {
  mhGradeColour,
  mhGradeEn,
  mhGrades,
  mhNoGradeColour,
  type MhGrade,
  type MhGradeBody,
  type MhUnit,
} from '../../../../server/contracts/hazards'
import { createStore, type Store } from '../../../core/store'

// Pure helpers of the 重大危险源 screens (sorting, counts, colours, the calculator's input) and the overlay store
// the tab fills and the twin layer draws from.

export const gradeColour = (g: MhGrade | null): string => (g ? mhGradeColour[g] : mhNoGradeColour)

/** 一级 … 四级 in Chinese, Grade I … IV in English; null → the "not a major hazard" text given. */
export const gradeLabel = (g: MhGrade | null, locale: string, none: string): string =>
  g ? (locale === 'en' ? mhGradeEn[g] : g) : none

const rank = (g: MhGrade | null) => (g ? mhGrades.indexOf(g) : mhGrades.length)

/** Most severe first: by grade, then by R (larger first), then by id. */
export function sortUnits<T extends Pick<MhUnit, 'id' | 'assessment'>>(units: readonly T[]): T[] {
  return [...units].sort(
    (a, b) =>
      rank(a.assessment.grade) - rank(b.assessment.grade) ||
      b.assessment.R - a.assessment.R ||
      a.id.localeCompare(b.id),
  )
}

export interface GradeSummary {
  counts: Record<MhGrade, number>
  major: number
  overdue: number
  changed: number
}

export function summarise(
  units: readonly Pick<MhUnit, 'assessment' | 'overdue_checks' | 'grade_changed'>[],
): GradeSummary {
  const counts = Object.fromEntries(mhGrades.map((g) => [g, 0])) as Record<MhGrade, number>
  let overdue = 0
  let changed = 0
  for (const u of units) {
    if (u.assessment.grade) counts[u.assessment.grade]++
    overdue += u.overdue_checks
    if (u.grade_changed) changed++
  }
  return { counts, major: mhGrades.reduce((a, g) => a + counts[g], 0), overdue, changed }
}

/** Up to `digits` decimals, trailing zeros dropped (30, 31.2, 0.998). */
export function num(x: number, digits = 3): string {
  return String(Number(x.toFixed(digits)))
}

export interface CalcRow {
  chemical: string
  q: string
}

type CalcResult = { ok: true; body: MhGradeBody } | { ok: false; field: string; message: string }

/**
 * The calculator's rows as the request it sends: empty rows skipped, a missing name or a quantity that is no
 * number refused here; the values themselves (a negative quantity, negative people, an unknown chemical) are the
 * server's to refuse, so that its message is the one shown. Row indexes are those of `rows`, as the form shows them.
 */
export function calcRequest(rows: readonly CalcRow[], exposed: string): CalcResult {
  const items: MhGradeBody['items'] = []
  for (const [i, r] of rows.entries()) {
    if (!r.chemical.trim() && !r.q.trim()) continue
    if (!r.chemical.trim()) return { ok: false, field: `items.${i}.chemical`, message: 'name or CAS' }
    const q = Number(r.q)
    if (r.q.trim() === '' || !Number.isFinite(q))
      return { ok: false, field: `items.${i}.q_t`, message: 'tonnes' }
    items.push({ chemical: r.chemical.trim(), q_t: q })
  }
  if (!items.length) return { ok: false, field: 'items', message: 'at least one chemical' }
  const people = Number(exposed)
  if (exposed.trim() === '' || !Number.isFinite(people))
    return { ok: false, field: 'exposed_people', message: 'a whole number ≥ 0' }
  return { ok: true, body: { items, exposed_people: people } }
}

/** The form row a field of the request names: `items.<k>.…` of the request is row `rowOf[k]` of the form. */
export function calcFormField(field: string, rows: readonly CalcRow[]): string {
  const m = /^items\.(\d+)(\..*)?$/.exec(field)
  if (!m) return field
  const filled = [...rows.keys()].filter((i) => rows[i]!.chemical.trim() || rows[i]!.q.trim())
  const row = filled[Number(m[1])]
  return row === undefined ? field : `items.${row}${m[2] ?? ''}`
}

/** The calculator's rows as a request body, or the first problem, every value checked here too. */
export function calcBody(rows: readonly CalcRow[], exposed: string): CalcResult {
  const r = calcRequest(rows, exposed)
  if (!r.ok) return r
  const filled = [...rows.keys()].filter((i) => rows[i]!.chemical.trim() || rows[i]!.q.trim())
  for (const [k, it] of r.body.items.entries())
    if (it.q_t < 0) return { ok: false, field: `items.${filled[k]}.q_t`, message: '≥ 0' }
  const people = r.body.exposed_people
  if (!Number.isInteger(people) || people < 0)
    return { ok: false, field: 'exposed_people', message: 'a whole number ≥ 0' }
  return r
}

/** What the twin's 'major-hazards' layer draws: each unit's asset outline coloured by its grade. */
export interface MajorHazardOverlayState {
  units: readonly Pick<MhUnit, 'id' | 'asset_id' | 'name' | 'name_en' | 'assessment'>[]
}

/** The page's one major-hazard overlay; the 重大危险源 tab fills it, the twin layer reads it. */
export const majorHazardOverlay: Store<MajorHazardOverlayState> = createStore<MajorHazardOverlayState>({
  units: [],
})

/** Units the layer outlines: major hazards only (S ≥ 1), by asset, most severe drawn last (on top). */
export function overlayOutlines(
  s: MajorHazardOverlayState,
): { asset_id: string; grade: MhGrade; colour: string; label: string }[] {
  return sortUnits(s.units.filter((u) => u.assessment.grade))
    .reverse()
    .map((u) => ({
      asset_id: u.asset_id,
      grade: u.assessment.grade!,
      colour: gradeColour(u.assessment.grade),
      label: `${u.assessment.grade} R=${num(u.assessment.R, 1)}`,
    }))
}
