// generatePark(seed): the whole demo park as GeoJSON layers. Every random choice comes from a
// stream forked off the seed by name, so the same seed always gives byte-identical files.
import type { Feature, FeatureCollection, Geometry, Polygon } from '../../server/contracts/geo'
import type { BoundaryProps, EnterpriseProps, ParkData, ZoneProps } from '../types'
import { buildBoundary } from './boundary'
import { corridorZone, routeCorridors } from './corridors'
import { makeCreditCode } from './credit-code'
import { depots, fireStation, fireStationSpot, hydrants } from './facilities'
import { polygonFeature } from './features'
import { industries } from './industries'
import { buildLattice } from './lattice'
import { buildSite } from './parcels'
import { plantFeatures, type PlantFeatures } from './plant-features'
import { layoutPlant } from './plant-layout'
import { createRng } from './prng'
import { roadLayers } from './road-features'
import { buildRoadGraph } from './road-graph'
import { roster } from './roster'
import { gasDetectors, monitorPoints } from './sensors'
import { exclusionZones, farmZones, siteZones, zoneFeature, zoneOwner, type ZoneDraft } from './zones'

export const defaultSeed = 20240917

const collection = <G extends Geometry, P>(features: Feature<G, P>[]): FeatureCollection<G, P> => ({
  type: 'FeatureCollection',
  features,
})

export function generatePark(seed: number = defaultSeed): ParkData {
  const rng = createRng(seed)
  const lattice = buildLattice(rng.fork('lattice'))
  const site = buildSite(lattice)
  const boundaryRing = buildBoundary(lattice, rng.fork('boundary'))
  const boundary: Feature<Polygon, BoundaryProps> = polygonFeature('PARK', boundaryRing, {
    name: '江海化工园区',
    name_en: 'Jianghai Chemical Industrial Park',
  })
  const graph = buildRoadGraph(lattice, site, boundaryRing)
  const corridors = routeCorridors(graph)
  const roads = roadLayers(graph, site)

  const enterprises: Feature<Polygon, EnterpriseProps>[] = []
  const plants: PlantFeatures[] = []
  const zoneDrafts: ZoneDraft[] = []
  const sensors = []
  for (const parcel of site.parcels) {
    const spec = roster.find((e) => e.id === parcel.enterpriseId)
    if (!spec) throw new Error(`site plan names unknown enterprise ${parcel.enterpriseId}`)
    const erng = rng.fork(spec.id)
    const industry = industries[spec.industry]
    enterprises.push(
      polygonFeature(spec.id, parcel.ring, {
        name: spec.name,
        name_en: spec.nameEn,
        industry: industry.zh,
        industry_en: industry.en,
        risk: spec.risk,
        credit_code: makeCreditCode(erng.fork('credit')),
        processes: spec.processes,
      }),
    )
    const plant = plantFeatures(spec, layoutPlant(parcel, spec, erng.fork('layout')), erng.fork('tanks'))
    plants.push(plant)
    zoneDrafts.push(
      ...farmZones(zoneOwner(spec), plant.assets),
      ...exclusionZones(zoneOwner(spec), plant.assets, boundaryRing),
    )
    sensors.push(
      ...gasDetectors(spec.id, plant.assets),
      ...monitorPoints(spec.id, spec.stacks, plant.assets, erng.fork('mn')),
    )
  }
  zoneDrafts.push(...siteZones(site, lattice, fireStationSpot(site)))
  const zoneId = (k: number) => `Z${String(k + 1).padStart(2, '0')}`
  const zones: Feature<Polygon, ZoneProps>[] = zoneDrafts.map((d, k) => zoneFeature(zoneId(k), d))
  corridors.forEach((c) => zones.push(corridorZone(zoneId(zones.length), c, graph, boundary)))

  return {
    boundary,
    enterprises: collection(enterprises),
    buildings: collection(plants.flatMap((p) => p.buildings)),
    tankFarms: collection(plants.flatMap((p) => p.tankFarms)),
    tanks: collection(plants.flatMap((p) => p.tanks)),
    roadNodes: collection(roads.nodes),
    roads: collection(roads.edges),
    gates: collection(roads.gates),
    parking: collection([roads.parking]),
    zones: collection(zones),
    musterPoints: collection(roads.muster),
    facilities: collection([fireStation(site), ...hydrants(graph), ...depots(site)]),
    sensors: collection(sensors),
  }
}
