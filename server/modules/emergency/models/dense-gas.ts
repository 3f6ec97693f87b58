// Is the release denser than air, so that a Gaussian (passive) model misstates it near the source?
// Britter & McQuaid (1988), Workbook on the Dispersion of Dense Gases (HSE CR 17/1988): dense-gas effects
// matter when, with g₀′ = g (ρ₀ − ρa)/ρa,
//   continuous:     (g₀′ q₀ / D)^{1/3} / u ≥ 0.15, q₀ volume rate (m³/s), D = √(q₀/u)
//   instantaneous:  √(g₀′ V₀^{1/3}) / u ≥ 0.2,     V₀ initial volume (m³)
// ρ₀ is the pure vapour at its boiling point for a liquefied gas that boils below ambient (it flashes),
// otherwise at ambient (a compressed gas or a volatile liquid). A liquefied gas released as a two-phase jet can be denser still (aerosol).
import { airMolarMass, gasConstant, gravity } from './units'

export const ambientK = 298.15
const pressurePa = 101325

/** Ideal-gas density (kg/m³) of a vapour of molar mass `mwGmol` at T (K). */
export const gasDensity = (mwGmol: number, tK: number) => (pressurePa * mwGmol) / 1000 / (gasConstant * tK)

export interface DenseGasInput {
  mwGmol: number
  boilingPointC: number | null
  /** continuous release rate, g/s */
  rateGs?: number | null
  /** instantaneous release, g */
  massG?: number | null
  windMs: number
  /** stored as a liquefied gas (pressurised or refrigerated) */
  liquefiedGas?: boolean
}

export interface DenseGasVerdict {
  dense: boolean
  /** the Britter–McQuaid criterion value and its threshold (null when no rate or mass was given) */
  criterion: number | null
  threshold: number | null
  releaseDensityKgM3: number
  reason: string | null
}

export function denseGasCheck(p: DenseGasInput): DenseGasVerdict {
  const tb = p.boilingPointC == null ? null : p.boilingPointC + 273.15
  const t0 = p.liquefiedGas && tb != null && tb < ambientK ? tb : ambientK
  const rho0 = gasDensity(p.mwGmol, t0)
  const rhoA = gasDensity(airMolarMass, ambientK)
  const g0 = (gravity * (rho0 - rhoA)) / rhoA
  let criterion: number | null = null
  let threshold: number | null = null
  if (p.rateGs && p.rateGs > 0) {
    const q0 = p.rateGs / 1000 / rho0
    const d = Math.sqrt(q0 / p.windMs)
    criterion = g0 > 0 ? Math.cbrt((g0 * q0) / d) / p.windMs : 0
    threshold = 0.15
  } else if (p.massG && p.massG > 0) {
    const v0 = p.massG / 1000 / rho0
    criterion = g0 > 0 ? Math.sqrt(g0 * Math.cbrt(v0)) / p.windMs : 0
    threshold = 0.2
  }
  const round = (v: number) => Math.round(v * 1000) / 1000
  if (criterion != null && threshold != null && criterion >= threshold)
    return {
      dense: true,
      criterion: round(criterion),
      threshold,
      releaseDensityKgM3: round(rho0),
      reason: `dense gas (Britter–McQuaid ${round(criterion)} ≥ ${threshold}): Gaussian underestimates the near field`,
    }
  if (p.liquefiedGas && tb != null && tb < ambientK)
    return {
      dense: true,
      criterion: criterion == null ? null : round(criterion),
      threshold,
      releaseDensityKgM3: round(rho0),
      reason:
        'liquefied gas: a flashing two-phase (aerosol) release can be denser than air; Gaussian underestimates the near field',
    }
  return {
    dense: false,
    criterion: criterion == null ? null : round(criterion),
    threshold,
    releaseDensityKgM3: round(rho0),
    reason: null,
  }
}
