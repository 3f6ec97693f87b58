import type {
  Alarm,
  AlarmEventType,
  AlarmMessage,
  AlarmMessageKind,
  AlarmState,
} from '../../contracts/alarms'
import type { Queryable } from '../../platform/db/db'
import { toAlarm, type AlarmRow } from './alarm-row'
import { insertAlarm, insertTransition, updateAlarm, type NewAlarm } from './alarms.repository'
import type { Actor, AlarmRecord } from './lifecycle'
import { insertOutbox } from './outbox.repository'

export interface TransitionContext {
  actor: Actor
  reason?: string | null
  detail?: Record<string, unknown>
  /** new alarm text (a re-trigger's value) */
  message?: string
  /** outbox topic = bus stream */
  topic: string
}

/** `alarm.raised` for anything that enters `unack` afresh: it needs the operator's attention again. */
export function messageKind(
  event: AlarmEventType,
  from: AlarmState | 'normal',
  to: AlarmState,
): AlarmMessageKind {
  if (event === 'escalate') return 'alarm.escalated'
  return to === 'unack' && from !== 'unack' ? 'alarm.raised' : 'alarm.updated'
}

const who = (a: Actor) =>
  a.kind === 'user' ? { user_id: a.id, username: a.username } : { user_id: null, username: 'system' }

/**
 * Writes one accepted transition: the alarm row, its audit-trail row and the outbox row, all in the
 * caller's transaction (reliability-security.md promise 1: nothing is announced that did not commit).
 */
export async function persistTransition(
  q: Queryable,
  before: AlarmRow | null,
  rec: AlarmRecord,
  event: AlarmEventType,
  ctx: TransitionContext,
  create?: NewAlarm,
): Promise<Alarm | null> {
  let row: AlarmRow | null
  if (before) row = await updateAlarm(q, before.id, rec, ctx.message)
  else {
    row = await insertAlarm(q, create!, rec)
    if (!row) return null // natural key already present: a replayed event
  }
  const from = before?.state ?? 'normal'
  const transition = await insertTransition(q, {
    alarm_id: row.id,
    version: rec.version,
    from_state: from,
    to_state: rec.state,
    event,
    ...who(ctx.actor),
    reason: ctx.reason ?? null,
    detail: { ...(ctx.detail ?? {}), value: rec.value },
    enterprise_id: row.enterprise_id,
  })
  const alarm = toAlarm(row)
  const payload: Omit<AlarmMessage, 'outbox_id'> = {
    kind: messageKind(event, from, rec.state),
    alarm,
    transition: {
      event,
      from_state: from,
      to_state: rec.state,
      at: transition.at,
      username: transition.username,
      reason: transition.reason,
    },
  }
  await insertOutbox(q, ctx.topic, payload, row.enterprise_id)
  return alarm
}
