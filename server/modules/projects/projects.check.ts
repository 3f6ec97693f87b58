import { parkDay } from '../../contracts/emergency-plans'
import { systemScope, type Db } from '../../platform/db/db'
import {
  activeSystemAlarms,
  reconcileSystemAlarms,
  type ReconcileResult,
  type SystemAlarmSink,
} from '../alarms/system-conditions'
import { projectConditions, type StageFacts } from './project-rules'
import { trialRunning } from './projects.repository'

/** What the check needs of the alarm engine. */
export type ProjectAlarmSink = SystemAlarmSink

/**
 * The hourly worker job (试生产超期): a project whose trial run started more than one year ago and that has no
 * acceptance yet is a system alarm `project:<id>` / `project_trial_overdue` (high) for its enterprise. A condition
 * already alarmed is not raised again; one that no longer holds (accepted) returns to normal.
 */
export async function checkProjects(
  db: Db,
  alarms: ProjectAlarmSink,
  now: Date = new Date(),
): Promise<ReconcileResult> {
  const { conditions, open } = await db.tx(systemScope, async (q) => {
    const rows = await trialRunning(q)
    const projects = rows.map((r) => ({
      id: r.id,
      enterprise_id: r.enterprise_id,
      name: r.name,
      stages: r.stages.map((s): StageFacts => ({
        stage: s.stage,
        actual_start: s.actual_start,
        actual_end: s.actual_end,
        document_id: s.document_id,
        authority: s.authority,
        result: s.result,
      })),
    }))
    return {
      conditions: projectConditions(projects, parkDay(now.getTime())),
      open: await activeSystemAlarms(q, 'project:'),
    }
  })
  return reconcileSystemAlarms(alarms, conditions, open, now)
}
