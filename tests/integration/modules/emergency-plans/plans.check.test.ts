// The hourly plan reminders through the real alarm engine on PostgreSQL: a drill due within 30 days (low), an
// overdue drill (high), a revision deadline within 90 days (low); each raised once, and returned to normal
// when the drill is recorded or the plan revised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { AlarmEngine } from '../../../../server/modules/alarms/alarm.engine'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import {
  checkEmergencyPlans,
  type PlanAlarmSink,
} from '../../../../server/modules/emergency-plans/plans.check'
import { seedEmergencyPlansDemo } from '../../../../server/modules/emergency-plans/plans.seed'
import { parkDay } from '../../../../server/contracts/emergency-plans'
import { uniqueStreamName } from '../../../helpers/services'
import { silent, startPlansStack, type PlansStack } from './stack'

interface AlarmRow {
  source_id: string
  rule: string
  priority: string
  enterprise_id: string | null
  condition_active: boolean
}

describe('checkEmergencyPlans (alarm engine, PostgreSQL)', () => {
  let s: PlansStack
  let sink: PlanAlarmSink
  const open = async (source: string) =>
    s.db.query<AlarmRow>(
      systemScope,
      `SELECT source_id, rule, priority, enterprise_id, condition_active FROM alarms
        WHERE source_id = $1 AND condition_active ORDER BY rule`,
      [source],
    )

  beforeAll(async () => {
    s = await startPlansStack('cpt_plans_check')
    await s.db.owner((q) => seedEmergencyPlansDemo(q))
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

  it('raises each reminder once, with the plan owner', async () => {
    const first = await checkEmergencyPlans(s.db, sink)
    expect(first.raised).toBe(first.active)
    expect(first.active).toBeGreaterThanOrEqual(3)
    expect(await open('emergency_plan:EP-PARK-SP-FLOOD')).toEqual([
      expect.objectContaining({ rule: 'plan_drill_overdue', priority: 'high', enterprise_id: null }),
    ])
    expect(await open('emergency_plan:EP-PARK-SP-LEAK')).toEqual([
      expect.objectContaining({ rule: 'plan_drill_due', priority: 'low' }),
    ])
    expect(await open('emergency_plan:EP-PARK-SP-ENV')).toEqual([
      expect.objectContaining({ rule: 'plan_revision_due', priority: 'low' }),
    ])
    // an enterprise's overdue on-site plan is raised for that enterprise
    const onsite = await s.db.query<AlarmRow>(
      systemScope,
      `SELECT source_id, rule, priority, enterprise_id, condition_active FROM alarms
        WHERE source_id LIKE 'emergency_plan:EP-OS-%' AND rule = 'plan_drill_overdue'`,
    )
    expect(onsite.length).toBeGreaterThan(0)
    for (const a of onsite) expect(a.enterprise_id).toMatch(/^E\d\d$/)
    expect(await open('emergency_plan:EP-PARK-SP-FIRE')).toEqual([])
    const again = await checkEmergencyPlans(s.db, sink)
    expect(again).toEqual({ active: first.active, raised: 0, cleared: 0 })
  })

  it('clears a drill reminder when the drill is recorded', async () => {
    const today = parkDay(Date.now())
    for (const id of ['EP-PARK-SP-FLOOD', 'EP-PARK-SP-LEAK']) {
      const r = await s.admin.post(`/api/v1/emergency/plans/${id}/drills`, {
        drilled_on: today,
        drill_type: 'tabletop',
      })
      expect(r.status).toBe(201)
    }
    const r = await checkEmergencyPlans(s.db, sink)
    expect(r.cleared).toBe(2)
    expect(r.raised).toBe(0)
    expect(await open('emergency_plan:EP-PARK-SP-FLOOD')).toEqual([])
    expect(await open('emergency_plan:EP-PARK-SP-LEAK')).toEqual([])
  })

  it('clears a revision reminder when a revision is filed, and turns a due drill overdue as time passes', async () => {
    const today = parkDay(Date.now())
    const rev = await s.admin.post('/api/v1/emergency/plans/EP-PARK-SP-ENV/versions', {
      status: 'filed',
      expert_review: { date: today, experts: [{ name: '陈静' }], opinions: '同意备案', conclusion: 'passed' },
      filed_at: today,
      filing_authority: '市生态环境局',
    })
    expect(rev.status).toBe(201)
    const r = await checkEmergencyPlans(s.db, sink)
    expect(r.cleared).toBe(1)
    expect(await open('emergency_plan:EP-PARK-SP-ENV')).toEqual([])
    // 13 months on, the leak plan (drilled today, yearly) is overdue: its reminder comes back, high
    const later = new Date(Date.now() + 396 * 86_400_000)
    await checkEmergencyPlans(s.db, sink, later)
    expect(await open('emergency_plan:EP-PARK-SP-LEAK')).toEqual([
      expect.objectContaining({ rule: 'plan_drill_overdue', priority: 'high' }),
    ])
  })
})
