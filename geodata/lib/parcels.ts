// Enterprise parcels, the hazmat parking lot and the public/reserved land, cut from the lattice
// cells: each side is pulled back from its road by half the road width plus a green belt, corners
// get sight triangles, and neighbours sharing a cell keep a fenced gap or a branch road between them.
import { blendLines, intersectLines, lerp, offsetLine, paramOf, pointAt, type Line, type XY } from './planar'
import { chamferRing, type Ring } from './polygon'
import { cellSpan, type Lattice } from './lattice'
import {
  cellPlans,
  cornerCutM,
  ewRoads,
  greenBeltM,
  nsRoads,
  parcelGapM,
  type CellPlan,
  type Front,
  type ParcelPart,
} from './site-plan'

/** the four side lines of a convex quad, already pulled back from their roads */
export interface QuadLines {
  bottom: Line
  right: Line
  top: Line
  left: Line
}

export interface Entrance {
  /** road line key: ew:i, ns:j or br:row:col */
  road: string
  /** the spot on the road centreline in front of the gate */
  point: XY
}

export interface Parcel {
  enterpriseId: string
  front: Front
  /** counter-clockwise, plan metres */
  ring: Ring
  layout: QuadLines
  /** main gate first */
  entrances: Entrance[]
}

export interface BranchRoad {
  key: string
  line: Line
  row: number
  widthM: number
  name: string
  nameEn: string
  speedKmh: number
}

export interface Site {
  parcels: Parcel[]
  branches: BranchRoad[]
  /** the lot: ring with its entrance as a vertex, and its quad corners */
  parking: { ring: Ring; quad: Ring; entrance: XY; road: Entrance }
  /** corners [bl, br, tr, tl] of the land left after the roads, before sight triangles */
  publicQuad: Ring
  reserved: { row: number; col: number; ring: Ring; quad: Ring; construction: boolean }[]
}

export const quadCorners = (q: QuadLines): Ring => [
  intersectLines(q.bottom, q.left),
  intersectLines(q.bottom, q.right),
  intersectLines(q.top, q.right),
  intersectLines(q.top, q.left),
]

const roadInset = (widthM: number) => widthM / 2 + greenBeltM

/** the cell's road-facing sides pulled back; lines keep their lattice direction (east / north) */
function cellQuad(lattice: Lattice, plan: CellPlan): QuadLines {
  const { row, col } = plan
  const east = col + cellSpan(plan)
  return {
    bottom: offsetLine(lattice.ew[row]!, roadInset(ewRoads[row]!.widthM)),
    top: offsetLine(lattice.ew[row + 1]!, -roadInset(ewRoads[row + 1]!.widthM)),
    left: offsetLine(lattice.ns[col]!, -roadInset(nsRoads[col]!.widthM)),
    right: offsetLine(lattice.ns[east]!, roadInset(nsRoads[east]!.widthM)),
  }
}

function sideMidpoint(q: QuadLines, side: 'bottom' | 'top' | 'left' | 'right'): XY {
  const [bl, br, tr, tl] = quadCorners(q) as [XY, XY, XY, XY]
  const ends: Record<typeof side, [XY, XY]> = {
    bottom: [bl, br],
    top: [tl, tr],
    left: [bl, tl],
    right: [br, tr],
  }
  return lerp(...ends[side], 0.5)
}

const onRoad = (road: string, line: Line, from: XY): Entrance => ({
  road,
  point: pointAt(line, paramOf(line, from)),
})

function frontEntrance(lattice: Lattice, plan: CellPlan, q: QuadLines, front: Front): Entrance {
  const i = front === 'S' ? plan.row : plan.row + 1
  return onRoad(`ew:${i}`, lattice.ew[i]!, sideMidpoint(q, front === 'S' ? 'bottom' : 'top'))
}

function parcel(part: ParcelPart, q: QuadLines, ring: Ring, entrances: Entrance[]): Parcel {
  return {
    enterpriseId: part.enterprise,
    front: part.front,
    ring: chamferRing(ring, cornerCutM),
    layout: q,
    entrances,
  }
}

