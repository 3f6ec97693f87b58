import type { Me, RiskColor } from '../../../../server/contracts'
import type {
  Licence,
  LicenceStatus,
  OperationRecord,
  OperationWarning,
  Qualification,
  SafetyEngineer,
} from '../../../../server/contracts/safety-basics'
import { tx } from './basics-texts'

// Pure model of the 安全基础管理 tab: ordering, colours, the overhaul calendar's bars, warning texts and the
// conversions between form fields and request bodies. No DOM here (unit-tested).

const riskOrder: Record<RiskColor, number> = { red: 0, orange: 1, yellow: 2, blue: 3 }

/** Red first, then orange, yellow, blue; by id within a grade. */
export function rankByRisk<T extends { id: string; risk: RiskColor }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => riskOrder[a.risk] - riskOrder[b.risk] || a.id.localeCompare(b.id))
}

export const licenceColour: Record<LicenceStatus, string> = {
  expired: '#ff4d4f',
  expiring: '#ffb020',
  valid: '#3fb3ff',
  cancelled: '#8aa0b8',
}

/** Expired first (longest over first), then expiring (soonest first), then valid, then cancelled. */
export function sortLicences<T extends Pick<Licence, 'status' | 'days_left' | 'id'>>(
  rows: readonly T[],
): T[] {
  const rank: Record<LicenceStatus, number> = { expired: 0, expiring: 1, valid: 2, cancelled: 3 }
  return [...rows].sort(
    (a, b) => rank[a.status] - rank[b.status] || a.days_left - b.days_left || a.id.localeCompare(b.id),
  )
}

/** "剩 20 天" / "过期 35 天" */
export function daysText(l: Pick<Licence, 'status' | 'days_left'>): string {
  if (l.status === 'cancelled') return tx('cancelled')
  return l.days_left < 0 ? tx('daysOver', { n: -l.days_left }) : tx('daysLeft', { n: l.days_left })
}

/** The park-local (UTC+8) "YYYY-MM-DD HH:mm" of an instant. */
export function parkTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

/** A `datetime-local` value (park time) as an ISO instant with the +08:00 offset; null when empty or malformed. */
export function instantOf(local: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(local.trim())
  return m ? `${m[1]}T${m[2]}:00+08:00` : null
}

/** An instant as the `datetime-local` value in park time. */
export const localOf = (iso: string) => parkTime(iso).replace(' ', 'T')

/** A warning as one line of text. */
export function warningText(w: OperationWarning): string {
  if (w.kind === 'unit_overlap')
    return tx('unitOverlap', {
      id: w.with_id,
      kind: tx(w.with_kind),
      from: parkTime(w.from),
      to: parkTime(w.to),
    })
  return tx('parkLimit', { peak: w.peak, limit: w.limit, at: parkTime(w.at) })
}

export interface CalendarBar {
  id: string
  record: OperationRecord
  /** position within the calendar's range, percent */
  left: number
  width: number
  conflict: boolean
}

/**
 * The calendar's bars: each record overlapping [from, to) placed proportionally (clipped to the range), the
 * cancelled ones left out, earliest first.
 */
export function calendarBars(records: readonly OperationRecord[], from: string, to: string): CalendarBar[] {
  const lo = Date.parse(from)
  const hi = Date.parse(to)
  const span = hi - lo
  return records
    .filter((r) => r.status !== 'cancelled')
    .map((r) => ({
      r,
      s: Math.max(Date.parse(r.planned_start), lo),
      e: Math.min(Date.parse(r.planned_end), hi),
    }))
    .filter(({ s, e }) => e > s)
    .sort((a, b) => a.s - b.s || a.r.id.localeCompare(b.r.id))
    .map(({ r, s, e }) => ({
      id: r.id,
      record: r,
      left: Math.round(((s - lo) / span) * 1000) / 10,
      width: Math.max(0.5, Math.round(((e - s) / span) * 1000) / 10),
      conflict: r.warnings.length > 0,
    }))
}

/** The calendar's day ticks (park days) from `fromDay`, every `step` days. */
export function dayTicks(fromDay: string, days: number, step = 7): { day: string; left: number }[] {
  const out: { day: string; left: number }[] = []
  for (let i = 0; i < days; i += step)
    out.push({
      day: new Date(Date.parse(`${fromDay}T00:00:00Z`) + i * 86_400_000).toISOString().slice(5, 10),
      left: Math.round((i / days) * 1000) / 10,
    })
  return out
}

/** Non-empty trimmed lines. */
export const linesOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)

/** "陈静,0320001,2027-05-01,化工安全" lines → engineers (the server validates every field). */
export function engineersOf(text: string): SafetyEngineer[] {
  return linesOf(text).map((line) => {
    const [name = '', certificate_no = '', expires_on = '', specialty = ''] = line
      .split(/[,，]/)
      .map((x) => x.trim())
    return { name, certificate_no, expires_on, specialty: specialty || null }
  })
}
export const engineersText = (list: readonly SafetyEngineer[]) =>
  list
    .map((e) => [e.name, e.certificate_no, e.expires_on, e.specialty ?? ''].join(',').replace(/,$/, ''))
    .join('\n')

/** "名称,编号,2027-05-01" lines → qualifications. */
export function qualificationsOf(text: string): Qualification[] {
  return linesOf(text).map((line) => {
    const [name = '', number = '', expires_on = ''] = line.split(/[,，]/).map((x) => x.trim())
    return { name, number, expires_on }
  })
}
export const qualificationsText = (list: readonly Qualification[]) =>
  list.map((q) => `${q.name},${q.number},${q.expires_on}`).join('\n')

/** A whole number from a field; empty → null; anything else is passed through for the server to refuse. */
export function intOf(value: string): number | null | string {
  const v = value.trim()
  if (!v) return null
  return /^-?\d+$/.test(v) ? Number(v) : v
}

/** Whether the account may write records of the enterprise (park admins all, enterprise accounts their own). */
export function canWrite(
  me: Pick<Me, 'role' | 'enterprise_id'> | null | undefined,
  enterpriseId?: string | null,
) {
  if (!me) return false
  if (me.role === 'park_admin') return true
  return me.role === 'enterprise_user' && (!enterpriseId || me.enterprise_id === enterpriseId)
}

/** Counts for the tab's headline: licences due, records in conflict. */
export function headline(
  licences: readonly Pick<Licence, 'status'>[],
  records: readonly Pick<OperationRecord, 'warnings'>[],
) {
  return {
    due: licences.filter((l) => l.status === 'expiring' || l.status === 'expired').length,
    conflicts: records.filter((r) => r.warnings.length > 0).length,
  }
}
