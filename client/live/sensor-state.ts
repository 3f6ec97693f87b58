// The display state of one sensor channel, from its latest value, its limits in force, the data flag and
// the value's age. Pure: the twin markers, the panels and the test hooks all read it from here.

/** Display states, most to least urgent (see `stateRank`). */
export const sensorStates = ['alarm', 'warn', 'fault', 'stale', 'maintenance', 'normal', 'no_data'] as const
export type SensorState = (typeof sensorStates)[number]

/** Which limit is crossed: HH / LL give `alarm`, H / L give `warn`. */
export type LimitLevel = 'hh' | 'h' | 'l' | 'll'

export interface Limits {
  low_low: number | null
  low: number | null
  high: number | null
  high_high: number | null
}

export interface LatestValue {
  /** source time, ISO instant */
  t: string
  value: number | null
  /** HJ 212-2017 data flag (N, F, M, S, D, C, T, B) or null */
  flag: string | null
}

export interface StateResult {
  state: SensorState
  level: LimitLevel | null
}

/** Stale once no data came for this many expected periods. */
export const staleAfterPeriods = 3

/**
 * HJ 212-2017 flags: D fault and F source stopped (no valid measurement), B communication failure: fault;
 * M maintenance and C calibration: maintenance. N, S (manual input) and T (above range: the value still
 * counts against the limits) are judged by value.
 */
const faultFlags = new Set(['D', 'F', 'B'])
const maintenanceFlags = new Set(['M', 'C'])

/**
 * State of a channel at `nowMs` (server clock) when a value is expected every `periodMs`:
 * no_data without a value; stale when older than 3 periods; fault / maintenance by flag; otherwise the
 * limits decide (HH or LL: alarm, H or L: warn; a value on the limit counts as crossing it).
 */
export function sensorState(
  latest: LatestValue | null | undefined,
  limits: Limits | null | undefined,
  nowMs: number,
  periodMs: number,
): StateResult {
  if (!latest) return { state: 'no_data', level: null }
  const t = Date.parse(latest.t)
  if (!Number.isFinite(t) || nowMs - t > staleAfterPeriods * periodMs) return { state: 'stale', level: null }
  const flag = latest.flag?.toUpperCase() ?? null
  if (flag && faultFlags.has(flag)) return { state: 'fault', level: null }
  if (flag && maintenanceFlags.has(flag)) return { state: 'maintenance', level: null }
  const v = latest.value
  if (v === null || !Number.isFinite(v)) return { state: 'no_data', level: null }
  const level = limitLevel(v, limits)
  if (level === 'hh' || level === 'll') return { state: 'alarm', level }
  if (level) return { state: 'warn', level }
  return { state: 'normal', level: null }
}

/** The most severe limit the value crosses (HH before H, LL before L), or null. */
export function limitLevel(value: number, limits: Limits | null | undefined): LimitLevel | null {
  if (!limits) return null
  if (limits.high_high !== null && value >= limits.high_high) return 'hh'
  if (limits.low_low !== null && value <= limits.low_low) return 'll'
  if (limits.high !== null && value >= limits.high) return 'h'
  if (limits.low !== null && value <= limits.low) return 'l'
  return null
}

/** 0 is the most urgent; for "worst of" aggregates (a tank's sensors, an outlet's channels). */
export function stateRank(state: SensorState): number {
  return sensorStates.indexOf(state)
}

/** The most urgent of several states; `no_data` for none. */
export function worstState(states: Iterable<SensorState>): SensorState {
  let worst: SensorState = 'no_data'
  for (const s of states) if (stateRank(s) < stateRank(worst)) worst = s
  return worst
}

/** Limits from a stored thresholds object (`{high: 50, source: …}`): finite numbers only. */
export function limitsOf(thresholds: Record<string, unknown> | null | undefined): Limits {
  const n = (k: string) => {
    const v = thresholds?.[k]
    return typeof v === 'number' && Number.isFinite(v) ? v : null
  }
  return { low_low: n('low_low'), low: n('low'), high: n('high'), high_high: n('high_high') }
}

export function hasLimits(limits: Limits | null | undefined): boolean {
  return !!limits && [limits.low_low, limits.low, limits.high, limits.high_high].some((v) => v !== null)
}

/** Expected time between two values of a series: HJ 212 real-time data every `rtdIntervalS`, … */
export function expectedPeriodMs(readingKind: string | null | undefined, rtdIntervalS = 30): number {
  switch (readingKind) {
    case 'min':
      return 60_000
    case 'hour':
      return 3_600_000
    case 'day':
      return 86_400_000
    default:
      return rtdIntervalS * 1000
  }
}
