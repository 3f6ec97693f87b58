import { parkDay } from '../../contracts/emergency-plans'
import { systemScope, type Db } from '../../platform/db/db'
import type { HazwasteAlarmSink } from '../hazwaste/hazwaste.check'
import { planConditions } from './plan-rules'
import { activePlanAlarms, reminderPlans } from './plans.repository'

/** What the check needs of the alarm engine (AlarmEngine's raiseSystemAlarm / clearSystemAlarm fit it). */
export type PlanAlarmSink = HazwasteAlarmSink

export interface PlanCheckResult {
  /** reminder conditions that hold now */
  active: number
  raised: number
  cleared: number
}

const key = (sourceId: string, rule: string) => `${sourceId}\u0000${rule}`

/**
 * The hourly worker job: a plan in force whose drill is due within 30 days (low) or overdue (high), or whose
 * revision deadline (valid_to) is within 90 days (low) or past (high). A condition already alarmed is not
 * raised again; one that no longer holds (drill recorded, plan revised) returns to normal.
 */
export async function checkEmergencyPlans(
  db: Db,
  alarms: PlanAlarmSink,
  now: Date = new Date(),
): Promise<PlanCheckResult> {
  const { conditions, open } = await db.tx(systemScope, async (q) => ({
    conditions: planConditions(await reminderPlans(q), parkDay(now.getTime())),
    open: await activePlanAlarms(q),
  }))
  const t = now.toISOString()
  const alarmed = new Set(open.map((a) => key(a.source_id, a.rule)))
  const holding = new Set(conditions.map((c) => key(c.source_id, c.rule)))
  let raised = 0
  let cleared = 0
  for (const c of conditions) {
    if (alarmed.has(key(c.source_id, c.rule))) continue
    await alarms.raise({ source_type: 'system', t, ...c })
    raised++
  }
  for (const a of open) {
    if (holding.has(key(a.source_id, a.rule))) continue
    await alarms.clear(a.source_id, a.rule, t)
    cleared++
  }
  return { active: conditions.length, raised, cleared }
}
