import type { ZonesResult } from '../../contracts/emergency'
import type {
  Incident,
  IncidentKind,
  IncidentLogEntry,
  IncidentLogKind,
  IncidentSummary,
  IncidentWeather,
  ResourceEntry,
} from '../../contracts/incidents'
import type { TagKind } from '../../contracts/live'
import type { Queryable } from '../../platform/db/db'

const summaryColumns = `i.id::text AS id, i.kind, i.status, i.title, i.asset_id, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
  i.chemical_id, i.release->>'scenario' AS scenario, i.weather, i.declared_by, i.declared_at, i.closed_by,
  i.closed_at, i.drill_id`

type SummaryRow = Omit<IncidentSummary, 'source' | 'declared_at' | 'closed_at'> & {
  lon: number
  lat: number
  declared_at: Date
  closed_at: Date | null
}
type IncidentRow = SummaryRow & { release: Record<string, unknown>; zones: ZonesResult; zones_at: Date }

const iso = (d: Date | null) => (d ? d.toISOString() : null)

function toSummary({ lon, lat, declared_at, closed_at, ...r }: SummaryRow): IncidentSummary {
  return { ...r, source: { lon, lat }, declared_at: declared_at.toISOString(), closed_at: iso(closed_at) }
}
function toIncident({ release, zones, zones_at, ...r }: IncidentRow): Incident {
  return { ...toSummary(r), release, zones, zones_at: zones_at.toISOString() }
}

export interface NewIncident {
  kind: IncidentKind
  title: string
  asset_id: string | null
  lon: number
  lat: number
  chemical_id: string | null
  release: Record<string, unknown>
  weather: IncidentWeather
  zones: ZonesResult
  declared_by: string
  drill_id: string | null
}

export async function insertIncident(q: Queryable, n: NewIncident): Promise<Incident> {
  const r = await q.query<IncidentRow>(
    `INSERT INTO incidents AS i (kind, title, asset_id, geom, chemical_id, release, weather, zones, declared_by, drill_id)
     VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), $6, $7, $8, $9, $10, $11)
     RETURNING ${summaryColumns}, i.release, i.zones, i.zones_at`,
    [
      n.kind,
      n.title,
      n.asset_id,
      n.lon,
      n.lat,
      n.chemical_id,
      JSON.stringify(n.release),
      JSON.stringify(n.weather),
      JSON.stringify(n.zones),
      n.declared_by,
      n.drill_id,
    ],
  )
  return toIncident(r.rows[0]!)
}

