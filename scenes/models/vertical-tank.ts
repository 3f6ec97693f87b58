import { CylinderGeometry, SphereGeometry, TorusGeometry, TubeGeometry, Vector3 } from 'three'
import type { BufferGeometry, Group } from 'three'
import { assemble, box, rod } from './geometry'
import { HelixCurve } from './helix-curve'
import { concrete, galvanisedSteel, paintedSteel } from './materials'
import { VERTICAL_TANK } from '../model-specs'

// Geometry of the model whose sizes VERTICAL_TANK (scenes/model-specs.ts) documents; glTF Y-up.
const shellR = 0.5
const stairTurnRad = 1.5 * Math.PI
const stairStartRad = -0.25 * Math.PI
const stepCount = 30
const railHeight = 0.05

function roofDome(): BufferGeometry {
  const rise = VERTICAL_TANK.roofRise
  // sphere radius whose cap over a chord of radius 0.5 rises by `rise`
  const sphereR = (shellR * shellR + rise * rise) / (2 * rise)
  const capAngle = Math.asin(shellR / sphereR)
  return new SphereGeometry(sphereR, 48, 4, 0, 2 * Math.PI, 0, capAngle).translate(0, 1 + rise - sphereR, 0)
}

function spiralStair(): BufferGeometry[] {
  const parts: BufferGeometry[] = []
  const a1 = stairStartRad + stairTurnRad
  for (let i = 1; i <= stepCount; i++) {
    const f = i / stepCount
    const a = stairStartRad + stairTurnRad * f
    parts.push(box(0.05, 0.006, 0.06, 0.53 * Math.cos(a), f - 0.003, 0.53 * Math.sin(a), -a))
  }
  parts.push(new TubeGeometry(new HelixCurve(0.558, stairStartRad, a1, 0.005, 1), 40, 0.005, 4))
  parts.push(
    new TubeGeometry(new HelixCurve(0.558, stairStartRad, a1, railHeight, 1 + railHeight), 40, 0.005, 4),
  )
  return parts
}

function roofRailing(): BufferGeometry[] {
  const r = 0.48
  const parts: BufferGeometry[] = [
    new TorusGeometry(r, 0.005, 4, 40).rotateX(Math.PI / 2).translate(0, 1 + railHeight, 0),
  ]
  for (let i = 0; i < 12; i++) {
    const a = (i / 12) * 2 * Math.PI
    const x = r * Math.cos(a)
    const z = r * Math.sin(a)
    parts.push(rod(new Vector3(x, 1, z), new Vector3(x, 1 + railHeight, z), 0.004, 4))
  }
  return parts
}

export function buildVerticalTank(): Group {
  const shell = new CylinderGeometry(shellR, shellR, 1, 48, 1, true).translate(0, 0.5, 0)
  const pad = new CylinderGeometry(0.53, 0.53, 0.015, 48, 1).translate(0, 0.0075, 0)
  return assemble('tank-vertical', [
    ['shell', [shell, roofDome()], paintedSteel()],
    ['steelwork', [...spiralStair(), ...roofRailing()], galvanisedSteel()],
    ['foundation', [pad], concrete()],
  ])
}
