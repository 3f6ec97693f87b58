import type {
  AlarmPriorityStats,
  CollectorCompleteness,
  DeviceOnline,
  ExpiringDocument,
} from '../../contracts/reports'
import type { Queryable } from '../../platform/db/db'

// SQL of the bi-monthly operation report over existing tables (park scope): readings and HJ 212 packets for
// device online hours and data completeness, alarms and their events for counts and handling times, hidden
// dangers, and the current versions of documents. Window: [from, until) as instants; days as YYYY-MM-DD.

/** Measuring sensors of the safety monitoring (the HJ 212 channels are counted through their collectors). */
export const safetySensorKinds = [
  'gas_detector',
  'tank_level',
  'tank_temperature',
  'tank_pressure',
  'process',
]

export async function parkName(q: Queryable): Promise<string> {
  const r = await q.query<{ name: string }>('SELECT name FROM parks ORDER BY id LIMIT 1')
  return r.rows[0]?.name ?? '化工园区'
}

/**
 * Per safety sensor: the hours it should have reported in (from the window start or the hour it was registered,
 * to `until`) and the hours with at least one reading.
 */
export async function sensorOnlineHours(q: Queryable, from: string, until: string): Promise<DeviceOnline[]> {
  const r = await q.query<DeviceOnline>(
    `WITH dev AS (
       SELECT s.id, s.name, s.enterprise_id, e.name AS enterprise_name,
              greatest($1::timestamptz, date_trunc('hour', s.created_at)) AS t0
         FROM sensors s LEFT JOIN enterprises e ON e.id = s.enterprise_id
        WHERE s.kind = ANY($3::text[])
     ), seen AS (
       SELECT r.sensor_id, count(DISTINCT date_trunc('hour', r.t))::int AS hours
         FROM readings r
        WHERE r.t >= $1::timestamptz AND r.t < $2::timestamptz AND r.sensor_id IN (SELECT id FROM dev)
        GROUP BY r.sensor_id
     )
     SELECT dev.id, dev.name, dev.enterprise_id, dev.enterprise_name,
            greatest(0, ceil(extract(epoch FROM ($2::timestamptz - dev.t0)) / 3600))::int AS expected_hours,
            coalesce(seen.hours, 0) AS online_hours
       FROM dev LEFT JOIN seen ON seen.sensor_id = dev.id
      ORDER BY dev.id`,
    [from, until, safetySensorKinds],
  )
  return r.rows.map((x) => ({ ...x, online_hours: Math.min(x.online_hours, x.expected_hours), rate: null }))
}

/** Per active HJ 212 collector: expected hours and hours with at least one packet received. */
export async function collectorOnlineHours(
  q: Queryable,
  from: string,
  until: string,
): Promise<DeviceOnline[]> {
  const r = await q.query<DeviceOnline>(
    `WITH dev AS (
       SELECT c.mn AS id, c.name, c.enterprise_id, e.name AS enterprise_name,
              greatest($1::timestamptz, date_trunc('hour', c.created_at)) AS t0
         FROM hj212_collectors c LEFT JOIN enterprises e ON e.id = c.enterprise_id
        WHERE c.active
     ), seen AS (
       SELECT p.mn, count(DISTINCT date_trunc('hour', p.received_at))::int AS hours
         FROM hj212_packets p
        WHERE p.received_at >= $1::timestamptz AND p.received_at < $2::timestamptz
        GROUP BY p.mn
     )
     SELECT dev.id, dev.name, dev.enterprise_id, dev.enterprise_name,
            greatest(0, ceil(extract(epoch FROM ($2::timestamptz - dev.t0)) / 3600))::int AS expected_hours,
            coalesce(seen.hours, 0) AS online_hours
       FROM dev LEFT JOIN seen ON seen.mn = dev.id
      ORDER BY dev.id`,
    [from, until],
  )
  return r.rows.map((x) => ({ ...x, online_hours: Math.min(x.online_hours, x.expected_hours), rate: null }))
}

/**
 * Per active collector: the whole hours of the window (from its registration) whose hourly record (CN 2061,
 * DataTime = the hour) should be in by `until`, and how many distinct hourly records arrived.
 */
export async function hourlyCompleteness(
  q: Queryable,
  from: string,
  until: string,
): Promise<CollectorCompleteness[]> {
  const r = await q.query<Omit<CollectorCompleteness, 'rate'>>(
    `WITH dev AS (
       SELECT c.mn, c.name, c.enterprise_id, e.name AS enterprise_name,
              greatest($1::timestamptz, date_trunc('hour', c.created_at)) AS t0,
              date_trunc('hour', $2::timestamptz) AS t1
         FROM hj212_collectors c LEFT JOIN enterprises e ON e.id = c.enterprise_id
        WHERE c.active
     )
     SELECT dev.mn, dev.name, dev.enterprise_id, dev.enterprise_name,
            greatest(0, floor(extract(epoch FROM (dev.t1 - dev.t0)) / 3600))::int AS expected,
            (SELECT count(DISTINCT p.data_time)::int FROM hj212_packets p
              WHERE p.mn = dev.mn AND p.cn = 2061 AND p.data_time >= dev.t0 AND p.data_time < dev.t1) AS received
       FROM dev ORDER BY dev.mn`,
    [from, until],
  )
  return r.rows.map((x) => {
    const received = Math.min(x.received, x.expected)
    return { ...x, received, rate: x.expected ? received / x.expected : null }
  })
}

