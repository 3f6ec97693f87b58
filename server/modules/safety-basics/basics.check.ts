import { parkDay } from '../../contracts/safety-basics'
import { systemScope, type Db } from '../../platform/db/db'
import {
  activeSystemAlarms,
  reconcileSystemAlarms,
  type ReconcileResult,
  type SystemAlarmSink,
} from '../alarms/system-conditions'
import { licenceConditions } from './basics-rules'
import { reminderLicences, settings } from './basics.repository'

/** What the check needs of the alarm engine. */
export type SafetyBasicsAlarmSink = SystemAlarmSink

/**
 * The hourly worker job (许可证到期提醒): a licence within the park's warning window of its expiry (default 90 days)
 * raises a low alarm for its enterprise, an expired one a high alarm; source `licence:<id>`. A condition already
 * alarmed is not raised again; one that no longer holds (renewed, cancelled) returns to normal.
 */
export async function checkSafetyBasics(
  db: Db,
  alarms: SafetyBasicsAlarmSink,
  now: Date = new Date(),
): Promise<ReconcileResult> {
  const { conditions, open } = await db.tx(systemScope, async (q) => {
    const s = await settings(q)
    return {
      conditions: licenceConditions(await reminderLicences(q), parkDay(now.getTime()), s.licence_warn_days),
      open: await activeSystemAlarms(q, 'licence:'),
    }
  })
  return reconcileSystemAlarms(alarms, conditions, open, now)
}
