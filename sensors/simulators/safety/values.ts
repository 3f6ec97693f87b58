import type { Prng } from '../prng'
import type { SimSensor } from './park-safety-sensors'
import { gasBaseline, tankChemistry } from './profiles'

// AR(1) noise: consecutive readings correlated like a real transmitter's; stationary sd = the profile's sd
const PHI = 0.8
const HOUR = 3_600_000
// to the transmitter's resolution, without binary fractions (0.30000000000000004)
const round = (v: number, step: number) => {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step)))
  return Number((Math.round(v / step) * step).toFixed(decimals))
}

class Ar1 {
  private dev = 0
  constructor(
    private readonly rng: Prng,
    private readonly sd: number,
  ) {}
  next(): number {
    this.dev = PHI * this.dev + this.rng.normal(0, this.sd * Math.sqrt(1 - PHI * PHI))
    return this.dev
  }
}

/** Ambient temperature in the park, °C: 20 ± 4 with the daily peak at 15:00 China Standard Time. */
export function ambientC(tMs: number): number {
  const hourCst = (((tMs / HOUR + 8) % 24) + 24) % 24
  return 20 + 4 * Math.sin((2 * Math.PI * (hourCst - 9)) / 24)
}

/** What a tank does, shared by its three transmitters: level moves with filling and emptying. */
export class TankState {
  level: number
  /** %/min: > 0 filling, < 0 emptying, 0 idle */
  rate = 0
  private target = 0
  private idleUntil: number
  private lastT: number | null = null
  /** tank-specific offset from ambient (sun, insulation), °C */
  readonly offsetC: number

  constructor(
    private readonly rng: Prng,
    tank: NonNullable<SimSensor['tank']>,
    startMs: number,
  ) {
    const density = tankChemistry[tank.cas]?.density ?? 1
    const fill = (100 * tank.inventory_t) / density / tank.capacity_m3
    this.level = Math.min(75, Math.max(20, Number.isFinite(fill) ? fill : 50))
    this.offsetC = rng.float(-1, 2)
    this.idleUntil = startMs + rng.float(0, 40) * 60_000
  }

  /** Advances to tMs (once per time; the three transmitters share it). */
  advance(tMs: number): void {
    if (this.lastT !== null && tMs <= this.lastT) return
    const dtMin = this.lastT === null ? 0 : (tMs - this.lastT) / 60_000
    this.lastT = tMs
    this.level += this.rate * dtMin
    const done = (this.rate > 0 && this.level >= this.target) || (this.rate < 0 && this.level <= this.target)
    if (done) {
      this.level = this.target
      this.rate = 0
      this.idleUntil = tMs + this.rng.float(10, 60) * 60_000
    }
    if (this.rate === 0 && tMs >= this.idleUntil) {
      // a transfer: fill when low, empty when high, else either
      const fill = this.level < 40 || (this.level <= 65 && this.rng.chance(0.5))
      this.target = fill ? this.rng.float(62, 78) : this.rng.float(18, 32)
      this.rate = (fill ? 1 : -1) * this.rng.float(0.3, 1.2)
      this.idleUntil = Number.POSITIVE_INFINITY
    }
  }

  temperatureC(tMs: number): number {
    // the liquid follows the air about two hours late
    return ambientC(tMs - 2 * HOUR) + this.offsetC
  }
}

/** Value source of one sensor: call `at` with increasing times. */
export interface ValueModel {
  at(tMs: number): number
}

export function gasModel(rng: Prng, measure: string): ValueModel {
  const b = gasBaseline[measure] ?? { mean: 0, sd: 0.05, resolution: 0.01 }
  const noise = new Ar1(rng, b.sd)
  // zero drift of the cell: a slow wander of up to a few tenths of the noise
  const driftPeriod = rng.float(2, 8) * HOUR
  const driftPhase = rng.float(0, 2 * Math.PI)
  return {
    at: (t) => {
      const drift = 0.5 * b.sd * Math.sin((2 * Math.PI * t) / driftPeriod + driftPhase)
      return round(Math.max(0, b.mean + drift + noise.next()), b.resolution)
    },
  }
}

export function tankModel(rng: Prng, sensor: SimSensor, tank: TankState): ValueModel {
  const chem = tankChemistry[sensor.tank?.cas ?? ''] ?? { density: 1 }
  if (sensor.kind === 'tank_level') {
    const noise = new Ar1(rng, 0.03)
    return {
      at: (t) => (tank.advance(t), round(Math.min(100, Math.max(0, tank.level + noise.next())), 0.01)),
    }
  }
  if (sensor.kind === 'tank_temperature') {
    const noise = new Ar1(rng, 0.08)
    return { at: (t) => (tank.advance(t), round(tank.temperatureC(t) + noise.next(), 0.1)) }
  }
  const noise = new Ar1(rng, 1)
  if (chem.pressureAt20 !== undefined) {
    // liquefied gas: vapour pressure rises a few % per °C
    const p20 = chem.pressureAt20
    const k = chem.perDegree ?? 0.03
    return {
      at: (t) => {
        tank.advance(t)
        const p = p20 * Math.exp(k * (tank.temperatureC(t) - 20))
        return round(p * (1 + 0.004 * noise.next()), 0.1)
      },
    }
  }
  // atmospheric tank: breathing; filling pushes vapour out (overpressure), emptying draws a slight vacuum
  return {
    at: (t) => {
      tank.advance(t)
      const base = tank.rate > 0 ? 0.7 : tank.rate < 0 ? -0.08 : 0.25
      return round(Math.min(1.2, Math.max(-0.15, base + 0.03 * noise.next())), 0.01)
    },
  }
}

export function processModel(rng: Prng, sensor: SimSensor): ValueModel {
  const { nominal, sd } = sensor.process!
  const noise = new Ar1(rng, sd)
  // load changes: a slow swing of about one sd over a few hours
  const period = rng.float(2, 6) * HOUR
  const phase = rng.float(0, 2 * Math.PI)
  const step = sd / 10
  return {
    at: (t) => round(nominal + sd * Math.sin((2 * Math.PI * t) / period + phase) + noise.next(), step),
  }
}
