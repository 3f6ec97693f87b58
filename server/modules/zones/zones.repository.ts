import type { ZoneEvent, ZoneEventsQuery, ZoneOccupant } from '../../contracts/zones'
import type { Queryable } from '../../platform/db/db'
import type { EngineEvent } from './geofence.engine'
import type { TagInfo } from './zone-rules'
import type { ZoneRow } from './zone-shapes'

export async function activeZones(q: Queryable): Promise<ZoneRow[]> {
  const r = await q.query<ZoneRow>(
    `SELECT id, name, zone_type, enterprise_id, props, ST_AsGeoJSON(geom)::json AS geom
       FROM zones WHERE active ORDER BY id`,
  )
  return r.rows
}

/** Changes when any zone is added, removed, switched on or off, or updated (its updated_at moves). */
export async function zonesVersion(q: Queryable): Promise<string> {
  const r = await q.query<{ v: string }>(
    `SELECT count(*) || '/' || count(*) FILTER (WHERE active) || '/' || coalesce(max(updated_at)::text, '') AS v
       FROM zones`,
  )
  return r.rows[0]!.v
}

export async function tagInfos(q: Queryable, ids: string[]): Promise<TagInfo[]> {
  const r = await q.query<TagInfo>(
    'SELECT id, kind, label, enterprise_id FROM tags WHERE id = ANY($1::text[])',
    [ids],
  )
  return r.rows
}

/** Idempotent on (tag, zone, event, t): returns how many rows were new. */
export async function insertZoneEvents(q: Queryable, events: readonly EngineEvent[]): Promise<number> {
  if (!events.length) return 0
  const r = await q.query(
    `INSERT INTO zone_events (tag_id, zone_id, event, t, lon, lat, speed_kmh, props, tag_enterprise_id,
                              zone_enterprise_id)
     SELECT e.tag_id, e.zone_id, e.event, e.t, e.lon, e.lat, e.speed, e.props, tg.enterprise_id, z.enterprise_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::float8[], $6::float8[], $7::real[],
                   $8::jsonb[]) AS e(tag_id, zone_id, event, t, lon, lat, speed, props)
       LEFT JOIN tags tg ON tg.id = e.tag_id
       LEFT JOIN zones z ON z.id = e.zone_id
     ON CONFLICT (tag_id, zone_id, event, t) DO NOTHING`,
    [
      events.map((e) => e.tag_id),
      events.map((e) => e.zone_id),
      events.map((e) => e.event),
      events.map((e) => new Date(e.t).toISOString()),
      events.map((e) => e.lon),
      events.map((e) => e.lat),
      events.map((e) => e.speed_kmh),
      events.map((e) => JSON.stringify(e.props)),
    ],
  )
  return r.rowCount ?? 0
}

export interface OpenState {
  tag_id: string
  zone_id: string
  inside: boolean
  /** ms, when an overspeed episode is open */
  overspeed_since: number | null
  max_speed: number | null
}

/**
 * The engine's confirmed state as the events left it: per (tag, zone), inside when the newest enter/exit is an
 * enter, and an open overspeed episode when the newest overspeed event is a start.
 */
export async function openStates(q: Queryable): Promise<OpenState[]> {
  const r = await q.query<{ tag_id: string; zone_id: string; event: string; t: Date; max: number | null }>(
    `SELECT DISTINCT ON (tag_id, zone_id, kind) tag_id, zone_id, event, t, (props->>'max_speed_kmh')::float8 AS max
       FROM (SELECT *, CASE WHEN event IN ('enter', 'exit') THEN 'presence' ELSE 'speed' END AS kind
               FROM zone_events WHERE event <> 'crossing') e
      ORDER BY tag_id, zone_id, kind, t DESC, id DESC`,
  )
  const states = new Map<string, OpenState>()
  for (const row of r.rows) {
    if (row.event !== 'enter' && row.event !== 'overspeed_start') continue
    const key = `${row.tag_id}\u0000${row.zone_id}`
    const s = states.get(key) ?? {
      tag_id: row.tag_id,
      zone_id: row.zone_id,
      inside: false,
      overspeed_since: null,
      max_speed: null,
    }
    if (row.event === 'enter') s.inside = true
    else {
      s.overspeed_since = row.t.getTime()
      s.max_speed = row.max
    }
    states.set(key, s)
  }
  return [...states.values()]
}

/** Per tag, the newest sample time its events show was evaluated (event time, or a dwell's confirmation). */
export async function processedUntil(q: Queryable): Promise<{ tag_id: string; t: Date }[]> {
  const r = await q.query<{ tag_id: string; t: Date }>(
    `SELECT tag_id, max(greatest(t, (props->>'confirmed_at')::timestamptz)) AS t FROM zone_events GROUP BY tag_id`,
  )
  return r.rows
}

/** Tags whose newest enter/exit event of the zone is an enter (as far as the caller may see). */
export async function zoneOccupants(q: Queryable, zoneId: string): Promise<ZoneOccupant[]> {
  const r = await q.query<ZoneOccupant & { since: Date }>(
    `SELECT e.tag_id, tg.kind, tg.label, tg.enterprise_id, e.t AS since
       FROM (SELECT DISTINCT ON (tag_id) tag_id, event, t FROM zone_events
              WHERE zone_id = $1 AND event IN ('enter', 'exit')
              ORDER BY tag_id, t DESC, id DESC) e
       LEFT JOIN tags tg ON tg.id = e.tag_id
      WHERE e.event = 'enter'
      ORDER BY e.t, e.tag_id`,
    [zoneId],
  )
  return r.rows.map((o) => ({ ...o, since: o.since.toISOString() }))
}

export async function zoneVisible(q: Queryable, zoneId: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM zones WHERE id = $1', [zoneId])).rowCount === 1
}

export async function listZoneEvents(q: Queryable, f: ZoneEventsQuery): Promise<ZoneEvent[]> {
  const where: string[] = []
  const params: unknown[] = []
  const add = (sql: string, v: unknown) => {
    params.push(v)
    where.push(sql.replace('?', `$${params.length}`))
  }
  if (f.tag) add('tag_id = ?', f.tag)
  if (f.zone) add('zone_id = ?', f.zone)
  if (f.event) add('event = ANY(?::text[])', f.event)
  if (f.from) add('t >= ?', f.from)
  if (f.to) add('t < ?', f.to)
  params.push(f.limit)
  const r = await q.query<ZoneEvent & { id: string; t: Date }>(
    `SELECT id::text, tag_id, zone_id, event, t, lon, lat, speed_kmh, props FROM zone_events
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY t DESC, id DESC LIMIT $${params.length}`,
    params,
  )
  return r.rows.map((e) => ({ ...e, t: e.t.toISOString() }))
}
