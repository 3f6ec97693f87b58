// The demo park's GeoJSON layers (files in geodata/park/*.geojson), as the generator writes them
// and the validator, the PostGIS loader, the simulators and the tests read them.
// Coordinates: [lon, lat] degrees, WGS-84. Lengths in metres, speeds in km/h, masses in tonnes.
import type { Feature, FeatureCollection, LineString, Point, Polygon } from '../server/contracts/geo'
import type { RiskColor } from '../server/contracts/park'

export interface BoundaryProps {
  name: string
  name_en: string
}
export interface EnterpriseProps {
  name: string
  name_en: string
  industry: string
  industry_en: string
  risk: RiskColor
  /** 统一社会信用代码, 18 chars */
  credit_code: string
  /** names among the 18 key-supervised hazardous processes (重点监管危险化工工艺), zh */
  processes: string[]
}
export type BuildingUse = 'office' | 'process' | 'warehouse' | 'control' | 'utility' | 'lab'
export interface BuildingProps {
  enterprise_id: string
  name: string
  name_en: string
  use: BuildingUse
  height_m: number
  floors: number
}
export type TankType = 'vertical' | 'spherical' | 'horizontal'
export interface TankProps {
  enterprise_id: string
  farm_id: string
  name: string
  name_en: string
  tank_type: TankType
  diameter_m: number
  /** shell height for vertical, = diameter for spherical, shell length for horizontal */
  height_m: number
  /** horizontal tanks: axis bearing in degrees clockwise from north */
  axis_deg?: number
  chemical: string
  chemical_en: string
  cas: string
  capacity_m3: number
  inventory_t: number
}
export interface TankFarmProps {
  enterprise_id: string
  name: string
  name_en: string
  dike_height_m: number
}
export interface RoadNodeProps {
  name?: string
}
export type RoadClass = 'trunk' | 'branch' | 'hazmat'
export interface RoadProps {
  from_node: string
  to_node: string
  name: string
  name_en: string
  width_m: number
  speed_limit_kmh: number
  road_class: RoadClass
}
export type GateClass = 'dedicated' | 'general' | 'unattended' | 'emergency'
export interface GateProps {
  name: string
  name_en: string
  /** 专用 dedicated (hazmat only) | 综合 general | 无人值守 unattended | 应急 emergency */
  gate_class: GateClass
  node_id: string
  lanes: number
}
export interface ParkingProps {
  name: string
  name_en: string
  capacity: number
  node_id: string
}
export type ZoneType = 'restricted' | 'hazmat_corridor' | 'speed' | 'tank_farm' | 'construction'
export interface ZoneProps {
  name: string
  name_en: string
  zone_type: ZoneType
  /** how the polygon was made: drawn polygon, a circle (center+radius) or a corridor (centerline+width) */
  shape: 'polygon' | 'circle' | 'corridor'
  radius_m?: number
  center?: [number, number]
  width_m?: number
  centerline?: [number, number][]
  speed_limit_kmh?: number
  enterprise_id?: string
}
export interface MusterProps {
  name: string
  name_en: string
  capacity: number
  node_id: string
}
export type FacilityKind = 'fire_station' | 'hydrant' | 'depot'
export interface FacilityProps {
  kind: FacilityKind
  name: string
  name_en: string
  items?: string[]
}
export type SensorKind = 'gas_detector' | 'monitor_point'
export interface SensorProps {
  kind: SensorKind
  name: string
  name_en: string
  /** the asset (tank, tank farm, building) it watches */
  asset_id: string
  enterprise_id: string
  /** gas detectors: 'combustible' (%LEL) or a toxic gas name; monitor points: 'wastewater' | 'waste_gas' */
  measure: string
  unit: string
  /** HJ 212 data collector id for monitor points */
  mn?: string
}

export interface ParkData {
  boundary: Feature<Polygon, BoundaryProps>
  enterprises: FeatureCollection<Polygon, EnterpriseProps>
  buildings: FeatureCollection<Polygon, BuildingProps>
  tankFarms: FeatureCollection<Polygon, TankFarmProps>
  tanks: FeatureCollection<Point, TankProps>
  roadNodes: FeatureCollection<Point, RoadNodeProps>
  roads: FeatureCollection<LineString, RoadProps>
  gates: FeatureCollection<Point, GateProps>
  parking: FeatureCollection<Polygon, ParkingProps>
  zones: FeatureCollection<Polygon, ZoneProps>
  musterPoints: FeatureCollection<Point, MusterProps>
  facilities: FeatureCollection<Point, FacilityProps>
  sensors: FeatureCollection<Point, SensorProps>
}

/** file name (in geodata/park/) of each layer */
export const layerFiles: Record<keyof ParkData, string> = {
  boundary: 'boundary.geojson',
  enterprises: 'enterprises.geojson',
  buildings: 'buildings.geojson',
  tankFarms: 'tank-farms.geojson',
  tanks: 'tanks.geojson',
  roadNodes: 'road-nodes.geojson',
  roads: 'roads.geojson',
  gates: 'gates.geojson',
  parking: 'parking.geojson',
  zones: 'zones.geojson',
  musterPoints: 'muster-points.geojson',
  facilities: 'facilities.geojson',
  sensors: 'sensors.geojson',
}
