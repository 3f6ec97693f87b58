import type { Queryable } from '../../platform/db/db'

/**
 * Creates the tank and process safety sensors the registry lacks and merges the gas-detector alarm defaults,
 * once per sensor (migration 0008's safety_sensors_sync). Call it after seeding a new database; idempotent.
 * Returns the number of sensors created or updated.
 */
export async function syncSafetySensors(q: Queryable): Promise<number> {
  // as the park: under the owner role forced row-level security would otherwise hide the rows
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  const r = await q.query<{ n: number }>('SELECT safety_sensors_sync() AS n')
  return r.rows[0]?.n ?? 0
}

export interface RegistryEntry {
  id: string
  kind: string
  measure: string
  enterprise_id: string | null
}

/** Every sensor id with what the ingest checks and stores (about a thousand rows in the demo park). */
export async function loadRegistry(q: Queryable): Promise<RegistryEntry[]> {
  const r = await q.query<RegistryEntry>('SELECT id, kind, measure, enterprise_id FROM sensors')
  return r.rows
}

export interface SensorReadingInsert {
  sensor_id: string
  /** ISO instant */
  t: string
  enterprise_id: string | null
  value: number | null
  flag: string
}

/**
 * Real-time readings, idempotent by the natural key (sensor_id, kind, t): a reading already stored is
 * dropped. Returns the keys actually inserted (`<sensor_id>|<epoch ms>`), so that only those are announced.
 */
export async function insertSensorReadings(q: Queryable, rows: SensorReadingInsert[]): Promise<Set<string>> {
  if (!rows.length) return new Set()
  const r = await q.query<{ sensor_id: string; ms: number }>(
    `INSERT INTO readings (sensor_id, kind, t, enterprise_id, value, flag)
     SELECT s, 'rtd', t, e, v, f FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::float8[], $5::text[])
            AS x (s, t, e, v, f)
     ON CONFLICT DO NOTHING
     RETURNING sensor_id, (extract(epoch FROM t) * 1000)::float8 AS ms`,
    [
      rows.map((r) => r.sensor_id),
      rows.map((r) => r.t),
      rows.map((r) => r.enterprise_id),
      rows.map((r) => r.value),
      rows.map((r) => r.flag),
    ],
  )
  return new Set(r.rows.map((x) => readingKey(x.sensor_id, Math.round(x.ms))))
}

export const readingKey = (sensorId: string, ms: number) => `${sensorId}|${ms}`
