import { parkDay } from '../../contracts/emergency-plans'
import { systemScope, type Db } from '../../platform/db/db'
import {
  activeSystemAlarms,
  reconcileSystemAlarms,
  type ReconcileResult,
  type SystemAlarmSink,
} from '../alarms/system-conditions'
import { overdueConditions } from './enforcement-workflow'
import { openNotices } from './enforcement.repository'

/** What the check needs of the alarm engine. */
export type EnforcementAlarmSink = SystemAlarmSink

/**
 * The hourly worker job (整改逾期): every rectification notice past its deadline and not closed is a system alarm
 * `enforcement:<id>` / `rectification_overdue` (high) for its enterprise. A condition already alarmed is not raised
 * again; one that no longer holds (closed, or the deadline extended) returns to normal.
 */
export async function checkEnforcement(
  db: Db,
  alarms: EnforcementAlarmSink,
  now: Date = new Date(),
): Promise<ReconcileResult> {
  const { conditions, open } = await db.tx(systemScope, async (q) => ({
    conditions: overdueConditions(await openNotices(q), parkDay(now.getTime())),
    open: await activeSystemAlarms(q, 'enforcement:'),
  }))
  return reconcileSystemAlarms(alarms, conditions, open, now)
}
