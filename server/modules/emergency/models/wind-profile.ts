// Power-law wind profile u(z) = u_ref (z / z_ref)^p with the CCPS (1999) exponents per stability class
// (shared/domain/hazard-models.md); the rural column equals the EPA ISC3 one.
import type { Terrain } from './dispersion-coefficients'
import type { StabilityClass } from './stability'

const exponents: Record<Terrain, Record<StabilityClass, number>> = {
  rural: { A: 0.07, B: 0.07, C: 0.1, D: 0.15, E: 0.35, F: 0.55 },
  urban: { A: 0.15, B: 0.15, C: 0.2, D: 0.25, E: 0.4, F: 0.6 },
}

export const windExponent = (stability: StabilityClass, terrain: Terrain): number =>
  exponents[terrain][stability]

/** Wind speed at height z from the speed measured at zRef (default 10 m, the Pasquill table's height). */
export function windAt(
  uRefMs: number,
  zM: number,
  stability: StabilityClass,
  terrain: Terrain,
  zRefM = 10,
): number {
  if (!(zM > 0) || !(zRefM > 0)) throw new RangeError('heights must be > 0')
  return uRefMs * (zM / zRefM) ** windExponent(stability, terrain)
}

/**
 * The transport speed of a plume released at hM: the power law above the 10 m anemometer, the 10 m speed
 * below it (EPA ISC3 User's Guide, EPA-454/B-95-003b, §1.1.5: stack-height wind, not extrapolated below
 * the measurement height).
 */
export function transportWind(u10Ms: number, hM: number, stability: StabilityClass, terrain: Terrain) {
  return hM > 10 ? windAt(u10Ms, hM, stability, terrain) : u10Ms
}
