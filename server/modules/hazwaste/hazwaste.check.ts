import { systemScope, type Db } from '../../platform/db/db'
import {
  activeSystemAlarms,
  reconcileSystemAlarms,
  type ReconcileResult,
  type SystemAlarmSink,
} from '../alarms/system-conditions'
import { listFacilities, stockPositions } from './hazwaste.repository'
import { hazwasteConditions, parkDay } from './hazwaste.rules'
import { facilityStocks, positionAges } from './hazwaste.summary'

/** What the check needs of the alarm engine. */
export type HazwasteAlarmSink = SystemAlarmSink

export type HazwasteCheckResult = ReconcileResult

/**
 * The hourly worker job: stock over a facility's permitted limit, a batch stored over one year, and the
 * 30-day advance warning. A condition already alarmed (open, condition active) is not raised again; an
 * alarmed condition that no longer holds returns to normal.
 */
export async function checkHazwaste(
  db: Db,
  alarms: HazwasteAlarmSink,
  now: Date = new Date(),
): Promise<HazwasteCheckResult> {
  const { conditions, open } = await db.tx(systemScope, async (q) => {
    const facilities = await listFacilities(q, {})
    const positions = await stockPositions(q)
    return {
      conditions: hazwasteConditions(
        facilityStocks(facilities, positions),
        positionAges(positions),
        parkDay(now.getTime()),
      ),
      open: await activeSystemAlarms(q, 'hazwaste:'),
    }
  })
  return reconcileSystemAlarms(alarms, conditions, open, now)
}
