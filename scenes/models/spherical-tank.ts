import { CylinderGeometry, SphereGeometry, TorusGeometry, TubeGeometry, Vector3 } from 'three'
import type { BufferGeometry, Group } from 'three'
import { assemble, box, rod } from './geometry'
import { MeridianCurve } from './meridian-curve'
import { concrete, galvanisedSteel, paintedSteel } from './materials'
import { SPHERICAL_TANK } from '../model-specs'

// Geometry of the model whose sizes SPHERICAL_TANK (scenes/model-specs.ts) documents; glTF Y-up.
const r = 0.5
const centreY = SPHERICAL_TANK.shellBottomY + r
const legR = 0.018

function legPositions(): Vector3[] {
  const out: Vector3[] = []
  for (let i = 0; i < SPHERICAL_TANK.legCount; i++) {
    // offset by half a bay so the stair (at angle 0) runs between two legs
    const a = ((i + 0.5) / SPHERICAL_TANK.legCount) * 2 * Math.PI
    out.push(new Vector3(r * Math.cos(a), 0, r * Math.sin(a)))
  }
  return out
}

function legsAndBracing(): { steel: BufferGeometry[]; footings: BufferGeometry[] } {
  const steel: BufferGeometry[] = []
  const footings: BufferGeometry[] = []
  const legs = legPositions()
  legs.forEach((p, i) => {
    steel.push(new CylinderGeometry(legR, legR, centreY, 6, 1).translate(p.x, centreY / 2, p.z))
    footings.push(box(0.07, 0.03, 0.07, p.x, 0.015, p.z))
    const q = legs[(i + 1) % legs.length]!
    // X-bracing between neighbouring legs
    steel.push(rod(new Vector3(p.x, 0.05, p.z), new Vector3(q.x, 0.42, q.z), 0.006, 4))
    steel.push(rod(new Vector3(q.x, 0.05, q.z), new Vector3(p.x, 0.42, p.z), 0.006, 4))
  })
  return { steel, footings }
}

function stairsAndPlatform(): BufferGeometry[] {
  const parts: BufferGeometry[] = []
  // straight stair from the ground (outside the legs) up to the equator
  const foot = new Vector3(SPHERICAL_TANK.stairFootX, 0.005, 0)
  const top = new Vector3(0.52, centreY, 0)
  for (const z of [-0.03, 0.03]) parts.push(rod(foot.clone().setZ(z), top.clone().setZ(z), 0.005, 4))
  for (let i = 1; i < 10; i++)
    parts.push(
      box(
        0.03,
        0.005,
        0.06,
        ...foot
          .clone()
          .lerp(top, i / 10)
          .toArray(),
      ),
    )
  // curved stair following a meridian from the equator to the top platform
  const polar0 = Math.PI / 2
  const polar1 = 0.2
  parts.push(new TubeGeometry(new MeridianCurve(r + 0.012, centreY, polar0, polar1, 0), 24, 0.005, 4))
  parts.push(new TubeGeometry(new MeridianCurve(r + 0.05, centreY, polar0, polar1, 0), 24, 0.005, 4))
  for (let i = 0; i <= 14; i++) {
    const polar = polar0 + ((polar1 - polar0) * i) / 14
    const p = new MeridianCurve(r + 0.03, centreY, polar, polar, 0).getPoint(0)
    parts.push(box(0.04, 0.005, 0.06, p.x, p.y, p.z))
  }
  const topY = SPHERICAL_TANK.heightRatio
  parts.push(new CylinderGeometry(0.12, 0.12, 0.01, 16, 1).translate(0, topY, 0))
  parts.push(
    new TorusGeometry(0.12, 0.004, 4, 24)
      .rotateX(Math.PI / 2)
      .translate(0, topY + SPHERICAL_TANK.railRise, 0),
  )
  for (let i = 0; i < 6; i++) {
    const a = (i / 6) * 2 * Math.PI
    const base = new Vector3(0.12 * Math.cos(a), topY, 0.12 * Math.sin(a))
    parts.push(rod(base, base.clone().setY(topY + SPHERICAL_TANK.railRise), 0.003, 4))
  }
  return parts
}

export function buildSphericalTank(): Group {
  const { steel, footings } = legsAndBracing()
  return assemble('tank-spherical', [
    ['shell', [new SphereGeometry(r, 32, 16).translate(0, centreY, 0)], paintedSteel()],
    ['steelwork', [...steel, ...stairsAndPlatform()], galvanisedSteel()],
    ['foundation', footings, concrete()],
  ])
}
