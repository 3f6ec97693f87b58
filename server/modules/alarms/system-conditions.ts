import type { AlarmPriority } from '../../contracts/alarms'
import type { Queryable } from '../../platform/db/db'

/**
 * What a periodic check needs of the alarm engine: AlarmEngine's raiseSystemAlarm / clearSystemAlarm fit it
 * (`{ raise: (a) => engine.raiseSystemAlarm(a), clear: (s, r, t) => engine.clearSystemAlarm(s, r, t) }`).
 */
export interface SystemAlarmSink {
  raise(a: {
    source_type: 'system'
    source_id: string
    rule: string
    message: string
    priority: AlarmPriority
    t?: string
    enterprise_id?: string | null
    props?: Record<string, unknown>
  }): Promise<unknown>
  clear(sourceId: string, rule: string, t?: string): Promise<unknown>
}

/** A reminder or limit condition that holds now (one system alarm per source and rule). */
export interface SystemCondition {
  source_id: string
  rule: string
  message: string
  priority: AlarmPriority
  enterprise_id?: string | null
  props?: Record<string, unknown>
}

export interface ReconcileResult {
  /** conditions that hold now */
  active: number
  raised: number
  cleared: number
}

/**
 * Open system alarms whose condition is still active, for sources whose id starts with `prefix`
 * (`'hazwaste:'`, `'emergency_plan:'` …): what a check compares its conditions with.
 */
export async function activeSystemAlarms(
  q: Queryable,
  prefix: string,
): Promise<{ source_id: string; rule: string }[]> {
  const r = await q.query<{ source_id: string; rule: string }>(
    `SELECT source_id, rule FROM alarms
      WHERE state <> 'cleared' AND condition_active AND source_type = 'system'
        AND starts_with(source_id, $1)`,
    [prefix],
  )
  return r.rows
}

const key = (sourceId: string, rule: string) => `${sourceId}\u0000${rule}`

/**
 * Brings the open system alarms in line with the conditions that hold now: a condition already alarmed is not
 * raised again (the engine keeps one open alarm per source and rule), an alarmed condition that no longer holds
 * returns to normal. Used by every periodic reminder check.
 */
export async function reconcileSystemAlarms(
  sink: SystemAlarmSink,
  conditions: readonly SystemCondition[],
  open: readonly { source_id: string; rule: string }[],
  now: Date,
): Promise<ReconcileResult> {
  const t = now.toISOString()
  const alarmed = new Set(open.map((a) => key(a.source_id, a.rule)))
  const holding = new Set(conditions.map((c) => key(c.source_id, c.rule)))
  let raised = 0
  let cleared = 0
  for (const c of conditions) {
    if (alarmed.has(key(c.source_id, c.rule))) continue
    await sink.raise({ source_type: 'system', t, ...c })
    raised++
  }
  for (const a of open) {
    if (holding.has(key(a.source_id, a.rule))) continue
    await sink.clear(a.source_id, a.rule, t)
    cleared++
  }
  return { active: conditions.length, raised, cleared }
}
