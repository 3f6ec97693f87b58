import type { ComplianceSource } from '../../contracts/compliance'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from './sql'

// SQL of the daily compliance figures. Minutes are China Standard Time minutes (date_bin origin at a CST
// midnight, as in readings.repository.ts). Every query runs in the caller's scope: RLS on hj212_collectors,
// hj212_packets, sensors and readings decides which outlets exist.

const minuteOf = (col: string) => `date_bin('1 minute', ${col}, TIMESTAMPTZ '2000-01-01 00:00:00+08')`

export interface OutletRow {
  mn: string
  name: string
  name_en: string | null
  measure: 'wastewater' | 'waste_gas'
  enterprise_id: string | null
  /** distinct minutes with minute data (CN 2051 packet or `min` reading) */
  min_minutes: number
  /** distinct minutes with real-time data (CN 2011 packet or `rtd` reading) */
  rtd_minutes: number
}

/** Active collectors with their received minutes in [from, to). */
export async function outletMinutes(q: Queryable, from: string, to: string): Promise<OutletRow[]> {
  const r = await q.query<OutletRow>(
    `WITH marks AS (
       SELECT p.mn, CASE p.cn WHEN 2051 THEN 'min' ELSE 'rtd' END AS src, ${minuteOf('p.data_time')} AS m
         FROM hj212_packets p
        WHERE p.cn IN (2051, 2011) AND p.data_time >= $1 AND p.data_time < $2
       UNION
       SELECT s.mn, r.kind, ${minuteOf('r.t')}
         FROM readings r JOIN sensors s ON s.id = r.sensor_id AND s.kind = 'hj212_channel'
        WHERE r.kind IN ('min', 'rtd') AND r.t >= $1 AND r.t < $2
     )
     SELECT c.mn, c.name, c.name_en, c.measure, c.enterprise_id,
            count(m.m) FILTER (WHERE m.src = 'min')::int AS min_minutes,
            count(m.m) FILTER (WHERE m.src = 'rtd')::int AS rtd_minutes
       FROM hj212_collectors c
       LEFT JOIN marks m ON m.mn = c.mn
      WHERE c.active
      GROUP BY c.mn
      ORDER BY c.mn`,
    [from, to],
  )
  return r.rows
}

export interface ChannelMinutesRow {
  sensor_id: string
  mn: string
  code: string
  name: string
  unit: string | null
  high: number | null
  low: number | null
  /** null for a channel with no valid value in the window */
  src: ComplianceSource | null
  valid_minutes: number
  /** start of each exceeding minute, epoch seconds */
  exceeding: number[]
}

/**
 * Per channel and series: minute averages of valid values (flag N or none; HJ 212 flags such as M
 * maintenance or D fault are not judged), and the minutes above `high` or below `low`. Minute data carries
 * its average in `value`; real-time data is averaged per minute here.
 */
export async function channelMinutes(q: Queryable, from: string, to: string): Promise<ChannelMinutesRow[]> {
  const r = await q.query<ChannelMinutesRow>(
    `WITH ch AS (
       SELECT id, mn, props->>'code' AS code, name, unit,
              CASE WHEN jsonb_typeof(thresholds->'high') = 'number' THEN (thresholds->>'high')::float8 END AS high,
              CASE WHEN jsonb_typeof(thresholds->'low') = 'number' THEN (thresholds->>'low')::float8 END AS low
         FROM sensors WHERE kind = 'hj212_channel'
     ), mins AS (
       SELECT r.sensor_id, r.kind AS src, ${minuteOf('r.t')} AS m, avg(r.value) AS v
         FROM readings r JOIN ch ON ch.id = r.sensor_id
        WHERE r.kind IN ('min', 'rtd') AND r.t >= $1 AND r.t < $2
          AND r.value IS NOT NULL AND (r.flag IS NULL OR r.flag = 'N')
        GROUP BY r.sensor_id, r.kind, m
     )
     SELECT ch.id AS sensor_id, ch.mn, ch.code, ch.name, ch.unit, ch.high, ch.low, mins.src,
            count(mins.m)::int AS valid_minutes,
            coalesce(array_agg(extract(epoch FROM mins.m)::bigint ORDER BY mins.m)
                       FILTER (WHERE mins.v > ch.high OR mins.v < ch.low), '{}')::float8[] AS exceeding
       FROM ch LEFT JOIN mins ON mins.sensor_id = ch.id
      GROUP BY ch.id, ch.mn, ch.code, ch.name, ch.unit, ch.high, ch.low, mins.src
      ORDER BY ch.id, mins.src`,
    [from, to],
  )
  return r.rows
}

export interface LatestRow {
  sensor_id: string
  t: string
  value: number | null
  flag: string | null
}

/** Newest real-time or minute value of each channel in [from, to); real-time first at the same instant. */
export async function latestValues(q: Queryable, from: string, to: string): Promise<LatestRow[]> {
  const r = await q.query<LatestRow>(
    `SELECT DISTINCT ON (r.sensor_id) r.sensor_id, ${isoSql('r.t')} AS t, r.value, r.flag
       FROM readings r JOIN sensors s ON s.id = r.sensor_id AND s.kind = 'hj212_channel'
      WHERE r.kind IN ('rtd', 'min') AND r.t >= $1 AND r.t < $2
      ORDER BY r.sensor_id, r.t DESC, (r.kind = 'rtd') DESC`,
    [from, to],
  )
  return r.rows
}
