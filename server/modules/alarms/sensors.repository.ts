import type { Queryable } from '../../platform/db/db'

export interface SensorRow {
  id: string
  kind: string
  measure: string
  unit: string | null
  name: string
  enterprise_id: string | null
  thresholds: unknown
  lon: number | null
  lat: number | null
}

/** One channel of the sensor registry with what the alarm engine needs. */
export async function findSensor(q: Queryable, id: string): Promise<SensorRow | null> {
  const r = await q.query<SensorRow>(
    `SELECT id, kind, measure, unit, name, enterprise_id, thresholds, ST_X(geom) AS lon, ST_Y(geom) AS lat
       FROM sensors WHERE id = $1`,
    [id],
  )
  return r.rows[0] ?? null
}

/** Sensors whose thresholds set their own silence timeout (watched from start, even if never heard). */
export async function sensorsWithSilence(q: Queryable): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `SELECT id FROM sensors WHERE thresholds ? 'silence_timeout_s' ORDER BY id`,
  )
  return r.rows.map((x) => x.id)
}
