// Emergency plans and resources on PostgreSQL/PostGIS: the demo seed (idempotent), row-level security
// (an enterprise sees its own and park-level plans), versioning, drills, the asset → plans lookup, the
// resources' near filter, and bad input (400, nothing changed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { seedEmergencyPlansDemo } from '../../../../server/modules/emergency-plans/plans.seed'
import { addMonths, parkDay } from '../../../../server/contracts/emergency-plans'
import type { ApiClient } from '../../../helpers/http'
import { startPlansStack, type PlansStack } from './stack'

const review = {
  date: '2026-01-10',
  experts: [{ name: '王建国', title: '教授级高级工程师' }],
  opinions: '要素齐全，建议补充通讯录。',
  conclusion: 'passed',
}

describe('emergency plans API (PostgreSQL)', () => {
  let s: PlansStack
  let e01: ApiClient
  let e03: ApiClient
  let operator: ApiClient
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
    s = await startPlansStack('cpt_emergency_plans')
    e01 = await s.client('e01', 'enterprise_user', 'E01')
    e03 = await s.client('e03', 'enterprise_user', 'E03')
    operator = await s.client('op', 'operator')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('seeds the demo plans and resources once', async () => {
    const first = await s.db.owner((q) => seedEmergencyPlansDemo(q))
    expect(first).toBeGreaterThan(50)
    const tables = [
      'emergency_plans',
      'emergency_plan_assets',
      'emergency_plan_drills',
      'emergency_resources',
    ]
    const before = await Promise.all(tables.map(count))
    expect(await s.db.owner((q) => seedEmergencyPlansDemo(q))).toBe(0)
    expect(await Promise.all(tables.map(count))).toEqual(before)
    const kinds = await s.db.query<{ kind: string; n: number }>(
      systemScope,
      'SELECT kind, count(*)::int AS n FROM emergency_resources GROUP BY kind ORDER BY kind',
    )
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k.n]))).toMatchObject({
      depot: 4,
      expert: 5,
      shelter: 8,
    })
    expect(kinds.find((k) => k.kind === 'supply')!.n).toBeGreaterThan(15)
    // one on-site plan per chlorine / ammonia / LPG tank farm
    const onsite = await s.db.query<{ id: string }>(
      systemScope,
      `SELECT id FROM emergency_plans WHERE kind = 'onsite' ORDER BY id`,
    )
    expect(onsite.map((p) => p.id)).toContain('EP-OS-F-E01-1')
    expect(onsite.map((p) => p.id)).toContain('EP-OS-F-E03-1')
    expect(onsite.map((p) => p.id)).toContain('EP-OS-F-E02-3')
  })

  it('lists current versions; history on request; the generated next drill matches the contract rule', async () => {
    const r = await s.admin.get('/api/v1/emergency/plans?enterprise=park')
    expect(r.status).toBe(200)
    const ids = r.body.map((p: { id: string }) => p.id)
    expect(ids).toContain('EP-PARK-COMP-V2')
    expect(ids).not.toContain('EP-PARK-COMP')
    expect(ids).toEqual(
      expect.arrayContaining(['EP-PARK-SP-LEAK', 'EP-PARK-SP-FIRE', 'EP-PARK-SP-ENV', 'EP-PARK-SP-FLOOD']),
    )
    for (const p of r.body)
      expect(p.next_drill_due).toBe(addMonths(p.last_drill_at ?? p.filed_at, p.drill_interval_months))
    const h = await s.admin.get('/api/v1/emergency/plans?enterprise=park&history=true&kind=comprehensive')
    expect(h.body.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
      ['EP-PARK-COMP-V2', 'filed'],
      ['EP-PARK-COMP', 'superseded'],
    ])
    // the flood plan's yearly drill was 380 days ago: overdue; the leak plan's is due within 30 days
    const overdue = await s.admin.get('/api/v1/emergency/plans?due=overdue&enterprise=park')
    expect(overdue.body.map((p: { id: string }) => p.id)).toEqual(['EP-PARK-SP-FLOOD'])
    expect(overdue.body[0].drill_state).toBe('overdue')
    const due = await s.admin.get('/api/v1/emergency/plans?due=due&enterprise=park')
    expect(due.body.map((p: { id: string }) => p.id).sort()).toEqual(['EP-PARK-SP-ENV', 'EP-PARK-SP-LEAK'])
  })

  it('lets an enterprise see its own and park-level plans only', async () => {
    const r = await e01.get('/api/v1/emergency/plans')
    expect(r.status).toBe(200)
    const owners = new Set(r.body.map((p: { enterprise_id: string | null }) => p.enterprise_id))
    expect([...owners].sort()).toEqual(['E01', null])
    expect(r.body.some((p: { id: string }) => p.id === 'EP-PARK-COMP-V2')).toBe(true)
    expect((await e01.get('/api/v1/emergency/plans/EP-OS-F-E03-1')).status).toBe(404)
    expect((await e03.get('/api/v1/emergency/plans/EP-OS-F-E03-1')).status).toBe(200)
    // resources: E01 sees its team and park resources, not E03's team
    const res = await e01.get('/api/v1/emergency/resources?kind=team')
    expect(res.body.map((x: { id: string }) => x.id).sort()).toEqual(['ER-TEAM-E01', 'ER-TEAM-FS1'])
  })

  it('answers a chlorine tank with its on-site disposal plan, via the tank and the tank farm', async () => {
    const r = await s.admin.get('/api/v1/assets/T-E01-01/plans')
    expect(r.status).toBe(200)
    expect(r.body[0]).toMatchObject({
      id: 'EP-OS-F-E01-1',
      kind: 'onsite',
      via: 'asset',
      enterprise_id: 'E01',
    })
    // a tank not attached itself: the plan of its farm
    await s.db.query(
      systemScope,
      `DELETE FROM emergency_plan_assets WHERE plan_id = 'EP-OS-F-E01-1' AND asset_id = 'T-E01-02'`,
    )
    const viaFarm = await s.admin.get('/api/v1/assets/T-E01-02/plans?kind=onsite')
    expect(viaFarm.body.map((p: { id: string; via: string }) => [p.id, p.via])).toEqual([
      ['EP-OS-F-E01-1', 'tank_farm'],
    ])
    // the gasoline tank of E02 has no chlorine plan
    const other = await s.admin.get('/api/v1/assets/T-E02-01/plans?kind=onsite')
    expect(other.body).toEqual([])
    // the same via the list filter, and the plan's detail lists its assets and text
    const byAsset = await s.admin.get('/api/v1/emergency/plans?asset=T-E01-01')
    expect(byAsset.body.map((p: { id: string }) => p.id)).toEqual(['EP-OS-F-E01-1'])
    const d = await s.admin.get('/api/v1/emergency/plans/EP-OS-F-E01-1')
    expect(d.body.assets.map((a: { id: string }) => a.id)).toContain('F-E01-1')
    expect(d.body.body).toContain('现场处置方案')
    expect(d.body.expert_review.experts.length).toBeGreaterThan(0)
    // another enterprise does not see E01's tank, nor its plans
    expect((await e03.get('/api/v1/assets/T-E01-01/plans')).status).toBe(404)
    expect((await s.admin.get('/api/v1/assets/NOPE/plans')).status).toBe(404)
  })

  it('creates plans in the caller scope and refuses what it may not write', async () => {
    const body = {
      kind: 'onsite',
      domain: 'safety',
      level: 'workshop',
      title: '盐酸储罐泄漏现场处置方案',
      status: 'filed',
      expert_review: review,
      filed_at: '2026-02-01',
      filing_authority: '园区应急管理局',
      asset_ids: ['T-E01-07', 'T-E01-08'],
      body: '# 盐酸储罐泄漏现场处置方案',
    }
    const r = await e01.post('/api/v1/emergency/plans', body)
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({
      enterprise_id: 'E01',
      version: 1,
      drill_interval_months: 6,
      valid_to: '2029-02-01',
    })
    expect(r.body.next_drill_due).toBe('2026-08-01')
    expect(r.body.assets.map((a: { id: string }) => a.id)).toEqual(['T-E01-07', 'T-E01-08'])
    expect(await audits('emergency_plan.create')).toBe(1)
    // an enterprise may not write park-level or another enterprise's plans, nor attach another's tank
    expect(
      (await e01.post('/api/v1/emergency/plans', { ...body, enterprise_id: null, level: 'park' })).status,
    ).toBe(403)
    expect((await e01.post('/api/v1/emergency/plans', { ...body, enterprise_id: 'E03' })).status).toBe(403)
    const foreign = await e01.post('/api/v1/emergency/plans', { ...body, asset_ids: ['T-E03-01'] })
    expect(foreign.status).toBe(400)
    expect(foreign.body.error.field).toBe('asset_ids.0')
    // operators read only
    expect((await operator.post('/api/v1/emergency/plans', body)).status).toBe(403)
    expect(await audits('emergency_plan.create')).toBe(1)
  })

  it('rejects bad input with reasons and changes nothing', async () => {
    const before = await count('emergency_plans')
    const cases: [object, string][] = [
      [{ kind: 'general', domain: 'safety', level: 'park', title: 'x' }, 'kind'],
      [
        { kind: 'onsite', domain: 'safety', level: 'park', title: 'x', drill_interval_months: 12 },
        'drill_interval_months',
      ],
      [
        {
          kind: 'special',
          domain: 'safety',
          level: 'park',
          title: 'x',
          status: 'filed',
          expert_review: review,
        },
        'filed_at',
      ],
      [{ kind: 'special', domain: 'safety', level: 'park', title: 'x', status: 'reviewed' }, 'expert_review'],
      [
        {
          kind: 'special',
          domain: 'environmental',
          level: 'park',
          title: 'x',
          filed_at: '2025-01-01',
          valid_to: '2028-06-01',
        },
        'valid_to',
      ],
      [{ kind: 'special', domain: 'safety', level: 'enterprise', title: 'x' }, 'level'],
      [{ kind: 'special', domain: 'safety', level: 'park', title: 'x', filed_at: '2026-02-30' }, 'filed_at'],
      [{ kind: 'special', domain: 'safety', level: 'park', title: '', extra: 1 }, 'title'],
    ]
    for (const [body, field] of cases) {
      const r = await s.admin.post('/api/v1/emergency/plans', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.body.error.field, JSON.stringify(r.body)).toBe(field)
    }
    expect((await s.admin.get('/api/v1/emergency/plans?kind=nope')).status).toBe(400)
    expect((await s.admin.get('/api/v1/emergency/resources?radius=100')).status).toBe(400)
    expect((await s.admin.get('/api/v1/emergency/resources?near=200,31')).status).toBe(400)
    expect(
      (
        await s.admin.post('/api/v1/emergency/plans/EP-PARK-SP-LEAK/drills', {
          drilled_on: '2099-01-01',
          drill_type: 'tabletop',
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await s.admin.post('/api/v1/emergency/plans/EP-PARK-SP-LEAK/drills', {
          drilled_on: '2026-01-01',
          drill_type: 'party',
        })
      ).status,
    ).toBe(400)
    expect(await count('emergency_plans')).toBe(before)
  })

  it('versions a plan: a draft revision leaves the old in force until it is filed, then supersedes it', async () => {
    const rev = await s.admin.post('/api/v1/emergency/plans/EP-PARK-SP-FIRE/versions', { body: '# 修订版' })
    expect(rev.status).toBe(201)
    expect(rev.body).toMatchObject({
      series_id: 'EP-PARK-SP-FIRE',
      version: 2,
      status: 'draft',
      filed_at: null,
    })
    expect(rev.body.body).toBe('# 修订版')
    // a second draft of the same series is a conflict; a draft cannot be revised or drilled
    expect((await s.admin.post('/api/v1/emergency/plans/EP-PARK-SP-FIRE/versions', {})).status).toBe(409)
    expect(
      (
        await s.admin.post(`/api/v1/emergency/plans/${rev.body.id}/drills`, {
          drilled_on: parkDay(Date.now()),
          drill_type: 'tabletop',
        })
      ).status,
    ).toBe(409)
    let old = await s.admin.get('/api/v1/emergency/plans/EP-PARK-SP-FIRE')
    expect(old.body.status).toBe('filed')
    const today = parkDay(Date.now())
    const filed = await s.admin.call('PATCH', `/api/v1/emergency/plans/${rev.body.id}`, {
      status: 'filed',
      expert_review: { ...review, date: today },
      filed_at: today,
      filing_authority: '市应急管理局',
    })
    expect(filed.status).toBe(200)
    expect(filed.body.valid_to).toBe(addMonths(today, 36))
    expect(
      filed.body.versions.map((v: { version: number; status: string }) => [v.version, v.status]),
    ).toEqual([
      [2, 'filed'],
      [1, 'superseded'],
    ])
    old = await s.admin.get('/api/v1/emergency/plans/EP-PARK-SP-FIRE')
    expect(old.body.status).toBe('superseded')
    // the superseded version is history: no edits
    expect(
      (await s.admin.call('PATCH', '/api/v1/emergency/plans/EP-PARK-SP-FIRE', { title: 'x' })).status,
    ).toBe(409)
    // a filed plan does not go back to draft
    expect(
      (await s.admin.call('PATCH', `/api/v1/emergency/plans/${rev.body.id}`, { status: 'draft' })).status,
    ).toBe(409)
  })

  it('records a drill: last drill and next due move on', async () => {
    const today = parkDay(Date.now())
    const r = await s.admin.post('/api/v1/emergency/plans/EP-PARK-SP-FLOOD/drills', {
      drilled_on: today,
      drill_type: 'full_scale',
      participants: 120,
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({
      last_drill_at: today,
      next_drill_due: addMonths(today, 12),
      drill_state: 'ok',
    })
    expect(r.body.drills[0]).toMatchObject({ drilled_on: today, drill_type: 'full_scale', participants: 120 })
    // an older drill entered late does not move the last drill back
    const late = await s.admin.post('/api/v1/emergency/plans/EP-PARK-SP-FLOOD/drills', {
      drilled_on: '2025-01-05',
      drill_type: 'tabletop',
    })
    expect(late.body.last_drill_at).toBe(today)
    // an enterprise cannot record drills of a park plan (RLS: not writable)
    const denied = await e01.post('/api/v1/emergency/plans/EP-PARK-SP-LEAK/drills', {
      drilled_on: today,
      drill_type: 'tabletop',
    })
    expect(denied.status).toBeGreaterThanOrEqual(400)
    const leak = await s.admin.get('/api/v1/emergency/plans/EP-PARK-SP-LEAK')
    expect(leak.body.last_drill_at).not.toBe(today)
  })

  it('lists resources with GeoJSON points and a near/radius filter', async () => {
    const all = await s.admin.get('/api/v1/emergency/resources')
    const fs = all.body.find((x: { id: string }) => x.id === 'ER-TEAM-FS1')
    expect(fs.geometry.type).toBe('Point')
    expect(all.body.find((x: { kind: string }) => x.kind === 'expert').geometry).toBeNull()
    const [lon, lat] = fs.geometry.coordinates
    const near = await s.admin.get(`/api/v1/emergency/resources?near=${lon},${lat}&radius=300`)
    expect(near.status).toBe(200)
    expect(near.body[0]).toMatchObject({ id: 'ER-TEAM-FS1', distance_m: 0 })
    for (const x of near.body) expect(x.distance_m).toBeLessThanOrEqual(300)
    // depot D1 is about 260 m east of the fire station; D2 more than 1 km
    const ids = near.body.map((x: { id: string }) => x.id)
    expect(ids).toContain('ER-DEPOT-D1')
    expect(ids).not.toContain('ER-DEPOT-D2')
    const made = await e01.post('/api/v1/emergency/resources', {
      kind: 'supply',
      name: '正压式空气呼吸器',
      position: [lon, lat],
      props: { supply_type: '正压式空气呼吸器', quantity: 6, unit: '套' },
    })
    expect(made.status).toBe(201)
    expect(made.body.enterprise_id).toBe('E01')
    expect((await e01.post('/api/v1/emergency/resources', { kind: 'team', name: 'x' })).status).toBe(400)
  })
})
