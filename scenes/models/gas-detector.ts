import { CylinderGeometry } from 'three'
import type { Group } from 'three'
import { assemble, box } from './geometry'
import { concrete, galvanisedSteel, safetyYellow } from './materials'
import { GAS_DETECTOR } from '../model-specs'

// Geometry of the model whose sizes GAS_DETECTOR (scenes/model-specs.ts) documents; glTF Y-up.
export function buildGasDetector(): Group {
  const post = new CylinderGeometry(0.03, 0.03, 1.3, 8, 1).translate(0, 0.65, 0)
  const arm = box(0.05, 0.05, 0.12, 0, 1.25, 0.06)
  const housing = box(0.16, 0.2, 0.1, 0, 1.3, 0.15)
  // sensor head pointing down: heavier-than-air vapours reach it from below
  const sensor = new CylinderGeometry(0.035, 0.03, 0.08, 12, 1).translate(0, 1.16, 0.15)
  const lamp = new CylinderGeometry(0.025, 0.025, 0.04, 12, 1).translate(0, 1.42, 0.15)
  const base = box(GAS_DETECTOR.footprintM, 0.1, GAS_DETECTOR.footprintM, 0, 0.05, 0)
  const cap = new CylinderGeometry(0.04, 0.04, 0.02, 8, 1).translate(0, 1.31, 0)
  return assemble('gas-detector', [
    ['housing', [housing, sensor, lamp], safetyYellow()],
    ['steelwork', [post, arm, cap], galvanisedSteel()],
    ['foundation', [base], concrete()],
  ])
}
