// Vapour-cloud explosion by TNT equivalence. Our one convention (Crowl & Louvar, Chemical Process Safety,
// §6 "TNT equivalency"):
//   W_TNT = η · m · ΔHc / E_TNT, E_TNT = 4.68 MJ/kg (1120 cal/g), η the explosion yield (default 5 %);
//   Z = R / W^{1/3} (m/kg^{1/3});
//   p_s / p_a = 1616 [1 + (Z/4.5)²] / √([1 + (Z/0.048)²][1 + (Z/0.32)²][1 + (Z/1.35)²])
// — the Kinney & Graham (1985) free-air fit (808) doubled for a burst on the ground, as Crowl & Louvar
// write it. `free_air` keeps 808. TNT equivalence ignores congestion and confinement (TNO Multi-Energy or
// Baker–Strehlow–Tang are the refinement for process areas) and overstates the near field of a deflagration.
import { atmosphereKpa } from './units'

/** Blast energy of TNT, MJ/kg (1120 cal/g). */
export const tntEnergyMjKg = 4.68
export const defaultYield = 0.05

export type Burst = 'surface' | 'free_air'

export const tntEquivalentKg = (massKg: number, heatOfCombustionMjKg: number, yieldFraction = defaultYield) =>
  (yieldFraction * massKg * heatOfCombustionMjKg) / tntEnergyMjKg

export const scaledDistance = (distanceM: number, tntKg: number) => distanceM / Math.cbrt(tntKg)

/** Side-on overpressure over ambient pressure at scaled distance Z. */
export function overpressureRatio(z: number, burst: Burst = 'surface'): number {
  const k = burst === 'surface' ? 1616 : 808
  return (
    (k * (1 + (z / 4.5) ** 2)) /
    Math.sqrt((1 + (z / 0.048) ** 2) * (1 + (z / 0.32) ** 2) * (1 + (z / 1.35) ** 2))
  )
}

/** Side-on overpressure (kPa) at R metres from W kg of TNT. */
export const overpressureKpa = (distanceM: number, tntKg: number, burst: Burst = 'surface') =>
  overpressureRatio(scaledDistance(distanceM, tntKg), burst) * atmosphereKpa

/** Scaled distance Z where the overpressure ratio falls to `ratio` (the fit decreases monotonically in Z). */
export function scaledDistanceFor(ratio: number, burst: Burst = 'surface'): number {
  let lo = Math.log(1e-3)
  let hi = Math.log(1e6)
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2
    if (overpressureRatio(Math.exp(mid), burst) > ratio) lo = mid
    else hi = mid
  }
  return Math.exp((lo + hi) / 2)
}

/** Distance (m) to a given overpressure (kPa) from W kg of TNT. */
export const distanceForOverpressure = (kpa: number, tntKg: number, burst: Burst = 'surface') =>
  scaledDistanceFor(kpa / atmosphereKpa, burst) * Math.cbrt(tntKg)
