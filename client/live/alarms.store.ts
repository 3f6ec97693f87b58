import type {
  Alarm,
  AlarmEventType,
  AlarmMessage,
  AlarmMessageKind,
  AlarmPriority,
  AlarmState,
  FloodState,
} from '../../server/contracts'

// Mirrors of server/contracts/alarms.ts values (the client imports only types from there, so zod stays
// out of the bundle); tests/unit/client/alarms checks they match.
export const alarmPriorities = ['low', 'high', 'urgent'] as const satisfies readonly AlarmPriority[]
export const alarmStates = [
  'unack',
  'ack',
  'rtn_unack',
  'shelved',
  'suppressed',
  'out_of_service',
  'cleared',
] as const satisfies readonly AlarmState[]
export const activeAlarmStates = [
  'unack',
  'ack',
  'rtn_unack',
  'shelved',
] as const satisfies readonly AlarmState[]
export const alarmMessageKinds = [
  'alarm.raised',
  'alarm.updated',
  'alarm.escalated',
] as const satisfies readonly AlarmMessageKind[]
export const maxShelveHours = 8

/** What changed in the store. A `delivery` is always a new (alarm id, version): repeats never emit. */
export type AlarmChange =
  | { kind: 'snapshot' }
  | { kind: 'delivery'; message: AlarmMessage; previous: Alarm | null }
  | { kind: 'flood'; flood: FloodState }
  | { kind: 'status' }

export interface AlarmCounts {
  total: number
  /** unack + rtn_unack: still waiting for an operator */
  unacked: number
  byPriority: Record<AlarmPriority, number>
  byState: Record<AlarmState, number>
  /** unacknowledged alarms by priority (the ticker's badges) */
  unackedByPriority: Record<AlarmPriority, number>
}

export type AlarmSort = 'priority' | 'time'

const activeSet: ReadonlySet<AlarmState> = new Set(activeAlarmStates)
const unackedStates: ReadonlySet<AlarmState> = new Set(['unack', 'rtn_unack'])
export const priorityRank: Record<AlarmPriority, number> = { urgent: 0, high: 1, low: 2 }

export const isActive = (a: Pick<Alarm, 'state'>): boolean => activeSet.has(a.state)
export const isUnacked = (a: Pick<Alarm, 'state'>): boolean => unackedStates.has(a.state)

const timeMs = (iso: string) => {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? -Infinity : ms
}
/** Decimal bigint ids compared as numbers (longer is larger). */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}

/** `priority`: urgent → high → low, newest first within; `time`: newest first. Ties: higher id first. */
export function compareAlarms(a: Alarm, b: Alarm, sort: AlarmSort = 'priority'): number {
  const byPriority = sort === 'priority' ? priorityRank[a.priority] - priorityRank[b.priority] : 0
  return byPriority || timeMs(b.raised_at) - timeMs(a.raised_at) || compareIds(b.id, a.id)
}

export function sortAlarms(list: Iterable<Alarm>, sort: AlarmSort = 'priority'): Alarm[] {
  return [...list].sort((a, b) => compareAlarms(a, b, sort))
}

export function countAlarms(list: Iterable<Alarm>): AlarmCounts {
  const zeroP = () => Object.fromEntries(alarmPriorities.map((p) => [p, 0])) as Record<AlarmPriority, number>
  const counts: AlarmCounts = {
    total: 0,
    unacked: 0,
    byPriority: zeroP(),
    byState: Object.fromEntries(alarmStates.map((s) => [s, 0])) as Record<AlarmState, number>,
    unackedByPriority: zeroP(),
  }
  for (const a of list) {
    counts.total++
    counts.byPriority[a.priority]++
    counts.byState[a.state]++
    if (isUnacked(a)) {
      counts.unacked++
      counts.unackedByPriority[a.priority]++
    }
  }
  return counts
}

type Listener = (change: AlarmChange) => void

