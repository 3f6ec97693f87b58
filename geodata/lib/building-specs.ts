// What each enterprise builds: footprint sizes, storeys and heights by use. Heights are storeys
// times a typical storey height for the use (offices 3.6 m, labs 4.2 m, process frames 6 m).
import type { BuildingUse } from '../types'
import { industries } from './industries'
import type { Rng } from './prng'
import type { EnterpriseSpec } from './roster'

export interface BuildingBox {
  use: BuildingUse
  name: string
  nameEn: string
  /** along the frontage, metres */
  w: number
  /** away from the frontage, metres */
  d: number
  floors: number
  heightM: number
  /** L-shaped: this corner (0..3, counter-clockwise from the front-left) is cut by the given fractions */
  cut?: { corner: number; fw: number; fd: number }
}

/** storey height range per use, metres (also what the validator accepts) */
export const storeyHeightM: Record<BuildingUse, [number, number]> = {
  office: [3, 5.5],
  lab: [3, 5.5],
  control: [4, 8],
  process: [4.5, 9],
  warehouse: [4, 12],
  utility: [4, 12],
}
export const buildingHeightRangeM: [number, number] = [6, 45]

const warehouseNames: [string, string][] = [
  ['原料仓库', 'Raw Material Warehouse'],
  ['成品仓库', 'Finished Goods Warehouse'],
  ['甲类仓库', 'Class A Warehouse'],
  ['危废暂存库', 'Hazardous Waste Store'],
  ['备品备件库', 'Spare Parts Store'],
]
const utilityNames: [string, string][] = [
  ['污水预处理站', 'Wastewater Pretreatment Station'],
  ['循环水站', 'Cooling Water Station'],
  ['变配电所', 'Substation'],
  ['空压制氮站', 'Air & Nitrogen Station'],
  ['消防泵房', 'Fire Pump House'],
]
const round1 = (x: number) => Math.round(x * 10) / 10

function sized(use: BuildingUse, rng: Rng): Omit<BuildingBox, 'name' | 'nameEn' | 'use'> {
  const r = (a: number, b: number) => Math.round(rng.range(a, b))
  switch (use) {
    case 'office': {
      const floors = rng.int(3, 6)
      return { w: r(45, 80), d: r(16, 24), floors, heightM: round1(floors * 3.6 + 1.2) }
    }
    case 'control': {
      const floors = rng.int(1, 2)
      return { w: r(30, 50), d: r(18, 28), floors, heightM: round1(6 + (floors - 1) * 4.5) }
    }
    case 'lab': {
      const floors = rng.int(2, 4)
      return { w: r(30, 50), d: r(16, 22), floors, heightM: round1(floors * 4.2 + 1) }
    }
    case 'process': {
      const floors = rng.int(2, 6)
      return { w: r(40, 90), d: r(25, 50), floors, heightM: round1(floors * 6 + rng.range(0, 3)) }
    }
    case 'warehouse': {
      const floors = rng.chance(0.2) ? 2 : 1
      return {
        w: r(50, 100),
        d: r(30, 50),
        floors,
        heightM: round1(floors === 1 ? rng.range(8, 11) : rng.range(12, 14)),
      }
    }
    case 'utility': {
      const floors = rng.int(1, 2)
      return { w: r(25, 50), d: r(18, 30), floors, heightM: round1(floors * rng.range(6, 7.5)) }
    }
  }
}

/** numbered names when a name repeats inside one enterprise: 1#仓库 / Warehouse No. 1 */
function numbered(names: [string, string][], count: number): [string, string][] {
  const picked = Array.from({ length: count }, (_, k) => names[k % names.length]!)
  const seen = new Map<string, number>()
  return picked.map(([zh, en]) => {
    const total = picked.filter(([z]) => z === zh).length
    if (total === 1) return [zh, en]
    const n = (seen.get(zh) ?? 0) + 1
    seen.set(zh, n)
    return [`${n}#${zh}`, `${en} No. ${n}`]
  })
}

export function buildingProgram(spec: EnterpriseSpec, rng: Rng): BuildingBox[] {
  const p = spec.program
  const named: [BuildingUse, [string, string][]][] = [
    ['office', numbered([['综合办公楼', 'Office Building']], p.office)],
    ['control', numbered([['中央控制室', 'Central Control Room']], p.control)],
    ['lab', numbered([['质检化验楼', 'QC Laboratory']], p.lab)],
    ['process', numbered([...industries[spec.industry].units], p.process)],
    ['utility', numbered(utilityNames, p.utility)],
    ['warehouse', numbered(warehouseNames, p.warehouse)],
  ]
  return named.flatMap(([use, names]) =>
    names.map(([name, nameEn]) => {
      const box: BuildingBox = { use, name, nameEn, ...sized(use, rng) }
      if (use === 'process' && rng.chance(0.4)) [box.w, box.d] = [box.d, box.w]
      if (use !== 'control' && Math.min(box.w, box.d) >= 24 && rng.chance(0.35)) {
        box.cut = { corner: rng.int(0, 3), fw: rng.range(0.35, 0.55), fd: rng.range(0.35, 0.55) }
      }
      return box
    }),
  )
}
