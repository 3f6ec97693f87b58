import {
  CN,
  encodeDataUpload,
  formatQn,
  type DataFlag,
  type DataUploadCn,
  type PollutantField,
  type PollutantValueInput,
} from '../../protocols/hj212'
import type { Prng } from '../prng'
import { PROFILES, ST_OF, type Measure } from './profiles'
import { ValueModel, type ValueOptions } from './values'

/** A simulated data collector (数采仪): its MN, PW and what its outlet measures. */
export interface SimCollector {
  mn: string
  pw: string
  measure: Measure
}

export interface AgentTiming {
  /** CN 2011 real-time data period; default 30 s */
  rtdIntervalMs?: number
  /** CN 2051 minute data period, on its boundaries; default 60 s (shorter in tests) */
  minuteMs?: number
  /** CN 2061 hour data period, on its boundaries; default 1 h */
  hourMs?: number
}

export interface OutFrame {
  qn: string
  cn: DataUploadCn
  frame: string
}

/** Next multiple of `period` after `ms` (boundaries of whole minutes and hours are the same in UTC and CST). */
const nextBoundary = (ms: number, period: number) => (Math.floor(ms / period) + 1) * period

/**
 * Decides which uploads are due and encodes them (HJ 212-2017 Appendix C, Flag 5: 2017, ack wanted). No I/O:
 * the runner sends what due() returns. Real-time data at once and every interval; minute and hour data on
 * their boundaries, for the interval that just ended (DataTime = its start). A long pause does not replay a
 * backlog: the schedule resumes from now.
 */
export class CollectorAgent {
  private readonly values: ValueModel
  private readonly rtdMs: number
  private readonly minuteMs: number
  private readonly hourMs: number
  private nextRtd: number
  private nextMinute: number
  private nextHour: number
  private lastQnMs = 0

  constructor(
    readonly collector: SimCollector,
    rng: Prng,
    startMs: number,
    timing: AgentTiming = {},
    values: ValueOptions = {},
  ) {
    this.values = new ValueModel(PROFILES[collector.measure], rng, values)
    this.rtdMs = timing.rtdIntervalMs ?? 30_000
    this.minuteMs = timing.minuteMs ?? 60_000
    this.hourMs = timing.hourMs ?? 3_600_000
    // DataTime has whole seconds (HJ 212-2017 §6.3), so every period is a whole number of seconds
    for (const ms of [this.rtdMs, this.minuteMs, this.hourMs])
      if (ms < 1000 || ms % 1000 !== 0) throw new RangeError(`period ${ms} ms is not whole seconds`)
    this.nextRtd = startMs
    this.nextMinute = nextBoundary(startMs, this.minuteMs)
    this.nextHour = nextBoundary(startMs, this.hourMs)
  }

  due(nowMs: number): OutFrame[] {
    const out: OutFrame[] = []
    if (nowMs >= this.nextRtd) {
      const at = Math.floor(nowMs / 1000) * 1000
      out.push(this.encode(CN.realtimeData, at, nowMs, 'rtd'))
      this.nextRtd += this.rtdMs
      if (this.nextRtd <= nowMs) this.nextRtd = nowMs + this.rtdMs
    }
    if (nowMs >= this.nextMinute) {
      out.push(this.encode(CN.minuteData, this.nextMinute - this.minuteMs, nowMs, this.minuteMs))
      this.nextMinute = nextBoundary(nowMs, this.minuteMs)
    }
    if (nowMs >= this.nextHour) {
      out.push(this.encode(CN.hourData, this.nextHour - this.hourMs, nowMs, this.hourMs))
      this.nextHour = nextBoundary(nowMs, this.hourMs)
    }
    return out
  }

  /** QN is the send time to the millisecond; two uploads in one millisecond get consecutive QNs. */
  private nextQn(nowMs: number): string {
    this.lastQnMs = Math.max(nowMs, this.lastQnMs + 1)
    return formatQn(new Date(this.lastQnMs))
  }

  private encode(cn: DataUploadCn, dataTimeMs: number, nowMs: number, period: number | 'rtd'): OutFrame {
    const { mn, pw, measure } = this.collector
    const digits = new Map(PROFILES[measure].map((p) => [p.code, p.digits]))
    const v = (code: string, field: PollutantField, value: number, flag: DataFlag, d = digits.get(code)) => ({
      code,
      field,
      value,
      flag,
      digits: d,
    })
    const values: PollutantValueInput[] =
      period === 'rtd'
        ? this.values.sample().map((s) => v(s.code, 'Rtd', s.value, s.flag))
        : this.values
            .interval(period / 1000)
            .flatMap((s) => [
              v(s.code, 'Min', s.min, s.flag),
              v(s.code, 'Avg', s.avg, s.flag),
              v(s.code, 'Max', s.max, s.flag),
              ...(s.cou === undefined ? [] : [v(s.code, 'Cou', s.cou, s.flag, 3)]),
            ])
    const qn = this.nextQn(nowMs)
    const frame = encodeDataUpload({
      cn,
      st: ST_OF[measure],
      mn,
      pw,
      qn,
      dataTime: new Date(dataTimeMs),
      values,
      ackWanted: true,
    })
    return { qn, cn, frame }
  }
}
