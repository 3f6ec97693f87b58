// Dispersion coefficients σ (metres) as functions of the downwind distance x (metres).
// Plume: Briggs (1973) fits to the Pasquill–Gifford curves (open country) and to the McElroy–Pooler
// St. Louis data (urban), as tabulated in CCPS (1999/2000) Guidelines for Consequence Analysis of Chemical
// Releases, with the two urban σz misprints corrected after Griffiths (1994). Valid roughly 100 m – 10 km;
// nearer than 100 m they are extrapolated.
// Puff: CCPS instantaneous-release coefficients (same source), σx = σy.
import type { StabilityClass } from './stability'

export type Terrain = 'rural' | 'urban'

export interface Sigmas {
  sigmaY: number
  sigmaZ: number
}

type Fit = (x: number) => number
const briggsY =
  (a: number, b: number): Fit =>
  (x) =>
    a * x * (1 + b * x) ** -0.5

const rural: Record<StabilityClass, [Fit, Fit]> = {
  A: [briggsY(0.22, 0.0001), (x) => 0.2 * x],
  B: [briggsY(0.16, 0.0001), (x) => 0.12 * x],
  C: [briggsY(0.11, 0.0001), (x) => 0.08 * x * (1 + 0.0002 * x) ** -0.5],
  D: [briggsY(0.08, 0.0001), (x) => 0.06 * x * (1 + 0.0015 * x) ** -0.5],
  E: [briggsY(0.06, 0.0001), (x) => (0.03 * x) / (1 + 0.0003 * x)],
  F: [briggsY(0.04, 0.0001), (x) => (0.016 * x) / (1 + 0.0003 * x)],
}

const urbanAB: [Fit, Fit] = [briggsY(0.32, 0.0004), (x) => 0.24 * x * (1 + 0.001 * x) ** 0.5]
const urbanEF: [Fit, Fit] = [briggsY(0.11, 0.0004), (x) => 0.08 * x * (1 + 0.0015 * x) ** -0.5]
const urban: Record<StabilityClass, [Fit, Fit]> = {
  A: urbanAB,
  B: urbanAB,
  C: [briggsY(0.22, 0.0004), (x) => 0.2 * x],
  D: [briggsY(0.16, 0.0004), (x) => 0.14 * x * (1 + 0.0003 * x) ** -0.5],
  E: urbanEF,
  F: urbanEF,
}

/** Briggs plume σy, σz at x metres downwind (x ≤ 0 gives 0). */
export function briggsSigmas(x: number, stability: StabilityClass, terrain: Terrain): Sigmas {
  if (!(x > 0)) return { sigmaY: 0, sigmaZ: 0 }
  const [fy, fz] = (terrain === 'urban' ? urban : rural)[stability]
  return { sigmaY: fy(x), sigmaZ: fz(x) }
}

// CCPS puff: σy = a·x^b, σz = c·x^d (x = distance travelled by the puff centre)
const puff: Record<StabilityClass, [number, number, number, number]> = {
  A: [0.18, 0.92, 0.6, 0.75],
  B: [0.14, 0.92, 0.53, 0.73],
  C: [0.1, 0.92, 0.34, 0.71],
  D: [0.06, 0.92, 0.15, 0.7],
  E: [0.04, 0.92, 0.1, 0.65],
  F: [0.02, 0.89, 0.05, 0.61],
}

export interface PuffSigmas extends Sigmas {
  sigmaX: number
}

/** CCPS instantaneous-puff σx = σy and σz after the centre has travelled `travelledM` metres. */
export function puffSigmas(travelledM: number, stability: StabilityClass): PuffSigmas {
  if (!(travelledM > 0)) return { sigmaX: 0, sigmaY: 0, sigmaZ: 0 }
  const [a, b, c, d] = puff[stability]
  const sy = a * travelledM ** b
  return { sigmaX: sy, sigmaY: sy, sigmaZ: c * travelledM ** d }
}
