// Where the park's on-site workforce (驻厂作业人员: enterprise operators and maintenance contractors) works: the
// units of each enterprise — tank farms (罐区) and process, control, utility, warehouse and lab buildings — each
// with a few work spots (beside a tank inside the dike; inside a building's footprint, as indoor positioning
// reports it) and the zones it lies in, whose presence rules and headcount limits (区域定员) the crews respect.
import type { BuildingUse, ParkData } from '../../../geodata/types'
import { hashSeed } from '../prng'
import { haversineM, offsetM, pointInPolygon, ringCentre, type LonLat } from './geo'
import { zoneMarginM, type SimZone } from './sim-zones'

export type SiteKind = 'tank_farm' | 'plant' | Exclude<BuildingUse, 'office'>

export interface WorkSite {
  /** the tank farm, building or enterprise (a parcel without mapped units) id */
  id: string
  enterpriseId: string
  kind: SiteKind
  centre: LonLat
  /** where people stand while they work there */
  spots: LonLat[]
  /** zones (any type, see simZones(park, { all: true })) a spot lies in or within zoneMarginM of */
  zones: SimZone[]
}

type Rings = readonly (readonly (readonly number[])[])[]

/** Most spots kept per site: a crew of a few people spread over the unit. */
export const maxSpotsPerSite = 8
/** Metres between a tank's shell and where its operator stands. */
const besideTankM = 2.5

/** Points inside `rings` on a 4 × 4 grid over its bounding box (inner points), at most `max`, centre first. */
function innerPoints(rings: Rings, max: number): LonLat[] {
  const outer = rings[0] ?? []
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of outer as [number, number][]) {
    w = Math.min(w, x)
    e = Math.max(e, x)
    s = Math.min(s, y)
    n = Math.max(n, y)
  }
  const out: LonLat[] = []
  const centre = ringCentre(outer)
  if (pointInPolygon(centre, rings)) out.push(centre)
  for (const fy of [0.2, 0.4, 0.6, 0.8])
    for (const fx of [0.2, 0.4, 0.6, 0.8]) {
      const p: LonLat = [w + (e - w) * fx, s + (n - s) * fy]
      if (pointInPolygon(p, rings)) out.push(p)
    }
  return spread(out, max)
}

/** At most `max` of `points`, evenly picked (first kept). */
function spread<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points]
  return Array.from({ length: max }, (_, i) => points[Math.floor((i * points.length) / max)]!)
}

/** A spot beside each tank, at a fixed bearing per tank (from its id), inside `within` when one is given. */
function besideTanks(tanks: ParkData['tanks']['features'], within: Rings | null): LonLat[] {
  const out: LonLat[] = []
  for (const t of [...tanks].sort((a, b) => a.id.localeCompare(b.id))) {
    const p = t.properties
    const radiusM = (p.tank_type === 'horizontal' ? Math.max(p.diameter_m, p.height_m) : p.diameter_m) / 2
    const c: LonLat = [t.geometry.coordinates[0]!, t.geometry.coordinates[1]!]
    const first = hashSeed('beside', t.id) % 360
    for (const turn of [0, 180, 90, 270]) {
      const a = ((first + turn) * Math.PI) / 180
      const r = radiusM + besideTankM
      const spot = offsetM(c, r * Math.sin(a), r * Math.cos(a))
      if (!within || pointInPolygon(spot, within)) {
        out.push(spot)
        break
      }
    }
  }
  return spread(out, maxSpotsPerSite)
}

const workUses: ReadonlySet<BuildingUse> = new Set(['process', 'control', 'utility', 'warehouse', 'lab'])

/**
 * Every enterprise's work sites: its tank farms (spots beside their tanks; tanks of a farm without an outline
 * make one too), its process, control, utility, warehouse and lab buildings (spots inside), or, for a parcel with
 * none of these, the parcel itself. Spots outside the park boundary are dropped; `zones` are every zone of the
 * park (simZones(park, { all: true })).
 */
export function workSites(park: ParkData, zones: readonly SimZone[]): WorkSite[] {
  const boundary = park.boundary.geometry.coordinates
  const sites: WorkSite[] = []
  const add = (id: string, enterpriseId: string, kind: SiteKind, centre: LonLat, spots: LonLat[]) => {
    const kept = spots.filter((p) => pointInPolygon(p, boundary))
    if (kept.length === 0) return
    const near = zones.filter((z) => kept.some((p) => z.distanceM(p) <= zoneMarginM))
    sites.push({ id, enterpriseId, kind, centre, spots: kept, zones: near })
  }
  const tanksByFarm = new Map<string, ParkData['tanks']['features']>()
  for (const t of park.tanks.features)
    tanksByFarm.set(t.properties.farm_id, [...(tanksByFarm.get(t.properties.farm_id) ?? []), t])
  const outlined = new Set<string>()
  for (const f of park.tankFarms.features) {
    outlined.add(f.id)
    const rings = f.geometry.coordinates
    const tanks = tanksByFarm.get(f.id) ?? []
    const spots = tanks.length ? besideTanks(tanks, rings) : innerPoints(rings, 4)
    add(f.id, f.properties.enterprise_id, 'tank_farm', ringCentre(rings[0]!), spots)
  }
  for (const [farmId, tanks] of [...tanksByFarm].sort(([a], [b]) => a.localeCompare(b))) {
    if (outlined.has(farmId)) continue
    const spots = besideTanks(tanks, null)
    const c = tanks.map((t) => t.geometry.coordinates)
    const centre: LonLat = [
      c.reduce((s, p) => s + p[0]!, 0) / c.length,
      c.reduce((s, p) => s + p[1]!, 0) / c.length,
    ]
    add(farmId, tanks[0]!.properties.enterprise_id, 'tank_farm', centre, spots)
  }
  for (const b of park.buildings.features) {
    const use = b.properties.use
    if (!workUses.has(use)) continue
    const rings = b.geometry.coordinates
    add(b.id, b.properties.enterprise_id, use as SiteKind, ringCentre(rings[0]!), innerPoints(rings, 4))
  }
  const withSites = new Set(sites.map((s) => s.enterpriseId))
  for (const e of park.enterprises.features) {
    if (withSites.has(e.id)) continue
    const rings = e.geometry.coordinates
    add(e.id, e.id, 'plant', ringCentre(rings[0]!), innerPoints(rings, 4))
  }
  return sites
}

/** Metres from p to the nearest spot of the site. */
export function distanceToSiteM(site: WorkSite, p: LonLat): number {
  return Math.min(...site.spots.map((s) => haversineM(s, p)))
}
