// The hourly overdue reminder (督办提醒) through the real alarm engine on PostgreSQL: every seeded hidden danger
// past its deadline and not closed raises one system alarm for its enterprise (重大 urgent, 一般 high), a second
// run raises nothing new, and closing one returns its alarm to normal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { AlarmEngine } from '../../../../server/modules/alarms/alarm.engine'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import {
  checkHiddenDangers,
  type HiddenDangerAlarmSink,
} from '../../../../server/modules/hidden-dangers/hd.check'
import { seedRiskDemo } from '../../../../server/modules/risk/risk.seed'
import { seedHiddenDangersDemo } from '../../../../server/modules/hidden-dangers/hd.seed'
import { uniqueStreamName } from '../../../helpers/services'
import { silent, startDualStack, type DualStack } from '../risk/stack'

interface AlarmRow {
  source_id: string
  rule: string
  priority: string
  enterprise_id: string | null
}

describe('checkHiddenDangers (alarm engine, PostgreSQL)', () => {
  let s: DualStack
  let sink: HiddenDangerAlarmSink
  const open = () =>
    s.db.query<AlarmRow>(
      systemScope,
      `SELECT source_id, rule, priority, enterprise_id FROM alarms
        WHERE source_id LIKE 'hidden_danger:%' AND condition_active ORDER BY source_id`,
    )

  beforeAll(async () => {
    s = await startDualStack('cpt_hd_check')
    await s.db.owner(async (q) => {
      await seedRiskDemo(q)
      await seedHiddenDangersDemo(q)
    })
    const engine = new AlarmEngine(
      s.db,
      new AlarmsService(s.db, { topic: uniqueStreamName('test:alarms') }),
      silent,
    )
    sink = {
      raise: (a) => engine.raiseSystemAlarm(a),
      clear: (sourceId, rule, t) => engine.clearSystemAlarm(sourceId, rule, t),
    }
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('raises each overdue hidden danger once, 重大 urgent, for its enterprise', async () => {
    const first = await checkHiddenDangers(s.db, sink)
    expect(first).toEqual({ active: 5, raised: 5, cleared: 0 })
    expect(await open()).toEqual([
      {
        source_id: 'hidden_danger:HD-DEMO-07',
        rule: 'hidden_danger_overdue',
        priority: 'high',
        enterprise_id: 'E04',
      },
      {
        source_id: 'hidden_danger:HD-DEMO-08',
        rule: 'hidden_danger_overdue',
        priority: 'high',
        enterprise_id: 'E05',
      },
      {
        source_id: 'hidden_danger:HD-DEMO-17',
        rule: 'hidden_danger_overdue',
        priority: 'high',
        enterprise_id: 'E15',
      },
      {
        source_id: 'hidden_danger:HD-DEMO-20',
        rule: 'hidden_danger_overdue',
        priority: 'high',
        enterprise_id: 'E18',
      },
      {
        source_id: 'hidden_danger:HD-DEMO-30',
        rule: 'hidden_danger_overdue',
        priority: 'urgent',
        enterprise_id: 'E01',
      },
    ])
    expect(await checkHiddenDangers(s.db, sink)).toEqual({ active: 5, raised: 0, cleared: 0 })
  })

  it('returns the alarm to normal once the hidden danger is closed', async () => {
    const e05 = await s.client('e05', 'enterprise_user', 'E05')
    const op = await s.client('op', 'operator')
    const id = 'HD-DEMO-08'
    expect(
      (
        await e05.post(`/api/v1/hidden-dangers/${id}/transitions`, {
          action: 'request_acceptance',
          rectification: '规程已发布并培训',
        })
      ).status,
    ).toBe(200)
    const closed = await op.post(`/api/v1/hidden-dangers/${id}/transitions`, { action: 'verify' })
    expect(closed.body).toMatchObject({ state: 'closed', closed_on_time: false })
    expect(await checkHiddenDangers(s.db, sink, new Date())).toEqual({ active: 4, raised: 0, cleared: 1 })
    expect((await open()).map((a) => a.source_id)).not.toContain(`hidden_danger:${id}`)
  })
})
