/** Plain state of one rule, so an evaluator can be snapshotted and restored. */
export interface ConditionState {
  active: boolean
  /** pending since (ms): onset while inactive, clearing while active; null when nothing is pending */
  since: number | null
}

export const newCondition = (): ConditionState => ({ active: false, since: null })

/**
 * On-delay / off-delay with hysteresis (ISA-18.2: alarm deadband and on/off delays against chatter).
 * `trip`: the alarm condition holds now; `clear`: the value is back past the deadband. The alarm is raised
 * once trip has held for onDelayMs and returns to normal once clear has held for offDelayMs; a value
 * inside the deadband keeps the alarm as it is.
 */
export function stepCondition(
  c: ConditionState,
  t: number,
  trip: boolean,
  clear: boolean,
  onDelayMs: number,
  offDelayMs: number,
): 'raise' | 'rtn' | null {
  if (!c.active) {
    if (!trip) {
      c.since = null
      return null
    }
    c.since ??= t
    if (t - c.since < onDelayMs) return null
    c.active = true
    c.since = null
    return 'raise'
  }
  if (!clear) {
    c.since = null
    return null
  }
  c.since ??= t
  if (t - c.since < offDelayMs) return null
  c.active = false
  c.since = null
  return 'rtn'
}
