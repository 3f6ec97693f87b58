import { systemScope, type Db } from './db'

/** Day partitions from yesterday to two days ahead for the time-series tables. */
export async function ensurePartitions(db: Db): Promise<number> {
  const rows = await db.query<{ n: number }>(
    systemScope,
    `SELECT ensure_day_partitions('positions', (now() AT TIME ZONE 'UTC')::date - 1, 4)
          + ensure_day_partitions('readings', (now() AT TIME ZONE 'UTC')::date - 1, 4) AS n`,
  )
  return rows[0]?.n ?? 0
}
