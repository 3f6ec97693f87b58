import { z } from 'zod'
import type { TagKind } from './live'

// People distribution per zone (区域人员分布): who is in each zone now, by the latest position of every tag.

export const occupancyQuery = z.object({
  /** a tag whose latest position is older than this (seconds) is not counted anywhere; default 10 min */
  max_age_s: z.coerce.number().int().min(10).max(86_400).default(600),
})
export type OccupancyQuery = z.infer<typeof occupancyQuery>

export interface ZoneOccupancy {
  id: string
  name: string
  name_en: string | null
  zone_type: string
  enterprise_id: string | null
  /** tags whose latest fresh position lies in the zone (boundary included), by kind */
  counts: Record<TagKind, number>
  /** people: staff, visitors and contractors (vehicles are counted in `counts` only) */
  people: number
  /** every counted tag, people and vehicles */
  total: number
  /**
   * the zone's headcount limit (定员; above it the headcount rule raises 超员): its own `props.max_headcount`,
   * else its zone type's default (migration 0016); absent when the zone has none
   */
  max_headcount?: number
  /** a point inside the zone (degrees), for the camera */
  lon: number
  lat: number
}

/** GET /api/v1/zones/occupancy */
export interface OccupancyReport {
  /** server time of the count */
  at: string
  max_age_s: number
  /** visible tags with a position younger than max_age_s, in a zone or not */
  fresh_tags: number
  /** every active zone the caller may see, by id */
  zones: ZoneOccupancy[]
}