export async function incidentById(q: Queryable, id: string, forUpdate = false): Promise<Incident | null> {
  const r = await q.query<IncidentRow>(
    `SELECT ${summaryColumns}, i.release, i.zones, i.zones_at FROM incidents i WHERE i.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ? toIncident(r.rows[0]) : null
}

export async function listIncidents(
  q: Queryable,
  status: 'active' | 'closed' | undefined,
  limit: number,
): Promise<IncidentSummary[]> {
  const r = await q.query<SummaryRow>(
    `SELECT ${summaryColumns} FROM incidents i WHERE ($1::text IS NULL OR i.status = $1)
      ORDER BY i.declared_at DESC, i.id DESC LIMIT $2`,
    [status ?? null, limit],
  )
  return r.rows.map(toSummary)
}

export async function updateWeather(
  q: Queryable,
  id: string,
  weather: IncidentWeather,
  zones: ZonesResult,
): Promise<Incident> {
  const r = await q.query<IncidentRow>(
    `UPDATE incidents i SET weather = $2, zones = $3, zones_at = now(), updated_at = now() WHERE i.id = $1
     RETURNING ${summaryColumns}, i.release, i.zones, i.zones_at`,
    [id, JSON.stringify(weather), JSON.stringify(zones)],
  )
  return toIncident(r.rows[0]!)
}

export async function closeIncident(q: Queryable, id: string, by: string): Promise<Incident> {
  const r = await q.query<IncidentRow>(
    `UPDATE incidents i SET status = 'closed', closed_by = $2, closed_at = now(), updated_at = now() WHERE i.id = $1
     RETURNING ${summaryColumns}, i.release, i.zones, i.zones_at`,
    [id, by],
  )
  return toIncident(r.rows[0]!)
}

export async function insertLog(
  q: Queryable,
  incidentId: string,
  actor: string,
  kind: IncidentLogKind,
  payload: Record<string, unknown> = {},
): Promise<IncidentLogEntry> {
  const r = await q.query<Omit<IncidentLogEntry, 't'> & { t: Date }>(
    `INSERT INTO incident_log (incident_id, actor, kind, payload) VALUES ($1, $2, $3, $4)
     RETURNING id::text AS id, incident_id::text AS incident_id, t, actor, kind, payload`,
    [incidentId, actor, kind, JSON.stringify(payload)],
  )
  const row = r.rows[0]!
  return { ...row, t: row.t.toISOString() }
}

export async function listLog(q: Queryable, incidentId: string): Promise<IncidentLogEntry[]> {
  const r = await q.query<Omit<IncidentLogEntry, 't'> & { t: Date }>(
    `SELECT id::text AS id, incident_id::text AS incident_id, t, actor, kind, payload
       FROM incident_log WHERE incident_id = $1 ORDER BY t, id`,
    [incidentId],
  )
  return r.rows.map((row) => ({ ...row, t: row.t.toISOString() }))
}

export interface TagInfo {
  id: string
  kind: TagKind
  label: string
  enterprise_id: string | null
}

/** The tags among `ids` the caller may see (RLS). */
export async function tagsByIds(q: Queryable, ids: readonly string[]): Promise<Map<string, TagInfo>> {
  if (!ids.length) return new Map()
  const r = await q.query<TagInfo>(
    'SELECT id, kind, label, enterprise_id FROM tags WHERE id = ANY($1::text[])',
    [ids],
  )
  return new Map(r.rows.map((t) => [t.id, t]))
}

export interface MusterPointRow {
  id: string
  name: string
  name_en: string | null
  lon: number
  lat: number
  capacity: number
  node_id: string
}

/** The park's muster points (集合点) with their capacity and road node. */
export async function musterPoints(q: Queryable): Promise<MusterPointRow[]> {
  const r = await q.query<MusterPointRow>(
    `SELECT id, name, name_en, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat,
            coalesce((props->>'capacity')::int, 0) AS capacity, props->>'node_id' AS node_id
       FROM assets WHERE kind = 'muster_point' AND props ? 'node_id' ORDER BY id`,
  )
  return r.rows
}

/** The nearest `perKind` assets of each resource kind, by distance over the ellipsoid, nearest first. */
export async function nearestResources(
  q: Queryable,
  lon: number,
  lat: number,
  perKind: Record<ResourceEntry['kind'], number>,
): Promise<Omit<ResourceEntry, 'level'>[]> {
  const r = await q.query<Omit<ResourceEntry, 'level'>>(
    `WITH src AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g),
     k AS (SELECT * FROM unnest($3::text[], $4::int[]) AS k(kind, n))
     SELECT x.* FROM k CROSS JOIN LATERAL (
       SELECT a.id, a.kind, a.name, a.name_en, ST_X(p.g) AS lon, ST_Y(p.g) AS lat,
              ST_Distance(p.g::geography, src.g::geography) AS distance_m, a.props
         FROM assets a CROSS JOIN src CROSS JOIN LATERAL (SELECT ST_PointOnSurface(a.geom) AS g) p
        WHERE a.kind = k.kind
        ORDER BY a.geom <-> src.g, a.id
        LIMIT k.n * 3) x
     ORDER BY x.kind, x.distance_m, x.id`,
    [lon, lat, Object.keys(perKind), Object.values(perKind)],
  )
  // the KNN operator orders by planar degrees: over-fetch, then keep the nearest n by true distance
  const seen = new Map<string, number>()
  return r.rows.filter((row) => {
    const n = (seen.get(row.kind) ?? 0) + 1
    seen.set(row.kind, n)
    return n <= perKind[row.kind]
  })
}

export interface WeatherObservation {
  station_id: string
  t: string
  wind_speed_ms: number
  wind_from_deg: number
  temp_c: number | null
  cloud_cover_oktas: number | null
}

export async function insertWeatherObservation(q: Queryable, o: WeatherObservation): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO weather_observations (station_id, t, wind_speed_ms, wind_from_deg, temp_c, cloud_cover_oktas)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (station_id, t) DO NOTHING`,
    [o.station_id, o.t, o.wind_speed_ms, o.wind_from_deg, o.temp_c, o.cloud_cover_oktas],
  )
  return (r.rowCount ?? 0) > 0
}

export async function latestWeatherObservation(
  q: Queryable,
  stationId: string,
): Promise<WeatherObservation | null> {
  const r = await q.query<Omit<WeatherObservation, 't'> & { t: Date }>(
    `SELECT station_id, t, wind_speed_ms, wind_from_deg, temp_c, cloud_cover_oktas FROM weather_observations
      WHERE station_id = $1 ORDER BY t DESC LIMIT 1`,
    [stationId],
  )
  const row = r.rows[0]
  return row ? { ...row, t: row.t.toISOString() } : null
}
