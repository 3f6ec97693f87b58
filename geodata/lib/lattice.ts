// The road lattice: straight, slightly skewed road lines (jittered per seed) and the cells between
// them. Cells are indexed (row, col) south→north and west→east; crossing (i, j) is where E-W road i
// meets N-S road j, so cell (r, c) has corners (r, c), (r, c+1), (r+1, c+1), (r+1, c).
import { intersectLines, normalize, type Line, type XY } from './planar'
import type { Rng } from './prng'
import { cellPlans, ewRoads, nsRoads, type CellPlan, type RoadDef } from './site-plan'

export interface Lattice {
  ew: Line[]
  ns: Line[]
  crossing(i: number, j: number): XY
  rows: number
  cols: number
}

const jitterM = 12
const jitterSlope = 0.008

function jitteredLine(def: RoadDef, family: 'ew' | 'ns', rng: Rng): Line {
  const at = def.at + rng.range(-jitterM, jitterM)
  const slope = def.slope + rng.range(-jitterSlope, jitterSlope)
  return family === 'ew' ? { p: [0, at], d: normalize([1, slope]) } : { p: [at, 0], d: normalize([slope, 1]) }
}

export function buildLattice(rng: Rng): Lattice {
  const ew = ewRoads.map((def) => jitteredLine(def, 'ew', rng))
  const ns = nsRoads.map((def) => jitteredLine(def, 'ns', rng))
  const crossings = ew.map((a) => ns.map((b) => intersectLines(a, b)))
  return {
    ew,
    ns,
    crossing: (i, j) => {
      const p = crossings[i]?.[j]
      if (!p) throw new Error(`no lattice crossing ${i},${j}`)
      return p
    },
    rows: ew.length - 1,
    cols: ns.length - 1,
  }
}

/** the plan covering a cell, following two-column enterprises into their second column */
export function cellOwner(row: number, col: number): CellPlan | undefined {
  const own = cellPlans.find((c) => c.row === row && c.col === col)
  if (own) return own
  return cellPlans.find(
    (c) => c.row === row && c.col === col - 1 && c.use.kind === 'enterprise' && c.use.span === 2,
  )
}

export function cellInPark(row: number, col: number): boolean {
  const plan = cellOwner(row, col)
  return plan !== undefined && plan.use.kind !== 'outside'
}

/** true when N-S road `j` is interrupted in `row` because one enterprise spans both sides of it */
export function mergedAcross(row: number, j: number): boolean {
  const west = cellOwner(row, j - 1)
  return west !== undefined && west === cellOwner(row, j)
}

export const cellSpan = (plan: CellPlan): number => (plan.use.kind === 'enterprise' && plan.use.span) || 1
