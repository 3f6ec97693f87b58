import { sensorThresholds, type AlarmPriority, type SensorThresholds } from '../../contracts/alarms'
import type { ReadingKind } from '../../contracts/environment'
import { gasSetpoints } from './gas-setpoints'

export type LimitRule = 'hh' | 'h' | 'l' | 'll'

export interface Limit {
  rule: LimitRule
  /** set point, in the channel's unit */
  value: number
  direction: 'high' | 'low'
  /** how far back past the set point the value must come to return to normal */
  deadband: number
}

/** A sensor channel's alarm settings, with defaults applied and times in ms. */
export interface ResolvedThresholds {
  limits: Limit[]
  onDelayMs: number
  offDelayMs: number
  rate: { perMin: number; windowMs: number } | null
  silenceMs: number | null
  series: ReadingKind
  priorities: Record<string, AlarmPriority>
}

const limitKeys: [keyof SensorThresholds & string, LimitRule, 'high' | 'low'][] = [
  ['high_high', 'hh', 'high'],
  ['high', 'h', 'high'],
  ['low', 'l', 'low'],
  ['low_low', 'll', 'low'],
]
const hasLimit = (t: SensorThresholds) => limitKeys.some(([k]) => typeof t[k] === 'number')

/** Defaults: deadband 5 % of each limit, no delays, rate window 60 s, evaluated on real-time data. */
export const thresholdDefaults = { deadbandPct: 5, rateWindowS: 60, series: 'rtd' as ReadingKind }

/**
 * Resolves `sensors.thresholds` (JSON the park edits) for one sensor. A gas detector with no limits of its
 * own gets the GB/T 50493-2019 set points of its measure. `silenceDefaultMs` applies when the sensor sets
 * no silence_timeout_s. Returns an error string for JSON that does not fit the schema.
 */
export function resolveThresholds(
  sensor: { kind: string; measure: string; thresholds: unknown },
  silenceDefaultMs: number | null = null,
): ResolvedThresholds | { error: string } {
  const parsed = sensorThresholds.safeParse(sensor.thresholds ?? {})
  if (!parsed.success) {
    const i = parsed.error.issues[0]!
    return { error: `thresholds.${i.path.join('.')}: ${i.message}` }
  }
  let t = parsed.data
  const gas = sensor.kind === 'gas_detector' && !hasLimit(t) ? gasSetpoints(sensor.measure) : null
  if (gas) t = { ...gas, ...t }
  const pct = t.deadband_pct ?? thresholdDefaults.deadbandPct
  const limits: Limit[] = []
  for (const [key, rule, direction] of limitKeys) {
    const value = t[key]
    if (typeof value !== 'number') continue
    limits.push({ rule, value, direction, deadband: t.deadband ?? (Math.abs(value) * pct) / 100 })
  }
  return {
    limits,
    onDelayMs: (t.on_delay_s ?? 0) * 1000,
    offDelayMs: (t.off_delay_s ?? 0) * 1000,
    rate: t.rate_per_min
      ? { perMin: t.rate_per_min, windowMs: (t.rate_window_s ?? thresholdDefaults.rateWindowS) * 1000 }
      : null,
    silenceMs: t.silence_timeout_s !== undefined ? t.silence_timeout_s * 1000 : silenceDefaultMs,
    series: t.series ?? thresholdDefaults.series,
    priorities: t.priorities ?? {},
  }
}
