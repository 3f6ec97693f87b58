// Risk-graded control (风险分级管控) on PostgreSQL/PostGIS: the demo register (idempotent, all four colours, each
// enterprise's top point in its registry colour), the four-colour map, LEC reassessment history, the park's
// colour bands, row-level security per enterprise on a pool of one connection, and bad input (400, nothing
// changed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { seedRiskDemo } from '../../../../server/modules/risk/risk.seed'
import { defaultBands, type RiskMap, type RiskPoint } from '../../../../server/contracts/risk'
import type { ApiClient } from '../../../helpers/http'
import { startDualStack, type DualStack } from './stack'

describe('risk API (PostgreSQL)', () => {
  let s: DualStack
  let e01: ApiClient
  let e09: ApiClient
  let operator: ApiClient
  let screen: ApiClient
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

  beforeAll(async () => {
    s = await startDualStack('cpt_risk')
    e01 = await s.client('e01', 'enterprise_user', 'E01')
    e09 = await s.client('e09', 'enterprise_user', 'E09')
    operator = await s.client('op', 'operator')
    screen = await s.client('wall', 'screen')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('seeds the register once; every enterprise is coloured as the park registry grades it', async () => {
    const first = await s.db.owner((q) => seedRiskDemo(q))
    expect(first).toBeGreaterThan(150)
    const tables = ['risk_units', 'risk_unit_assets', 'risk_points', 'risk_assessments']
    const before = await Promise.all(tables.map(count))
    expect(await s.db.owner((q) => seedRiskDemo(q))).toBe(0)
    expect(await Promise.all(tables.map(count))).toEqual(before)

    const map = (await s.admin.get('/api/v1/risk/map')).body as RiskMap
    expect(map.enterprises).toHaveLength(26)
    const registry = await s.db.query<{ id: string; risk: string }>(
      systemScope,
      'SELECT id, risk FROM enterprises',
    )
    for (const e of registry)
      expect(map.enterprises.find((m) => m.enterprise_id === e.id)?.colour).toBe(e.risk)
    expect(new Set(map.points.map((p) => p.colour))).toEqual(new Set(['red', 'orange', 'yellow', 'blue']))
    // units: the tank farm dike is the unit's outline, the unit takes its highest point's colour
    const farm = map.units.find((u) => u.id === 'RU-F-E01-1')!
    expect(farm).toMatchObject({ enterprise_id: 'E01', unit_type: 'tank_farm', colour: 'red', max_d: 720 })
    expect(farm.outlines).toHaveLength(1)
    expect(farm.outlines[0]!.length).toBeGreaterThanOrEqual(4)
    expect(map.bands.map((b) => [b.colour, b.d_above])).toEqual(
      defaultBands.map((b) => [b.colour, b.d_above]),
    )
  })

  it('keeps each enterprise to its own records on one shared connection', async () => {
    for (let i = 0; i < 3; i++) {
      const [a, b] = [await e01.get('/api/v1/risk/points'), await e09.get('/api/v1/risk/points')]
      expect(a.status).toBe(200)
      expect(new Set(a.body.map((p: RiskPoint) => p.enterprise_id))).toEqual(new Set(['E01']))
      expect(new Set(b.body.map((p: RiskPoint) => p.enterprise_id))).toEqual(new Set(['E09']))
    }
    const map = (await e01.get('/api/v1/risk/map')).body as RiskMap
    expect(map.enterprises.map((e) => e.enterprise_id)).toEqual(['E01'])
    expect(new Set(map.units.map((u) => u.enterprise_id))).toEqual(new Set(['E01']))
    expect((await e09.get('/api/v1/risk/points/RP-T-E01-01')).status).toBe(404)
    expect((await e09.get('/api/v1/risk/units/RU-F-E01-1')).status).toBe(404)
    expect((await e01.get('/api/v1/risk/points/RP-T-E01-01')).status).toBe(200)
    // the park (and the screen) see all
    const all = await screen.get('/api/v1/risk/points')
    expect(new Set(all.body.map((p: RiskPoint) => p.enterprise_id)).size).toBe(26)
  })

  it('reassesses a point: a new history row becomes current and recolours its unit and parcel', async () => {
    const blue = (await e09.get('/api/v1/risk/points')).body as RiskPoint[]
    const p = blue[0]!
    expect(p.current!.colour).toBe('blue')
    const before = (await e09.get(`/api/v1/risk/points/${p.id}`)).body
    const r = await e09.post(`/api/v1/risk/points/${p.id}/assessments`, {
      l: 3,
      e: 6,
      c: 40,
      note: '工艺变更',
    })
    expect(r.status).toBe(201)
    expect(r.body.current).toMatchObject({ l: 3, e: 6, c: 40, d: 720, colour: 'red', assessed_by: 'e09' })
    expect(r.body.history).toHaveLength(before.history.length + 1)
    expect(r.body.history[0].id).toBe(r.body.current.id)
    expect(r.body).toMatchObject({ control_level: '公司级', control_level_en: 'Company' })
    expect(await audits('risk.assess')).toBe(1)
    const map = (await s.admin.get('/api/v1/risk/map?enterprise=E09')).body as RiskMap
    expect(map.enterprises[0]).toMatchObject({ enterprise_id: 'E09', colour: 'red', max_d: 720 })
    expect(map.units.find((u) => u.id === p.unit_id)?.colour).toBe('red')
    const reds = await s.admin.get('/api/v1/risk/points?colour=red&enterprise=E09')
    expect(reds.body.map((x: RiskPoint) => x.id)).toEqual([p.id])
    // back to where it was (the later tests expect E09 blue)
    const back = await e09.post(`/api/v1/risk/points/${p.id}/assessments`, {
      l: before.current.l,
      e: before.current.e,
      c: before.current.c,
    })
    expect(back.body.current.colour).toBe('blue')
  })

  it('registers units and points in the caller scope and refuses what it may not write', async () => {
    const unit = await e01.post('/api/v1/risk/units', {
      name: '盐酸装车站',
      unit_type: 'loading',
      responsible: '李娜',
      asset_ids: ['F-E01-2'],
    })
    expect(unit.status).toBe(201)
    expect(unit.body).toMatchObject({
      enterprise_id: 'E01',
      asset_ids: ['F-E01-2'],
      point_count: 0,
      colour: null,
    })
    const [lon, lat] = [120.9541, 31.9381]
    const point = await e01.post('/api/v1/risk/points', {
      unit_id: unit.body.id,
      name: '装车鹤管',
      hazard: '装车时盐酸泄漏',
      accident: '灼烫',
      lon,
      lat,
      assessment: { l: 3, e: 3, c: 7 },
    })
    expect(point.status).toBe(201)
    expect(point.body.current).toMatchObject({ d: 63, colour: 'blue' })
    expect(await audits('risk.unit.create')).toBe(1)
    expect(await audits('risk.point.create')).toBe(1)

    const units = await count('risk_units')
    const points = await count('risk_points')
    expect(
      (await e01.post('/api/v1/risk/units', { enterprise_id: 'E09', name: 'x', unit_type: 'other' })).status,
    ).toBe(403)
    const foreign = await e01.post('/api/v1/risk/units', {
      name: 'x',
      unit_type: 'other',
      asset_ids: ['F-E03-1'],
    })
    expect(foreign.status).toBe(400)
    expect(foreign.body.error.field).toBe('asset_ids.0')
    // another enterprise's unit does not exist for E09
    const other = await e09.post('/api/v1/risk/points', {
      unit_id: unit.body.id,
      name: 'x',
      hazard: 'y',
      lon,
      lat,
    })
    expect(other.status).toBe(400)
    expect(other.body.error.field).toBe('unit_id')
    const off = await e01.post('/api/v1/risk/points', {
      unit_id: unit.body.id,
      name: 'x',
      hazard: 'y',
      lon: 116.4,
      lat: 39.9,
    })
    expect(off.status).toBe(400)
    expect(off.body.error.field).toBe('lon')
    expect(
      (await operator.post('/api/v1/risk/units', { enterprise_id: 'E01', name: 'x', unit_type: 'other' }))
        .status,
    ).toBe(403)
    const wall = await screen.post('/api/v1/risk/units', {
      enterprise_id: 'E01',
      name: 'x',
      unit_type: 'other',
    })
    expect(wall.status).toBe(403)
    expect(wall.body.error.id).toBe('forbidden.read_only')
    const park = await s.admin.post('/api/v1/risk/units', { name: 'x', unit_type: 'other' })
    expect(park.status).toBe(400)
    expect(park.body.error.field).toBe('enterprise_id')
    expect([await count('risk_units'), await count('risk_points')]).toEqual([units, points])
  })

  it('refuses values outside the LEC tables with a clear 400 and changes nothing', async () => {
    const before = await count('risk_assessments')
    const cases: [object, string, string][] = [
      [{ l: 4, e: 6, c: 40 }, 'l', 'L: one of 10, 6, 3, 1, 0.5, 0.2, 0.1'],
      [{ l: 3, e: 7, c: 40 }, 'e', 'E: one of'],
      [{ l: 3, e: 6, c: 50 }, 'c', 'C: one of'],
      [{ l: 3, e: 6 }, 'c', 'c:'],
      [{ l: 3, e: 6, c: 40, d: 720 }, '', 'Unrecognized key'],
    ]
    for (const [body, field, message] of cases) {
      const r = await e01.post('/api/v1/risk/points/RP-T-E01-01/assessments', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      if (field) expect(r.body.error.field).toBe(field)
      expect(r.body.error.message).toContain(message)
    }
    expect(
      (await e09.post('/api/v1/risk/points/RP-T-E01-01/assessments', { l: 3, e: 6, c: 40 })).status,
    ).toBe(404)
    expect((await s.admin.get('/api/v1/risk/points?colour=purple')).status).toBe(400)
    expect(await count('risk_assessments')).toBe(before)
  })

  it('lets the park admin edit the colour bands (usual mapping, configurable) and refuses bad ones', async () => {
    const bands = (await s.admin.get('/api/v1/risk/bands')).body
    const strict = bands.map((b: { colour: string }) => ({
      ...pick(b),
      ...(b.colour === 'yellow' ? { d_above: 40 } : {}),
    }))
    const r = await s.admin.call('PUT', '/api/v1/risk/bands', { bands: strict })
    expect(r.status).toBe(200)
    expect(r.body.find((b: { colour: string }) => b.colour === 'yellow')).toMatchObject({
      d_above: 40,
      updated_by: 'admin',
    })
    // E09's 42 points are yellow now
    const map = (await s.admin.get('/api/v1/risk/map?enterprise=E09')).body as RiskMap
    expect(map.enterprises[0]!.colour).toBe('yellow')
    expect(await audits('risk.bands.update')).toBe(1)

    const bad = strict.map((b: { colour: string }) => (b.colour === 'orange' ? { ...b, d_above: 20 } : b))
    const refused = await s.admin.call('PUT', '/api/v1/risk/bands', { bands: bad })
    expect(refused.status).toBe(400)
    expect(refused.body.error.field).toBe('bands.1.d_above')
    expect((await e01.call('PUT', '/api/v1/risk/bands', { bands: strict })).status).toBe(403)
    expect((await operator.call('PUT', '/api/v1/risk/bands', { bands: strict })).status).toBe(403)
    expect((await s.admin.call('PUT', '/api/v1/risk/bands', { bands: strict.slice(0, 3) })).status).toBe(400)
    expect(await audits('risk.bands.update')).toBe(1)
    const restored = await s.admin.call('PUT', '/api/v1/risk/bands', { bands: bands.map(pick) })
    expect(restored.body.map((b: { d_above: number }) => b.d_above)).toEqual([320, 160, 70, 0])
  })
})

function pick(b: Record<string, unknown>) {
  const { colour, d_above, label, label_en, control_level, control_level_en } = b
  return { colour, d_above, label, label_en, control_level, control_level_en }
}
