import type { AlarmPriority } from '../../contracts/alarms'
import type { ManifestStatus, StorageState } from '../../contracts/hazwaste'

// Pure rules of the hazardous-waste ledger: park days, the one-year storage rule, manifest transitions and
// the alarm conditions the hourly check raises.

const DAY_MS = 86_400_000
/** China Standard Time, UTC+8 (no daylight saving). */
const CST_OFFSET_MS = 8 * 3_600_000

/** The park day (YYYY-MM-DD, China Standard Time) of an instant in ms. */
export function parkDay(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10)
}

/** The instant (ms) a park day starts: 00:00 China Standard Time. */
export function parkDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** The same calendar day `years` later; 29 February becomes 28 February (the stricter reading). */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const lastOfMonth = new Date(Date.UTC(y + years, m, 0)).getUTCDate()
  return new Date(Date.UTC(y + years, m - 1, Math.min(d, lastOfMonth))).toISOString().slice(0, 10)
}

/** Days before the one-year limit when the advance warning starts. */
export const storageWarningDays = 30

/**
 * 固体废物污染环境防治法 §81: hazardous waste is generally stored no longer than one year. A batch put in
 * storage on day D may stay through D + 1 year; from the day after it is over, and 30 days ahead it is near.
 */
export function storageState(oldestBatchDay: string | null, today: string): StorageState {
  if (!oldestBatchDay) return 'ok'
  const left = daysBetween(today, addYears(oldestBatchDay, 1))
  if (left < 0) return 'over_1y'
  return left <= storageWarningDays ? 'near_1y' : 'ok'
}

export const worseState = (a: StorageState, b: StorageState): StorageState =>
  a === 'over_1y' || b === 'over_1y' ? 'over_1y' : a === 'near_1y' || b === 'near_1y' ? 'near_1y' : 'ok'

export type ManifestAction = 'ship' | 'receive' | 'cancel'
const transitions: Record<ManifestAction, { from: ManifestStatus; to: ManifestStatus }> = {
  ship: { from: 'created', to: 'shipped' },
  receive: { from: 'shipped', to: 'received' },
  cancel: { from: 'created', to: 'cancelled' },
}

/** 转移联单 status order: created → shipped → received, or created → cancelled. */
export function nextManifestStatus(
  current: ManifestStatus,
  action: ManifestAction,
): { to: ManifestStatus } | { refused: string } {
  const t = transitions[action]
  if (current === t.from) return { to: t.to }
  return { refused: `cannot ${action} a manifest that is ${current} (allowed only when ${t.from})` }
}

/** Tonnes rounded to kg, so sums of numeric(12,3) values compare exactly. */
export const roundT = (v: number) => Math.round(v * 1000) / 1000

export const hazwasteRules = {
  overLimit: 'hazwaste.over_limit',
  over1y: 'hazwaste.storage_over_1y',
  near1y: 'hazwaste.storage_near_1y',
} as const

export interface FacilityStock {
  facility_id: string
  enterprise_id: string
  name: string
  permitted_limit_t: number
  stock_t: number
}

export interface PositionAge {
  stream_id: string
  facility_id: string
  enterprise_id: string
  waste_code: string
  name: string
  facility_name: string
  oldest_batch_day: string | null
}

/** One alarm condition that holds now; its key is (source_id, rule). */
export interface HazwasteCondition {
  source_id: string
  rule: string
  priority: AlarmPriority
  enterprise_id: string
  message: string
  props: Record<string, unknown>
}

export const facilitySource = (facilityId: string) => `hazwaste:${facilityId}`
export const positionSource = (facilityId: string, streamId: string) => `hazwaste:${facilityId}:${streamId}`

/** The conditions that hold on `today`: over the permitted limit, stored over a year, near a year. */
export function hazwasteConditions(
  facilities: FacilityStock[],
  positions: PositionAge[],
  today: string,
): HazwasteCondition[] {
  const out: HazwasteCondition[] = []
  for (const f of facilities) {
    if (roundT(f.stock_t) <= roundT(f.permitted_limit_t)) continue
    out.push({
      source_id: facilitySource(f.facility_id),
      rule: hazwasteRules.overLimit,
      priority: 'high',
      enterprise_id: f.enterprise_id,
      message: `危废贮存超出许可贮存量 / hazardous waste over the permitted storage: ${f.name} ${roundT(f.stock_t)} t > ${roundT(f.permitted_limit_t)} t`,
      props: { facility_id: f.facility_id, stock_t: roundT(f.stock_t), limit_t: roundT(f.permitted_limit_t) },
    })
  }
  for (const p of positions) {
    const state = storageState(p.oldest_batch_day, today)
    if (state === 'ok' || !p.oldest_batch_day) continue
    const deadline = addYears(p.oldest_batch_day, 1)
    const over = state === 'over_1y'
    out.push({
      source_id: positionSource(p.facility_id, p.stream_id),
      rule: over ? hazwasteRules.over1y : hazwasteRules.near1y,
      priority: over ? 'high' : 'low',
      enterprise_id: p.enterprise_id,
      message: over
        ? `危废贮存超过一年 / stored over one year: ${p.name} (${p.waste_code}) in ${p.facility_name} since ${p.oldest_batch_day}`
        : `危废贮存即将满一年 / one-year storage limit on ${deadline}: ${p.name} (${p.waste_code}) in ${p.facility_name}`,
      props: {
        facility_id: p.facility_id,
        stream_id: p.stream_id,
        oldest_batch_day: p.oldest_batch_day,
        deadline,
        age_days: daysBetween(p.oldest_batch_day, today),
      },
    })
  }
  return out
}
