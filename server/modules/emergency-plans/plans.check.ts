import { parkDay } from '../../contracts/emergency-plans'
import { systemScope, type Db } from '../../platform/db/db'
import {
  activeSystemAlarms,
  reconcileSystemAlarms,
  type ReconcileResult,
  type SystemAlarmSink,
} from '../alarms/system-conditions'
import { planConditions } from './plan-rules'
import { reminderPlans } from './plans.repository'

/** What the check needs of the alarm engine. */
export type PlanAlarmSink = SystemAlarmSink

export type PlanCheckResult = ReconcileResult

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
    open: await activeSystemAlarms(q, 'emergency_plan:'),
  }))
  return reconcileSystemAlarms(alarms, conditions, open, now)
}