/**
 * The operator's active alarms (unack, ack, rtn_unack, shelved), fed by alarms.socket: a REST snapshot
 * plus pushed messages on top. Keeps the highest (alarm id, version) per alarm, so re-sends and the
 * at-least-once stream never go backwards or annunciate twice; an alarm leaving the active states
 * (cleared, suppressed, out of service) leaves the list but its version is remembered.
 */
export class AlarmStore {
  private readonly active = new Map<string, Alarm>()
  private readonly versions = new Map<string, number>()
  /** ids applied from the stream since the pending snapshot was requested */
  private readonly touched = new Set<string>()
  readonly floods = new Map<string, FloodState>()
  /** messages applied / dropped as repeats (diagnostics) */
  applied = 0
  repeats = 0
  subscribed = false
  snapshotLoaded = false
  error: string | null = null
  private readonly listeners = new Set<Listener>()

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  get(id: string): Alarm | undefined {
    return this.active.get(id)
  }

  /** Active alarms, sorted. */
  list(sort: AlarmSort = 'priority'): Alarm[] {
    return sortAlarms(this.active.values(), sort)
  }

  get size(): number {
    return this.active.size
  }

  counts(): AlarmCounts {
    return countAlarms(this.active.values())
  }

  /** Some operator position is in alarm flood. */
  inFlood(): boolean {
    for (const f of this.floods.values()) if (f.in_flood) return true
    return false
  }

  /** Call when a snapshot is requested: messages applied from now on survive that snapshot. */
  beginSnapshot(): void {
    this.touched.clear()
  }

  /**
   * The REST snapshot decides which alarms are active, except for alarms pushed while it was in flight;
   * a version we already hold that is newer than the snapshot's stays.
   */
  applySnapshot(snapshot: readonly Alarm[]): void {
    const previous = new Map(this.active)
    this.active.clear()
    for (const alarm of snapshot) {
      const known = this.versions.get(alarm.id)
      if (known !== undefined && known > alarm.version) {
        const local = previous.get(alarm.id)
        if (local) this.active.set(alarm.id, local)
        continue
      }
      this.versions.set(alarm.id, alarm.version)
      if (isActive(alarm)) this.active.set(alarm.id, alarm)
    }
    for (const id of this.touched) {
      const local = previous.get(id)
      if (local && !this.active.has(id) && (this.versions.get(id) ?? 0) <= local.version)
        this.active.set(id, local)
    }
    this.touched.clear()
    this.snapshotLoaded = true
    this.error = null
    this.emit({ kind: 'snapshot' })
  }

  /** Applies a pushed message; false (and no change) for a version already held or older. */
  apply(message: AlarmMessage): boolean {
    const { alarm } = message
    const known = this.versions.get(alarm.id)
    if (known !== undefined && alarm.version <= known) {
      this.repeats++
      return false
    }
    const previous = this.active.get(alarm.id) ?? null
    this.versions.set(alarm.id, alarm.version)
    this.touched.add(alarm.id)
    if (isActive(alarm)) this.active.set(alarm.id, alarm)
    else this.active.delete(alarm.id)
    this.applied++
    this.emit({ kind: 'delivery', message, previous })
    return true
  }

  /** The answer of a REST action (ack, shelve): applied like a pushed update (the push is then a repeat). */
  applyAlarm(alarm: Alarm, event: AlarmEventType): boolean {
    const from = this.active.get(alarm.id)?.state ?? alarm.state
    return this.apply({
      kind: 'alarm.updated',
      outbox_id: '',
      alarm,
      transition: {
        event,
        from_state: from,
        to_state: alarm.state,
        at: alarm.updated_at,
        username: null,
        reason: null,
      },
    })
  }

  applyFlood(flood: FloodState): void {
    this.floods.set(flood.position, flood)
    this.emit({ kind: 'flood', flood })
  }

  setStatus(patch: { subscribed?: boolean; error?: string | null }): void {
    if (patch.subscribed !== undefined) this.subscribed = patch.subscribed
    if (patch.error !== undefined) this.error = patch.error
    this.emit({ kind: 'status' })
  }

  private emit(change: AlarmChange): void {
    for (const fn of [...this.listeners]) fn(change)
  }
}
