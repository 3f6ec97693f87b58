import type {
  GovernancePlan,
  HdAction,
  HdGrade,
  HdStats,
  HiddenDanger,
  RegulatorApproval,
  TransitionBody,
} from '../../../../server/contracts/hidden-dangers'
import {
  colourOf,
  dangerLevel,
  lecD,
  riskColors,
  type RiskBand,
  type RiskColor,
  type RiskMap,
  type RiskPoint,
} from '../../../../server/contracts/risk'
import { createStore, type Store } from '../../../core/store'

// Pure parts of the 双重预防 tab: the live LEC preview, legends, list ordering and colours, statistics rows, and the
// body of each closed-loop step built from a form's values. The overlay store the risk-map layer draws from.

/** What the four-colour risk-map layer draws: filled by the 双重预防 tab (and the parcel section), never fetched. */
export interface RiskMapOverlay {
  map: RiskMap | null
}
export const riskMapOverlay: Store<RiskMapOverlay> = createStore<RiskMapOverlay>({ map: null })

/** The dialog's live result: D, its colour under the park's bands, the standard's danger level. */
export function lecPreview(
  l: number,
  e: number,
  c: number,
  bands: readonly Pick<RiskBand, 'colour' | 'd_above'>[],
): { d: number; colour: RiskColor; level: { zh: string; en: string } } {
  const d = lecD(l, e, c)
  const lv = dangerLevel(d)
  return { d, colour: colourOf(d, bands), level: { zh: lv.zh, en: lv.en } }
}

const fmt = (n: number) => String(+n.toFixed(2))

/** "D > 320", "160 < D ≤ 320", … "D ≤ 70" for each band, red first. */
export function bandRanges(bands: readonly Pick<RiskBand, 'colour' | 'd_above'>[]): [RiskColor, string][] {
  const sorted = [...bands].sort((a, b) => b.d_above - a.d_above)
  return sorted.map((b, i) => {
    const upper = i > 0 ? sorted[i - 1]!.d_above : null
    if (upper === null) return [b.colour, `D > ${fmt(b.d_above)}`]
    if (b.d_above <= 0) return [b.colour, `D ≤ ${fmt(upper)}`]
    return [b.colour, `${fmt(b.d_above)} < D ≤ ${fmt(upper)}`]
  })
}

/** Points per current colour (and not assessed). */
export function colourCounts(
  points: readonly Pick<RiskPoint, 'current'>[],
): Record<RiskColor | 'none', number> {
  const out: Record<RiskColor | 'none', number> = { red: 0, orange: 0, yellow: 0, blue: 0, none: 0 }
  for (const p of points) out[p.current?.colour ?? 'none']++
  return out
}

/** Highest D first; not assessed last; then by name. */
export function sortPoints<T extends Pick<RiskPoint, 'current' | 'name'>>(points: readonly T[]): T[] {
  return [...points].sort(
    (a, b) => (b.current?.d ?? -1) - (a.current?.d ?? -1) || a.name.localeCompare(b.name, 'zh-CN'),
  )
}

export const hdHex = { overdue: '#ff3b3b', major: '#ff8c1a', open: '#3fb3ff', closed: '#6b7d93' }

/** A hidden danger's swatch: overdue red, 重大 orange, open blue, closed grey. */
export function hdColour(h: Pick<HiddenDanger, 'overdue' | 'grade' | 'state'>): string {
  if (h.state === 'closed') return hdHex.closed
  if (h.overdue) return hdHex.overdue
  return h.grade === 'major' ? hdHex.major : hdHex.open
}

/** Days from `today` to a deadline (negative: overdue by that many days). */
export function daysLeft(deadline: string, today: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000)
}

