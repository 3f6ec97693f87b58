import { z } from 'zod'
import type { Feature, FeatureCollection, Geometry, LineString, Point, Polygon } from './geo'

/** Kinds of rows in the `assets` table (everything clickable on the twin except parcels, roads, zones). */
export const assetKinds = [
  'building',
  'tank',
  'tank_farm',
  'gate',
  'parking',
  'muster_point',
  'fire_station',
  'hydrant',
  'depot',
  'gas_detector',
  'monitor_point',
  // video: server/modules/video (the stream is in `cameras`, not in the asset)
  'camera',
] as const
export const assetKind = z.enum(assetKinds)
export type AssetKind = z.infer<typeof assetKind>

export const riskColors = ['red', 'orange', 'yellow', 'blue'] as const
export type RiskColor = (typeof riskColors)[number]

export const assetQuery = z.object({
  kind: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : undefined))
    .pipe(z.array(assetKind).optional()),
  enterprise: z.string().max(32).optional(),
  /** west,south,east,north in degrees */
  bbox: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map(Number) : undefined))
    .pipe(
      z
        .array(z.number().finite())
        .length(4, 'bbox needs west,south,east,north')
        .refine(([w, s, e, n]) => w! < e! && s! < n!, 'bbox must have west<east and south<north')
        .optional(),
    ),
})
export type AssetQuery = z.infer<typeof assetQuery>

/** Properties every asset feature carries; kind-specific fields live in `props`. */
export interface AssetProperties {
  kind: AssetKind
  name: string
  name_en: string | null
  enterprise_id: string | null
  height_m: number | null
  props: Record<string, unknown>
}
export type AssetFeature = Feature<Geometry, AssetProperties>
export type AssetCollection = FeatureCollection<Geometry, AssetProperties>

export interface EnterpriseProperties {
  name: string
  name_en: string
  industry: string
  industry_en: string
  risk: RiskColor
  credit_code: string
  processes: string[]
}
export type EnterpriseCollection = FeatureCollection<Polygon, EnterpriseProperties>

export interface AssetSensor {
  id: string
  kind: string
  name: string
  unit: string | null
  props: Record<string, unknown>
}

export interface ZoneProperties {
  name: string
  name_en: string | null
  zone_type: string
  props: Record<string, unknown>
}
export type ZoneCollection = FeatureCollection<Polygon, ZoneProperties>

export interface RoadProperties {
  name: string
  name_en: string | null
  from_node: string
  to_node: string
  width_m: number
  speed_limit_kmh: number
  road_class: string
}
export type RoadCollection = FeatureCollection<LineString, RoadProperties>

export interface AssetDetail {
  asset: AssetFeature
  enterprise: { id: string; name: string; name_en: string; industry: string; risk: RiskColor } | null
  sensors: AssetSensor[]
  zones: { id: string; name: string; name_en: string | null; zone_type: string }[]
}

export interface ParkSummary {
  name: string
  name_en: string
  boundary: Feature<Polygon, Record<string, unknown>>
  center: Point
  area_km2: number
  enterprise_count: number
  building_count: number
  tank_count: number
  total_inventory_t: number
  inventory_by_chemical: {
    chemical: string
    chemical_en: string | null
    tanks: number
    inventory_t: number
  }[]
  enterprises_by_risk: Record<RiskColor, number>
  tag_count: number
}