/** Alarms raised in the window by priority, with minutes from raise to the first acknowledgement. */
export async function alarmStats(q: Queryable, from: string, until: string): Promise<AlarmPriorityStats[]> {
  const r = await q.query<{
    priority: AlarmPriorityStats['priority']
    count: number
    acknowledged: number
    median_s: number | null
    p90_s: number | null
  }>(
    `SELECT a.priority, count(*)::int AS count, count(ack.at)::int AS acknowledged,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ack.at - a.raised_at)) AS median_s,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM ack.at - a.raised_at)) AS p90_s
       FROM alarms a
       LEFT JOIN LATERAL (SELECT min(e.at) AS at FROM alarm_events e
                           WHERE e.alarm_id = a.id AND e.event = 'acknowledge') ack ON true
      WHERE a.raised_at >= $1::timestamptz AND a.raised_at < $2::timestamptz
      GROUP BY a.priority`,
    [from, until],
  )
  const order = ['urgent', 'high', 'low'] as const
  return order.map((p) => {
    const x = r.rows.find((row) => row.priority === p)
    const min = (s: number | null | undefined) => (s === null || s === undefined ? null : Number(s) / 60)
    return {
      priority: p,
      count: x?.count ?? 0,
      acknowledged: x?.acknowledged ?? 0,
      median_min: min(x?.median_s),
      p90_min: min(x?.p90_s),
    }
  })
}

export async function alarmCount(q: Queryable, from: string, until: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM alarms WHERE raised_at >= $1::timestamptz AND raised_at < $2::timestamptz`,
    [from, until],
  )
  return r.rows[0]!.n
}

export async function alarmSources(
  q: Queryable,
  from: string,
  until: string,
): Promise<{ source_type: string; count: number }[]> {
  const r = await q.query<{ source_type: string; count: number }>(
    `SELECT source_type, count(*)::int AS count FROM alarms
      WHERE raised_at >= $1::timestamptz AND raised_at < $2::timestamptz
      GROUP BY source_type ORDER BY count DESC, source_type`,
    [from, until],
  )
  return r.rows
}

/**
 * Hidden dangers: found in the window by grade; closed in the window (on time / late, as recorded at closing);
 * deadlines falling in the window; open ones past their deadline at `untilDay`.
 */
export async function hiddenDangerStats(
  q: Queryable,
  w: { from: string; until: string; fromDay: string; toDay: string; untilDay: string },
) {
  const r = await q.query<{
    found_general: number
    found_major: number
    due: number
    closed: number
    closed_on_time: number
    closed_late: number
    open_overdue: number
  }>(
    `SELECT
       count(*) FILTER (WHERE found_at >= $1::timestamptz AND found_at < $2::timestamptz AND grade = 'general')::int AS found_general,
       count(*) FILTER (WHERE found_at >= $1::timestamptz AND found_at < $2::timestamptz AND grade = 'major')::int AS found_major,
       count(*) FILTER (WHERE deadline >= $3::date AND deadline < $4::date)::int AS due,
       count(*) FILTER (WHERE closed_at >= $1::timestamptz AND closed_at < $2::timestamptz)::int AS closed,
       count(*) FILTER (WHERE closed_at >= $1::timestamptz AND closed_at < $2::timestamptz AND closed_on_time)::int AS closed_on_time,
       count(*) FILTER (WHERE closed_at >= $1::timestamptz AND closed_at < $2::timestamptz AND closed_on_time = false)::int AS closed_late,
       count(*) FILTER (WHERE (closed_at IS NULL OR closed_at >= $2::timestamptz) AND deadline < $5::date)::int AS open_overdue
     FROM hidden_dangers`,
    [w.from, w.until, w.fromDay, w.toDay, w.untilDay],
  )
  return r.rows[0]!
}

/**
 * Current document versions expired (still in force, not renewed) at `untilDay`, or expiring up to `horizonDay`.
 */
export async function expiringDocuments(
  q: Queryable,
  untilDay: string,
  horizonDay: string,
): Promise<ExpiringDocument[]> {
  const r = await q.query<ExpiringDocument>(
    `SELECT d.id AS document_id, d.title, d.doc_type, e.name AS enterprise_name, v.expires_on::text AS expires_on,
            CASE WHEN v.expires_on < $1::date THEN 'expired' ELSE 'expiring' END AS state
       FROM documents d
       JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
       LEFT JOIN enterprises e ON e.id = d.enterprise_id
      WHERE v.expires_on IS NOT NULL AND v.expires_on <= $2::date
      ORDER BY v.expires_on, d.id`,
    [untilDay, horizonDay],
  )
  return r.rows
}
