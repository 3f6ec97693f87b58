/** SQL for a timestamptz as the ISO-8601 UTC text the contracts promise (`2026-11-28T07:30:00.000Z`). */
export const isoSql = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
