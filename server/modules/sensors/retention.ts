import { systemScope, type Db } from '../../platform/db/db'

export interface RetentionPolicy {
  /** days of `readings` kept (READINGS_RETENTION_DAYS); 0 keeps them forever */
  readingsDays: number
  /** days of `positions` kept (POSITIONS_RETENTION_DAYS); 0 keeps them forever */
  positionsDays: number
}

export interface RetentionResult {
  /** the first UTC day kept per table, or null when that table is kept forever */
  keptFrom: { readings: string | null; positions: string | null }
  /** day partitions dropped per table */
  dropped: { readings: number; positions: number }
}

const DAY_MS = 86_400_000

/**
 * The first UTC day kept when `days` days are kept at `now`: the UTC day of `now - days`. Conservative: a row
 * is removed only if it is older than that day's start, so nothing younger than `days` × 24 h ever goes.
 */
export function firstDayKept(days: number, now: Date): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10)
}

/**
 * Data retention (数据保留) of the time-series tables: drops whole day partitions older than the kept window
 * and deletes the default partition's rows older than it (migration 0009, drop_day_partitions_before, which
 * runs as the owner: the app role may not drop or delete). Partition days are UTC days, as
 * ensure_day_partitions makes them. Scheduled in the worker role; safe to run on several nodes at once (a
 * partition already dropped is simply not found again).
 */
export async function applyRetention(
  db: Db,
  policy: RetentionPolicy,
  now: Date = new Date(),
): Promise<RetentionResult> {
  const result: RetentionResult = {
    keptFrom: { readings: null, positions: null },
    dropped: { readings: 0, positions: 0 },
  }
  const tables = [
    ['readings', policy.readingsDays],
    ['positions', policy.positionsDays],
  ] as const
  for (const [table, days] of tables) {
    if (!Number.isInteger(days) || days < 0)
      throw new Error(`${table} retention must be whole days ≥ 0: ${days}`)
    if (days === 0) continue
    const before = firstDayKept(days, now)
    const rows = await db.query<{ n: number }>(
      systemScope,
      'SELECT drop_day_partitions_before($1, $2::date) AS n',
      [table, before],
    )
    result.keptFrom[table] = before
    result.dropped[table] = rows[0]?.n ?? 0
  }
  return result
}
