import { parkDay } from '../../contracts/emergency-plans'
import { systemScope, type Db } from '../../platform/db/db'
import {
  activeSystemAlarms,
  reconcileSystemAlarms,
  type ReconcileResult,
  type SystemAlarmSink,
} from '../alarms/system-conditions'
import { overdueConditions } from './hd-workflow'
import { openWithDeadline } from './hd.repository'

/** What the check needs of the alarm engine. */
export type HiddenDangerAlarmSink = SystemAlarmSink

/**
 * The hourly worker job (督办提醒): every hidden danger past its rectification deadline and not closed is a system
 * alarm `hidden_danger:<id>` / `hidden_danger_overdue` for its enterprise, urgent for a 重大 one and high for an
 * 一般 one. A condition already alarmed is not raised again; one that no longer holds (closed) returns to normal.
 */
export async function checkHiddenDangers(
  db: Db,
  alarms: HiddenDangerAlarmSink,
  now: Date = new Date(),
): Promise<ReconcileResult> {
  const { conditions, open } = await db.tx(systemScope, async (q) => ({
    conditions: overdueConditions(await openWithDeadline(q), parkDay(now.getTime())),
    open: await activeSystemAlarms(q, 'hidden_danger:'),
  }))
  return reconcileSystemAlarms(alarms, conditions, open, now)
}
