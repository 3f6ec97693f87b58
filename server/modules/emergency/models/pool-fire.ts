// Pool fire as a point source of thermal radiation, the method of NUREG-1805 (2004), Fire Dynamics Tools,
// chapter 5 ("point source radiation model", spreadsheet 05.1) with the flame height of chapter 3
// (Heskestad):
//   D = √(4A/π);  Q̇ = m″ · ΔHc,eff · A · (1 − e^{−kβ D})  (kW);  q″(R) = χr · Q̇ / (4π R²)  (kW/m²)
//   L_f = 0.235 Q̇^{2/5} − 1.02 D  (m)
// R is measured from the centre of the pool. The point source is conservative within a few pool diameters.

/** NUREG-1805 default radiative fraction χr. */
export const defaultRadiantFraction = 0.3

/** Equivalent diameter (m) of a pool of area A (m²). */
export const poolDiameter = (areaM2: number): number => Math.sqrt((4 * areaM2) / Math.PI)

export interface PoolFireInput {
  /** mass burning rate per unit area, kg/(m²·s) */
  burningRateKgM2s: number
  /** effective heat of combustion, MJ/kg */
  heatOfCombustionMjKg: number
  /** pool (or dike) area, m² */
  areaM2: number
  /** extinction-absorption coefficient kβ, 1/m; absent = optically thick (large pool) */
  kBetaPerM?: number | null
}

/** Heat release rate Q̇ (kW). */
export function heatReleaseRateKw(p: PoolFireInput): number {
  const d = poolDiameter(p.areaM2)
  const thick = p.kBetaPerM == null ? 1 : 1 - Math.exp(-p.kBetaPerM * d)
  return p.burningRateKgM2s * p.heatOfCombustionMjKg * 1000 * p.areaM2 * thick
}

/** Heskestad's mean flame height (m), never negative. */
export const heskestadFlameHeight = (qKw: number, diameterM: number): number =>
  Math.max(0, 0.235 * qKw ** 0.4 - 1.02 * diameterM)

/** Incident radiant flux (kW/m²) at R metres from a point source of Q̇ kW. */
export const pointSourceFlux = (qKw: number, distanceM: number, radiantFraction = defaultRadiantFraction) =>
  (radiantFraction * qKw) / (4 * Math.PI * distanceM * distanceM)

/** Distance (m) at which the point source gives `fluxKwM2`. */
export const distanceForFlux = (qKw: number, fluxKwM2: number, radiantFraction = defaultRadiantFraction) =>
  Math.sqrt((radiantFraction * qKw) / (4 * Math.PI * fluxKwM2))

/**
 * Area (m²) of an unconfined spill of `massKg` spread to 1 cm, the assumption of EPA's RMP Offsite
 * Consequence Analysis Guidance (1999, §3.2) when there is no dike.
 */
export const unconfinedPoolArea = (massKg: number, liquidDensityKgM3: number) =>
  massKg / liquidDensityKgM3 / 0.01
