// Gaussian puff for an instantaneous release of mass m with ground reflection (CCPS 1999, Guidelines for
// Consequence Analysis of Chemical Releases, eq. 2.1.60):
//   C = m / ((2π)^{3/2} σx σy σz) · exp(−(x−ut)²/2σx²) · exp(−y²/2σy²) · [exp(−(z−h)²/2σz²) + exp(−(z+h)²/2σz²)]
// Units: m g, u m/s, t s, σ and coordinates m → C g/m³.
import { briggsSigmas, puffSigmas, type PuffSigmas, type Terrain } from './dispersion-coefficients'
import type { StabilityClass } from './stability'

const gauss = (d: number, s: number) => Math.exp((-d * d) / (2 * s * s))
const norm = (2 * Math.PI) ** 1.5
/** Below this σ (m) the puff is still a point: evaluated as 0. */
const minSigma = 1e-6

export interface PuffPoint extends PuffSigmas {
  massG: number
  uMs: number
  tS: number
  hM: number
  xM: number
  yM: number
  zM: number
}

export function puffConcentration(p: PuffPoint): number {
  const { sigmaX, sigmaY, sigmaZ } = p
  if (!(sigmaX > minSigma) || !(sigmaY > minSigma) || !(sigmaZ > minSigma)) return 0
  return (
    (p.massG / (norm * sigmaX * sigmaY * sigmaZ)) *
    gauss(p.xM - p.uMs * p.tS, sigmaX) *
    gauss(p.yM, sigmaY) *
    (gauss(p.zM - p.hM, sigmaZ) + gauss(p.zM + p.hM, sigmaZ))
  )
}

/** Which σ a puff uses: CCPS instantaneous-puff coefficients (default) or Briggs plume σ with σx = σy. */
export type PuffSigmaSet = 'ccps_puff' | 'briggs'

export function puffSigmasAt(
  travelledM: number,
  stability: StabilityClass,
  set: PuffSigmaSet = 'ccps_puff',
  terrain: Terrain = 'rural',
): PuffSigmas {
  if (set === 'ccps_puff') return puffSigmas(travelledM, stability)
  const { sigmaY, sigmaZ } = briggsSigmas(travelledM, stability, terrain)
  return { sigmaX: sigmaY, sigmaY, sigmaZ }
}

export interface PuffAt {
  massG: number
  uMs: number
  hM: number
  tS: number
  stability: StabilityClass
  xM: number
  yM: number
  zM: number
  sigmaSet?: PuffSigmaSet
  terrain?: Terrain
}

/** Concentration (g/m³) at time t after the release, σ evaluated at the distance travelled u·t. */
export function puffAt(p: PuffAt): { concentrationGm3: number } & PuffSigmas {
  const s = puffSigmasAt(p.uMs * p.tS, p.stability, p.sigmaSet, p.terrain)
  return { concentrationGm3: puffConcentration({ ...p, ...s }), ...s }
}

/**
 * The highest concentration the passing puff brings to ground level at (x, y): the value when its centre
 * is overhead (t = x/u), σ at x. Its footprint is what a threat zone of an instantaneous release draws.
 */
export function puffPeakAtGround(massG: number, hM: number, s: PuffSigmas, yM = 0): number {
  if (!(s.sigmaX > minSigma) || !(s.sigmaZ > minSigma)) return 0
  return (2 * massG * gauss(yM, s.sigmaY) * gauss(hM, s.sigmaZ)) / (norm * s.sigmaX * s.sigmaY * s.sigmaZ)
}
