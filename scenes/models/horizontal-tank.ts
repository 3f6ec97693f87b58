import { CylinderGeometry, ExtrudeGeometry, Shape, SphereGeometry } from 'three'
import type { BufferGeometry, Group } from 'three'
import { assemble, box } from './geometry'
import { concrete, paintedSteel } from './materials'
import { HORIZONTAL_TANK } from '../model-specs'

// Geometry of the model whose sizes HORIZONTAL_TANK (scenes/model-specs.ts) documents; glTF Y-up.
const r = 0.5
const axisY = HORIZONTAL_TANK.shellBottomY + r
const cylLength = 1 - 2 * HORIZONTAL_TANK.headDepth

function head(sign: 1 | -1): BufferGeometry {
  // hemisphere around +Y, flattened to the head depth, then turned to face ±X
  const g = new SphereGeometry(r, 32, 8, 0, 2 * Math.PI, 0, Math.PI / 2)
  g.scale(1, HORIZONTAL_TANK.headDepth / r, 1)
  g.rotateZ(-sign * (Math.PI / 2))
  return g.translate((sign * cylLength) / 2, axisY, 0)
}

/** Steel/concrete saddle: a pier whose top is cut to the shell's curvature, 0.04 L thick. */
function saddle(x: number): BufferGeometry[] {
  const halfWidth = 0.4
  const s = new Shape()
  s.moveTo(-halfWidth, 0)
  s.lineTo(halfWidth, 0)
  const steps = 12
  for (let i = 0; i <= steps; i++) {
    const z = halfWidth - (2 * halfWidth * i) / steps
    s.lineTo(z, axisY - Math.sqrt(r * r - z * z))
  }
  s.closePath()
  const thickness = 0.04
  const g = new ExtrudeGeometry(s, { depth: thickness, bevelEnabled: false, curveSegments: 1 })
  // shape plane XY → glTF ZY, extrusion (+Z) → +X, centred on x
  g.rotateY(Math.PI / 2).translate(x - thickness / 2, 0, 0)
  return [g, box(0.07, 0.02, 0.86, x, 0.01, 0)]
}

export function buildHorizontalTank(): Group {
  const shell = new CylinderGeometry(r, r, cylLength, 32, 1, true).rotateZ(Math.PI / 2).translate(0, axisY, 0)
  const x = HORIZONTAL_TANK.saddleX
  return assemble('tank-horizontal', [
    ['shell', [shell, head(1), head(-1)], paintedSteel()],
    ['foundation', [...saddle(-x), ...saddle(x)], concrete()],
  ])
}
