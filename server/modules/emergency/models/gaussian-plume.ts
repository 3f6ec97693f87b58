// Gaussian plume for a continuous point release with reflection at the ground and, optionally, at the top
// of the mixing layer (Turner 1970, Workbook of Atmospheric Dispersion Estimates, eqs. 3.1 and 5.2–5.3):
//   C(x,y,z) = Q / (2π u σy σz) · exp(−y²/2σy²) · [exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)]
// Units: Q g/s, u m/s, σ and coordinates in metres → C in g/m³.
import { briggsSigmas, type Terrain } from './dispersion-coefficients'
import type { StabilityClass } from './stability'

export interface PlumePoint {
  /** emission rate, g/s */
  qGs: number
  /** wind speed at the release height, m/s */
  uMs: number
  /** effective release height, m */
  hM: number
  sigmaY: number
  sigmaZ: number
  /** crosswind offset and receptor height, m */
  yM: number
  zM: number
  /** top of the mixing layer (inversion lid), m; absent = unlimited */
  mixingHeightM?: number | null
}

const gauss = (d: number, s: number) => Math.exp((-d * d) / (2 * s * s))
/** Below this σ (m) the point source is singular (the receptor is at the source): evaluated as 0. */
const minSigma = 1e-6

/**
 * The vertical factor [exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)], with images across an inversion lid L when
 * given (Turner eq. 5.2, three pairs of reflections each way). Beyond σz = 1.6 L the layer is well mixed and
 * the caller uses the uniform form instead.
 */
export function verticalTerm(zM: number, hM: number, sigmaZ: number, mixingHeightM?: number | null) {
  let sum = gauss(zM - hM, sigmaZ) + gauss(zM + hM, sigmaZ)
  if (mixingHeightM) {
    for (let n = 1; n <= 3; n++) {
      const s = 2 * n * mixingHeightM
      sum += gauss(zM - hM - s, sigmaZ) + gauss(zM + hM - s, sigmaZ)
      sum += gauss(zM - hM + s, sigmaZ) + gauss(zM + hM + s, sigmaZ)
    }
  }
  return sum
}

/** Concentration (g/m³) for given σy, σz. */
export function plumeConcentration(p: PlumePoint): number {
  const { qGs, uMs, hM, sigmaY, sigmaZ, yM, zM, mixingHeightM } = p
  if (!(sigmaY > minSigma) || !(sigmaZ > minSigma) || !(uMs > 0)) return 0
  const lateral = gauss(yM, sigmaY)
  if (mixingHeightM && hM <= mixingHeightM) {
    if (zM > mixingHeightM) return 0
    // Turner eq. 5.3: uniform below the lid once σz > 1.6 L
    if (sigmaZ > 1.6 * mixingHeightM)
      return (qGs * lateral) / (Math.sqrt(2 * Math.PI) * sigmaY * uMs * mixingHeightM)
  }
  return (qGs / (2 * Math.PI * uMs * sigmaY * sigmaZ)) * lateral * verticalTerm(zM, hM, sigmaZ, mixingHeightM)
}

export interface PlumeAt {
  qGs: number
  uMs: number
  hM: number
  stability: StabilityClass
  terrain: Terrain
  xM: number
  yM: number
  zM: number
  mixingHeightM?: number | null
}

/** Concentration (g/m³) with Briggs σ at x; zero upwind of the source (x ≤ 0). */
export function plumeAt(p: PlumeAt): { concentrationGm3: number; sigmaY: number; sigmaZ: number } {
  const { sigmaY, sigmaZ } = briggsSigmas(p.xM, p.stability, p.terrain)
  const concentrationGm3 = plumeConcentration({ ...p, sigmaY, sigmaZ })
  return { concentrationGm3, sigmaY, sigmaZ }
}
