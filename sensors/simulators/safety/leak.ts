import type { ParkData } from '../../../geodata/types'
import { bearingDeg, haversineM, type LonLat } from '../tags/geo'
import { createPrng, hashSeed } from '../prng'
import type { SimSensor } from './park-safety-sensors'
import { flammableLiquidCas } from './profiles'

export interface LeakOptions {
  /** the leaking tank; default one flammable-liquid tank chosen from the seed */
  tankId?: string
  /** first leak this long after the simulator starts; default 90 s */
  startAfterMs?: number
  /** a leak again every this long; default 30 min */
  everyMs?: number
  /** rise from clean air to the peak; default 120 s */
  rampMs?: number
  /** at the peak; default 120 s */
  holdMs?: number
  /** decay back to clean air; default 240 s */
  decayMs?: number
  /** concentration at the most exposed detector at the peak, %LEL; default 70 (GB/T 50493 2nd alarm: 50) */
  peakLel?: number
  /** detectors within this distance of the tank see the gas; default 60 m */
  radiusM?: number
}

export interface LeakDetector {
  id: string
  distanceM: number
  /** from the tank, degrees clockwise from north */
  bearingDeg: number
}

export interface LeakPlan {
  tankId: string
  at: LonLat
  /** combustible detectors within the radius, nearest first */
  detectors: LeakDetector[]
  startAfterMs: number
  everyMs: number
  rampMs: number
  holdMs: number
  decayMs: number
  peakLel: number
  radiusM: number
  seed: number
}

const leakDefaults = {
  startAfterMs: 90_000,
  everyMs: 30 * 60_000,
  rampMs: 120_000,
  holdMs: 120_000,
  decayMs: 240_000,
  peakLel: 70,
  radiusM: 60,
}
// length scale of the fall-off of concentration with distance, m
const FALLOFF_M = 20

const combustibleNear = (sensors: SimSensor[], at: LonLat, radiusM: number): LeakDetector[] =>
  sensors
    .filter((s) => s.kind === 'gas_detector' && s.measure === 'combustible')
    .map((s) => ({ id: s.id, distanceM: haversineM(at, s.at), bearingDeg: bearingDeg(at, s.at) }))
    .filter((d) => d.distanceM <= radiusM)
    .sort((a, b) => a.distanceM - b.distanceM || a.id.localeCompare(b.id))

/**
 * Where and when the scripted leak happens: a flammable-liquid tank with at least three combustible detectors
 * within the radius (from the seed unless named). Null when the park has no such tank.
 */
export function planLeak(
  park: ParkData,
  sensors: SimSensor[],
  seed: number,
  o: LeakOptions = {},
): LeakPlan | null {
  const cfg = { ...leakDefaults, ...o }
  const candidates = park.tanks.features
    .filter((t) => (o.tankId ? t.id === o.tankId : flammableLiquidCas.has(t.properties.cas)))
    .map((t) => {
      const at = [t.geometry.coordinates[0]!, t.geometry.coordinates[1]!] as const
      return { id: t.id, at, detectors: combustibleNear(sensors, at, cfg.radiusM) }
    })
    .filter((c) => c.detectors.length >= (o.tankId ? 1 : 3))
    .sort((a, b) => a.id.localeCompare(b.id))
  if (!candidates.length) return null
  const c = createPrng(hashSeed(seed, 'leak')).pick(candidates)
  return { ...cfg, tankId: c.id, at: c.at, detectors: c.detectors, seed }
}

const smoothstep = (x: number) => x * x * (3 - 2 * x)

/** 0..1: how much of the peak is out, `elapsedMs` after the simulator started. */
export function leakEnvelope(plan: LeakPlan, elapsedMs: number): number {
  const since = elapsedMs - plan.startAfterMs
  if (since < 0) return 0
  const t = since % plan.everyMs
  if (t < plan.rampMs) return smoothstep(t / plan.rampMs)
  if (t < plan.rampMs + plan.holdMs) return 1
  const d = t - plan.rampMs - plan.holdMs
  // exponential decay that has fallen to under 1 % at the end of decayMs
  return d < plan.decayMs ? Math.exp((-5 * d) / plan.decayMs) : 0
}

/** Which episode `elapsedMs` falls in (0, 1, …), or -1 before the first. */
export const leakEpisode = (plan: LeakPlan, elapsedMs: number) =>
  elapsedMs < plan.startAfterMs ? -1 : Math.floor((elapsedMs - plan.startAfterMs) / plan.everyMs)

/**
 * Share of the peak each detector sees in one episode: a plume-ish fall-off with distance, stretched downwind
 * (the wind direction changes per episode, from the seed), normalised so that the most exposed detector gets 1.
 */
export function leakExposure(plan: LeakPlan, episode: number): Map<string, number> {
  const windTo = createPrng(hashSeed(plan.seed, 'wind', episode)).float(0, 360)
  const raw = plan.detectors.map((d) => {
    const downwind = Math.cos(((d.bearingDeg - windTo) * Math.PI) / 180)
    // downwind a detector "feels" closer, upwind further
    const effective = d.distanceM * (1 - 0.4 * downwind)
    return { id: d.id, g: Math.exp(-effective / FALLOFF_M) }
  })
  const max = Math.max(...raw.map((r) => r.g), Number.MIN_VALUE)
  return new Map(raw.map((r) => [r.id, r.g / max]))
}
