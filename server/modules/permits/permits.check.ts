import type { SpotCheck } from '../../contracts/permits'
import { systemScope, type Db } from '../../platform/db/db'
import {
  activeSystemAlarms,
  reconcileSystemAlarms,
  type ReconcileResult,
  type SystemAlarmSink,
  type SystemCondition,
} from '../alarms/system-conditions'
import { spotChecks } from './permits.repository'

export const permitAlarmPrefix = 'work_permit:'

/** The spot-check rules the hourly check owns (the gas linkage's `gas_near_hot_work` is not one of them). */
export const spotCheckRules = ['filed_no_permit', 'permit_not_filed', 'expired_open'] as const

const typeZh: Record<string, string> = {
  hot_work: '动火',
  confined_space: '受限空间',
  blind_plate: '盲板抽堵',
  height: '高处',
  lifting: '吊装',
  temporary_power: '临时用电',
  excavation: '动土',
  road_closure: '断路',
}

/** One system condition per spot-check flag: `work_permit:<permit or filing id>`, rule = the flag. */
export function spotCheckConditions(flags: readonly SpotCheck[]): SystemCondition[] {
  return flags.map((f) => {
    const what = `${f.enterprise_id} ${typeZh[f.work_type] ?? f.work_type}作业 ${f.number ?? f.ref_id}（${f.place}）`
    const message =
      f.flag === 'filed_no_permit'
        ? `已报备未办证：${what} 报备时段已开始但无有效作业许可证 / filed, no permit at window start`
        : f.flag === 'permit_not_filed'
          ? `作业中未报备：${what} / permit in work, not filed to the park`
          : `作业证已过期未关闭：${what} 截止 ${f.window_to} / permit expired but still open`
    return {
      source_id: `${permitAlarmPrefix}${f.ref_id}`,
      rule: f.flag,
      message,
      priority: f.flag === 'filed_no_permit' ? 'low' : 'high',
      enterprise_id: f.enterprise_id,
      props: { flag: f.flag, ref_id: f.ref_id, work_type: f.work_type, number: f.number },
    }
  })
}

/**
 * The hourly worker job (特殊作业在线抽查): the spot-check flags as system alarms, each raised once and returned
 * to normal when the flag no longer holds. Only the spot-check rules are reconciled: the gas linkage's urgent
 * alarms on the same sources are left alone.
 */
export async function checkWorkPermits(
  db: Db,
  alarms: SystemAlarmSink,
  now: Date = new Date(),
): Promise<ReconcileResult> {
  const { flags, open } = await db.tx(systemScope, async (q) => ({
    flags: await spotChecks(q, now),
    open: await activeSystemAlarms(q, permitAlarmPrefix),
  }))
  const rules = new Set<string>(spotCheckRules)
  return reconcileSystemAlarms(
    alarms,
    spotCheckConditions(flags),
    open.filter((a) => rules.has(a.rule)),
    now,
  )
}
