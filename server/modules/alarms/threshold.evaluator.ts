import type { ReadingKind } from '../../contracts/environment'
import { newCondition, stepCondition, type ConditionState } from './delayed-condition'
import type { ResolvedThresholds } from './thresholds'

/** What an evaluator tells the alarm service; times are ms (source time, or server time for `silent`). */
export type AlarmSignal =
  | {
      type: 'raise'
      rule: string
      t: number
      value: number | null
      limit: number | null
      direction: 'high' | 'low'
    }
  | { type: 'rtn'; rule: string; t: number; value: number | null }
  | { type: 'suppress' | 'unsuppress'; rule: string; t: number }

export interface EvaluatedReading {
  /** source time, ms */
  t: number
  value: number | null
  /** HJ 212-2017 data flag (N, M, C, D, B, …) or null */
  flag: string | null
  kind?: ReadingKind
  /** server clock at receipt, ms (device-silent rule) */
  receivedAt: number
}

export interface EvaluatorState {
  /** newest source time evaluated: older or repeated readings (replays) change nothing */
  lastT: number | null
  lastHeard: number | null
  silent: boolean
  conditions: Record<string, ConditionState>
  rate: { t: number; v: number }[]
  /** rules suppressed by design while the channel is flagged M or C; null when not flagged */
  suppressed: string[] | null
}

/**
 * HJ 212-2017 data flags: D (fault) and B (communication abnormal) raise low-priority alarms; M
 * (maintenance) and C (calibration) suppress the channel's threshold alarms by design (ISA-18.2).
 */
const flagRules: Record<string, string> = { D: 'flag_fault', B: 'flag_comms' }
const suppressingFlags = new Set(['M', 'C'])
export const thresholdRules = new Set(['hh', 'h', 'l', 'll', 'roc'])

/**
 * The stateful evaluator of one sensor channel: limit rules with deadband and on/off delays, rate of
 * change, data flags and device silence. Pure (no I/O, no clock): callers pass times in.
 */
export class SensorEvaluator {
  state: EvaluatorState = {
    lastT: null,
    lastHeard: null,
    silent: false,
    conditions: {},
    rate: [],
    suppressed: null,
  }

  constructor(public config: ResolvedThresholds) {}

  snapshot(): EvaluatorState {
    return structuredClone(this.state)
  }
  restore(s: EvaluatorState): void {
    this.state = s
  }

  private cond(rule: string): ConditionState {
    return (this.state.conditions[rule] ??= newCondition())
  }

  /** Marks a rule active from an open alarm in the database (rebuild after a restart). */
  markActive(rule: string, suppressed = false): void {
    if (rule === 'silent') this.state.silent = true
    else this.cond(rule).active = true
    if (suppressed) (this.state.suppressed ??= []).push(rule)
  }

  onReading(r: EvaluatedReading): AlarmSignal[] {
    const out: AlarmSignal[] = []
    const s = this.state
    s.lastHeard = Math.max(s.lastHeard ?? r.receivedAt, r.receivedAt)
    if (s.silent) {
      s.silent = false
      out.push({ type: 'rtn', rule: 'silent', t: r.receivedAt, value: r.value })
    }
    if ((r.kind ?? 'rtd') !== this.config.series) return out
    if (s.lastT !== null && r.t <= s.lastT) return out
    s.lastT = r.t
    const flag = (r.flag ?? 'N').toUpperCase()
    for (const [f, rule] of Object.entries(flagRules)) {
      const c = this.cond(rule)
      if (flag === f && !c.active)
        out.push({ type: 'raise', rule, t: r.t, value: r.value, limit: null, direction: 'high' })
      else if (flag !== f && c.active) out.push({ type: 'rtn', rule, t: r.t, value: r.value })
      c.active = flag === f
    }
    if (suppressingFlags.has(flag)) return [...out, ...this.suppress(r.t)]
    const resumed = s.suppressed
    s.suppressed = null
    // a faulty or missing value is not evaluated; the rules keep their state
    if (!flagRules[flag] && r.value !== null && Number.isFinite(r.value))
      out.push(...this.evaluate(r.t, r.value))
    for (const rule of resumed ?? []) out.push({ type: 'unsuppress', rule, t: r.t })
    return out
  }

  /** Device-silent rule: no data for silenceMs (server clock). The raise time is deterministic. */
  onTick(now: number): AlarmSignal[] {
    const { silenceMs } = this.config
    const s = this.state
    if (silenceMs === null || s.lastHeard === null || s.silent || now - s.lastHeard < silenceMs) return []
    s.silent = true
    return [
      {
        type: 'raise',
        rule: 'silent',
        t: s.lastHeard + silenceMs,
        value: null,
        limit: null,
        direction: 'high',
      },
    ]
  }

  private suppress(t: number): AlarmSignal[] {
    const s = this.state
    s.rate = []
    for (const [rule, c] of Object.entries(s.conditions))
      if (thresholdRules.has(rule) && !c.active) c.since = null
    if (s.suppressed !== null) return []
    const active = Object.entries(s.conditions).filter(([rule, c]) => thresholdRules.has(rule) && c.active)
    s.suppressed = active.map(([rule]) => rule)
    return s.suppressed.map((rule) => ({ type: 'suppress', rule, t }))
  }

  private evaluate(t: number, v: number): AlarmSignal[] {
    const { limits, onDelayMs, offDelayMs, rate } = this.config
    const out: AlarmSignal[] = []
    for (const l of limits) {
      const high = l.direction === 'high'
      const trip = high ? v >= l.value : v <= l.value
      const clear = high ? v < l.value - l.deadband : v > l.value + l.deadband
      const step = stepCondition(this.cond(l.rule), t, trip, clear, onDelayMs, offDelayMs)
      if (step === 'raise')
        out.push({ type: 'raise', rule: l.rule, t, value: v, limit: l.value, direction: l.direction })
      if (step === 'rtn') out.push({ type: 'rtn', rule: l.rule, t, value: v })
    }
    if (rate) {
      const w = this.state.rate
      w.push({ t, v })
      // keep the newest sample at or before the window's start, so the rate spans the whole window
      while (w.length > 1 && w[1]!.t <= t - rate.windowMs) w.shift()
      const first = w[0]!
      // at least half a window of data, so two close noisy samples do not extrapolate to a false alarm
      if (t - first.t >= rate.windowMs / 2) {
        // rise in units per minute over the window (a fast gas build-up alarms before the set point)
        const perMin = ((v - first.v) * 60_000) / (t - first.t)
        const trip = perMin >= rate.perMin
        const step = stepCondition(this.cond('roc'), t, trip, !trip, 0, offDelayMs)
        if (step === 'raise')
          out.push({ type: 'raise', rule: 'roc', t, value: v, limit: rate.perMin, direction: 'high' })
        if (step === 'rtn') out.push({ type: 'rtn', rule: 'roc', t, value: v })
      }
    }
    return out
  }
}
