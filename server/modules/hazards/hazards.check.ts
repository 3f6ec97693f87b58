import { parkDay } from '../../contracts/emergency-plans'
import { systemScope, type Db } from '../../platform/db/db'
import {
  activeSystemAlarms,
  reconcileSystemAlarms,
  type ReconcileResult,
  type SystemAlarmSink,
} from '../alarms/system-conditions'
import { majorHazardConditions } from './hazard-grading'
import { listUnits } from './hazards.repository'
import { computeUnits, historise } from './hazards.service'

/** What the check needs of the alarm engine. */
export type MajorHazardAlarmSink = SystemAlarmSink

export type MajorHazardCheckResult = ReconcileResult & {
  /** units whose assessment had moved since the last stored one (a new 'periodic' row each) */
  reassessed: number
}

/**
 * The hourly worker job (also run at once after a grade change): every unit is assessed from its current
 * inventories; one whose S, R, α or grade moved since its last stored assessment (a tank level written by another
 * path) gets a new 'periodic' row. Then the system alarms of source `major_hazard:<unit id>` are brought in line:
 * a grade different from the one on record (re-register), a major hazard missing 包保 persons, a 包保 check
 * overdue. A condition already alarmed is not raised again; one that no longer holds returns to normal.
 */
export async function checkMajorHazards(
  db: Db,
  alarms: MajorHazardAlarmSink,
  now: Date = new Date(),
): Promise<MajorHazardCheckResult> {
  const today = parkDay(now.getTime())
  const { conditions, open, reassessed } = await db.tx(systemScope, async (q) => {
    const units = await computeUnits(q, await listUnits(q, {}), today)
    const { inserted } = await historise(q, units, 'periodic', null, true)
    return {
      conditions: majorHazardConditions(
        units.map((u) => ({
          id: u.id,
          enterprise_id: u.enterprise_id,
          name: u.name,
          grade: u.assessment.grade,
          registered_grade: u.registered_grade,
          responsibles: u.responsibles,
        })),
        today,
      ),
      open: await activeSystemAlarms(q, 'major_hazard:'),
      reassessed: inserted,
    }
  })
  return { ...(await reconcileSystemAlarms(alarms, conditions, open, now)), reassessed }
}
