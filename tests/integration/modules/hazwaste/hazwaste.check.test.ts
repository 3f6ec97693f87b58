// The hourly hazardous-waste check through the real alarm engine on PostgreSQL: over the permitted limit, stored
// over one year, the 30-day warning; each raised once (one open alarm per source and rule) and returned to
// normal when resolved (FIFO shipment), re-annunciated when it comes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { AlarmEngine } from '../../../../server/modules/alarms/alarm.engine'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import { checkHazwaste, type HazwasteAlarmSink } from '../../../../server/modules/hazwaste/hazwaste.check'
import { parkDay } from '../../../../server/modules/hazwaste/hazwaste.rules'
import { uniqueStreamName } from '../../../helpers/services'
import { silent, startLedgerStack, type LedgerStack } from './stack'

const DAY = 86_400_000
const daysAgo = (n: number) => parkDay(Date.now() - n * DAY)

interface AlarmRow {
  source_id: string
  rule: string
  priority: string
  state: string
  enterprise_id: string
  count: number
  condition_active: boolean
}

describe('checkHazwaste (alarm engine, PostgreSQL)', () => {
  let s: LedgerStack
  let sink: HazwasteAlarmSink
  let fac: string
  let oil: string
  let rags: string
  let t0: number
  const at = (h: number) => new Date(t0 + h * 3_600_000)
  const alarms = () =>
    s.db.query<AlarmRow>(
      systemScope,
      `SELECT source_id, rule, priority, state, enterprise_id, count, condition_active FROM alarms
        WHERE source_id LIKE 'hazwaste:%' ORDER BY rule, source_id, id`,
    )
  const post = async (path: string, body: object) => {
    const r = await s.admin.post(`/api/v1/hazwaste/${path}`, body)
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body as { id: string }
  }
  const generate = (stream: string, day: string, quantity_t: number) =>
    post('generations', { stream_id: stream, facility_id: fac, day, quantity_t })

  beforeAll(async () => {
    s = await startLedgerStack('cpt_hazwaste_check')
    const engine = new AlarmEngine(
      s.db,
      new AlarmsService(s.db, { topic: uniqueStreamName('test:alarms') }),
      silent,
    )
    sink = {
      raise: (a) => engine.raiseSystemAlarm(a),
      clear: (sourceId, rule, t) => engine.clearSystemAlarm(sourceId, rule, t),
    }
    fac = (await post('facilities', { enterprise_id: 'E07', name: '危废库', permitted_limit_t: 10 })).id
    const stream = (code: string, cat: string, name: string) =>
      post('streams', {
        enterprise_id: 'E07',
        hw_category: cat,
        waste_code: code,
        name,
        hazards: ['T'],
        form: 'solid',
      })
    oil = (await stream('900-249-08', 'HW08', '废矿物油')).id
    rags = (await stream('900-041-49', 'HW49', '废抹布')).id
    t0 = Date.now()
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('raises nothing for a ledger within its limits', async () => {
    await generate(oil, daysAgo(30), 2)
    expect(await checkHazwaste(s.db, sink, at(0))).toEqual({ active: 0, raised: 0, cleared: 0 })
    expect(await alarms()).toEqual([])
  })

  it('raises over-limit, over-one-year and the 30-day warning once each', async () => {
    await generate(oil, daysAgo(400), 2) // FIFO: the oldest batch, stored over a year
    await generate(rags, daysAgo(345), 1) // 20 days before its one-year limit
    await generate(oil, daysAgo(1), 5.5) // 10.5 t in a 10 t facility
    expect(await checkHazwaste(s.db, sink, at(1))).toEqual({ active: 3, raised: 3, cleared: 0 })
    expect(await alarms()).toEqual([
      expect.objectContaining({
        source_id: `hazwaste:${fac}`,
        rule: 'hazwaste.over_limit',
        priority: 'high',
      }),
      expect.objectContaining({
        source_id: `hazwaste:${fac}:${rags}`,
        rule: 'hazwaste.storage_near_1y',
        priority: 'low',
      }),
      expect.objectContaining({
        source_id: `hazwaste:${fac}:${oil}`,
        rule: 'hazwaste.storage_over_1y',
        priority: 'high',
      }),
    ])
    for (const a of await alarms())
      expect(a).toMatchObject({ state: 'unack', enterprise_id: 'E07', count: 1 })
    // the next hourly runs change nothing
    expect(await checkHazwaste(s.db, sink, at(2))).toEqual({ active: 3, raised: 0, cleared: 0 })
    expect(await checkHazwaste(s.db, sink, at(3))).toEqual({ active: 3, raised: 0, cleared: 0 })
    expect((await alarms()).map((a) => [a.state, a.count])).toEqual([
      ['unack', 1],
      ['unack', 1],
      ['unack', 1],
    ])
  })

  it('returns to normal when a shipment resolves the conditions', async () => {
    const m = await post('manifests', {
      manifest_no: '3206002026200001',
      stream_id: oil,
      facility_id: fac,
      quantity_t: 2,
      receiver_name: '江苏清源环保科技有限公司',
      receiver_licence: 'JSYC0601OOD001-5',
      transporter: '江海危险品运输有限公司',
      planned_date: daysAgo(0),
    })
    // created, not shipped: still in store
    expect(await checkHazwaste(s.db, sink, at(4))).toMatchObject({ raised: 0, cleared: 0 })
    await post(`manifests/${m.id}/ship`, {})
    // 8.5 t left; FIFO took the 400-day batch, the oil's oldest batch is now 30 days old
    expect(await checkHazwaste(s.db, sink, at(5))).toEqual({ active: 1, raised: 0, cleared: 2 })
    expect((await alarms()).map((a) => [a.rule, a.state, a.condition_active])).toEqual([
      ['hazwaste.over_limit', 'rtn_unack', false],
      ['hazwaste.storage_near_1y', 'unack', true],
      ['hazwaste.storage_over_1y', 'rtn_unack', false],
    ])
    expect(await checkHazwaste(s.db, sink, at(6))).toEqual({ active: 1, raised: 0, cleared: 0 })
  })

  it('re-annunciates the same record when a condition comes back (one open alarm per source and rule)', async () => {
    await generate(rags, daysAgo(0), 2) // 10.5 t again
    expect(await checkHazwaste(s.db, sink, at(7))).toEqual({ active: 2, raised: 1, cleared: 0 })
    const over = (await alarms()).filter((a) => a.rule === 'hazwaste.over_limit')
    expect(over).toEqual([expect.objectContaining({ state: 'unack', count: 2, condition_active: true })])
  })

  it('turns the warning into the over-one-year alarm when the year is up', async () => {
    const later = new Date(t0 + 21 * DAY)
    expect(await checkHazwaste(s.db, sink, later)).toEqual({ active: 2, raised: 1, cleared: 1 })
    const rows = (await alarms()).filter((a) => a.source_id === `hazwaste:${fac}:${rags}`)
    expect(rows.map((a) => [a.rule, a.state, a.priority])).toEqual([
      ['hazwaste.storage_near_1y', 'rtn_unack', 'low'],
      ['hazwaste.storage_over_1y', 'unack', 'high'],
    ])
  })
})
