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
/**
 * Sensors with their own silence timeout that reported within the last day: armed at engine start, so one
 * that went silent while the platform was down still alarms. A sensor that never reported (not yet
 * commissioned) is armed by its first reading instead, so a fresh installation does not open with a flood
 * of device-silent alarms (ISA-18.2: no standing nuisance alarms).
 */
export async function sensorsWithSilence(q: Queryable): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `SELECT s.id FROM sensors s
      WHERE s.thresholds ? 'silence_timeout_s'
        AND EXISTS (SELECT 1 FROM readings r WHERE r.sensor_id = s.id AND r.t > now() - interval '1 day')
      ORDER BY s.id`,
  )
  return r.rows.map((x) => x.id)
}
