import type { Queryable } from '../../platform/db/db'
import { alarmColumns, type AlarmRow } from './alarm-row'

type Enterprises = '*' | readonly string[]
const filter = (e: Enterprises) => (e === '*' ? null : [...e])

/** Times an alarm was annunciated (entered `unack`: raised, re-triggered, back from the shelf) since `since`. */
export async function annunciationTimes(
  q: Queryable,
  since: Date,
  enterprises: Enterprises,
): Promise<number[]> {
  const r = await q.query<{ at: Date }>(
    `SELECT at FROM alarm_events
      WHERE to_state = 'unack' AND from_state <> 'unack' AND at >= $1
        AND ($2::text[] IS NULL OR enterprise_id = ANY ($2))
      ORDER BY at`,
    [since, filter(enterprises)],
  )
  return r.rows.map((x) => x.at.getTime())
}

/** The open alarm to keep on top: highest priority, unacknowledged first, newest. */
export async function topAlarm(q: Queryable, enterprises: Enterprises): Promise<AlarmRow | null> {
  const r = await q.query<AlarmRow>(
    `SELECT ${alarmColumns} FROM alarms a
      WHERE a.state IN ('unack', 'ack', 'rtn_unack') AND ($1::text[] IS NULL OR a.enterprise_id = ANY ($1))
      ORDER BY CASE a.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, (a.state = 'unack') DESC,
               a.raised_at DESC
      LIMIT 1`,
    [filter(enterprises)],
  )
  return r.rows[0] ?? null
}
