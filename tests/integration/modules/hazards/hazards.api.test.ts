// Major hazard sources on PostgreSQL/PostGIS through a service pool of ONE connection: the demo seed (idempotent),
// the GB 18218 calculator (the published example, bad input), row-level security per enterprise (an enterprise sees
// and writes only its own units and tanks, the park sees all, the screen only reads), the grade computed on read
// from current tank inventories and historised on every inventory change (audited), production-unit items,
// 包保 persons and checks, the asset → unit card with its sensors, and the park-edited catalogue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { seedMajorHazardsDemo } from '../../../../server/modules/hazards/hazards.seed'
import { parkDay } from '../../../../server/contracts/emergency-plans'
import type { ApiClient } from '../../../helpers/http'
import { startHazardsStack, type HazardsStack } from './stack'

const api = '/api/v1/hazards'

describe('major hazards API (PostgreSQL, pool of 1)', () => {
  let s: HazardsStack
  let e01: ApiClient
  let e06: ApiClient
  let operator: ApiClient
  let screen: ApiClient
  const one = async <T>(sql: string, params: unknown[] = []) =>
    (await s.db.query<{ v: T }>(systemScope, sql, params))[0]!.v
  const count = (table: string, where = 'true', params: unknown[] = []) =>
    one<number>(`SELECT count(*)::int AS v FROM ${table} WHERE ${where}`, params)
  const audits = (action: string) => count('audit_log', 'action = $1', [action])
  const inventory = (tank: string) =>
    one<number>(`SELECT (props->>'inventory_t')::float8 AS v FROM assets WHERE id = $1`, [tank])

  beforeAll(async () => {
    s = await startHazardsStack('cpt_hazards')
    e01 = await s.client('e01', 'enterprise_user', 'E01')
    e06 = await s.client('e06', 'enterprise_user', 'E06')
    operator = await s.client('op', 'operator')
    screen = await s.client('wall', 'screen')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('seeds the catalogue and the demo units once', async () => {
    const first = await s.db.owner((q) => seedMajorHazardsDemo(q))
    expect(first).toBeGreaterThan(100)
    const tables = [
      'major_hazard_chemicals',
      'major_hazard_units',
      'major_hazard_unit_items',
      'major_hazard_assessments',
      'major_hazard_responsibles',
      'major_hazard_checks',
    ]
    const before = await Promise.all(tables.map((t) => count(t)))
    expect(await s.db.owner((q) => seedMajorHazardsDemo(q))).toBe(0)
    expect(await Promise.all(tables.map((t) => count(t)))).toEqual(before)
    const farms = await count('assets', `kind = 'tank_farm'`)
    expect(await count('major_hazard_units', `unit_kind = 'storage'`)).toBe(farms)
    expect(await count('major_hazard_units', `unit_kind = 'production'`)).toBe(9)
  })

  it('grades the published example and hand-checked cases', async () => {
    const r = await s.admin.post(`${api}/grade`, {
      items: [{ chemical: '二氧化硫', q_t: 200 }],
      exposed_people: 60,
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ S: 10, R: 30, alpha: 1.5, grade: '三级', major: true })
    // chlorine 12 t + ammonia 30 t (by CAS), 120 people: S 5.4, R = 2 × (4·2.4 + 2·3) = 31.2
    const m = await e01.post(`${api}/grade`, {
      items: [
        { chemical: 'Chlorine', q_t: 12 },
        { chemical: '7664-41-7', q_t: 30 },
      ],
      exposed_people: 120,
    })
    expect(m.body).toMatchObject({ S: 5.4, R: 31.2, alpha: 2, grade: '三级' })
    // below S = 1: no grade
    const low = await operator.post(`${api}/grade`, {
      items: [{ chemical: '甲醇', q_t: 100 }],
      exposed_people: 0,
    })
    expect(low.body).toMatchObject({ S: 0.2, grade: null, major: false })
  })

  it('refuses bad calculator input with a clear 400', async () => {
    const bad = async (body: unknown, field: string, text: string) => {
      const r = await s.admin.post(`${api}/grade`, body)
      expect([r.status, r.body.error.field]).toEqual([400, field])
      expect(r.body.error.message).toContain(text)
    }
    await bad({ items: [{ chemical: 'SO2', q_t: -5 }], exposed_people: 10 }, 'items.0.q_t', 'negative')
    await bad(
      {
        items: [
          { chemical: 'SO2', q_t: 5 },
          { chemical: 'unobtainium', q_t: 1 },
        ],
        exposed_people: 10,
      },
      'items.1.chemical',
      'not in the GB 18218 catalogue',
    )
    await bad(
      { items: [{ chemical: '6484-52-2', q_t: 1 }], exposed_people: 1 },
      'items.0.chemical',
      'give the name',
    )
    await bad({ items: [{ chemical: 'SO2', q_t: 5 }], exposed_people: -1 }, 'exposed_people', 'negative')
    await bad({ items: [], exposed_people: 1 }, 'items', 'at least one')
    await bad({ items: [{ chemical: 'SO2', q_t: 5 }] }, 'exposed_people', '')
  })

  it('lets an enterprise see its own units only; the park and the screen see all', async () => {
    const own = await e01.get(`${api}/units`)
    expect(own.status).toBe(200)
    expect(new Set(own.body.map((u: { enterprise_id: string }) => u.enterprise_id))).toEqual(new Set(['E01']))
    expect(own.body.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining(['MH-F-E01-1', 'MH-F-E01-3', 'MH-B-E01-07']),
    )
    // the same single connection serves E06 next: nothing of E01's scope may linger
    const other = await e06.get(`${api}/units`)
    expect(new Set(other.body.map((u: { enterprise_id: string }) => u.enterprise_id))).toEqual(
      new Set(['E06']),
    )
    expect((await e01.get(`${api}/units/MH-F-E06-1`)).status).toBe(404)
    expect((await e01.get(`${api}/by-asset/T-E06-01`)).status).toBe(404)
    const all = await screen.get(`${api}/units?major=true`)
    expect(all.status).toBe(200)
    expect(new Set(all.body.map((u: { enterprise_id: string }) => u.enterprise_id)).size).toBeGreaterThan(10)
    for (const u of all.body) expect(u.assessment.S).toBeGreaterThanOrEqual(1)
    const oneGrade = await operator.get(`${api}/units?grade=一级`)
    expect(oneGrade.body.length).toBeGreaterThan(0)
    for (const u of oneGrade.body) expect(u.assessment.grade).toBe('一级')
    expect((await operator.get(`${api}/units?grade=五级`)).status).toBe(400)
    // the screen reads only; an operator does not keep enterprise records
    expect((await screen.call('PUT', `${api}/tanks/T-E06-01/inventory`, { inventory_t: 1 })).status).toBe(403)
    expect((await operator.call('PUT', `${api}/tanks/T-E06-01/inventory`, { inventory_t: 1 })).status).toBe(
      403,
    )
    // another enterprise's tank does not exist for E01 (RLS), and is not changed
    const before = await inventory('T-E06-01')
    expect((await e01.call('PUT', `${api}/tanks/T-E06-01/inventory`, { inventory_t: 1 })).status).toBe(404)
    expect(await inventory('T-E06-01')).toBe(before)
  })

  it('suggests the exposed people from other enterprises’ staffed buildings, also for an enterprise account', async () => {
    // E06's solvent farm: E06 cannot read its neighbours' buildings, the count is still the park's
    const park = await s.admin.get(`${api}/units/MH-F-E06-1`)
    const own = await e06.get(`${api}/units/MH-F-E06-1`)
    expect(park.body.exposed_suggested).toBeGreaterThan(100)
    expect(own.body.exposed_suggested).toBe(park.body.exposed_suggested)
    // E01's chlorine farm lies deep in E01's own plant: nobody else within 500 m → α 0.5
    const deep = await e01.get(`${api}/units/MH-F-E01-1`)
    expect(deep.body).toMatchObject({
      exposed_people: null,
      exposed_suggested: 0,
      exposed_source: 'suggested',
    })
    expect(deep.body.assessment).toMatchObject({ exposed_people: 0, alpha: 0.5 })
    // but α comes from the declared 45 people → 1.2
    const declared = await e06.get(`${api}/units/MH-F-E06-1`)
    expect(declared.body).toMatchObject({ exposed_people: 45, exposed_source: 'declared' })
    expect(declared.body.assessment.alpha).toBe(1.2)
  })

  it('recomputes on an inventory change: tank updated, new assessment row, audited', async () => {
    // F-E06-1: methanol, ethanol, acetone, ethyl acetate (Q 500 each, β 1), 45 people (α 1.2)
    const start = await e06.get(`${api}/units/MH-F-E06-1`)
    const tanks = start.body.assessment.items as { source: string; q_t: number }[]
    expect(tanks.map((i) => i.source)).toEqual(['T-E06-01', 'T-E06-02', 'T-E06-03', 'T-E06-04'])
    const others = tanks.slice(1).reduce((a, i) => a + i.q_t, 0)
    const rows = await count('major_hazard_assessments', `unit_id = 'MH-F-E06-1'`)
    const r = await e06.call('PUT', `${api}/tanks/T-E06-01/inventory`, { inventory_t: 84.6 })
    expect(r.status).toBe(200)
    const S = (84.6 + others) / 500
    expect(r.body.unit.assessment.S).toBeCloseTo(S, 6)
    expect(r.body.unit.assessment.R).toBeCloseTo(1.2 * S, 6)
    expect(r.body.unit.history[0]).toMatchObject({ reason: 'inventory', assessed_by: 'e06' })
    expect(r.body.unit.history[0].S).toBeCloseTo(S, 6)
    expect(await inventory('T-E06-01')).toBe(84.6)
    expect(await count('major_hazard_assessments', `unit_id = 'MH-F-E06-1'`)).toBe(rows + 1)
    expect(await audits('major_hazard.tank_inventory')).toBe(1)
    // read again: computed from the tank now
    expect((await s.admin.get(`${api}/units/MH-F-E06-1`)).body.assessment.S).toBeCloseTo(S, 6)
  })

  it('refuses bad inventory input and changes nothing', async () => {
    const rows = await count('major_hazard_assessments')
    const n = await audits('major_hazard.tank_inventory')
    const put = (tank: string, body: unknown) => e06.call('PUT', `${api}/tanks/${tank}/inventory`, body)
    const neg = await put('T-E06-02', { inventory_t: -1 })
    expect([neg.status, neg.body.error.field]).toEqual([400, 'inventory_t'])
    const huge = await put('T-E06-02', { inventory_t: 5000 })
    expect([huge.status, huge.body.error.field]).toEqual([400, 'inventory_t'])
    expect(huge.body.error.message).toContain('does not fit')
    expect((await put('T-E06-02', { inventory_t: 'lots' })).status).toBe(400)
    expect((await put('T-E06-02', { inventory_t: 1, extra: true })).status).toBe(400)
    expect((await put('B-E06-04', { inventory_t: 1 })).status).toBe(404)
    expect((await put('NO-SUCH', { inventory_t: 1 })).status).toBe(404)
    expect(await count('major_hazard_assessments')).toBe(rows)
    expect(await audits('major_hazard.tank_inventory')).toBe(n)
    expect(await inventory('T-E06-02')).toBeGreaterThan(200)
  })

  it('keeps production-unit inventories: refuses unknown chemicals, historises the valid change', async () => {
    const unit = `${api}/units/MH-B-E01-07`
    const start = await e01.get(unit)
    // VCM 35/50 + anhydrous HCl 8/20 = 1.1
    expect(start.body.assessment.S).toBeCloseTo(1.1, 9)
    const rows = await count('major_hazard_assessments', `unit_id = 'MH-B-E01-07'`)
    const bad = await e01.call('PUT', `${unit}/items`, {
      items: [
        { chemical: '氯乙烯', q_t: 10 },
        { chemical: '二噁英', q_t: 1 },
      ],
    })
    expect([bad.status, bad.body.error.field]).toEqual([400, 'items.1.chemical'])
    const twice = await e01.call('PUT', `${unit}/items`, {
      items: [
        { chemical: '氯乙烯', q_t: 10 },
        { chemical: 'VCM', q_t: 1 },
      ],
    })
    expect([twice.status, twice.body.error.field]).toEqual([400, 'items.1.chemical'])
    expect(await count('major_hazard_assessments', `unit_id = 'MH-B-E01-07'`)).toBe(rows)
    expect((await e01.get(unit)).body.assessment.S).toBeCloseTo(1.1, 9)
    // 氯乙烯 60 t + 氯化氢 8 t: S = 1.2 + 0.4 = 1.6; Σβ = 1.5·1.2 + 3·0.4 = 3
    const ok = await e01.call('PUT', `${unit}/items`, {
      items: [
        { chemical: '氯乙烯', q_t: 60 },
        { chemical: '7647-01-0', q_t: 8 },
      ],
    })
    expect(ok.status).toBe(200)
    expect(ok.body.assessment.S).toBeCloseTo(1.6, 9)
    expect(ok.body.assessment.R).toBeCloseTo(ok.body.assessment.alpha * 3, 9)
    expect(ok.body.history[0].reason).toBe('items')
    // a tank farm's inventory is its tanks'
    expect((await e01.call('PUT', `${api}/units/MH-F-E01-1/items`, { items: [] })).status).toBe(409)
  })

  it('registers a new production unit for an own process building only', async () => {
    const body = { asset_id: 'B-E01-04', items: [{ chemical: '氯', q_t: 10 }], exposed_people: 0 }
    const r = await e01.post(`${api}/units`, body)
    expect(r.status).toBe(201)
    // S = 2, β 4, α 0.5 → R 4 → 四级
    expect(r.body).toMatchObject({ id: 'MH-B-E01-04', unit_kind: 'production', enterprise_id: 'E01' })
    expect(r.body.assessment).toMatchObject({ S: 2, R: 4, grade: '四级' })
    expect((await e01.post(`${api}/units`, body)).status).toBe(409)
    const units = await count('major_hazard_units')
    const foreign = await e01.post(`${api}/units`, { ...body, asset_id: 'B-E06-04' })
    expect([foreign.status, foreign.body.error.field]).toEqual([400, 'asset_id'])
    const office = await e01.post(`${api}/units`, { ...body, asset_id: 'B-E01-01' })
    expect([office.status, office.body.error.field]).toEqual([400, 'asset_id'])
    expect(await count('major_hazard_units')).toBe(units)
  })

  it('keeps the three 包保 persons and their checks', async () => {
    const unit = `${api}/units/MH-B-E01-04`
    const put = await e01.call('PUT', `${unit}/responsibles`, {
      principal: { person_name: '王总', position: '总经理' },
      technical: { person_name: '李工', interval_days: 14 },
      operational: { person_name: '赵主任', phone: '0513-81234567' },
    })
    expect(put.status).toBe(200)
    const today = parkDay(Date.now())
    expect(
      put.body.responsibles.map((p: { role: string; interval_days: number }) => [p.role, p.interval_days]),
    ).toEqual([
      ['principal', 90],
      ['technical', 14],
      ['operational', 7],
    ])
    expect(put.body.responsibles[0]).toMatchObject({
      assigned_on: today,
      last_check_on: null,
      overdue: false,
    })
    const future = await e01.post(`${unit}/checks`, {
      role: 'operational',
      checked_on: '2999-01-01',
      findings: '巡检正常',
    })
    expect([future.status, future.body.error.field]).toEqual([400, 'checked_on'])
    const check = await e01.post(`${unit}/checks`, {
      role: 'operational',
      checked_on: today,
      findings: '巡检正常',
    })
    expect(check.status).toBe(201)
    expect(check.body.checks[0]).toMatchObject({
      role: 'operational',
      checked_by: '赵主任',
      checked_on: today,
    })
    const op = check.body.responsibles.find((p: { role: string }) => p.role === 'operational')
    expect(op.last_check_on).toBe(today)
    expect(await audits('major_hazard.check')).toBe(1)
    // E06 cannot record on E01's unit
    expect(
      (await e06.post(`${unit}/checks`, { role: 'operational', checked_on: today, findings: 'x' })).status,
    ).toBe(404)
  })

  it('answers a clicked tank with its farm’s card, its sensors and alarms', async () => {
    const r = await e01.get(`${api}/by-asset/T-E01-01`)
    expect(r.status).toBe(200)
    expect(r.body.unit).toMatchObject({ id: 'MH-F-E01-1', asset_id: 'F-E01-1', unit_kind: 'storage' })
    expect(r.body.unit.assessment.grade).toBe('一级')
    expect(r.body.unit.responsibles).toHaveLength(3)
    const sensors = r.body.unit.sensors.map((x: { id: string }) => x.id)
    expect(sensors).toContain('T-E01-01.LT')
    expect(Array.isArray(r.body.unit.alarms)).toBe(true)
    expect((await e01.get(`${api}/by-asset/B-E01-01`)).body).toEqual({ asset_id: 'B-E01-01', unit: null })
  })

  it('lets only the park admin edit the catalogue; an edit reassesses the units it touches', async () => {
    expect((await e01.call('PATCH', `${api}/chemicals/MHC-TOL`, { q_t: 50 })).status).toBe(403)
    expect((await operator.call('PATCH', `${api}/chemicals/MHC-TOL`, { q_t: 50 })).status).toBe(403)
    const bad = await s.admin.call('PATCH', `${api}/chemicals/MHC-TOL`, { q_t: -1 })
    expect([bad.status, bad.body.error.field]).toEqual([400, 'q_t'])
    const before = await count('major_hazard_assessments', `reason = 'catalogue'`)
    const r = await s.admin.call('PATCH', `${api}/chemicals/MHC-TOL`, { q_t: 50, unconfirmed: true })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ id: 'MHC-TOL', q_t: 50, unconfirmed: true, updated_by: 'admin' })
    expect(await count('major_hazard_assessments', `reason = 'catalogue'`)).toBeGreaterThan(before)
    const back = await s.admin.call('PATCH', `${api}/chemicals/MHC-TOL`, { q_t: 500, unconfirmed: false })
    expect(back.status).toBe(200)
    // a new substance by class takes the class's Q and β
    const add = await s.admin.post(`${api}/chemicals`, {
      name: '甲基叔丁基醚',
      name_en: 'MTBE',
      cas: '1634-04-4',
      hazard_class: 'W5.3',
      basis: 'class',
      unconfirmed: true,
    })
    expect(add.status).toBe(201)
    expect(add.body).toMatchObject({ q_t: 1000, beta: 1, basis: 'class' })
    expect((await s.admin.post(`${api}/chemicals`, { ...add.body, id: undefined })).status).toBe(400)
    const again = await s.admin.post(`${api}/chemicals`, {
      name: 'MTBE',
      name_en: 'x',
      hazard_class: 'W5.3',
      basis: 'class',
    })
    expect(again.status).toBe(409)
    const list = await e01.get(`${api}/chemicals`)
    expect(list.body.some((c: { name: string }) => c.name === '甲基叔丁基醚')).toBe(true)
  })
})