/** "0.75" → "75%"; null → "—". */
export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`
}

/** Enterprises with anything to show, the most open (then overdue) first. */
export function statsRows(stats: HdStats): HdStats['enterprises'] {
  const open = (e: HdStats['enterprises'][number]) => e.open.general + e.open.major
  const overdue = (e: HdStats['enterprises'][number]) => e.overdue.general + e.overdue.major
  return stats.enterprises
    .filter((e) => open(e) + e.closed.general + e.closed.major > 0)
    .sort(
      (a, b) =>
        overdue(b) - overdue(a) || open(b) - open(a) || a.enterprise_id.localeCompare(b.enterprise_id),
    )
}

/** The inputs a step's form shows (name → kind); the 重大 closing adds the regulator's approval. */
export type FieldKind = 'text' | 'area' | 'date' | 'number' | 'grade'
export function stepFields(action: HdAction, grade: HdGrade): [string, FieldKind][] {
  switch (action) {
    case 'order':
      return [
        ['owner', 'text'],
        ['deadline', 'date'],
        ['requirement', 'area'],
        ['grade', 'grade'],
      ]
    case 'start':
      return [['note', 'area']]
    case 'request_acceptance':
      return [['rectification', 'area']]
    case 'verify':
      return grade === 'major'
        ? [
            ['note', 'area'],
            ['application_ref', 'text'],
            ['applied_on', 'date'],
            ['regulator', 'text'],
            ['approval_ref', 'text'],
            ['approved_on', 'date'],
          ]
        : [['note', 'area']]
    case 'send_back':
      return [['reason', 'area']]
    case 'supervise':
      return [
        ['listing_ref', 'text'],
        ['note', 'area'],
      ]
    case 'plan':
      return [
        ['goal', 'area'],
        ['measures', 'area'],
        ['funds_wan_yuan', 'number'],
        ['people', 'text'],
        ['deadline', 'date'],
        ['safety_measures', 'area'],
        ['contingency', 'area'],
      ]
  }
}

const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined)

/**
 * The request body of a step from the form's values (strings). Empty optional values are left out; required ones
 * are passed as typed so the server's 400 names the field.
 */
export function stepBody(action: HdAction, grade: HdGrade, v: Record<string, string>): TransitionBody {
  switch (action) {
    case 'order':
      return {
        action,
        owner: v.owner ?? '',
        deadline: v.deadline ?? '',
        ...(opt(v.requirement) ? { requirement: opt(v.requirement) } : {}),
        ...(v.grade === 'general' || v.grade === 'major' ? { grade: v.grade } : {}),
      }
    case 'start':
      return { action, ...(opt(v.note) ? { note: opt(v.note) } : {}) }
    case 'request_acceptance':
      return { action, rectification: v.rectification ?? '' }
    case 'verify': {
      const approval: RegulatorApproval | undefined =
        grade === 'major' && (opt(v.application_ref) || opt(v.approval_ref))
          ? {
              application_ref: v.application_ref ?? '',
              applied_on: v.applied_on ?? '',
              regulator: v.regulator ?? '',
              approval_ref: v.approval_ref ?? '',
              approved_on: v.approved_on ?? '',
            }
          : undefined
      return {
        action,
        ...(opt(v.note) ? { note: opt(v.note) } : {}),
        ...(approval ? { regulator_approval: approval } : {}),
      }
    }
    case 'send_back':
      return { action, reason: v.reason ?? '' }
    case 'supervise':
      return { action, listing_ref: v.listing_ref ?? '', ...(opt(v.note) ? { note: opt(v.note) } : {}) }
    case 'plan': {
      const plan: GovernancePlan = {
        goal: v.goal ?? '',
        measures: v.measures ?? '',
        funds_wan_yuan: v.funds_wan_yuan ? Number(v.funds_wan_yuan) : Number.NaN,
        people: v.people ?? '',
        deadline: v.deadline ?? '',
        safety_measures: v.safety_measures ?? '',
        contingency: v.contingency ?? '',
      }
      return { action, governance_plan: plan }
    }
  }
}

/** The colours in legend order with their counts (the risk list's header). */
export function legendOrder(): readonly RiskColor[] {
  return riskColors
}
