import type { AlarmEventType, AlarmState } from '../../contracts/alarms'
import type { Role } from '../../contracts/auth'
import { defaultAlarmPolicy, type AlarmPolicy } from './alarm-config'

/**
 * The ISA-18.2 / IEC 62682 alarm state transition diagram as a pure reducer: (record, event) → the next
 * record, or a typed refusal. It tracks the process condition
 * (`conditionActive`) apart from the annunciation state, so a shelved, suppressed or out-of-service alarm
 * comes back as `unack` only if its condition is still active, and `cleared` otherwise.
 */
export interface AlarmRecord {
  state: AlarmState
  conditionActive: boolean
  /** raise events merged into this record (the first raise and every re-trigger) */
  count: number
  value: number | null
  peak: number | null
  /** source time (ms) of the newest raise / return-to-normal applied */
  lastEventTime: number
  /** when the alarm last entered `unack` (ms, server clock): the escalation timer starts here */
  annunciatedAt: number
  ackedAt: number | null
  ackedBy: string | null
  shelvedUntil: number | null
  escalatedAt: number | null
  version: number
}

export type Actor = { kind: 'system' } | { kind: 'user'; id: string; username: string; role: Role }

export type LifecycleEvent =
  | { type: 'raise'; t: number; value: number | null; direction?: 'high' | 'low' }
  | { type: 'return_to_normal'; t: number }
  | { type: 'acknowledge'; by: Actor; reason?: string }
  | { type: 'shelve'; by: Actor; until: number; reason: string }
  | { type: 'unshelve'; by: Actor; reason?: string }
  | { type: 'shelf_expired' }
  | { type: 'remove_from_service'; by: Actor; reason: string }
  | { type: 'return_to_service'; by: Actor; reason?: string }
  | { type: 'suppress' }
  | { type: 'unsuppress' }
  | { type: 'escalate' }
  /**
   * Manual clear (ISA-18.2 spirit: an alarm closes when its condition is gone and someone has seen it).
   * `latched`: the source cannot signal a return to normal by itself (system alarms such as a dead-lettered
   * entry), so a park admin or operator may clear it while it still reads active.
   */
  | { type: 'clear'; by: Actor; reason: string; latched: boolean }

export type RefusalKind =
  'invalid_transition' | 'not_permitted' | 'invalid_until' | 'reason_required' | 'no_change'
export interface Refusal {
  refused: RefusalKind
  message: string
}
export type Outcome = { record: AlarmRecord; event: AlarmEventType } | Refusal

export const isRefusal = (o: Outcome): o is Refusal => 'refused' in o

const refuse = (refused: RefusalKind, message: string): Refusal => ({ refused, message })
const invalid = (event: string, state: AlarmState | 'normal') =>
  refuse('invalid_transition', `cannot ${event.replaceAll('_', ' ')} an alarm that is ${state}`)
const next = (r: AlarmRecord, event: AlarmEventType, patch: Partial<AlarmRecord>): Outcome => ({
  record: { ...r, ...patch, version: r.version + 1 },
  event,
})
const mayDo = (by: Actor, roles: readonly Role[]) => by.kind === 'system' || roles.includes(by.role)
/** out of the silent states: annunciate again if the condition is still active, else close */
const resume = (r: AlarmRecord, now: number): Partial<AlarmRecord> =>
  r.conditionActive
    ? {
        state: 'unack',
        annunciatedAt: now,
        ackedAt: null,
        ackedBy: null,
        escalatedAt: null,
        shelvedUntil: null,
      }
    : { state: 'cleared', shelvedUntil: null }
const silent: AlarmState[] = ['shelved', 'suppressed', 'out_of_service']
/** who may clear an alarm by hand (the same people who may shelve: the park's control room) */
export const clearRoles: readonly Role[] = ['park_admin', 'operator']

function raise(r: AlarmRecord | null, e: Extract<LifecycleEvent, { type: 'raise' }>, now: number): Outcome {
  const worse = (a: number | null, b: number | null) =>
    a === null ? b : b === null ? a : e.direction === 'low' ? Math.min(a, b) : Math.max(a, b)
  if (!r)
    return {
      event: 'raise',
      record: {
        state: 'unack',
        conditionActive: true,
        count: 1,
        value: e.value,
        peak: e.value,
        lastEventTime: e.t,
        annunciatedAt: now,
        ackedAt: null,
        ackedBy: null,
        shelvedUntil: null,
        escalatedAt: null,
        version: 1,
      },
    }
  if (r.state === 'cleared') return invalid('raise', r.state)
  if (e.t <= r.lastEventTime)
    return refuse('no_change', 'an event at or before this time was already applied')
  // a re-trigger updates the open alarm (ISA-18.2: one alarm per source and type), never duplicates it
  const count = r.count + 1
  const base = { conditionActive: true, value: e.value, peak: worse(r.peak, e.value), lastEventTime: e.t }
  // re-trigger after returning to normal: annunciate again (ISA-18.2: rtn_unack → unack)
  if (r.state === 'rtn_unack')
    return next(r, 'raise', { ...base, count, state: 'unack', annunciatedAt: now, escalatedAt: null })
  return next(r, 'raise', { ...base, count })
}

