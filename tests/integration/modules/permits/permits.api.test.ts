// Special work on PostgreSQL/PostGIS through the HTTP API, on a pool of one connection: the demo seed
// (idempotent, today's active permits), row-level security per enterprise (own records only; park sees all; the
// screen reads), the grade preview and the window limit, the parcel check, the lifecycle with signatures, filing
// and gas analyses (age and pass), illegal transitions (409), bad input (400, nothing changed), audit rows, and
// the spot-check flags computed in SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { seedPermitsDemo } from '../../../../server/modules/permits/permits.seed'
import { parkDayOf } from '../../../../server/modules/permits/permit-rules'
import type { ApiClient } from '../../../helpers/http'
import { startPermitsStack, type PermitsStack } from './stack'

const hour = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()

describe('special work permits API (PostgreSQL, pool of 1)', () => {
  let s: PermitsStack
  let e02: ApiClient
  let e06: ApiClient
  let operator: ApiClient
  let screen: ApiClient
  let day: string
  /** a point inside E06's parcel and one inside E07's */
  let inE06: [number, number]
  let inE07: [number, number]
  const count = async (table: string) =>
    (await s.db.query<{ n: number }>(systemScope, `SELECT count(*)::int AS n FROM ${table}`))[0]!.n
  const audits = async (action: string) =>
    (
      await s.db.query<{ n: number }>(
        systemScope,
        `SELECT count(*)::int AS n FROM audit_log WHERE action = $1`,
        [action],
      )
    )[0]!.n
  const pointIn = async (e: string) => {
    const r = await s.db.query<{ lon: number; lat: number }>(
      systemScope,
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM enterprises WHERE id = $1) x`,
      [e],
    )
    return [r[0]!.lon, r[0]!.lat] as [number, number]
  }
  const base = (over: object = {}) => ({
    work_type: 'hot_work',
    position: inE06,
    facts: {},
    window_from: iso(Date.now() - hour),
    window_to: iso(Date.now() + 5 * hour),
    method: '电焊',
    content: '循环水管线支架补焊',
    place: '循环水站北侧',
    applicant_unit: '江海康瑞医药化工有限公司设备部',
    applicant: '李工',
    responsible: '王工',
    workers: ['焊工 张三'],
    guardian: '监火人 赵四',
    safety_measures: [{ measure: '清除周边可燃物', confirmed_by: '王工' }],
    ...over,
  })

  beforeAll(async () => {
    s = await startPermitsStack('cpt_permits')
    e02 = await s.client('e02', 'enterprise_user', 'E02')
    e06 = await s.client('e06', 'enterprise_user', 'E06')
    operator = await s.client('op', 'operator')
    screen = await s.client('wall', 'screen')
    day = parkDayOf(Date.now()).replaceAll('-', '')
    inE06 = await pointIn('E06')
    inE07 = await pointIn('E07')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('seeds today’s demo once: active hot work, confined space, height work, and the three flags', async () => {
    const first = await s.db.owner((q) => seedPermitsDemo(q))
    expect(first).toBeGreaterThanOrEqual(17)
    const before = await Promise.all(['work_permits', 'work_filings', 'work_permit_gas_analyses'].map(count))
    expect(await s.db.owner((q) => seedPermitsDemo(q))).toBe(0)
    expect(
      await Promise.all(['work_permits', 'work_filings', 'work_permit_gas_analyses'].map(count)),
    ).toEqual(before)

    const active = await s.admin.get('/api/v1/permits?active=true')
    expect(active.status).toBe(200)
    const byId = new Map(active.body.map((p: { id: string }) => [p.id, p]))
    // inside the gasoline tank farm's dike (a major-hazard flammable farm): 特级, derived from the geometry
    expect(byId.get(`WP-${day}-01`)).toMatchObject({
      work_type: 'hot_work',
      status: 'in_work',
      grade: 'special',
    })
    expect((byId.get(`WP-${day}-01`) as { facts: { derived: string[] } }).facts.derived).toContain(
      'flammable_major_hazard_dike',
    )
    expect(byId.get(`WP-${day}-04`)).toMatchObject({ work_type: 'confined_space', status: 'in_work' })
    expect(byId.get(`WP-${day}-05`)).toMatchObject({ work_type: 'height', grade: 'third' })
    expect(byId.get(`WP-${day}-06`)).toMatchObject({ flags: ['expired_open'] })
    expect(byId.get(`WP-${day}-07`)).toMatchObject({ flags: ['permit_not_filed'] })
    expect(byId.has(`WP-${day}-09`)).toBe(false) // yesterday's, accepted
    const spot = await s.admin.get('/api/v1/permits/spot-checks')
    expect(spot.body.map((f: { flag: string; ref_id: string }) => `${f.flag}:${f.ref_id}`).sort()).toEqual([
      `expired_open:WP-${day}-06`,
      `filed_no_permit:WF-${day}-20`,
      `permit_not_filed:WP-${day}-07`,
    ])
    const d = await s.admin.get(`/api/v1/permits/WP-${day}-04`)
    expect(
      d.body.analyses.map((a: { measure: string; passed: boolean }) => [a.measure, a.passed]).sort(),
    ).toEqual([
      ['flammable', true],
      ['oxygen', true],
    ])
    // the age is taken at the start of work: 15 and 20 minutes
    expect(d.body.analyses.map((a: { age_min: number }) => a.age_min).sort()).toEqual([15, 20])
    expect(d.body.filing.id).toBe(`WF-${day}-04`)
  })

  it('shows an enterprise its own permits and filings only; the park and the screen all', async () => {
    const own = await e02.get('/api/v1/permits')
    expect(own.status).toBe(200)
    expect(new Set(own.body.map((p: { enterprise_id: string }) => p.enterprise_id))).toEqual(new Set(['E02']))
    expect((await e02.get(`/api/v1/permits/WP-${day}-04`)).status).toBe(404)
    expect((await e02.get(`/api/v1/work-filings/WF-${day}-20`)).status).toBe(404)
    const filings = await e02.get('/api/v1/work-filings')
    expect(new Set(filings.body.map((f: { enterprise_id: string }) => f.enterprise_id))).toEqual(
      new Set(['E02']),
    )
    expect((await e02.get('/api/v1/permits/spot-checks')).body).toEqual([])
    const all = await screen.get('/api/v1/permits')
    expect(new Set(all.body.map((p: { enterprise_id: string }) => p.enterprise_id)).size).toBeGreaterThan(5)
    // the screen never writes; an operator may not enter permits
    expect((await screen.post('/api/v1/permits', base({ enterprise_id: 'E06' }))).status).toBe(403)
    expect((await operator.post('/api/v1/permits', base({ enterprise_id: 'E06' }))).status).toBe(403)
    // an enterprise cannot act on another's permit (RLS: not found)
    expect((await e02.post(`/api/v1/permits/WP-${day}-04/actions/cancel`, { reason: 'x' })).status).toBe(404)
    // and may not create for another enterprise
    expect((await e02.post('/api/v1/permits', base({ enterprise_id: 'E06' }))).status).toBe(403)
  })

  it('previews the grade and refuses a window beyond the limit, naming window_to; nothing is written', async () => {
    const before = await count('work_permits')
    const wed = nextWeekday(Date.now())
    const day9 = Date.parse(`${wed}T09:00:00+08:00`)
    const p = await e06.post('/api/v1/permits/preview', {
      work_type: 'hot_work',
      position: inE06,
      window_from: iso(day9),
      window_to: iso(day9 + 12 * hour),
    })
    expect(p.status).toBe(200)
    // 09:00–21:00 touches the night: at least 一级, valid 8 h at most
    expect(['first', 'special']).toContain(p.body.grade)
    expect(p.body).toMatchObject({ max_hours: 8, window_hours: 12, allowed: false })
    expect(p.body.reasons.map((r: { code: string }) => r.code)).toContain('night')
    const r = await e06.post(
      '/api/v1/permits',
      base({ window_from: iso(day9), window_to: iso(day9 + 12 * hour) }),
    )
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe('window_to')
    expect(r.body.error.message).toMatch(/at most 8 h; the window is 12 h/)
    expect(await count('work_permits')).toBe(before)
  })

  it('rejects bad input with the field named and changes nothing', async () => {
    const before = await Promise.all(['work_permits', 'work_filings', 'audit_log'].map(count))
    const cases: [object, string][] = [
      [base({ work_type: 'welding' }), 'work_type'],
      [base({ window_to: iso(Date.now() - 2 * hour) }), 'window_to'],
      [base({ window_from: 'tomorrow' }), 'window_from'],
      [base({ position: inE07 }), 'position'],
      [base({ work_type: 'height', height_m: 1.5 }), 'height_m'],
      [base({ work_type: 'height' }), 'height_m'],
      [base({ workers: [] }), 'workers'],
      [base({ filing_id: `WF-${day}-20` }), 'filing_id'],
      [base({ filing_id: 'WF-NOPE' }), 'filing_id'],
      [base({ oxygen_enriched: true }), 'oxygen_enriched'],
      [base({ extra: 1 }), ''],
    ]
    for (const [body, field] of cases) {
      const r = await e06.post('/api/v1/permits', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      if (field) expect(r.body.error.field, JSON.stringify(r.body)).toBe(field)
    }
    expect((await s.admin.post('/api/v1/permits', base())).body.error.field).toBe('enterprise_id')
    expect((await s.admin.get('/api/v1/permits?type=nope')).status).toBe(400)
    expect((await s.admin.post(`/api/v1/permits/WP-${day}-01/actions/fly`, {})).status).toBe(400)
    const filing = await e06.post('/api/v1/work-filings', {
      work_type: 'hot_work',
      place: 'x',
      window_from: iso(Date.now() + hour),
      window_to: iso(Date.now()),
    })
    expect(filing.body.error.field).toBe('window_to')
    expect(await Promise.all(['work_permits', 'work_filings', 'audit_log'].map(count))).toEqual(before)
  })

  it('runs the lifecycle: filing, apply, signatures per grade, gas analysis age and pass, start, complete, accept', async () => {
    const audited = await audits('work_permit.create')
    const filing = await e06.post('/api/v1/work-filings', {
      work_type: 'hot_work',
      place: '循环水站北侧',
      position: inE06,
      window_from: iso(Date.now() - 2 * hour),
      window_to: iso(Date.now() + 6 * hour),
      contact: '王工 138****0000',
    })
    expect(filing.status).toBe(201)
    expect(filing.body).toMatchObject({ enterprise_id: 'E06', status: 'filed', permit_ids: [] })
    const made = await e06.post('/api/v1/permits', base({ filing_id: filing.body.id }))
    expect(made.status).toBe(201)
    const id = made.body.id
    expect(made.body).toMatchObject({ status: 'draft', enterprise_id: 'E06', actions: ['apply', 'cancel'] })
    expect(made.body.number).toMatch(/^E06-DH-\d{8}-\d{3}$/)
    expect(await audits('work_permit.create')).toBe(audited + 1)
    const act = (action: string, body: object = {}, c: ApiClient = e06) =>
      c.post(`/api/v1/permits/${id}/actions/${action}`, body)

    // illegal transitions are 409 with the reason
    const early = await act('start')
    expect(early.status).toBe(409)
    expect(early.body.error.message).toContain('a draft permit cannot start')
    expect((await act('apply')).body.status).toBe('applied')
    expect((await act('apply')).status).toBe(409)
    const required: string[] = made.body.required_signatures
    expect(required[0]).toBe('unit')
    // approval waits for every level of the grade
    const unsigned = await act('approve')
    expect(unsigned.status).toBe(409)
    expect(unsigned.body.error.id).toBe('work_permit.unsigned')
    // a level the grade does not need is refused; each needed level signs once
    if (!required.includes('leader'))
      expect((await act('sign', { level: 'leader', name: 'x' })).body.error.field).toBe('level')
    for (const level of required)
      expect((await act('sign', { level, name: `${level} 签字人` })).status).toBe(200)
    expect((await act('sign', { level: 'unit', name: 'y' })).status).toBe(409)
    const approved = await act('approve')
    expect(approved.status).toBe(200)
    expect(approved.body.signatures.map((x: { level: string }) => x.level).sort()).toEqual(
      [...required].sort(),
    )

    // no analysis yet: refused; a failing one (gasoline 0.3 %vol > 0.2) still refused; a passing one at the same
    // point after ventilation lets the work start
    expect((await act('start')).body.error.id).toBe('work_permit.not_ready.analyses')
    const analysis = (value: number, minutesAgo: number) =>
      e06.post(`/api/v1/permits/${id}/gas-analyses`, {
        taken_at: iso(Date.now() - minutesAgo * 60_000),
        point: '动火点管线',
        substance: '汽油',
        measure: 'flammable',
        value,
        unit: '%vol',
        analyst: '分析员 杨静',
      })
    const failed = await analysis(0.3, 20)
    expect(failed.status).toBe(201)
    expect(failed.body.analyses[0]).toMatchObject({
      passed: false,
      lel_pct: 1.4,
      criterion: { max: 0.2, unit: '%vol', unconfirmed: true },
    })
    expect(failed.body.analyses[0].age_min).toBeGreaterThanOrEqual(19.9)
    expect((await act('start')).body.error.message).toContain('did not pass')
    // an operator may not start it; a bad analysis is refused
    expect((await act('start', {}, operator)).status).toBe(403)
    expect(
      (
        await e06.post(`/api/v1/permits/${id}/gas-analyses`, {
          taken_at: iso(Date.now()),
          point: 'p',
          substance: '某溶剂',
          measure: 'flammable',
          value: 0.1,
          unit: '%vol',
          analyst: 'a',
        })
      ).body.error.field,
    ).toBe('lel_pct')
    expect((await analysis(0.1, 5)).body.analyses[0].passed).toBe(true)
    const started = await act('start', { name: '当班班长 顾伟' })
    expect(started.status).toBe(200)
    expect(started.body).toMatchObject({
      status: 'in_work',
      shift_check: { name: '当班班长 顾伟' },
      flags: [],
    })
    expect(started.body.actions).toEqual(['complete', 'cancel'])
    // the age of each analysis is now fixed at the start
    const ages = started.body.analyses.map((a: { age_min: number }) => Math.round(a.age_min))
    expect(ages).toEqual([5, 20])

    expect((await act('complete')).body.status).toBe('completed')
    const noName = await act('accept')
    expect(noName.status).toBe(400)
    expect(noName.body.error.field).toBe('name')
    const accepted = await act('accept', { name: '车间主任 李伟', note: '现场清理完毕' })
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      acceptance: { name: '车间主任 李伟' },
      actions: [],
    })
    expect((await act('cancel', { reason: 'x' })).status).toBe(409)
    expect(accepted.body.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining([
        'create',
        'apply',
        'sign',
        'approve',
        'gas_analysis',
        'start',
        'complete',
        'accept',
      ]),
    )
    expect(await audits('work_permit.start')).toBe(1)
    // the filing lists its permit
    expect((await e06.get(`/api/v1/work-filings/${filing.body.id}`)).body.permit_ids).toEqual([id])
  })

  it('lets park staff stop work; the flags follow the records', async () => {
    // an operator cancels the expired-but-open permit on a spot check
    const noReason = await operator.post(`/api/v1/permits/WP-${day}-06/actions/cancel`, {})
    expect(noReason.body.error.field).toBe('reason')
    const stop = await operator.post(`/api/v1/permits/WP-${day}-06/actions/cancel`, {
      reason: '抽查发现作业证过期未关闭',
    })
    expect(stop.status).toBe(200)
    expect(stop.body).toMatchObject({ status: 'cancelled', flags: [] })
    // withdrawing the filing of a permit in work makes it "permit, not filed"
    expect((await e02.post(`/api/v1/work-filings/WF-${day}-01/withdraw`, {})).status).toBe(200)
    expect((await e02.post(`/api/v1/work-filings/WF-${day}-01/withdraw`, {})).status).toBe(409)
    const spot = await s.admin.get('/api/v1/permits/spot-checks')
    expect(spot.body.map((f: { flag: string; ref_id: string }) => `${f.flag}:${f.ref_id}`).sort()).toEqual([
      `filed_no_permit:WF-${day}-20`,
      `permit_not_filed:WP-${day}-01`,
      `permit_not_filed:WP-${day}-07`,
    ])
  })

  it('keeps the settings park data: everyone reads, only the park admin edits, with validation', async () => {
    const r = await e02.get('/api/v1/permits/settings')
    expect(r.body).toMatchObject({
      gas_link_radius_m: 15,
      analysis_max_age_min: 30,
      flammable: { confirmed: false },
    })
    expect((await e02.call('PATCH', '/api/v1/permits/settings', { gas_link_radius_m: 20 })).status).toBe(403)
    expect((await s.admin.call('PATCH', '/api/v1/permits/settings', { gas_link_radius_m: -1 })).status).toBe(
      400,
    )
    const ok = await s.admin.call('PATCH', '/api/v1/permits/settings', { gas_link_radius_m: 20 })
    expect(ok.body.gas_link_radius_m).toBe(20)
    await s.admin.call('PATCH', '/api/v1/permits/settings', { gas_link_radius_m: 15 })
  })
})

/** The next Monday–Friday after `ms` that is not a 2026 public holiday (park days). */
function nextWeekday(ms: number): string {
  const holidays =
    /^2026-(01-0[1-3]|02-(1[5-9]|2[0-3])|04-0[4-6]|05-0[1-5]|06-(19|2[01])|09-2[5-7]|10-0[1-7])$/
  for (let d = ms + 86_400_000; ; d += 86_400_000) {
    const day = parkDayOf(d)
    const wd = new Date(`${day}T00:00:00Z`).getUTCDay()
    if (wd !== 0 && wd !== 6 && !holidays.test(day)) return day
  }
}
