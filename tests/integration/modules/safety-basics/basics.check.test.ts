// The hourly licence reminders (许可证到期提醒) through the real alarm engine on PostgreSQL: a licence within the
// park's warning window raises a low alarm for its enterprise, an expired one a high alarm; each once; a renewed
// licence returns to normal, and a longer warning window reaches more licences.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { AlarmEngine } from '../../../../server/modules/alarms/alarm.engine'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import {
  checkSafetyBasics,
  type SafetyBasicsAlarmSink,
} from '../../../../server/modules/safety-basics/basics.check'
import { seedSafetyBasicsDemo } from '../../../../server/modules/safety-basics/basics.seed'
import { parkDay } from '../../../../server/contracts/safety-basics'
import { uniqueStreamName } from '../../../helpers/services'
import { silent, startBasicsStack, type BasicsStack } from './stack'

interface AlarmRow {
  source_id: string
  rule: string
  priority: string
  enterprise_id: string | null
}

describe('checkSafetyBasics (alarm engine, PostgreSQL)', () => {
  let s: BasicsStack
  let sink: SafetyBasicsAlarmSink
  const open = () =>
    s.db.query<AlarmRow>(
      systemScope,
      `SELECT source_id, rule, priority, enterprise_id FROM alarms
        WHERE source_id LIKE 'licence:%' AND condition_active AND state <> 'cleared' ORDER BY source_id`,
    )

  beforeAll(async () => {
    s = await startBasicsStack('cpt_basics_check')
    await s.db.owner((q) => seedSafetyBasicsDemo(q))
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

  it('raises each licence reminder once, for the licence holder', async () => {
    const first = await checkSafetyBasics(s.db, sink)
    expect(first).toEqual({ active: 6, raised: 6, cleared: 0 })
    expect(await open()).toEqual([
      {
        source_id: 'licence:LIC-E05-safety_production',
        rule: 'licence_expiring',
        priority: 'low',
        enterprise_id: 'E05',
      },
      {
        source_id: 'licence:LIC-E12-pollutant_discharge',
        rule: 'licence_expiring',
        priority: 'low',
        enterprise_id: 'E12',
      },
      {
        source_id: 'licence:LIC-E13-hazchem_registration',
        rule: 'licence_expiring',
        priority: 'low',
        enterprise_id: 'E13',
      },
      {
        source_id: 'licence:LIC-E16-hazchem_registration',
        rule: 'licence_expired',
        priority: 'high',
        enterprise_id: 'E16',
      },
      {
        source_id: 'licence:LIC-E22-safety_production',
        rule: 'licence_expiring',
        priority: 'low',
        enterprise_id: 'E22',
      },
      {
        source_id: 'licence:LIC-E24-hazchem_operation',
        rule: 'licence_expired',
        priority: 'high',
        enterprise_id: 'E24',
      },
    ])
    expect(await checkSafetyBasics(s.db, sink)).toEqual({ active: 6, raised: 0, cleared: 0 })
  })

  it('returns to normal when a licence is renewed or cancelled', async () => {
    const e05 = await s.client('e05', 'enterprise_user', 'E05')
    const today = parkDay(Date.now())
    const renewed = await e05.call('PATCH', '/api/v1/licences/LIC-E05-safety_production', {
      valid_from: today,
      valid_to: `${Number(today.slice(0, 4)) + 2}${today.slice(4, 8)}01`,
    })
    expect(renewed.status).toBe(200)
    expect(renewed.body.status).toBe('valid')
    await s.admin.call('PATCH', '/api/v1/licences/LIC-E24-hazchem_operation', { cancelled: true })
    expect(await checkSafetyBasics(s.db, sink)).toEqual({ active: 4, raised: 0, cleared: 2 })
    expect((await open()).map((a) => a.source_id)).not.toContain('licence:LIC-E05-safety_production')
  })

  it('follows the park’s warning window', async () => {
    expect(
      (await s.admin.call('PATCH', '/api/v1/park/basics/settings', { licence_warn_days: 10 })).status,
    ).toBe(200)
    // only the expired E16 licence is left; the expiring ones (20–75 days) fall outside 10 days
    expect(await checkSafetyBasics(s.db, sink)).toEqual({ active: 1, raised: 0, cleared: 3 })
    expect(
      (await s.admin.call('PATCH', '/api/v1/park/basics/settings', { licence_warn_days: 0 })).status,
    ).toBe(400)
    await s.admin.call('PATCH', '/api/v1/park/basics/settings', { licence_warn_days: 90 })
  })
})
