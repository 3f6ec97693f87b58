// Validates the demo park: `node --import tsx geodata/validate.ts [dir]` prints every issue and
// exits 1 if there is any. validatePark() runs each rule on its own, so a layer broken badly enough
// to stop one rule is reported under that rule and the others still run.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CheckContext, type ValidationIssue } from './lib/check-context'
import { checkCorridors, checkZoneShapes } from './lib/rules-zones'
import {
  checkFootprintOverlap,
  checkInParcel,
  checkInsideBoundary,
  checkParcelOverlap,
  checkTanks,
} from './lib/rules-placement'
import {
  checkBuildings,
  checkEnterprises,
  checkReferences,
  checkRiskMix,
  checkTankProps,
} from './lib/rules-props'
import {
  checkEnterpriseAccess,
  checkGates,
  checkMusterSpread,
  checkOnRoadGraph,
  checkParking,
  checkRoadClearance,
  checkRoadConnected,
  checkRoadNodes,
  checkRoadProps,
} from './lib/rules-roads'
import { checkFacilities, checkSensorAssets, checkSensorMeasures } from './lib/rules-sensors'
import {
  checkBoundary,
  checkCounts,
  checkFeatureIds,
  checkGeometry,
  checkIdsUnique,
} from './lib/rules-structure'
import { readPark } from './read'
import type { ParkData } from './types'

export type { ValidationIssue }

/** every rule id the validator reports, with what it checks */
export const validatorRules: Record<string, string> = {
  geometry:
    'valid GeoJSON: closed counter-clockwise rings of 4+ positions, no self-intersection, finite coordinates',
  'feature-id': 'Feature.id set, following the layer convention, not repeated in properties',
  'id-unique': 'ids unique across all layers (they share one assets table)',
  counts:
    'minimum numbers of enterprises, buildings, tanks, road edges, zones, muster points, facilities, sensors',
  'boundary-area': 'boundary area 8–12 km² (turf.area)',
  'boundary-shape': 'an irregular boundary (6+ corners), not a rectangle',
  'boundary-location': 'the park near lon 120.95, lat 31.95',
  'inside-boundary': 'every feature inside the park boundary',
  'parcel-overlap': 'enterprise parcels and the parking lot do not overlap',
  'building-in-parcel': "buildings inside their enterprise's parcel",
  'farm-in-parcel': "tank farms inside their enterprise's parcel",
  'building-overlap': 'buildings overlap neither each other nor tank farms',
  'farm-overlap': 'tank farms do not overlap',
  'tank-in-farm': "a tank's whole footprint inside its farm's dike",
  'tank-overlap': 'tank footprints do not overlap',
  'tank-size': 'realistic tank sizes per type; axis only on horizontal tanks',
  'tank-capacity': 'capacity_m3 equals the geometric volume',
  'tank-inventory': 'inventory_t ≤ capacity × density of the chemical',
  'tank-chemical': 'known chemical with its CAS number, in a tank type it is stored in',
  'dike-height': 'dike 1.0–2.2 m',
  'road-node-match': 'road edges start and end exactly at their from/to nodes',
  'road-connected': 'the road graph is one connected component',
  'road-props': 'road width 7–24 m, speed 20–60 km/h (hazmat ≤ 30), known class, names',
  'road-clearance': 'carriageways (centreline ± half width) clear of buildings and tank farms',
  'road-through-parcel': 'no road crosses an enterprise parcel',
  'on-road-graph':
    'gates and muster points exactly on a connected road node; the parking node touches the lot',
  'gate-classes': 'exactly one dedicated, general, unattended and emergency gate, each with lanes',
  'gate-on-boundary': 'gates on the park boundary',
  'enterprise-access': 'a road node within 40 m of every parcel',
  'parking-location': 'hazmat parking for 20–80 trucks within 1 km of the dedicated gate',
  'muster-spread': 'muster points 250 m or more apart, with a capacity',
  'enterprise-props': 'company names, known industry',
  'credit-code': 'unique 统一社会信用代码 passing both GB 32100 / GB 11714 check characters',
  'process-industry': 'processes among the 18 key-supervised ones and fitting the industry',
  'risk-mix': 'all four risk colours, at most 20 % red',
  'building-height': 'height 6–45 m and a plausible storey height for the use',
  'ref-integrity': 'enterprise and tank farm references exist and agree',
  'zone-shape':
    'zone type and shape fields: circles match center/radius with 32+ vertices, corridors, speed limits',
  'corridor-path':
    'hazmat corridor centerlines run along road edges from the dedicated gate, inside their polygon',
  'corridor-speed': 'roads on a hazmat corridor are hazmat roads at ≤ 30 km/h',
  'sensor-asset': 'sensors watch a tank, tank farm or building of their enterprise and stand at it',
  'sensor-measure': 'measure and unit fit the sensor kind and the chemical of the tank',
  'monitor-mn': 'monitor points carry a unique 24-character HJ 212 MN',
  'facility-props': 'known facility kind, names, depots list their items',
}

/** each check with the rule id it reports under when it cannot run at all */
const checks: [string, (ctx: CheckContext) => void][] = [
  ['geometry', checkGeometry],
  ['feature-id', checkFeatureIds],
  ['id-unique', checkIdsUnique],
  ['counts', checkCounts],
  ['boundary-area', checkBoundary],
  ['inside-boundary', checkInsideBoundary],
  ['parcel-overlap', checkParcelOverlap],
  ['building-in-parcel', checkInParcel],
  ['building-overlap', checkFootprintOverlap],
  ['tank-in-farm', checkTanks],
  ['road-node-match', checkRoadNodes],
  ['road-connected', checkRoadConnected],
  ['road-props', checkRoadProps],
  ['road-clearance', checkRoadClearance],
  ['on-road-graph', checkOnRoadGraph],
  ['gate-classes', checkGates],
  ['enterprise-access', checkEnterpriseAccess],
  ['parking-location', checkParking],
  ['muster-spread', checkMusterSpread],
  ['enterprise-props', checkEnterprises],
  ['risk-mix', checkRiskMix],
  ['building-height', checkBuildings],
  ['tank-size', checkTankProps],
  ['ref-integrity', checkReferences],
  ['zone-shape', checkZoneShapes],
  ['corridor-path', checkCorridors],
  ['sensor-asset', checkSensorAssets],
  ['sensor-measure', checkSensorMeasures],
  ['facility-props', checkFacilities],
]

export function validatePark(data: ParkData): ValidationIssue[] {
  const ctx = new CheckContext(data)
  for (const [rule, check] of checks) {
    try {
      check(ctx)
    } catch (err) {
      ctx.report('boundary', '*', rule, `check could not run: ${(err as Error).message}`)
    }
  }
  return ctx.issues
}

function main(argv: string[]) {
  const issues = validatePark(readPark(argv[0] ? resolve(argv[0]) : undefined))
  for (const i of issues) console.log(`${i.rule.padEnd(20)} ${i.layer}/${i.id}: ${i.message}`)
  console.log(issues.length === 0 ? 'park is valid' : `${issues.length} issue(s)`)
  process.exitCode = issues.length === 0 ? 0 : 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  main(process.argv.slice(2))
