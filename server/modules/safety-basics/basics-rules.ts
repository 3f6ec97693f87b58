import type { AlarmPriority } from '../../contracts/alarms'
import { addMonths } from '../../contracts/emergency-plans'
import {
  activeOperationStatuses,
  licenceMaxYears,
  licenceStatus,
  maxOperationDays,
  type LicenceKind,
  type OperationKind,
  type OperationStatus,
  type OperationWarning,
  type Qualification,
} from '../../contracts/safety-basics'

// Pure rules of 安全基础管理: consistent licences and start-up / overhaul records, the overlap-conflict warnings,
// the contractor entry checks, and the licence reminders. Numbers: /work/shared/domain/safety-standards.md
// (licence valid 3 years, renewal applied ≥ 3 months before expiry) and the park's settings.

export interface RuleViolation {
  field: string
  message: string
}

/** The first violation of a licence's dates, or null. */
export function licenceViolation(l: {
  kind: LicenceKind
  valid_from: string
  valid_to: string
}): RuleViolation | null {
  if (l.valid_to <= l.valid_from) return { field: 'valid_to', message: 'must be after valid_from' }
  const years = licenceMaxYears[l.kind]
  if (l.valid_to > addMonths(l.valid_from, years * 12))
    return { field: 'valid_to', message: `a ${l.kind} licence is issued for at most ${years} years` }
  return null
}

/** Status steps of a record: planned → in progress → completed; planned or in progress → cancelled. */
const nextStatuses: Record<OperationStatus, readonly OperationStatus[]> = {
  planned: ['planned', 'in_progress', 'cancelled'],
  in_progress: ['in_progress', 'completed', 'cancelled'],
  completed: ['completed'],
  cancelled: ['cancelled'],
}
export const canMoveTo = (from: OperationStatus, to: OperationStatus) => nextStatuses[from].includes(to)

export interface OperationState {
  planned_start: string
  planned_end: string
  actual_start: string | null
  actual_end: string | null
  status: OperationStatus
}

/** The first violation of a record's windows and status, or null. Instants are ISO-8601. */
export function operationViolation(o: OperationState, nowMs: number): RuleViolation | null {
  const ps = Date.parse(o.planned_start)
  const pe = Date.parse(o.planned_end)
  if (pe <= ps) return { field: 'planned_end', message: 'must be after planned_start' }
  if (pe - ps > maxOperationDays * 86_400_000)
    return { field: 'planned_end', message: `a planned window is at most ${maxOperationDays} days` }
  if (o.actual_start && Date.parse(o.actual_start) > nowMs)
    return { field: 'actual_start', message: 'is in the future' }
  if (o.actual_end && Date.parse(o.actual_end) > nowMs)
    return { field: 'actual_end', message: 'is in the future' }
  if (o.actual_end && !o.actual_start)
    return { field: 'actual_start', message: 'is required with actual_end' }
  if (o.actual_end && o.actual_start && Date.parse(o.actual_end) <= Date.parse(o.actual_start))
    return { field: 'actual_end', message: 'must be after actual_start' }
  if ((o.status === 'in_progress' || o.status === 'completed') && !o.actual_start)
    return { field: 'actual_start', message: `is required when ${o.status}` }
  if (o.status === 'completed' && !o.actual_end)
    return { field: 'actual_end', message: 'is required when completed' }
  return null
}

/** The unit name compared for overlaps: trimmed, spaces collapsed, case-insensitive. */
export const unitKey = (unit: string) => unit.trim().replace(/\s+/g, ' ').toLowerCase()

export interface WindowRecord {
  id: string
  enterprise_id: string
  kind: OperationKind
  unit: string
  asset_id: string | null
  planned_start: string
  planned_end: string
  status: OperationStatus
}

const overlaps = (a: { planned_start: string; planned_end: string }, b: typeof a) =>
  Date.parse(a.planned_start) < Date.parse(b.planned_end) &&
  Date.parse(b.planned_start) < Date.parse(a.planned_end)
const occupies = (s: OperationStatus) => activeOperationStatuses.includes(s)

/**
 * 装置时间重叠: the other active records of the same enterprise on the same unit (same name, or the same building
 * on the twin) whose planned windows overlap this one's. A cancelled or completed record conflicts with nothing.
 */
export function unitOverlaps(r: WindowRecord, others: readonly WindowRecord[]): OperationWarning[] {
  if (!occupies(r.status)) return []
  const key = unitKey(r.unit)
  return others
    .filter(
      (o) =>
        o.id !== r.id &&
        o.enterprise_id === r.enterprise_id &&
        occupies(o.status) &&
        (unitKey(o.unit) === key || (r.asset_id !== null && o.asset_id === r.asset_id)) &&
        overlaps(r, o),
    )
    .sort((a, b) => a.planned_start.localeCompare(b.planned_start) || a.id.localeCompare(b.id))
    .map((o) => ({
      kind: 'unit_overlap' as const,
      with_id: o.id,
      with_kind: o.kind,
      from: new Date(Math.max(Date.parse(r.planned_start), Date.parse(o.planned_start))).toISOString(),
      to: new Date(Math.min(Date.parse(r.planned_end), Date.parse(o.planned_end))).toISOString(),
    }))
}

/**
 * The most windows open at one instant within [from, to) (half-open windows: one ending when another starts does
 * not overlap it), and the first instant that peak is reached. 0 and null when none.
 */