/** Applies one event at `now` (ms, server clock). A null record is "normal": only a raise leaves it. */
export function reduce(
  r: AlarmRecord | null,
  e: LifecycleEvent,
  now: number,
  policy: AlarmPolicy = defaultAlarmPolicy,
): Outcome {
  if (e.type === 'raise') return raise(r, e, now)
  if (!r) return invalid(e.type, 'normal')
  if (r.state === 'cleared') return invalid(e.type, r.state)
  switch (e.type) {
    case 'return_to_normal':
      if (e.t < r.lastEventTime) return refuse('no_change', 'older than the newest event applied')
      if (!r.conditionActive) return refuse('no_change', 'already normal')
      if (r.state === 'unack')
        return next(r, 'return_to_normal', { conditionActive: false, state: 'rtn_unack', lastEventTime: e.t })
      if (r.state === 'ack')
        return next(r, 'return_to_normal', { conditionActive: false, state: 'cleared', lastEventTime: e.t })
      return next(r, 'return_to_normal', { conditionActive: false, lastEventTime: e.t })
    case 'acknowledge':
      if (!mayDo(e.by, policy.ackRoles))
        return refuse('not_permitted', 'your role may not acknowledge alarms')
      if (r.state === 'ack') return refuse('invalid_transition', 'the alarm is already acknowledged')
      if (r.state !== 'unack' && r.state !== 'rtn_unack') return invalid('acknowledge', r.state)
      return next(r, 'acknowledge', {
        state: r.state === 'unack' ? 'ack' : 'cleared',
        ackedAt: now,
        ackedBy: e.by.kind === 'user' ? e.by.username : 'system',
      })
    case 'shelve':
      if (!mayDo(e.by, policy.shelveRoles))
        return refuse('not_permitted', 'only park admins and operators may shelve')
      if (!e.reason.trim()) return refuse('reason_required', 'shelving needs a reason')
      if (e.until <= now || e.until > now + policy.maxShelveMs)
        return refuse(
          'invalid_until',
          `until must be in the future and at most ${policy.maxShelveMs / 3_600_000} h ahead`,
        )
      if (!['unack', 'ack', 'rtn_unack'].includes(r.state)) return invalid('shelve', r.state)
      return next(r, 'shelve', { state: 'shelved', shelvedUntil: e.until })
    case 'unshelve':
      if (!mayDo(e.by, policy.shelveRoles))
        return refuse('not_permitted', 'only park admins and operators may unshelve')
      if (r.state !== 'shelved') return invalid('unshelve', r.state)
      return next(r, 'unshelve', resume(r, now))
    case 'shelf_expired':
      if (r.state !== 'shelved') return invalid('expire the shelf of', r.state)
      if (r.shelvedUntil !== null && r.shelvedUntil > now)
        return refuse('no_change', 'the shelf has not expired')
      return next(r, 'shelf_expired', resume(r, now))
    case 'remove_from_service':
      if (!mayDo(e.by, policy.serviceRoles))
        return refuse('not_permitted', 'only park admins may remove alarms from service')
      if (!e.reason.trim()) return refuse('reason_required', 'removing from service needs a reason')
      if (r.state === 'out_of_service') return invalid('remove from service', r.state)
      return next(r, 'remove_from_service', { state: 'out_of_service', shelvedUntil: null })
    case 'return_to_service':
      if (!mayDo(e.by, policy.serviceRoles))
        return refuse('not_permitted', 'only park admins may return alarms to service')
      if (r.state !== 'out_of_service') return invalid('return to service', r.state)
      return next(r, 'return_to_service', resume(r, now))
    case 'suppress':
      // suppressed by design (ISA-18.2): the channel is in maintenance or calibration
      if (silent.includes(r.state)) return refuse('no_change', `already ${r.state}`)
      return next(r, 'suppress', { state: 'suppressed' })
    case 'unsuppress':
      if (r.state !== 'suppressed') return refuse('no_change', 'not suppressed')
      return next(r, 'unsuppress', resume(r, now))
    case 'clear':
      if (!mayDo(e.by, clearRoles)) return refuse('not_permitted', 'only park admins and operators may clear')
      if (!e.reason.trim()) return refuse('reason_required', 'clearing needs a reason')
      // a sensor alarm whose condition is still active clears by itself on return to normal; closing it by
      // hand would hide a live condition (shelve it instead, which is time-limited)
      if (r.conditionActive && !e.latched)
        return refuse(
          'invalid_transition',
          'the condition is still active: the alarm clears when it returns to normal (shelve it meanwhile)',
        )
      return next(r, 'clear', {
        state: 'cleared',
        conditionActive: false,
        shelvedUntil: null,
        ackedAt: r.ackedAt ?? now,
        ackedBy: r.ackedBy ?? (e.by.kind === 'user' ? e.by.username : 'system'),
      })
    case 'escalate':
      if (r.state !== 'unack' && r.state !== 'rtn_unack') return invalid('escalate', r.state)
      if (r.escalatedAt !== null) return refuse('no_change', 'already escalated')
      return next(r, 'escalate', { escalatedAt: now })
  }
}
