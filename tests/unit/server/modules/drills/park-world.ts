// The drill world of the demo park without a database: the road graph and muster points from
// geodata/park/*.geojson, and the zones of each weather phase from the emergency module's pure computeZones
// with the chemicals' values as migration 0017 seeds them (the server gets them from the chemicals table
// through EmergencyService.zones, which calls the same function).
import { readPark } from '../../../../../geodata/read'
import type { ParkData } from '../../../../../geodata/types'
import { computeZones, type ZoneChemical } from '../../../../../server/modules/emergency/models/threat-zones'
import {
  weatherPhases,
  type DrillWorld,
  type MusterPoint,
} from '../../../../../server/modules/drills/drill-engine'
import { buildRoadGraph } from '../../../../../sensors/simulators/tags/road-graph'
import { largestComponent } from '../../../../../sensors/simulators/tags/park-places'
import type { DrillScript } from '../../../../../scenes/drills/schema'
import { chlorine, lpg, toluene } from '../../../emergency/fixtures'

/** The drills' chemicals, as 0017 seeds them (the same fixtures the hazard-model tests use). */
export const chemicals: Record<string, ZoneChemical> = { chlorine, toluene, lpg }

let park: ParkData | null = null
export const demoPark = () => (park ??= readPark())

/** Area of a lon/lat ring, m² (local equirectangular projection; exact enough for a dike). */
function ringAreaM2(ring: readonly (readonly number[])[]): number {
  const lat0 = (ring[0]![1]! * Math.PI) / 180
  const k = 6371008.8 * (Math.PI / 180)
  let a = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = [ring[i]![0]! * k * Math.cos(lat0), ring[i]![1]! * k]
    const [xj, yj] = [ring[j]![0]! * k * Math.cos(lat0), ring[j]![1]! * k]
    a += xj * yi - xi * yj
  }
  return Math.abs(a / 2)
}

export function parkWorld(script: DrillScript): DrillWorld {
  const p = demoPark()
  const graph = buildRoadGraph(p.roadNodes, p.roads)
  const tank = p.tanks.features.find((f) => f.id === script.scenario.asset_id)
  if (!tank) throw new Error(`no tank ${script.scenario.asset_id}`)
  const source: [number, number] = [tank.geometry.coordinates[0]!, tank.geometry.coordinates[1]!]
  const farm = p.tankFarms.features.find((f) => f.id === tank.properties.farm_id)
  const chemical = chemicals[script.scenario.chemical_id]
  if (!chemical) throw new Error(`no fixture for ${script.scenario.chemical_id}`)
  const sc = script.scenario
  const musterPoints: MusterPoint[] = p.musterPoints.features.map((f) => ({
    id: f.id,
    name: f.properties.name,
    name_en: f.properties.name_en,
    lonLat: [f.geometry.coordinates[0]!, f.geometry.coordinates[1]!],
    nodeId: f.properties.node_id,
    capacity: f.properties.capacity,
  }))
  return {
    graph,
    usable: largestComponent(graph),
    musterPoints,
    source,
    phases: weatherPhases(script).map(({ from_s, weather }) => ({
      from_s,
      weather,
      zones: computeZones({
        source,
        chemical,
        scenario: sc.kind,
        rateGs: sc.rate_gs ?? null,
        massKg: sc.mass_kg ?? null,
        releaseHeightM: sc.release_height_m,
        terrain: 'rural',
        weather: {
          windMs: weather.wind_speed_ms,
          windFromDeg: weather.wind_from_deg,
          stability: weather.stability,
        },
        poolAreaM2: sc.pool_area_m2 ?? (farm ? ringAreaM2(farm.geometry.coordinates[0]!) : null),
        yieldFraction: sc.yield,
      }).features,
    })),
  }
}
