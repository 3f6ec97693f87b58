import type { Prng } from '../prng'
import type { PollutantProfile } from './profiles'

export interface ValueOptions {
  /** chance per real-time reading that an exceedance episode starts; default 0.01 */
  pExceed?: number
  /** chance per real-time reading that a maintenance episode (flag M) starts; default 0.002 */
  pMaintenance?: number
}

/** One real-time reading of a pollutant; flag M while the analysers are under maintenance. */
export interface Sample {
  code: string
  value: number
  flag: 'N' | 'M'
}

/** Minute/hour/day data of a pollutant (HJ 212-2017 Min/Avg/Max/Cou). */
export interface IntervalSample {
  code: string
  min: number
  avg: number
  max: number
  cou?: number
  flag: 'N' | 'M'
}

// AR(1) around the mean: consecutive readings are correlated like a real analyser's, and the stationary
// standard deviation is the profile's sd.
const PHI = 0.8

/**
 * The values of one simulated outlet. Deterministic: the same profiles, PRNG seed and sequence of calls give
 * the same values. Exceedance episodes (one pollutant above its limit for a few readings) and maintenance
 * episodes (every value flagged M) start at random, seeded.
 */
export class ValueModel {
  private readonly deviation = new Map<string, number>()
  private exceeding: { code: string; left: number } | null = null
  private maintenanceLeft = 0
  private readonly pExceed: number
  private readonly pMaintenance: number

  constructor(
    private readonly profiles: readonly PollutantProfile[],
    private readonly rng: Prng,
    o: ValueOptions = {},
  ) {
    this.pExceed = o.pExceed ?? 0.01
    this.pMaintenance = o.pMaintenance ?? 0.002
  }

  sample(): Sample[] {
    this.advanceEpisodes()
    const flag = this.maintenanceLeft > 0 ? 'M' : 'N'
    return this.profiles.map((p) => ({ code: p.code, value: this.value(p), flag }))
  }

  /** Interval data over `seconds`, summarised from `readings` real-time readings. */
  interval(seconds: number, readings = 6): IntervalSample[] {
    const draws = Array.from({ length: Math.max(1, readings) }, () => this.sample())
    const flow = this.profiles.find((p) => p.cou?.kind === 'volume')
    let volume = 0
    const out = this.profiles.map((p, i): IntervalSample => {
      const values = draws.map((d) => d[i]!.value)
      const avg = values.reduce((a, b) => a + b, 0) / values.length
      const flag = draws.some((d) => d[i]!.flag === 'M') ? 'M' : 'N'
      const s: IntervalSample = {
        code: p.code,
        min: Math.min(...values),
        avg,
        max: Math.max(...values),
        flag,
      }
      if (p === flow && p.cou) volume = s.cou = avg * seconds * p.cou.factor
      return s
    })
    for (const [i, p] of this.profiles.entries()) {
      if (p.cou?.kind === 'load') out[i]!.cou = out[i]!.avg * volume * p.cou.factor
    }
    return out
  }

  private advanceEpisodes(): void {
    if (this.maintenanceLeft > 0) this.maintenanceLeft--
    else if (this.rng.chance(this.pMaintenance)) this.maintenanceLeft = this.rng.int(3, 8)
    if (this.exceeding && --this.exceeding.left <= 0) this.exceeding = null
    if (!this.exceeding && this.rng.chance(this.pExceed)) {
      const candidates = this.profiles.filter((p) => p.exceed !== null)
      if (candidates.length)
        this.exceeding = { code: this.rng.pick(candidates).code, left: this.rng.int(2, 6) }
    }
  }

  private value(p: PollutantProfile): number {
    const innovation = this.rng.normal(0, p.sd * Math.sqrt(1 - PHI * PHI))
    const dev = PHI * (this.deviation.get(p.code) ?? 0) + innovation
    this.deviation.set(p.code, dev)
    if (this.exceeding?.code === p.code && p.exceed !== null) return p.exceed * (1 + this.rng.normal(0, 0.03))
    return Math.min(p.max, Math.max(p.min, p.mean + dev))
  }
}
