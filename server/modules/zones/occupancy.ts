// People distribution per zone (区域人员分布): the latest position of every tag from the live cache, if younger than
// the window, placed in the zones by PostGIS (ST_Covers, boundary included). A tag in overlapping zones counts in
// each. Runs in the caller's scope: RLS limits the zones and tags, and an enterprise counts, as with zone events,
// only its own tags in park-wide zones (every tag it may see in its own zones).
import type { PositionSample, TagKind } from '../../contracts/live'
import { tagKinds } from '../../contracts/live'
import type { OccupancyReport, ZoneOccupancy } from '../../contracts/occupancy'
import { cacheKeys, type Bus } from '../../platform/bus/bus'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import { resolveLimits, zoneLimitRows } from './headcount.rule'

const peopleKinds: readonly TagKind[] = ['staff', 'visitor', 'contractor']

export interface FreshPosition {
  tag_id: string
  lon: number
  lat: number
}

/** Pure: the cached samples no older than `maxAgeMs` at `now` (device time; a sample from the future counts). */
export function freshPositions(
  latest: Record<string, PositionSample>,
  now: number,
  maxAgeMs: number,
): FreshPosition[] {
  const out: FreshPosition[] = []
  for (const s of Object.values(latest)) {
    const t = Date.parse(s.t)
    if (Number.isFinite(t) && t >= now - maxAgeMs) out.push({ tag_id: s.tag_id, lon: s.lon, lat: s.lat })
  }
  return out
}

type Row = Omit<ZoneOccupancy, 'counts' | 'people' | 'total' | 'max_headcount'> & {
  counts: Partial<Record<string, number>>
  fresh_tags: number
}

export async function zoneOccupancy(q: Queryable, positions: readonly FreshPosition[]): Promise<Row[]> {
  const r = await q.query<Row>(
    `WITH tp AS (
       SELECT ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326) AS geom, tg.kind, tg.enterprise_id
         FROM unnest($1::text[], $2::float8[], $3::float8[]) AS p(tag_id, lon, lat)
         JOIN tags tg ON tg.id = p.tag_id),
     c AS (
       SELECT z.id, tp.kind, count(*)::int AS n
         FROM zones z JOIN tp ON ST_Covers(z.geom, tp.geom)
        WHERE z.active
          AND (app_scope() = 'park' OR tp.enterprise_id = app_enterprise_id() OR z.enterprise_id = app_enterprise_id())
        GROUP BY z.id, tp.kind)
     SELECT z.id, z.name, z.name_en, z.zone_type, z.enterprise_id,
            ST_X(ST_PointOnSurface(z.geom)) AS lon, ST_Y(ST_PointOnSurface(z.geom)) AS lat,
            coalesce(jsonb_object_agg(c.kind, c.n) FILTER (WHERE c.kind IS NOT NULL), '{}') AS counts,
            (SELECT count(*)::int FROM tp) AS fresh_tags
       FROM zones z LEFT JOIN c ON c.id = z.id
      WHERE z.active
      GROUP BY z.id
      ORDER BY z.id`,
    [positions.map((p) => p.tag_id), positions.map((p) => p.lon), positions.map((p) => p.lat)],
  )
  return r.rows
}

/** Pure: one zone's row as the API answers it, with its headcount limit if it has one. */
export function toZoneOccupancy(
  { counts: raw, fresh_tags: _, ...z }: Row,
  maxHeadcount: number | undefined,
): ZoneOccupancy {
  const counts = Object.fromEntries(tagKinds.map((k) => [k, raw[k] ?? 0])) as Record<TagKind, number>
  const people = peopleKinds.reduce((s, k) => s + counts[k], 0)
  const total = tagKinds.reduce((s, k) => s + counts[k], 0)
  return {
    ...z,
    counts,
    people,
    total,
    ...(maxHeadcount !== undefined ? { max_headcount: maxHeadcount } : {}),
  }
}

export class OccupancyService {
  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
  ) {}

  async report(scope: DbScope, maxAgeS: number, now = Date.now()): Promise<OccupancyReport> {
    const latest = await this.bus.getLatest<PositionSample>(cacheKeys.latestPositions)
    const positions = freshPositions(latest, now, maxAgeS * 1000)
    const [rows, limitRows] = await this.db.tx(scope, async (q) => [
      await zoneOccupancy(q, positions),
      await zoneLimitRows(q),
    ])
    // the limits the headcount rule (超员) enforces: the zone's own max_headcount, else its type's default
    const limits = new Map(resolveLimits(limitRows).limits.map((l) => [l.zoneId, l.limit]))
    return {
      at: new Date(now).toISOString(),
      max_age_s: maxAgeS,
      fresh_tags: rows[0]?.fresh_tags ?? 0,
      zones: rows.map((r) => toZoneOccupancy(r, limits.get(r.id))),
    }
  }
}
