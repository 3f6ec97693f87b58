import type { SensorKind, SensorListQuery, SensorSummary } from '../../contracts/sensors'
import type { Queryable } from '../../platform/db/db'

/** A `sensors` row as the registry API reads it (effective limits are computed in the service). */
export type SensorRow = Omit<SensorSummary, 'thresholds' | 'effective' | 'location'> & {
  thresholds: Record<string, unknown>
  lon: number | null
  lat: number | null
}

const columns = `s.id, s.kind, s.name, s.name_en, s.measure, s.unit, s.enterprise_id, s.asset_id, s.device_id, s.mn,
  CASE WHEN s.kind = 'hj212_channel' THEN s.props->>'code' END AS code, s.thresholds,
  ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat`

/** Sensors visible in the caller's scope (row-level security), filtered; `asset_id` matches the asset watched
 * or the device carrying the sensor. */
export async function listSensors(q: Queryable, f: SensorListQuery): Promise<SensorRow[]> {
  const r = await q.query<SensorRow>(
    `SELECT ${columns} FROM sensors s
      WHERE ($1::text IS NULL OR s.kind = $1)
        AND ($2::text IS NULL OR s.asset_id = $2 OR s.device_id = $2)
        AND ($3::text IS NULL OR s.enterprise_id = $3)
      ORDER BY s.id`,
    [f.kind ?? null, f.asset_id ?? null, f.enterprise_id ?? null],
  )
  return r.rows
}

/** Ids of the sensors the caller may see, optionally of one kind (for the live-cache lookup). */
export async function visibleSensorIds(q: Queryable, kind: SensorKind | null): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `SELECT id FROM sensors WHERE ($1::text IS NULL OR kind = $1) ORDER BY id`,
    [kind],
  )
  return r.rows.map((x) => x.id)
}

export async function findSensor(q: Queryable, id: string, lock = false): Promise<SensorRow | null> {
  const r = await q.query<SensorRow>(
    `SELECT ${columns} FROM sensors s WHERE s.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export interface SensorEdit {
  name: string
  name_en: string | null
  unit: string | null
  thresholds: Record<string, unknown>
}

export async function updateSensor(q: Queryable, id: string, e: SensorEdit): Promise<void> {
  await q.query(`UPDATE sensors SET name = $2, name_en = $3, unit = $4, thresholds = $5 WHERE id = $1`, [
    id,
    e.name,
    e.name_en,
    e.unit,
    JSON.stringify(e.thresholds),
  ])
}