function wholeCell(lattice: Lattice, plan: CellPlan, part: ParcelPart): Parcel {
  const q = cellQuad(lattice, plan)
  const entrances = [frontEntrance(lattice, plan, q, part.front)]
  // a two-cell plant also opens a logistics gate on its back road
  if (cellSpan(plan) === 2) entrances.push(frontEntrance(lattice, plan, q, part.front === 'S' ? 'N' : 'S'))
  return parcel(part, q, quadCorners(q), entrances)
}

function splitCell(lattice: Lattice, plan: CellPlan, site: Site): Parcel[] {
  if (plan.use.kind !== 'split') return []
  const { at, branch, west, east } = plan.use
  const q = cellQuad(lattice, plan)
  const splitLine = blendLines(lattice.ns[plan.col]!, lattice.ns[plan.col + 1]!, at)
  const inset = branch ? roadInset(branch.widthM) : parcelGapM / 2
  const wq = { ...q, right: offsetLine(splitLine, inset) }
  const eq = { ...q, left: offsetLine(splitLine, -inset) }
  const key = `br:${plan.row}:${plan.col}`
  if (branch) site.branches.push({ key, line: splitLine, row: plan.row, ...branch })
  const side = (sq: QuadLines, s: 'left' | 'right') =>
    branch ? [onRoad(key, splitLine, sideMidpoint(sq, s))] : []
  return [
    parcel(west, wq, quadCorners(wq), [frontEntrance(lattice, plan, wq, west.front), ...side(wq, 'right')]),
    parcel(east, eq, quadCorners(eq), [frontEntrance(lattice, plan, eq, east.front), ...side(eq, 'left')]),
  ]
}

function parkingCell(lattice: Lattice, plan: CellPlan, site: Site): Parcel[] {
  if (plan.use.kind !== 'parking') return []
  const q = cellQuad(lattice, plan)
  const lotTop = offsetLine(q.bottom, plan.use.lotDepthM)
  const lotRight = offsetLine(q.left, -plan.use.lotWidthM)
  const lot: QuadLines = { bottom: q.bottom, right: lotRight, top: lotTop, left: q.left }
  const [bl, br, tr, tl] = quadCorners(lot) as [XY, XY, XY, XY]
  const entrance = lerp(bl, br, 0.5)
  site.parking = {
    ring: [bl, entrance, br, tr, tl],
    quad: [bl, br, tr, tl],
    entrance,
    road: onRoad(`ew:${plan.row}`, lattice.ew[plan.row]!, entrance),
  }
  const notchTop = offsetLine(lotTop, parcelGapM)
  const notchRight = offsetLine(lotRight, -parcelGapM)
  const ring: Ring = [
    intersectLines(q.bottom, notchRight),
    intersectLines(q.bottom, q.right),
    intersectLines(q.top, q.right),
    intersectLines(q.top, q.left),
    intersectLines(q.left, notchTop),
    intersectLines(notchTop, notchRight),
  ]
  const layout = { ...q, bottom: notchTop }
  return [parcel(plan.use.part, layout, ring, [frontEntrance(lattice, plan, q, plan.use.part.front)])]
}

export function buildSite(lattice: Lattice): Site {
  const site: Site = {
    parcels: [],
    branches: [],
    parking: { ring: [], quad: [], entrance: [0, 0], road: { road: '', point: [0, 0] } },
    publicQuad: [],
    reserved: [],
  }
  for (const plan of cellPlans) {
    const use = plan.use
    if (use.kind === 'enterprise') site.parcels.push(wholeCell(lattice, plan, use.part))
    else if (use.kind === 'split') site.parcels.push(...splitCell(lattice, plan, site))
    else if (use.kind === 'parking') site.parcels.push(...parkingCell(lattice, plan, site))
    else if (use.kind === 'public') site.publicQuad = quadCorners(cellQuad(lattice, plan))
    else if (use.kind === 'reserved') {
      const quad = quadCorners(cellQuad(lattice, plan))
      const ring = chamferRing(quad, cornerCutM)
      site.reserved.push({
        row: plan.row,
        col: plan.col,
        ring,
        quad,
        construction: use.construction === true,
      })
    }
  }
  if (site.parking.ring.length === 0) throw new Error('site plan has no hazmat parking lot')
  site.parcels.sort((a, b) => a.enterpriseId.localeCompare(b.enterpriseId))
  return site
}
