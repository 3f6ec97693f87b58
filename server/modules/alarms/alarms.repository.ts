import type { AlarmListQuery, AlarmPriority, AlarmTransition } from '../../contracts/alarms'
import { activeAlarmStates } from '../../contracts/alarms'
import type { Queryable } from '../../platform/db/db'
import { alarmColumns, type AlarmRow } from './alarm-row'
import type { AlarmRecord } from './lifecycle'

export interface NewAlarm {
  source_type: string
  source_id: string
  rule: string
  enterprise_id: string | null
  priority: AlarmPriority
  message: string
  limit: number | null
  location: { lon: number; lat: number } | null
  props: Record<string, unknown>
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms))

/** The open (not cleared) alarm of a source and rule, locked for the transaction. */
export async function findOpen(q: Queryable, sourceId: string, rule: string): Promise<AlarmRow | null> {
  const r = await q.query<AlarmRow>(
    `SELECT ${alarmColumns} FROM alarms a WHERE a.source_id = $1 AND a.rule = $2 AND a.state <> 'cleared' FOR UPDATE`,
    [sourceId, rule],
  )
  return r.rows[0] ?? null
}

export async function findById(q: Queryable, id: string, lock = false): Promise<AlarmRow | null> {
  const r = await q.query<AlarmRow>(
    `SELECT ${alarmColumns} FROM alarms a WHERE a.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

/** Inserts a new alarm; null when its natural key (source, rule, source event time) already exists. */
export async function insertAlarm(q: Queryable, a: NewAlarm, rec: AlarmRecord): Promise<AlarmRow | null> {
  const r = await q.query<AlarmRow>(
    `INSERT INTO alarms AS a (source_type, source_id, rule, source_event_time, last_event_time, enterprise_id,
       priority, state, condition_active, message, last_value, peak_value, limit_value, count, version,
       annunciated_at, props, geom)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
       CASE WHEN $17::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($17, $18), 4326) END)
     ON CONFLICT (source_id, rule, source_event_time) DO NOTHING
     RETURNING ${alarmColumns}`,
    [
      a.source_type,
      a.source_id,
      a.rule,
      date(rec.lastEventTime),
      a.enterprise_id,
      a.priority,
      rec.state,
      rec.conditionActive,
      a.message,
      rec.value,
      rec.peak,
      a.limit,
      rec.count,
      rec.version,
      date(rec.annunciatedAt),
      JSON.stringify(a.props),
      a.location?.lon ?? null,
      a.location?.lat ?? null,
    ],
  )
  return r.rows[0] ?? null
}

/** Writes the reducer's record back; `message` replaces the text when given (a re-trigger's new value). */
export async function updateAlarm(
  q: Queryable,
  id: string,
  rec: AlarmRecord,
  message?: string,
): Promise<AlarmRow> {
  const r = await q.query<AlarmRow>(
    `UPDATE alarms AS a SET state = $2, condition_active = $3, count = $4, last_value = $5, peak_value = $6,
       last_event_time = $7, annunciated_at = $8, acked_at = $9, acked_by = $10, shelved_until = $11,
       escalated_at = $12, version = $13, message = coalesce($14, a.message), updated_at = now(),
       cleared_at = CASE WHEN $2 = 'cleared' THEN now() END
     WHERE a.id = $1
     RETURNING ${alarmColumns}`,
    [
      id,
      rec.state,
      rec.conditionActive,
      rec.count,
      rec.value,
      rec.peak,
      date(rec.lastEventTime),
      date(rec.annunciatedAt),
      date(rec.ackedAt),
      rec.ackedBy,
      date(rec.shelvedUntil),
      date(rec.escalatedAt),
      rec.version,
      message ?? null,
    ],
  )
  return r.rows[0]!
}

export type NewTransition = Omit<AlarmTransition, 'id' | 'at'> & { enterprise_id: string | null }

const transitionColumns = `id::text AS id, alarm_id::text AS alarm_id, version, at, from_state, to_state, event,
  user_id::text AS user_id, username, reason, detail`
type TransitionRow = Omit<AlarmTransition, 'at'> & { at: Date }
const toTransition = (r: TransitionRow): AlarmTransition => ({ ...r, at: r.at.toISOString() })

/**
 * Appends one row of the alarm's audit trail (ISA-18.2: every transition with who and why), or a comment
 * (event 'comment', carrying the alarm's current version: comments are not transitions).
 */
export async function insertTransition(q: Queryable, t: NewTransition): Promise<AlarmTransition> {
  const r = await q.query<TransitionRow>(
    `INSERT INTO alarm_events (alarm_id, version, from_state, to_state, event, user_id, username, reason, detail,
       enterprise_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     RETURNING ${transitionColumns}`,
    [
      t.alarm_id,
      t.version,
      t.from_state,
      t.to_state,
      t.event,
      t.user_id,
      t.username,
      t.reason,
      JSON.stringify(t.detail),
      t.enterprise_id,
    ],
  )
  return toTransition(r.rows[0]!)
}

/** Transitions and comments, in order; a comment follows the transition whose version it carries. */
export async function transitionsOf(q: Queryable, alarmId: string): Promise<AlarmTransition[]> {
  const r = await q.query<TransitionRow>(
    `SELECT ${transitionColumns} FROM alarm_events WHERE alarm_id = $1 ORDER BY version, id`,
    [alarmId],
  )
  return r.rows.map(toTransition)
}

/** Active alarms come most urgent first (ISA-18.2: the highest priority stays on top); history newest first. */
export async function listAlarms(q: Queryable, f: AlarmListQuery): Promise<AlarmRow[]> {
  const order =
    f.state === 'active'
      ? `CASE a.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, (a.state = 'unack') DESC, a.raised_at DESC`
      : 'a.raised_at DESC'
  const r = await q.query<AlarmRow>(
    `SELECT ${alarmColumns} FROM alarms a
      WHERE ($1::text[] IS NULL OR a.state = ANY ($1)) AND ($2::text[] IS NULL OR a.priority = ANY ($2))
        AND ($3::text IS NULL OR a.enterprise_id = $3)
        AND ($4::timestamptz IS NULL OR a.raised_at >= $4) AND ($5::timestamptz IS NULL OR a.raised_at < $5)
      ORDER BY ${order}, a.id DESC
      LIMIT $6`,
    [
      f.state === 'active' ? [...activeAlarmStates] : null,
      f.priority ?? null,
      f.enterprise ?? null,
      f.from ?? null,
      f.to ?? null,
      f.limit,
    ],
  )
  return r.rows
}

/** Open alarms of sensors (rebuilding the engine's state after a restart). */
export async function openSensorAlarms(
  q: Queryable,
): Promise<{ source_id: string; rule: string; state: string }[]> {
  const r = await q.query<{ source_id: string; rule: string; state: string }>(
    `SELECT source_id, rule, state FROM alarms WHERE source_type = 'sensor' AND state <> 'cleared'`,
  )
  return r.rows
}

export async function expiredShelves(q: Queryable, now: Date): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `SELECT id::text AS id FROM alarms WHERE state = 'shelved' AND shelved_until <= $1 ORDER BY id LIMIT 500`,
    [now],
  )
  return r.rows.map((x) => x.id)
}

/** Urgent alarms unacknowledged for longer than afterS and not yet escalated. */
export async function dueEscalations(q: Queryable, now: Date, afterS: number): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `SELECT id::text AS id FROM alarms
      WHERE priority = 'urgent' AND state IN ('unack', 'rtn_unack') AND escalated_at IS NULL
        AND annunciated_at <= $1::timestamptz - make_interval(secs => $2)
      ORDER BY id LIMIT 500`,
    [now, afterS],
  )
  return r.rows.map((x) => x.id)
}
