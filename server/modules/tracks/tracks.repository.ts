import type { TagKind } from '../../contracts/live'
import type { Queryable } from '../../platform/db/db'
import type { TrackPoint } from './track-math'

export interface TagHead {
  id: string
  kind: TagKind
  label: string
}

/** The tag as the caller may see it (row-level security); null when unknown or not visible. */
export async function visibleTag(q: Queryable, id: string): Promise<TagHead | null> {
  const r = await q.query<TagHead>('SELECT id, kind, label FROM tags WHERE id = $1', [id])
  return r.rows[0] ?? null
}

/** The one statement of trackPoints ($1 tag, $2 from, $3 to), exported for the track benchmark's EXPLAIN. */
export const trackPointsSql = `SELECT string_agg(concat_ws(',', (extract(epoch FROM device_time) * 1000)::bigint, ST_X(geom), ST_Y(geom),
                                 coalesce(speed_kmh::text, '')), ';') AS s
       FROM (SELECT device_time, geom, speed_kmh
               FROM positions
              WHERE tag_id = $1 AND device_time >= $2 AND device_time < $3
              ORDER BY device_time) p`

/**
 * The samples of one tag in [from, to), in time order, read on the (tag_id, device_time) key (one index range
 * scan per day partition). They travel as one text value, "ms,lon,lat,speed;…" (float8 prints the shortest
 * exact form), which node parses several times faster than 86 400 rows or four float arrays.
 */
export async function trackPoints(
  q: Queryable,
  tagId: string,
  from: string,
  to: string,
  opts: { heading?: boolean } = {},
): Promise<TrackPoint[]> {
  if (opts.heading) {
    const r = await q.query<{ s: string | null }>(trackPointsHeadingSql, [tagId, from, to])
    return parsePointsWithHeading(r.rows[0]?.s ?? null)
  }
  const r = await q.query<{ s: string | null }>(trackPointsSql, [tagId, from, to])
  return parsePoints(r.rows[0]?.s ?? null)
}

/** trackPointsSql plus the reported heading as a fifth field (the CSV export's course column). */
const trackPointsHeadingSql = `SELECT string_agg(concat_ws(',', (extract(epoch FROM device_time) * 1000)::bigint, ST_X(geom), ST_Y(geom),
                                 coalesce(speed_kmh::text, ''), coalesce(heading_deg::text, '')), ';') AS s
       FROM (SELECT device_time, geom, speed_kmh, heading_deg
               FROM positions
              WHERE tag_id = $1 AND device_time >= $2 AND device_time < $3
              ORDER BY device_time) p`

export function parsePoints(s: string | null): TrackPoint[] {
  if (!s) return []
  const rows = s.split(';')
  const out: TrackPoint[] = new Array(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const f = rows[i]!.split(',')
    const v = f[3]
    out[i] = { t: +f[0]!, lon: +f[1]!, lat: +f[2]!, speed: v ? +v : null }
  }
  return out
}

/** parsePoints for "ms,lon,lat,speed,heading;…" (the CSV export's read); kept apart from the hot path. */
export function parsePointsWithHeading(s: string | null): TrackPoint[] {
  if (!s) return []
  const rows = s.split(';')
  const out: TrackPoint[] = new Array(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const f = rows[i]!.split(',')
    const v = f[3]
    const h = f[4]
    out[i] = { t: +f[0]!, lon: +f[1]!, lat: +f[2]!, speed: v ? +v : null, heading: h ? +h : null }
  }
  return out
}

export interface ReplayRow extends TagHead {
  t: number[]
  lon: number[]
  lat: number[]
}

/** Samples of many tags in a short window, at most one per `stepS` seconds per tag, in time order. */
export async function replayRows(
  q: Queryable,
  sel: { tags?: string[]; kind?: TagKind },
  from: string,
  to: string,
  stepS: number,
  maxTags: number,
): Promise<ReplayRow[]> {
  const r = await q.query<ReplayRow>(
    `SELECT t.id, t.kind, t.label, s.t, s.lon, s.lat
       FROM tags t
       CROSS JOIN LATERAL (
         SELECT array_agg(ms) AS t, array_agg(lon) AS lon, array_agg(lat) AS lat
           FROM (SELECT DISTINCT ON (floor(extract(epoch FROM device_time) / $5))
                        extract(epoch FROM device_time)::float8 * 1000 AS ms, ST_X(geom) AS lon, ST_Y(geom) AS lat,
                        device_time
                   FROM positions p
                  WHERE p.tag_id = t.id AND p.device_time >= $3 AND p.device_time < $4
                  ORDER BY floor(extract(epoch FROM device_time) / $5), device_time) x) s
      WHERE ($1::text[] IS NULL OR t.id = ANY($1)) AND ($2::text IS NULL OR t.kind = $2) AND s.t IS NOT NULL
      ORDER BY t.id
      LIMIT $6`,
    [sel.tags ?? null, sel.kind ?? null, from, to, stepS, maxTags],
  )
  return r.rows
}
