// Lays out one plant inside its parcel. The plant is planned in a local frame whose x axis runs
// along the frontage and whose y axis points away from the entrance road; each building or tank
// farm takes the free spot nearest to where that use usually sits (offices at the gate, tank farms
// at the back, process units between), keeping fire separations between them.
import { buildingProgram, type BuildingBox } from './building-specs'
import type { Parcel } from './parcels'
import { quadCorners } from './parcels'
import type { XY } from './planar'
import type { Rng } from './prng'
import type { EnterpriseSpec, FarmSpec } from './roster'
import { layoutFarm, type FarmLayout } from './tank-farm'

export interface LocalRect {
  x: number
  y: number
  w: number
  d: number
}

export interface PlantLayout {
  toPlan(p: XY): XY
  /** plan direction of the local y axis */
  depthAxis: XY
  buildings: { box: BuildingBox; rect: LocalRect }[]
  farms: { spec: FarmSpec; layout: FarmLayout; rect: LocalRect }[]
}

/** metres: parcel edge to plant area, and the fire separations (GB 50160 simplified) */
const parcelMarginM = 8
const farmEdgeM = 6
const farmGapM = 20
const buildingGapM = 12
const buildingToFarmM = 30
const stepM = 5

interface Obstacle {
  rect: LocalRect
  clearM: number
}

const apart = (a: LocalRect, b: LocalRect, clearM: number): boolean =>
  Math.max(a.x - (b.x + b.w), b.x - (a.x + a.w)) >= clearM ||
  Math.max(a.y - (b.y + b.d), b.y - (a.y + a.d)) >= clearM

function isFree(rect: LocalRect, obstacles: Obstacle[]): boolean {
  for (const o of obstacles) if (!apart(rect, o.rect, o.clearM)) return false
  return true
}

/** the free position for a w×d rect whose centre is nearest the anchor, or null */
function place(
  w: number,
  d: number,
  anchor: XY,
  edgeM: number,
  area: XY,
  obstacles: Obstacle[],
): LocalRect | null {
  let best: LocalRect | null = null
  let bestCost = Infinity
  for (let y = edgeM; y + d <= area[1] - edgeM; y += stepM) {
    for (let x = edgeM; x + w <= area[0] - edgeM; x += stepM) {
      const cost = Math.hypot(x + w / 2 - anchor[0], y + d / 2 - anchor[1])
      if (cost >= bestCost) continue
      const rect = { x, y, w, d }
      if (isFree(rect, obstacles)) {
        best = rect
        bestCost = cost
      }
    }
  }
  return best
}

/** the largest plan-axis-aligned rectangle the layout quad surely holds, less the margin */
function plantArea(parcel: Parcel) {
  const [bl, br, tr, tl] = quadCorners(parcel.layout) as [XY, XY, XY, XY]
  const uL = Math.max(bl[0], tl[0]) + parcelMarginM
  const uR = Math.min(br[0], tr[0]) - parcelMarginM
  const vB = Math.max(bl[1], br[1]) + parcelMarginM
  const vT = Math.min(tl[1], tr[1]) - parcelMarginM
  const south = parcel.front === 'S'
  return {
    size: [uR - uL, vT - vB] as XY,
    toPlan: ([x, y]: XY): XY => (south ? [uL + x, vB + y] : [uR - x, vT - y]),
    depthAxis: (south ? [0, 1] : [0, -1]) as XY,
  }
}

const anchors: Record<BuildingBox['use'], XY> = {
  office: [0.5, 0],
  control: [0.3, 0.1],
  lab: [0.72, 0.05],
  process: [0.5, 0.55],
  utility: [0.92, 0.45],
  warehouse: [0.08, 0.5],
}

export function layoutPlant(parcel: Parcel, spec: EnterpriseSpec, rng: Rng): PlantLayout {
  const { size, toPlan, depthAxis } = plantArea(parcel)
  const [W, D] = size
  // the gate plaza in front of the entrance stays free
  const obstacles: Obstacle[] = [{ rect: { x: W / 2 - 15, y: 0, w: 30, d: 25 }, clearM: 0 }]
  const farms: PlantLayout['farms'] = []
  const bySize = [...spec.farms].sort(
    (a, b) => b.contents.length * b.diameterM - a.contents.length * a.diameterM,
  )
  for (const farmSpec of bySize) {
    const layout = layoutFarm(farmSpec)
    const rect = place(
      layout.w,
      layout.d,
      [W / 2, D],
      farmEdgeM,
      size,
      obstacles.map((o) => ({ ...o, clearM: farmGapM })),
    )
    if (!rect)
      throw new Error(`${spec.id}: no room for a ${layout.w.toFixed(0)}×${layout.d.toFixed(0)} m tank farm`)
    farms.push({ spec: farmSpec, layout, rect })
    obstacles.push({ rect, clearM: buildingToFarmM })
  }
  farms.sort((a, b) => spec.farms.indexOf(a.spec) - spec.farms.indexOf(b.spec))
  const backOfBuildings = Math.min(D, ...farms.map((f) => f.rect.y - buildingToFarmM))
  const buildings: PlantLayout['buildings'] = []
  for (const box of buildingProgram(spec, rng)) {
    const [fx, fy] = anchors[box.use]
    const anchor: XY = [fx * W, fy * backOfBuildings]
    const rect = place(
      box.w,
      box.d,
      anchor,
      4,
      size,
      obstacles.map((o) => ({ ...o, clearM: Math.max(o.clearM, buildingGapM) })),
    )
    if (!rect) continue
    buildings.push({ box, rect })
    obstacles.push({ rect, clearM: buildingGapM })
  }
  return { toPlan, depthAxis, buildings, farms }
}
