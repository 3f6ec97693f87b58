// The major-hazard reminders through the real alarm engine on PostgreSQL: the seeded overdue 包保 checks raised
// once each (high) and cleared when a check is recorded; a grade change after an inventory change raised at once
// (low when better, high when worse, with the enterprise), and cleared when the unit is registered anew.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { AlarmEngine } from '../../../../server/modules/alarms/alarm.engine'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import {
  checkMajorHazards,
  type MajorHazardAlarmSink,
} from '../../../../server/modules/hazards/hazards.check'
import { seedMajorHazardsDemo } from '../../../../server/modules/hazards/hazards.seed'
import type { HazardsServiceOptions } from '../../../../server/modules/hazards/hazards.service'
import { parkDay } from '../../../../server/contracts/emergency-plans'
import type { ApiClient } from '../../../helpers/http'
import { uniqueStreamName } from '../../../helpers/services'
import { silent, startHazardsStack, type HazardsStack } from './stack'

interface AlarmRow {
  source_id: string
  rule: string
  priority: string
  enterprise_id: string | null
  condition_active: boolean
}

const api = '/api/v1/hazards'

describe('checkMajorHazards (alarm engine, PostgreSQL)', () => {
  let s: HazardsStack
  let sink: MajorHazardAlarmSink
  let e05: ApiClient
  const opts: HazardsServiceOptions = {}
  const active = async (where: string, params: unknown[] = []) =>
    s.db.query<AlarmRow>(
      systemScope,
      `SELECT source_id, rule, priority, enterprise_id, condition_active FROM alarms
        WHERE starts_with(source_id, 'major_hazard:') AND condition_active AND ${where} ORDER BY source_id, rule`,
      params,
    )

  beforeAll(async () => {
    s = await startHazardsStack('cpt_hazards_check', opts)
    await s.db.owner((q) => seedMajorHazardsDemo(q))
    const engine = new AlarmEngine(
      s.db,
      new AlarmsService(s.db, { topic: uniqueStreamName('test:alarms') }),
      silent,
    )
    sink = {
      raise: (a) => engine.raiseSystemAlarm(a),
      clear: (sourceId, rule, t) => engine.clearSystemAlarm(sourceId, rule, t),
    }
    opts.alarms = sink
    e05 = await s.client('e05', 'enterprise_user', 'E05')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('raises the seeded overdue checks once each, for the unit’s enterprise', async () => {
    const first = await checkMajorHazards(s.db, sink)
    expect(first.raised).toBe(first.active)
    expect(first.reassessed).toBe(0)
    const overdue = await active(`rule LIKE 'major_hazard_check_overdue_%'`)
    expect(overdue.length).toBeGreaterThan(2)
    expect(overdue.some((a) => a.rule === 'major_hazard_check_overdue_operational')).toBe(true)
    expect(overdue.some((a) => a.rule === 'major_hazard_check_overdue_technical')).toBe(true)
    for (const a of overdue) {
      expect(a.priority).toBe('high')
      expect(a.enterprise_id).toBe(/^major_hazard:MH-[FB]-(E\d\d)-/.exec(a.source_id)![1])
    }
    // the seed registered every grade it computed: nothing to re-register, nobody missing
    expect(
      await active(`rule IN ('major_hazard_grade_changed', 'major_hazard_responsible_missing')`),
    ).toEqual([])
    expect(await checkMajorHazards(s.db, sink)).toEqual({
      active: first.active,
      raised: 0,
      cleared: 0,
      reassessed: 0,
    })
  })

  it('clears an overdue check when the check is recorded', async () => {
    const [a] = await active(`rule = 'major_hazard_check_overdue_operational'`)
    const unit = a!.source_id.slice('major_hazard:'.length)
    const owner = await s.client('owner', 'enterprise_user', a!.enterprise_id)
    const r = await owner.post(`${api}/units/${unit}/checks`, {
      role: 'operational',
      checked_on: parkDay(Date.now()),
      findings: '补做周检：液位、压力正常。',
    })
    expect(r.status).toBe(201)
    expect(
      await active(`source_id = $1 AND rule = 'major_hazard_check_overdue_operational'`, [a!.source_id]),
    ).toEqual([])
  })

  it('raises a grade change at once after an inventory change, and clears it on registration', async () => {
    const src = 'major_hazard:MH-F-E05-2'
    // F-E05-2 holds two chlorine tanks (174.6 t: S 34.92, 一级); emptying one keeps 一级
    const put = (tank: string, t: number) =>
      e05.call('PUT', `${api}/tanks/${tank}/inventory`, { inventory_t: t })
    expect((await put('T-E05-05', 0)).body.unit.assessment.grade).toBe('一级')
    expect(await active('source_id = $1', [src])).toEqual([])
    // 6 t left: S 1.2, Σβ 4.8, α 2 (hundreds of neighbours) → R 9.6 → 四级: better, low
    const down = await put('T-E05-06', 6)
    expect(down.body.unit.assessment).toMatchObject({ S: 1.2, alpha: 2, grade: '四级' })
    expect(down.body.unit.grade_changed).toBe(true)
    expect(await active('source_id = $1', [src])).toEqual([
      expect.objectContaining({ rule: 'major_hazard_grade_changed', priority: 'low', enterprise_id: 'E05' }),
    ])
    const reg = await e05.post(`${api}/units/MH-F-E05-2/register`, { record_no: 'JHYJ-WH-2026-017' })
    expect(reg.status).toBe(200)
    expect(reg.body).toMatchObject({
      registered_grade: '四级',
      record_no: 'JHYJ-WH-2026-017',
      grade_changed: false,
    })
    expect(await active('source_id = $1', [src])).toEqual([])
  })

  it('raises a worse grade as high', async () => {
    const src = 'major_hazard:MH-B-E05-05'
    // the chlorination shop: 6 t chlorine → 30 t: S 6, Σβ 24, α 2 → R 48 → 三级 (was 四级)
    const before = (await e05.get(`${api}/units/MH-B-E05-05`)).body
    expect(before).toMatchObject({ registered_grade: '四级' })
    const r = await e05.call('PUT', `${api}/units/MH-B-E05-05/items`, {
      items: [{ chemical: '氯', q_t: 30 }],
    })
    expect(r.body.assessment).toMatchObject({ S: 6, R: 48, grade: '三级' })
    expect(await active('source_id = $1', [src])).toEqual([
      expect.objectContaining({ rule: 'major_hazard_grade_changed', priority: 'high' }),
    ])
    // the hourly check finds the same conditions: nothing new, nothing cleared
    const again = await checkMajorHazards(s.db, sink)
    expect([again.raised, again.cleared, again.reassessed]).toEqual([0, 0, 0])
  })
})
