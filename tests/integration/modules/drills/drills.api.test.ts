// Drill runs over REST on PostgreSQL + PostGIS: the zones come from the emergency module on the seeded park, the
// server keeps each run's clock (a test clock here, so ×20 is exact), operator actions are recorded against the
// script, ending evaluates and stores, and the report comes as Markdown, CSV and JSON. Bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import type { ApiClient } from '../../../helpers/http'
import { startDrillsStack, type DrillsStack } from './stack'

describe('drills API', () => {
  let s: DrillsStack
  let op: ApiClient
  let e02: ApiClient
  let wall: ApiClient
  let now = Date.parse('2026-03-11T08:00:00Z')
  const advance = (ms: number) => (now += ms)

  beforeAll(async () => {
    s = await startDrillsStack('cpt_drills_api', () => now)
    op = await s.client('op1', 'operator')
    e02 = await s.client('e02', 'enterprise_user', 'E02')
    wall = await s.client('wall', 'screen')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('lists the three shipped drills', async () => {
    const r = await op.get('/api/v1/drills')
    expect(r.status).toBe(200)
    expect(r.body.map((d: { id: string }) => d.id)).toEqual(['chlorine-leak', 'solvent-pool-fire', 'lpg-vce'])
    expect(r.body[0]).toMatchObject({
      title: { zh: '液氯储罐泄漏中毒事故应急演练' },
      scenario: { asset_id: 'T-E01-01', kind: 'toxic' },
      duration_s: 1800,
    })
    const one = await op.get('/api/v1/drills/lpg-vce')
    expect(one.body.steps.some((x: { kind: string }) => x.kind === 'ignition')).toBe(true)
    expect((await op.get('/api/v1/drills/nope')).status).toBe(404)
  })

  it('plays the chlorine drill at ×20 with the operator’s actions, ends it and reports', async () => {
    const start = await op.post('/api/v1/drills/chlorine-leak/runs', { speed: 20 })
    expect(start.status).toBe(201)
    const run = start.body.run.id as string
    expect(start.body.run).toMatchObject({
      drill_id: 'chlorine-leak',
      status: 'running',
      speed: 20,
      started_by: 'op1',
    })
    expect(start.body.state).toMatchObject({ t_s: 0, phase: 0, zone_state: 'spreading', front_m: 0 })
    expect(start.body.state.people).toHaveLength(16)
    expect(start.body.state.people[0]).toEqual([
      expect.any(String),
      expect.any(Number),
      expect.any(Number),
      'working',
    ])

    // the zones of both weather phases, computed by the emergency module at the start
    const zones = await op.get(`/api/v1/drills/runs/${run}/zones`)
    expect(zones.status).toBe(200)
    expect(zones.body.chemical.id).toBe('chlorine')
    expect(zones.body.phases.map((p: { from_s: number }) => p.from_s)).toEqual([0, 300])
    expect(zones.body.phases[1].weather.wind_from_deg).toBe(0)
    expect(
      zones.body.phases[0].zones.map((f: { properties: { level: string } }) => f.properties.level),
    ).toContain('red')
    const [lon, lat] = zones.body.source
    expect(lon).toBeCloseTo(120.95419, 4)
    expect(lat).toBeCloseTo(31.93796, 4)

    // 1 s of wall time at ×20 = 20 s of drill: the detector alarm fires
    advance(1000)
    let st = (await op.get(`/api/v1/drills/runs/${run}`)).body.state
    expect(st.t_s).toBe(20)
    expect(st.steps[1]).toMatchObject({ kind: 'detector_alarm', status: 'fired', effect_s: 20 })
    expect(st.steps[2]).toMatchObject({ kind: 'alarm_notify', status: 'due' })

    const notify = await op.post(`/api/v1/drills/runs/${run}/actions`, {
      kind: 'alarm_notify',
      note: '已通知江海氯碱',
    })
    expect(notify.status).toBe(201)
    expect(notify.body.action).toMatchObject({ seq: 1, kind: 'alarm_notify', t_s: 20, by: 'op1' })
    expect(notify.body.state.steps[2]).toMatchObject({ status: 'on_time', action_t_s: 20 })

    advance(5000) // t = 120
    expect((await op.post(`/api/v1/drills/runs/${run}/actions`, { kind: 'declare_incident' })).status).toBe(
      201,
    )
    // not in the future, not a kind of the script's world
    const future = await op.post(`/api/v1/drills/runs/${run}/actions`, { kind: 'evacuate', t_s: 170 })
    expect(future.status).toBe(400)
    expect(future.body.error).toMatchObject({ field: 't_s' })
    const badKind = await op.post(`/api/v1/drills/runs/${run}/actions`, { kind: 'wind_shift' })
    expect(badKind.status).toBe(400)
    expect(badKind.body.error.field).toBe('kind')

    advance(4000) // t = 200: the evacuation deadline (180) has passed, the director injected it
    st = (await op.get(`/api/v1/drills/runs/${run}`)).body.state
    expect(st.t_s).toBe(200)
    expect(st.steps[4]).toMatchObject({ kind: 'evacuate', status: 'overdue', effect_s: 180 })
    expect(st.evacuation_started_s).toBe(180)
    expect(
      (await op.post(`/api/v1/drills/runs/${run}/actions`, { kind: 'evacuate' })).body.state.steps[4],
    ).toMatchObject({
      status: 'late',
      lateness_s: 20,
    })

    // pause: time stands still; a bad speed is refused and changes nothing
    const paused = await op.post(`/api/v1/drills/runs/${run}/control`, { op: 'pause' })
    expect(paused.body.run).toMatchObject({ status: 'paused', paused: true })
    advance(60_000)
    expect((await op.get(`/api/v1/drills/runs/${run}`)).body.state.t_s).toBe(200)
    const fast = await op.post(`/api/v1/drills/runs/${run}/control`, { op: 'speed', speed: 50 })
    expect(fast.status).toBe(400)
    expect(fast.body.error.message).toMatch(/×1 to ×20/)
    expect((await op.get(`/api/v1/drills/runs/${run}`)).body.run).toMatchObject({
      speed: 20,
      status: 'paused',
    })
    expect((await op.post(`/api/v1/drills/runs/${run}/control`, { op: 'rewind' })).status).toBe(400)

    // the wall screen watches but cannot steer; another enterprise does not see the run
    expect((await wall.get(`/api/v1/drills/runs/${run}`)).status).toBe(200)
    expect((await wall.post(`/api/v1/drills/runs/${run}/control`, { op: 'play' })).status).toBe(403)
    expect((await e02.get(`/api/v1/drills/runs/${run}`)).status).toBe(404)
    expect((await e02.post('/api/v1/drills/chlorine-leak/runs', {})).status).toBe(404)

    // play, seek to the end: everyone has walked, the report is not there before the end
    await op.post(`/api/v1/drills/runs/${run}/control`, { op: 'play' })
    await op.post(`/api/v1/drills/runs/${run}/control`, { op: 'speed', speed: 10 })
    const sought = await op.post(`/api/v1/drills/runs/${run}/control`, { op: 'seek', t_s: 5000 })
    expect(sought.status).toBe(200)
    expect(sought.body.state).toMatchObject({ t_s: 1800, finished: true, phase: 1 })
    expect(sought.body.state.steps[6]).toMatchObject({ kind: 'headcount', status: 'missed' })
    expect(sought.body.state.headcount.mustered).toBeGreaterThanOrEqual(14)
    expect((await op.get(`/api/v1/drills/runs/${run}/report?format=md`)).status).toBe(409)

    const end = await op.post(`/api/v1/drills/runs/${run}/end`)
    expect(end.status).toBe(200)
    const e = end.body.evaluation
    expect(e.times).toMatchObject({ detect_s: 20, alert_s: 20, declare_s: 120, evacuation_order_s: 180 })
    expect(e.steps.map((x: { kind: string; status: string }) => [x.kind, x.status])).toEqual([
      ['alarm_notify', 'on_time'],
      ['declare_incident', 'on_time'],
      ['evacuate', 'late'],
      ['headcount', 'missed'],
    ])
    expect(e.late_steps[0]).toMatchObject({ kind: 'evacuate', lateness_s: 20 })
    expect(e.missing_at_end.some((p: { unresponsive: boolean }) => p.unresponsive)).toBe(true)
    expect(e.score.total).toBeGreaterThan(0)
    expect(e.score.total).toBeLessThan(100)
    expect(end.body.run.status).toBe('ended')

    // stored; nothing more can be recorded or steered
    const [row] = await s.db.query<{
      status: string
      ended_at: Date
      evaluation: { drill_id: string }
      actions: unknown[]
    }>(systemScope, 'SELECT status, ended_at, evaluation, actions FROM drill_runs WHERE id = $1', [run])
    expect(row).toMatchObject({ status: 'ended', evaluation: { drill_id: 'chlorine-leak' } })
    expect(row!.actions).toHaveLength(3)
    expect((await op.post(`/api/v1/drills/runs/${run}/actions`, { kind: 'headcount' })).status).toBe(409)
    expect((await op.post(`/api/v1/drills/runs/${run}/control`, { op: 'play' })).status).toBe(409)
    expect((await op.post(`/api/v1/drills/runs/${run}/end`)).status).toBe(409)

    const md = await op.get(`/api/v1/drills/runs/${run}/report?format=md`)
    expect(md.status).toBe(200)
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/)
    expect(md.body).toContain('液氯储罐泄漏中毒事故应急演练')
    expect(md.body).toContain('| 发现 Time to detect (release → detector alarm) | 20 s |')
    expect(md.body).toMatch(/evacuate|疏散/)
    const csv = await op.get(`/api/v1/drills/runs/${run}/report?format=csv`)
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
    expect(csv.headers.get('content-disposition')).toContain(`drill-${run}.csv`)
    expect(csv.body).toContain('step,evacuate,180,200,20,late,')
    const json = await op.get(`/api/v1/drills/runs/${run}/report?format=json`)
    expect(json.body.run).toMatchObject({ id: run, drill_id: 'chlorine-leak' })
    expect(json.body.evaluation.times.detect_s).toBe(20)
    expect((await op.get(`/api/v1/drills/runs/${run}/report?format=pdf`)).status).toBe(400)

    const list = await op.get('/api/v1/drills/runs')
    expect(list.body[0]).toMatchObject({ id: run, status: 'ended', score: e.score.total })
  })

  it.each(['solvent-pool-fire', 'lpg-vce'])('%s plays end to end and reports', async (id) => {
    const start = await op.post(`/api/v1/drills/${id}/runs`, { speed: 20, paused: true })
    expect(start.status).toBe(201)
    const run = start.body.run.id
    expect(start.body.run.status).toBe('paused')
    expect(start.body.state.zone_state).toBe(id === 'lpg-vce' ? 'potential' : 'active')
    advance(10_000)
    expect((await op.get(`/api/v1/drills/runs/${run}`)).body.state.t_s).toBe(0)
    await op.post(`/api/v1/drills/runs/${run}/control`, { op: 'play' })
    advance(2000) // t = 40
    await op.post(`/api/v1/drills/runs/${run}/actions`, { kind: 'alarm_notify' })
    await op.post(`/api/v1/drills/runs/${run}/actions`, { kind: 'evacuate', note: 'all out' })
    advance(2000) // t = 80
    await op.post(`/api/v1/drills/runs/${run}/actions`, { kind: 'declare_incident' })
    await op.post(`/api/v1/drills/runs/${run}/control`, { op: 'seek', t_s: 1600 })
    await op.post(`/api/v1/drills/runs/${run}/actions`, { kind: 'headcount', note: '清点完毕' })
    const sought = await op.post(`/api/v1/drills/runs/${run}/control`, { op: 'seek', t_s: 1800 })
    expect(sought.body.state.finished).toBe(true)
    if (id === 'lpg-vce') expect(sought.body.state.zone_state).toBe('exploded')
    const end = await op.post(`/api/v1/drills/runs/${run}/end`)
    expect(end.status).toBe(200)
    expect(end.body.evaluation.steps.every((x: { status: string }) => x.status === 'on_time')).toBe(true)
    expect(end.body.evaluation.people.mustered).toBeGreaterThan(10)
    for (const f of ['md', 'csv', 'json']) {
      const r = await op.get(`/api/v1/drills/runs/${run}/report?format=${f}`)
      expect(r.status).toBe(200)
    }
    const md = await op.get(`/api/v1/drills/runs/${run}/report?format=md`)
    expect(md.body).toContain(start.body.run.drill_id)
  })

  it('refuses bad runs and bodies', async () => {
    expect((await op.get('/api/v1/drills/runs/not-a-uuid')).status).toBe(404)
    expect((await op.get('/api/v1/drills/runs/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    const bad = await op.post('/api/v1/drills/chlorine-leak/runs', { speed: 0.5 })
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe('speed')
    expect((await op.post('/api/v1/drills/chlorine-leak/runs', { extra: 1 })).status).toBe(400)
    expect((await wall.post('/api/v1/drills/chlorine-leak/runs', {})).status).toBe(403)
  })
})
