import type {
  ReadingBucket,
  ReadingKind,
  ReadingPoint,
  ReadingStats,
  ReadingStep,
  SensorRef,
} from '../../contracts'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from './sql'

/** The natural key rows of one stored upload: PNO 0 for an unsplit packet, 1..PNUM for a reassembled set. */
export interface PacketKey {
  mn: string
  cn: number
  /** DataTime, ISO */
  t: string
  pnos: number[]
  pnum: number | null
  qn: string | null
  enterprise_id: string | null
}

/** Inserts the packet keys; returns how many were new (0: the whole upload is a retransmit). */
export async function insertPacketKeys(q: Queryable, k: PacketKey): Promise<number> {
  const r = await q.query(
    `INSERT INTO hj212_packets (mn, cn, data_time, pno, pnum, qn, enterprise_id)
     SELECT $1, $2, $3, pno, $5, $6, $7 FROM unnest($4::int[]) AS pno
     ON CONFLICT DO NOTHING`,
    [k.mn, k.cn, k.t, k.pnos, k.pnum, k.qn, k.enterprise_id],
  )
  return r.rowCount ?? 0
}

/** One natural-key row of a group insert. */
export interface PacketKeyRow {
  mn: string
  cn: number
  /** DataTime, ISO */
  t: string
  pno: number
  pnum: number | null
  qn: string | null
  enterprise_id: string | null
}

/** Identity of a natural key as text, the same for a PacketKeyRow and for a row returned by insertPacketKeyRows. */
export const packetKeyId = (k: { mn: string; cn: number; t: string | number; pno: number }): string =>
  `${k.mn}|${k.cn}|${typeof k.t === 'number' ? k.t : Date.parse(k.t)}|${k.pno}`

/**
 * Inserts the natural keys of many packets in one statement (group commit), in key order so concurrent groups
 * lock in the same order. Returns the ids (packetKeyId) of the rows that were new; a key already stored, or
 * repeated in `rows`, is not returned twice.
 */
export async function insertPacketKeyRows(q: Queryable, rows: PacketKeyRow[]): Promise<Set<string>> {
  if (!rows.length) return new Set()
  const r = await q.query<{ mn: string; cn: number; ms: string; pno: number }>(
    `INSERT INTO hj212_packets (mn, cn, data_time, pno, pnum, qn, enterprise_id)
     SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::int[], $5::int[], $6::text[], $7::text[])
      ORDER BY 1, 2, 3, 4
     ON CONFLICT DO NOTHING
     RETURNING mn, cn, (extract(epoch FROM data_time) * 1000)::bigint::text AS ms, pno`,
    [
      rows.map((k) => k.mn),
      rows.map((k) => k.cn),
      rows.map((k) => k.t),
      rows.map((k) => k.pno),
      rows.map((k) => k.pnum),
      rows.map((k) => k.qn),
      rows.map((k) => k.enterprise_id),
    ],
  )
  return new Set(r.rows.map((k) => packetKeyId({ mn: k.mn, cn: k.cn, t: Number(k.ms), pno: k.pno })))
}

export async function packetStored(
  q: Queryable,
  k: Pick<PacketKey, 'mn' | 'cn' | 't'> & { pno: number },
): Promise<boolean> {
  const r = await q.query(
    'SELECT 1 FROM hj212_packets WHERE mn = $1 AND cn = $2 AND data_time = $3 AND pno = $4',
    [k.mn, k.cn, k.t, k.pno],
  )
  return (r.rowCount ?? 0) > 0
}

export interface ReadingInsert {
  sensor_id: string
  kind: ReadingKind
  t: string
  enterprise_id: string | null
  value: number | null
  flag: string | null
  stats: ReadingStats | null
}

/** Idempotent by (sensor_id, kind, t): a value already stored is kept, the new one dropped. */
export async function insertReadings(q: Queryable, rows: ReadingInsert[]): Promise<number> {
  return insertReadingColumns(q, readingColumns(rows), 'skip_existing')
}

/** Rows of a readings insert as column arrays (what the statement takes; no per-row objects). */
export interface ReadingColumns {
  sensor_id: string[]
  kind: string[]
  /** ISO */
  t: string[]
  enterprise_id: (string | null)[]
  value: (number | null)[]
  flag: (string | null)[]
  /** JSON text or null */
  stats: (string | null)[]
}

export const emptyReadingColumns = (): ReadingColumns => ({
  sensor_id: [],
  kind: [],
  t: [],
  enterprise_id: [],
  value: [],
  flag: [],
  stats: [],
})

