// Turns a plant layout into building, tank-farm and tank features (ids B-E01-01, F-E01-1, T-E01-01).
import type { Feature, Point, Polygon } from '../../server/contracts/geo'
import type { BuildingProps, TankFarmProps, TankProps } from '../types'
import type { BuildingBox } from './building-specs'
import { chemicals, storedName, type ChemicalKey } from './chemicals'
import { planAxisBearingDeg } from './geo-frame'
import { pointFeature, polygonFeature } from './features'
import { add, normalize, scale, sub, type XY } from './planar'
import type { LocalRect, PlantLayout } from './plant-layout'
import type { Ring } from './polygon'
import type { Rng } from './prng'
import type { EnterpriseSpec } from './roster'
import { tankFootprint, tankVolumeM3 } from './tank-geometry'

/** what later steps (zones, sensors) need to know about a plant, in plan metres */
export interface PlantAssets {
  buildings: { id: string; use: BuildingBox['use']; ring: Ring; anchor: XY }[]
  farms: { id: string; ring: Ring; contents: ChemicalKey[]; name: string; nameEn: string }[]
  tanks: {
    id: string
    farmId: string
    name: string
    nameEn: string
    center: XY
    footprint: Ring
    chemical: ChemicalKey
  }[]
}

export interface PlantFeatures {
  buildings: Feature<Polygon, BuildingProps>[]
  tankFarms: Feature<Polygon, TankFarmProps>[]
  tanks: Feature<Point, TankProps>[]
  assets: PlantAssets
}

const pad2 = (n: number) => String(n).padStart(2, '0')

function localRing(rect: LocalRect, cut: BuildingBox['cut']): XY[] {
  const { x, y, w, d } = rect
  const corners: XY[] = [
    [x, y],
    [x + w, y],
    [x + w, y + d],
    [x, y + d],
  ]
  if (!cut) return corners
  const c = corners[cut.corner]!
  const toward = (k: number): XY => {
    const other = corners[(cut.corner + k + 4) % 4]!
    const horizontal = other[1] === c[1]
    return scale(normalize(sub(other, c)), horizontal ? w * cut.fw : d * cut.fd)
  }
  const [a, b] = [toward(-1), toward(1)]
  return corners.flatMap((p, k) => (k === cut.corner ? [add(c, a), add(add(c, a), b), add(c, b)] : [p]))
}

/** a point surely inside the footprint, 30 % of the way in from the corner opposite any cut */
function anchorOf(rect: LocalRect, cut: BuildingBox['cut']): XY {
  const k = cut ? (cut.corner + 2) % 4 : -1
  const fx = k === 1 || k === 2 ? 0.7 : k === -1 ? 0.5 : 0.3
  const fy = k === 2 || k === 3 ? 0.7 : k === -1 ? 0.5 : 0.3
  return [rect.x + rect.w * fx, rect.y + rect.d * fy]
}

function numberedName(counts: Map<string, number>, zh: string, en: string): [string, string] {
  const n = (counts.get(zh) ?? 0) + 1
  counts.set(zh, n)
  return [`${n}#${zh}`, `${en} No. ${n}`]
}

export function plantFeatures(spec: EnterpriseSpec, plant: PlantLayout, rng: Rng): PlantFeatures {
  const out: PlantFeatures = {
    buildings: [],
    tankFarms: [],
    tanks: [],
    assets: { buildings: [], farms: [], tanks: [] },
  }
  plant.buildings.forEach(({ box, rect }, k) => {
    const id = `B-${spec.id}-${pad2(k + 1)}`
    const ring = localRing(rect, box.cut).map(plant.toPlan)
    const props: BuildingProps = {
      enterprise_id: spec.id,
      name: box.name,
      name_en: box.nameEn,
      use: box.use,
      height_m: box.heightM,
      floors: box.floors,
    }
    out.buildings.push(polygonFeature(id, ring, props))
    out.assets.buildings.push({ id, use: box.use, ring, anchor: plant.toPlan(anchorOf(rect, box.cut)) })
  })
  const farmNames = new Map<string, number>()
  const tankNames = new Map<string, number>()
  plant.farms.forEach(({ spec: farm, layout, rect }, f) => {
    const farmId = `F-${spec.id}-${f + 1}`
    const kinds = [...new Set(farm.contents)]
    let name = `${kinds.map((c) => storedName(chemicals[c])[0]).join('/')}罐区`
    let nameEn = `${kinds.map((c) => storedName(chemicals[c])[1]).join(' & ')} Tank Farm`
    if (plant.farms.filter((o) => o.spec.contents.join() === farm.contents.join()).length > 1) {
      ;[name, nameEn] = numberedName(farmNames, name, nameEn)
    }
    const ring = localRing(rect, undefined).map(plant.toPlan)
    out.tankFarms.push(
      polygonFeature(farmId, ring, {
        enterprise_id: spec.id,
        name,
        name_en: nameEn,
        dike_height_m: layout.dikeHeightM,
      }),
    )
    out.assets.farms.push({ id: farmId, ring, contents: farm.contents, name, nameEn })
    for (const t of layout.tanks) {
      const id = `T-${spec.id}-${pad2(out.tanks.length + 1)}`
      const key = farm.contents[t.contentIndex]!
      const chem = chemicals[key]
      const center = plant.toPlan([rect.x + t.x, rect.y + t.y])
      const capacity = Math.round(tankVolumeM3(farm.type, farm.diameterM, farm.heightM))
      const [zh, en] = storedName(chem)
      const [tankName, tankNameEn] = numberedName(tankNames, `${zh}储罐`, `${en} Tank`)
      const props: TankProps = {
        enterprise_id: spec.id,
        farm_id: farmId,
        name: tankName,
        name_en: tankNameEn,
        tank_type: farm.type,
        diameter_m: farm.diameterM,
        height_m: farm.heightM,
        ...(farm.type === 'horizontal' ? { axis_deg: planAxisBearingDeg(plant.depthAxis) } : {}),
        chemical: chem.zh,
        chemical_en: chem.en,
        cas: chem.cas,
        capacity_m3: capacity,
        // working stock between 45 % and 85 % of the geometric volume
        inventory_t: Math.floor(capacity * chem.densityTPerM3 * rng.range(0.45, 0.85) * 10) / 10,
      }
      out.tanks.push(pointFeature(id, center, props))
      const footprint = tankFootprint(farm.type, center, farm.diameterM, farm.heightM, plant.depthAxis)
      out.assets.tanks.push({
        id,
        farmId,
        name: tankName,
        nameEn: tankNameEn,
        center,
        footprint,
        chemical: key,
      })
    }
  })
  return out
}