export function peakConcurrency(
  windows: readonly { planned_start: string; planned_end: string }[],
  from: string,
  to: string,
): { peak: number; at: string | null } {
  const lo = Date.parse(from)
  const hi = Date.parse(to)
  const events: [number, number][] = []
  for (const w of windows) {
    const s = Math.max(Date.parse(w.planned_start), lo)
    const e = Math.min(Date.parse(w.planned_end), hi)
    if (e <= s) continue
    events.push([s, 1], [e, -1])
  }
  // ends before starts at the same instant
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let open = 0
  let peak = 0
  let at: number | null = null
  for (const [t, d] of events) {
    open += d
    if (open > peak) {
      peak = open
      at = t
    }
  }
  return { peak, at: at === null ? null : new Date(at).toISOString() }
}

/**
 * 园区同时大检修超限: for an active overhaul, more overhauls at one instant of its window than the park allows.
 * `parkWindows` are all active park overhauls that overlap the window (the record itself included).
 */
export function parkLimitWarning(
  r: WindowRecord,
  parkWindows: readonly { planned_start: string; planned_end: string }[],
  limit: number,
): OperationWarning | null {
  if (r.kind !== 'overhaul' || !occupies(r.status)) return null
  const { peak, at } = peakConcurrency(parkWindows, r.planned_start, r.planned_end)
  return peak > limit && at ? { kind: 'park_limit', peak, limit, at } : null
}

// ---------- contractors ----------

export interface EntryPerson {
  id: string
  name: string
  training_valid_to: string | null
  certificate_expires: string | null
}

export type EntryProblem =
  { status: 409; id: string; message: string } | { status: 400; field: string; message: string }

/**
 * Why an entry (入厂) cannot be approved, or null: a blacklisted contractor never enters; a qualification that
 * expires before the entry ends blocks it; every person needs safety training valid through the last day, and a
 * special-work certificate, when held, valid through it too.
 */
export function entryProblem(
  contractor: { blacklisted: boolean; qualifications: readonly Qualification[] },
  people: readonly EntryPerson[],
  entry: { valid_to: string; person_ids: readonly string[] },
): EntryProblem | null {
  if (contractor.blacklisted)
    return { status: 409, id: 'contractor.blacklisted', message: 'the contractor is blacklisted' }
  const lapsed = contractor.qualifications.find((q) => q.expires_on < entry.valid_to)
  if (lapsed)
    return {
      status: 409,
      id: 'contractor.qualification_expired',
      message: `qualification ${lapsed.name} (${lapsed.number}) expires on ${lapsed.expires_on}, before the entry ends`,
    }
  const byId = new Map(people.map((p) => [p.id, p]))
  for (const [i, id] of entry.person_ids.entries()) {
    const p = byId.get(id)
    if (!p)
      return { status: 400, field: `person_ids.${i}`, message: `unknown person ${id} of this contractor` }
    if (!p.training_valid_to || p.training_valid_to < entry.valid_to)
      return {
        status: 400,
        field: `person_ids.${i}`,
        message: `${p.name}: safety training ${p.training_valid_to ? `valid only to ${p.training_valid_to}` : 'missing'}`,
      }
    if (p.certificate_expires && p.certificate_expires < entry.valid_to)
      return {
        status: 400,
        field: `person_ids.${i}`,
        message: `${p.name}: certificate expires on ${p.certificate_expires}`,
      }
  }
  return null
}

// ---------- reminders ----------

export const licenceRules = { expiring: 'licence_expiring', expired: 'licence_expired' } as const
export const licenceSource = (id: string) => `licence:${id}`

export interface ReminderLicence {
  id: string
  enterprise_id: string
  kind: LicenceKind
  title: string | null
  number: string
  valid_to: string
  cancelled: boolean
}

export interface LicenceCondition {
  source_id: string
  rule: string
  priority: AlarmPriority
  enterprise_id: string
  message: string
  props: Record<string, unknown>
}

const licenceName: Record<LicenceKind, string> = {
  safety_production: '安全生产许可证',
  hazchem_operation: '危险化学品经营许可证',
  hazchem_use: '危险化学品安全使用许可证',
  hazchem_registration: '危险化学品登记证',
  pollutant_discharge: '排污许可证',
  other: '许可证',
}

/** The reminders that hold today: expiring within `warnDays` → low, expired → high; cancelled ones none. */
export function licenceConditions(
  licences: readonly ReminderLicence[],
  today: string,
  warnDays: number,
): LicenceCondition[] {
  const out: LicenceCondition[] = []
  for (const l of licences) {
    const status = licenceStatus(l, today, warnDays)
    if (status !== 'expiring' && status !== 'expired') continue
    const name = `${l.title ?? licenceName[l.kind]} ${l.number}`
    out.push({
      source_id: licenceSource(l.id),
      rule: status === 'expired' ? licenceRules.expired : licenceRules.expiring,
      priority: status === 'expired' ? 'high' : 'low',
      enterprise_id: l.enterprise_id,
      message:
        status === 'expired'
          ? `许可证已过期 / licence expired on ${l.valid_to}: ${name} (${l.enterprise_id})`
          : `许可证即将到期 / licence expires on ${l.valid_to}: ${name} (${l.enterprise_id})`,
      props: { licence_id: l.id, kind: l.kind, number: l.number, valid_to: l.valid_to },
    })
  }
  return out
}