/** Appends a row; `enterprise_id` given apart, so a ReadingValue needs no copy. */
export function pushReading(
  c: ReadingColumns,
  r: Omit<ReadingInsert, 'enterprise_id'>,
  enterpriseId: string | null,
): void {
  c.sensor_id.push(r.sensor_id)
  c.kind.push(r.kind)
  c.t.push(r.t)
  c.enterprise_id.push(enterpriseId)
  c.value.push(r.value)
  c.flag.push(r.flag)
  c.stats.push(r.stats ? JSON.stringify(r.stats) : null)
}

function readingColumns(rows: ReadingInsert[]): ReadingColumns {
  const c = emptyReadingColumns()
  for (const r of rows) pushReading(c, r, r.enterprise_id)
  return c
}

/**
 * Inserts readings given as columns. `skip_existing` (ON CONFLICT DO NOTHING) keeps a value already stored.
 * `new_only` is a plain INSERT for rows the caller knows to be new (their upload's natural key was new in this
 * transaction): about a quarter cheaper for PostgreSQL than the speculative insertion of ON CONFLICT, and a key
 * that exists after all fails the statement with 23505 (isReadingConflict), so the caller redoes its
 * transaction with `skip_existing`. The caller keeps keys unique within `c` in that mode.
 */
export async function insertReadingColumns(
  q: Queryable,
  c: ReadingColumns,
  mode: 'skip_existing' | 'new_only',
): Promise<number> {
  if (!c.sensor_id.length) return 0
  const r = await q.query(
    `INSERT INTO readings (sensor_id, kind, t, enterprise_id, value, flag, stats)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::float8[], $6::text[], $7::jsonb[])
     ${mode === 'skip_existing' ? 'ON CONFLICT DO NOTHING' : ''}`,
    [c.sensor_id, c.kind, c.t, c.enterprise_id, c.value, c.flag, c.stats],
  )
  return r.rowCount ?? 0
}

/** A `new_only` readings insert met a stored key (unique violation on readings or one of its partitions). */
export function isReadingConflict(err: unknown): boolean {
  const e = err as { code?: string; table?: string } | null
  return e?.code === '23505' && typeof e.table === 'string' && /^readings(_|$)/.test(e.table)
}

export async function findSensor(q: Queryable, id: string): Promise<SensorRef | null> {
  const r = await q.query<SensorRef>(
    `SELECT id, name, unit, props->>'code' AS code, enterprise_id, thresholds FROM sensors WHERE id = $1`,
    [id],
  )
  return r.rows[0] ?? null
}

export interface RangeQuery {
  sensorId: string
  kind: ReadingKind
  from: string
  to: string
}

export async function rawReadings(q: Queryable, f: RangeQuery, limit: number): Promise<ReadingPoint[]> {
  const r = await q.query<ReadingPoint>(
    `SELECT ${isoSql('t')} AS t, value, flag, stats FROM readings
      WHERE sensor_id = $1 AND kind = $2 AND t >= $3 AND t < $4
      ORDER BY t LIMIT $5`,
    [f.sensorId, f.kind, f.from, f.to, limit],
  )
  return r.rows
}

const BUCKET: Record<Exclude<ReadingStep, 'raw'>, string> = {
  minute: '1 minute',
  hour: '1 hour',
  day: '1 day',
}

/**
 * avg/min/max/count per bucket, computed by PostgreSQL. Buckets start on China Standard Time boundaries (the
 * date_bin origin is a CST midnight), so a day is 00:00–24:00 in the park. min/max use an interval row's own
 * Min/Max when it has them, so an hour of minute data reports the true extremes, not the extreme averages.
 */
export async function bucketReadings(
  q: Queryable,
  f: RangeQuery,
  step: Exclude<ReadingStep, 'raw'>,
): Promise<ReadingBucket[]> {
  const r = await q.query<ReadingBucket>(
    `SELECT ${isoSql('b')} AS t, avg, min, max, count FROM (
       SELECT date_bin($5::interval, t, TIMESTAMPTZ '2000-01-01 00:00:00+08') AS b,
              avg(value) AS avg,
              min(coalesce((stats->>'min')::float8, value)) AS min,
              max(coalesce((stats->>'max')::float8, value)) AS max,
              count(value)::int AS count
         FROM readings
        WHERE sensor_id = $1 AND kind = $2 AND t >= $3 AND t < $4
        GROUP BY b) buckets
      ORDER BY b`,
    [f.sensorId, f.kind, f.from, f.to, BUCKET[step]],
  )
  return r.rows
}
