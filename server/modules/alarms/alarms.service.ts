import type { Alarm, AlarmTransition } from '../../contracts/alarms'
import { audit, auditIn } from '../../platform/audit'
import { streams } from '../../platform/bus/bus'
import { systemScope, type Db, type DbScope, type Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { AppError, errors } from '../../platform/http/errors'
import { defaultAlarmPolicy, type AlarmPolicy } from './alarm-config'
import { toRecord, type AlarmRow } from './alarm-row'
import { persistTransition } from './alarm-transitions'
import {
  dueEscalations,
  expiredShelves,
  findById,
  findOpen,
  insertTransition,
  type NewAlarm,
} from './alarms.repository'
import { isRefusal, reduce, type Actor, type LifecycleEvent, type Refusal } from './lifecycle'

/** A condition reported by a producer (threshold evaluator, system check). */
export interface RaiseInput extends NewAlarm {
  /** source event time, ms: with source_id and rule, the alarm's natural key */
  t: number
  value: number | null
  direction?: 'high' | 'low'
}
export type RaiseResult = { status: 'created' | 'updated' | 'duplicate'; alarm: Alarm | null }

export interface AlarmsServiceOptions {
  policy?: AlarmPolicy
  /** outbox topic, published by the relay to the bus stream of the same name */
  topic?: string
  clock?: () => number
  /** told after a commit that wrote outbox rows (wakes an in-process relay) */
  onCommitted?: () => void
}

type UserEvent = Extract<
  LifecycleEvent,
  { type: 'acknowledge' | 'shelve' | 'unshelve' | 'remove_from_service' | 'return_to_service' | 'clear' }
>
const system: Actor = { kind: 'system' }

function refusalError(r: Refusal): AppError {
  if (r.refused === 'not_permitted') return new AppError(403, 'alarm.not_permitted', r.message)
  if (r.refused === 'invalid_until') return errors.validation(r.message, 'until')
  if (r.refused === 'reason_required') return errors.validation(r.message, 'reason')
  return errors.conflict('alarm.invalid_transition', r.message)
}

// two first raises of one source and rule at once: the loser hits the one-open index and retries
const isOpenRace = (err: unknown) => (err as { constraint?: string })?.constraint === 'alarms_one_open'

/** Alarm transitions in transactions: producers' conditions, operators' actions, timed jobs. */
export class AlarmsService {
  readonly policy: AlarmPolicy
  readonly topic: string
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    private readonly opts: AlarmsServiceOptions = {},
  ) {
    this.policy = opts.policy ?? defaultAlarmPolicy
    this.topic = opts.topic ?? streams.alarms
    this.now = opts.clock ?? Date.now
  }

  private async write<T>(scope: DbScope, fn: (q: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.db.tx(scope, fn)
        this.opts.onCommitted?.()
        return result
      } catch (err) {
        if (attempt >= 3 || !isOpenRace(err)) throw err
      }
    }
  }

  /**
   * Raises a condition: a new alarm, or the update of the one open alarm of (source, rule), with its
   * audit row and outbox row in one transaction. A replayed event (same natural key, or not newer than
   * the newest applied) changes nothing.
   */
  raise(input: RaiseInput): Promise<RaiseResult> {
    return this.write(systemScope, async (q) => {
      const open = await findOpen(q, input.source_id, input.rule)
      const ev: LifecycleEvent = {
        type: 'raise',
        t: input.t,
        value: input.value,
        direction: input.direction ?? 'high',
      }
      const outcome = reduce(open ? toRecord(open) : null, ev, this.now(), this.policy)
      if (isRefusal(outcome)) return { status: 'duplicate', alarm: null }
      const ctx = { actor: system, topic: this.topic, message: input.message, detail: { limit: input.limit } }
      const alarm = await persistTransition(q, open, outcome.record, outcome.event, ctx, input)
      return { status: alarm ? (open ? 'updated' : 'created') : 'duplicate', alarm }
    })
  }

  /** The condition of (source, rule) returned to normal at source time t; null when nothing changed. */
  returnToNormal(
    sourceId: string,
    rule: string,
    t: number,
    value: number | null = null,
  ): Promise<Alarm | null> {
    return this.signal(sourceId, rule, { type: 'return_to_normal', t }, { value })
  }

  /** Suppression by design (the channel is in maintenance or calibration) starts or ends. */
  suppression(sourceId: string, rule: string, on: boolean): Promise<Alarm | null> {
    return this.signal(sourceId, rule, { type: on ? 'suppress' : 'unsuppress' }, {})
  }

  private signal(sourceId: string, rule: string, ev: LifecycleEvent, detail: Record<string, unknown>) {
    return this.write(systemScope, async (q) => {
      const open = await findOpen(q, sourceId, rule)
      if (!open) return null
      const outcome = reduce(toRecord(open), ev, this.now(), this.policy)
      if (isRefusal(outcome)) return null
      return persistTransition(q, open, outcome.record, outcome.event, {
        actor: system,
        topic: this.topic,
        detail,
      })
    })
  }

  /** An operator's action on one alarm, under the operator's row-level-security scope, audited. */
  async act(who: AppState, id: string, ev: UserEvent, ip: string | null): Promise<Alarm> {
    const action = `alarm.${ev.type}`
    const reason = 'reason' in ev ? (ev.reason ?? null) : null
    type Result = { alarm: Alarm } | { refusal: Refusal; row: AlarmRow }
    const result = await this.write(who.scope, async (q): Promise<Result> => {
      const row = await findById(q, id, true)
      if (!row) throw errors.notFound('alarm', id)
      // whether the source can return to normal by itself is the row's business, not the caller's
      const event = ev.type === 'clear' ? { ...ev, latched: row.source_type !== 'sensor' } : ev
      const outcome = reduce(toRecord(row), event, this.now(), this.policy)
      if (isRefusal(outcome)) return { refusal: outcome, row }
      const detail = ev.type === 'shelve' ? { until: new Date(ev.until).toISOString() } : {}
      const alarm = await persistTransition(q, row, outcome.record, outcome.event, {
        actor: ev.by,
        reason,
        detail,
        topic: this.topic,
      })
      await auditIn(q, {
        userId: who.user.id,
        username: who.user.username,
        action,
        target: `alarm:${id}`,
        result: 'ok',
        ip,
        detail: { from: row.state, to: outcome.record.state, reason, ...detail },
        enterpriseId: row.enterprise_id,
      })
      return { alarm: alarm! }
    })
    if ('alarm' in result) return result.alarm
    await this.auditDenied(who, action, result.row, result.refusal, ip)
    throw refusalError(result.refusal)
  }

  /**
   * An operator's note on an alarm, in its audit trail (`alarm_events.event = 'comment'`). Not a transition:
   * the alarm row, its version and the outbox are untouched, so nothing is pushed; the row records the version
   * and state the alarm had when the note was written. Row-level security decides who may see (and so
   * comment on) the alarm; an invisible alarm is 404.
   */
  async comment(who: AppState, id: string, text: string, ip: string | null): Promise<AlarmTransition> {
    return this.db.tx(who.scope, async (q) => {
      // FOR UPDATE: the version recorded is the one in force until this commits
      const row = await findById(q, id, true)
      if (!row) throw errors.notFound('alarm', id)
      const event = await insertTransition(q, {
        alarm_id: row.id,
        version: row.version,
        from_state: row.state,
        to_state: row.state,
        event: 'comment',
        user_id: who.user.id,
        username: who.user.username,
        reason: null,
        detail: { text },
        enterprise_id: row.enterprise_id,
      })
      await auditIn(q, {
        userId: who.user.id,
        username: who.user.username,
        action: 'alarm.comment',
        target: `alarm:${id}`,
        result: 'ok',
        ip,
        detail: { event_id: event.id, length: text.length },
        enterpriseId: row.enterprise_id,
      })
      return event
    })
  }

  private auditDenied(who: AppState, action: string, row: AlarmRow, r: Refusal, ip: string | null) {
    const entry = {
      userId: who.user.id,
      username: who.user.username,
      action,
      target: `alarm:${row.id}`,
      result: 'denied' as const,
      ip,
      detail: { state: row.state, refused: r.refused, message: r.message },
      enterpriseId: row.enterprise_id,
    }
    return audit(this.db, entry, who.scope)
  }

  /** Shelves whose time is up return (ISA-18.2); returns how many. */
  expireShelves(): Promise<number> {
    return this.sweep((q) => expiredShelves(q, new Date(this.now())), { type: 'shelf_expired' })
  }

  /** Urgent alarms unacknowledged for afterS escalate: an `alarm.escalated` message and an audit row. */
  escalateDue(afterS: number): Promise<number> {
    return this.sweep(
      (q) => dueEscalations(q, new Date(this.now()), afterS),
      { type: 'escalate' },
      { after_s: afterS },
    )
  }

  private async sweep(
    find: (q: Queryable) => Promise<string[]>,
    ev: LifecycleEvent,
    detail = {},
  ): Promise<number> {
    const ids = await this.db.tx(systemScope, find)
    let done = 0
    for (const id of ids) {
      const changed = await this.write(systemScope, async (q) => {
        const row = await findById(q, id, true)
        const outcome = row && reduce(toRecord(row), ev, this.now(), this.policy)
        if (!row || !outcome || isRefusal(outcome)) return false
        await persistTransition(q, row, outcome.record, outcome.event, {
          actor: system,
          topic: this.topic,
          detail,
        })
        return true
      })
      if (changed) done++
    }
    return done
  }
}
