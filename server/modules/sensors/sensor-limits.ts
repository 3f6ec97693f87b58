import type { SensorThresholds } from '../../contracts/alarms'
import type { EffectiveLimits } from '../../contracts/sensors'
import { resolveThresholds } from '../alarms/thresholds'

const order = ['low_low', 'low', 'high', 'high_high'] as const
type LimitKey = (typeof order)[number]
const isHigh = (k: LimitKey) => k === 'high' || k === 'high_high'

/**
 * Cross-field checks the schema cannot express: low_low ≤ low < high ≤ high_high for the limits present
 * (a low limit at or above a high one would alarm on every value). Returns the first offending field and why,
 * or null when the set is consistent.
 */
export function thresholdOrderError(t: SensorThresholds): { field: string; message: string } | null {
  for (let j = 1; j < order.length; j++) {
    const kj = order[j]!
    const vj = t[kj]
    if (typeof vj !== 'number') continue
    for (let i = 0; i < j; i++) {
      const ki = order[i]!
      const vi = t[ki]
      if (typeof vi !== 'number') continue
      const strict = isHigh(kj) && !isHigh(ki)
      if (strict ? vj <= vi : vj < vi)
        return {
          field: `thresholds.${kj}`,
          message: `thresholds.${kj} (${vj}) must be ${strict ? 'above' : 'at or above'} ${ki} (${vi})`,
        }
    }
  }
  return null
}

const none: EffectiveLimits = { low_low: null, low: null, high: null, high_high: null, source: null }
const keyOf = { ll: 'low_low', l: 'low', h: 'high', hh: 'high_high' } as const

/**
 * The limits the alarm engine applies (server/modules/alarms/thresholds.ts): the sensor's own, or for a gas
 * detector without limits the GB/T 50493-2019 §5.5.2 set points of its measure (`source: 'default'`).
 * Thresholds that do not parse give no limits (the engine ignores them too).
 */
export function effectiveLimits(s: { kind: string; measure: string; thresholds: unknown }): EffectiveLimits {
  const resolved = resolveThresholds(s)
  if ('error' in resolved || resolved.limits.length === 0) return { ...none }
  const own = (s.thresholds ?? {}) as Record<string, unknown>
  const hasOwn = order.some((k) => typeof own[k] === 'number')
  const out: EffectiveLimits = { ...none, source: hasOwn ? 'sensor' : 'default' }
  for (const l of resolved.limits) out[keyOf[l.rule]] = l.value
  return out
}
