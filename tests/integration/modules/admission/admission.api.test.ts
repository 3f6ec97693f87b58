// Admission assessment on PostgreSQL/PostGIS: the demo seed (each verdict), a site outside the park refused with the
// reason, a 50 t chlorine project screened as a major hazard by the hazards module's grading, bad input (400,
// nothing changed), tenancy (an enterprise reads only its own projects), the park's decisions and re-assessment
// after the catalogue, the settings or a zone's planned use change, and the escaped printable report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedAdmissionDemo } from '../../../../server/modules/admission/admission.seed'
import { systemScope } from '../../../../server/platform/db/db'
import type { ApiClient } from '../../../helpers/http'
import { startAdmissionStack, type AdmissionStack } from './stack'

interface Item {
  key: string
  outcome: string
  reasons: { zh: string; en: string }[]
  data: Record<string, unknown>
  decision: { outcome: string; note: string; by: string } | null
}
const item = (body: { items: Item[] }, key: string) => body.items.find((i) => i.key === key)!

describe('admission assessment API (PostgreSQL)', () => {
  let s: AdmissionStack
  let e01: ApiClient
  let e03: ApiClient
  let operator: ApiClient
  let centre: [number, number]
  const count = async (table: string) =>
    (await s.db.query<{ n: number }>(systemScope, `SELECT count(*)::int AS n FROM ${table}`))[0]!.n
  const audits = async (action: string) =>
    (
      await s.db.query<{ n: number }>(
        systemScope,
        'SELECT count(*)::int AS n FROM audit_log WHERE action = $1',
        [action],
      )
    )[0]!.n
  const base = () => ({
    kind: 'enterprise',
    name: '测试项目',
    applicant: '测试化工有限公司',
    industry: '精细化工',
    products: [{ name: '乙酸乙酯', q_t: 10 }],
    processes: [] as string[],
    location: { type: 'Point', coordinates: centre },
  })

  beforeAll(async () => {
    s = await startAdmissionStack('cpt_admission')
    e01 = await s.client('e01', 'enterprise_user', 'E01')
    e03 = await s.client('e03', 'enterprise_user', 'E03')
    operator = await s.client('op', 'operator')
    const [c] = await s.db.query<{ x: number; y: number }>(
      systemScope,
      `SELECT ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM enterprises WHERE id = 'E01'`,
    )
    centre = [c!.x, c!.y]
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('seeds planned uses and four demo applications once, one of each verdict kind', async () => {
    const first = await s.db.owner((q) => seedAdmissionDemo(q))
    expect(first).toBeGreaterThan(4)
    expect(await s.db.owner((q) => seedAdmissionDemo(q))).toBe(0)
    expect(await count('admission_applications')).toBe(4)
    expect(await count('admission_assessments')).toBe(4)
    const [z47] = await s.db.query<{ planned_use: string }>(
      systemScope,
      `SELECT planned_use FROM zones WHERE id = 'Z47'`,
    )
    expect(z47!.planned_use).toBe('chemical')
    const list = await s.admin.get('/api/v1/admissions')
    expect(list.status).toBe(200)
    const verdicts = Object.fromEntries(
      list.body.map((a: { id: string; verdict: string }) => [a.id, a.verdict]),
    )
    expect(verdicts).toMatchObject({
      'ADM-DEMO-OUTSIDE': 'refuse',
      'ADM-DEMO-MERCURY': 'refuse',
      'ADM-DEMO-CHLORINE': 'conditional',
      'ADM-DEMO-SOLVENT': 'pass',
    })
    const mercury = (await s.admin.get('/api/v1/admissions/ADM-DEMO-MERCURY')).body
    expect(item(mercury, 'industrial_policy').outcome).toBe('fail')
    expect(item(mercury, 'industrial_policy').reasons[0]!.zh).toContain('汞法烧碱')
    expect(item(mercury, 'industrial_policy').reasons[0]!.zh).toContain('示例条目')
    const solvent = (await s.admin.get('/api/v1/admissions/ADM-DEMO-SOLVENT')).body
    expect(item(solvent, 'planned_use').outcome).toBe('pass')
    expect(item(solvent, 'major_hazard').outcome).toBe('pass')
    expect(item(solvent, 'location_in_park').outcome).toBe('pass')
  })

  it('refuses a location outside the park, saying how far outside', async () => {
    const [north] = await s.db.query<{ x: number; y: number }>(
      systemScope,
      `SELECT ST_X(ST_Centroid(geom)) AS x, ST_YMax(geom) + 0.02 AS y FROM parks`,
    )
    const audit = await audits('admission.create')
    const r = await s.admin.post('/api/v1/admissions', {
      ...base(),
      name: '园区外选址项目',
      location: { type: 'Point', coordinates: [north!.x, north!.y] },
    })
    expect(r.status).toBe(201)
    expect(r.body.verdict).toBe('refuse')
    const loc = item(r.body, 'location_in_park')
    expect(loc.outcome).toBe('fail')
    expect(loc.reasons[0]!.zh).toMatch(/^选址位于园区边界外（距边界 \d+ m）$/)
    expect(loc.reasons[0]!.en).toMatch(/outside the park boundary/)
    // about 0.02° of latitude north of the northernmost point: more than 2 km
    expect(loc.data.distance_outside_m as number).toBeGreaterThan(2000)
    // no boundary distance for a site outside, no planned-use data there: a person checks
    expect(item(r.body, 'planned_use').outcome).toBe('manual')
    expect(r.body.outcomes.location_in_park).toBe('fail')
    expect(await audits('admission.create')).toBe(audit + 1)
    // the inputs are stored with the result
    const [row] = await s.db.query<{ inputs: { location: unknown }; verdict: string }>(
      systemScope,
      'SELECT inputs, verdict FROM admission_assessments WHERE application_id = $1',
      [r.body.id],
    )
    expect(row).toMatchObject({ verdict: 'refuse', inputs: { location: { type: 'Point' } } })
  })

  it('screens a 50 t chlorine project as a major hazard with the GB 18218 grading', async () => {
    const r = await s.admin.post('/api/v1/admissions', {
      ...base(),
      kind: 'project',
      enterprise_id: 'E01',
      name: '液氯储存扩建项目',
      products: [{ name: '氯', q_t: 50 }],
      processes: ['苯氯化'],
      exposed_people: 60,
    })
    expect(r.status).toBe(201)
    const mh = item(r.body, 'major_hazard')
    expect(mh.outcome).toBe('conditional')
    // S = 50/5 = 10; α(60 people) = 1.5, β(Cl2) = 4: R = 1.5 × 4 × 10 = 60 → 二级
    expect(mh.data.assessment).toMatchObject({ S: 10, R: 60, alpha: 1.5, grade: '二级', major: true })
    expect(mh.reasons[0]!.zh).toContain('构成二级重大危险源')
    expect(mh.reasons[0]!.en).toContain('major hazard source')
    const proc = item(r.body, 'supervised_process')
    expect(proc.outcome).toBe('conditional')
    expect(proc.reasons[0]!.zh).toContain('氯化')
    expect(r.body.verdict).not.toBe('pass')
    // a catalogue product that is not regulated and an unknown one
    const other = await s.admin.post('/api/v1/admissions', {
      ...base(),
      products: [{ name: '某专有助剂XY-7', q_t: 3 }],
    })
    expect(item(other.body, 'major_hazard').outcome).toBe('manual')
    expect(item(other.body, 'major_hazard').reasons[0]!.zh).toContain('某专有助剂XY-7')
  })

  it('refuses bad input with a 400 and changes nothing', async () => {
    const before = [await count('admission_applications'), await count('admission_assessments')]
    const audit = await audits('admission.create')
    const bad: [Record<string, unknown>, string][] = [
      [{ kind: 'project' }, 'enterprise_id'],
      [{ kind: 'project', enterprise_id: 'E99' }, 'enterprise_id'],
      [{ enterprise_id: 'E01' }, 'enterprise_id'],
      [{ products: [{ name: '甲苯', q_t: -1 }] }, 'products.0.q_t'],
      [{ location: { type: 'Point', coordinates: [200, 31] } }, 'location.coordinates.0'],
      [
        {
          location: {
            type: 'Polygon',
            coordinates: [
              [
                [120.95, 31.95],
                [120.951, 31.951],
                [120.951, 31.95],
                [120.95, 31.951],
                [120.95, 31.95],
              ],
            ],
          },
        },
        'location',
      ],
      [
        {
          location: {
            type: 'Polygon',
            coordinates: [
              [
                [120.95, 31.95],
                [120.951, 31.95],
                [120.951, 31.951],
                [120.95, 31.9511],
              ],
            ],
          },
        },
        'location',
      ],
      [{ processes: ['氯化', '氯化'] }, 'processes'],
      [{ name: '' }, 'name'],
      [{ colour: 'red' }, ''],
    ]
    for (const [patch, field] of bad) {
      const r = await s.admin.post('/api/v1/admissions', { ...base(), ...patch })
      expect(r.status, JSON.stringify(patch)).toBe(400)
      if (field) expect(r.body.error.field, JSON.stringify(patch)).toBe(field)
    }
    expect([await count('admission_applications'), await count('admission_assessments')]).toEqual(before)
    expect(await audits('admission.create')).toBe(audit)
  })

  it('lets an enterprise read its own projects only; only park admins write', async () => {
    const mine = await e01.get('/api/v1/admissions')
    expect(mine.status).toBe(200)
    expect(mine.body.length).toBeGreaterThan(0)
    expect(new Set(mine.body.map((a: { enterprise_id: string }) => a.enterprise_id))).toEqual(
      new Set(['E01']),
    )
    expect((await e01.get('/api/v1/admissions/ADM-DEMO-CHLORINE')).status).toBe(200)
    expect((await e03.get('/api/v1/admissions/ADM-DEMO-CHLORINE')).status).toBe(404)
    // a new enterprise's application is the park's business
    expect((await e01.get('/api/v1/admissions/ADM-DEMO-SOLVENT')).status).toBe(404)
    expect((await e01.get('/api/v1/admissions/ADM-DEMO-SOLVENT/report.html')).status).toBe(404)
    expect((await operator.get('/api/v1/admissions/ADM-DEMO-SOLVENT')).status).toBe(200)
    for (const c of [e01, operator]) {
      expect((await c.post('/api/v1/admissions', base())).status).toBe(403)
      expect((await c.post('/api/v1/admissions/ADM-DEMO-SOLVENT/assess')).status).toBe(403)
      expect((await c.call('PUT', '/api/v1/admissions/settings', { min_distance_m: 1 })).status).toBe(403)
    }
    const direct = await s.db
      .query({ scope: 'enterprise', enterpriseId: 'E03' }, 'SELECT id FROM admission_assessments')
      .then((rows) => rows.length)
    expect(direct).toBe(0)
  })

  it("records the park's decision on an item; the verdict follows; bad decisions change nothing", async () => {
    const outside = (await s.admin.get('/api/v1/admissions?verdict=refuse&q=园区外')).body[0]
    const id = outside.id as string
    const bad = await s.admin.post(`/api/v1/admissions/${id}/items/planned_use/decision`, { outcome: 'pass' })
    expect(bad.status).toBe(400)
    expect(
      (await s.admin.post(`/api/v1/admissions/${id}/items/nope/decision`, { outcome: 'pass', note: 'x' }))
        .status,
    ).toBe(404)
    expect(
      (
        await s.admin.post(`/api/v1/admissions/${id}/items/planned_use/decision`, {
          outcome: 'manual',
          note: 'x',
        })
      ).status,
    ).toBe(400)
    expect(await audits('admission.decide')).toBe(0)
    // the location failing keeps it refused whatever planned use is decided; overriding the location admits it
    const d1 = await s.admin.post(`/api/v1/admissions/${id}/items/planned_use/decision`, {
      outcome: 'pass',
      note: '对照总体规划：规划化工用地',
    })
    expect(d1.status).toBe(200)
    expect(d1.body.verdict).toBe('refuse')
    expect(item(d1.body, 'planned_use').decision).toMatchObject({ outcome: 'pass', by: 'admin' })
    const d2 = await s.admin.post(`/api/v1/admissions/${id}/items/location_in_park/decision`, {
      outcome: 'conditional',
      note: '园区扩区规划已获批，待边界调整',
    })
    expect(d2.body.verdict).toBe('conditional')
    expect(d2.body.outcomes.location_in_park).toBe('conditional')
    expect(await audits('admission.decide')).toBe(2)
    expect(d2.body.history.map((h: { verdict: string }) => h.verdict)).toEqual([
      'conditional',
      'refuse',
      'refuse',
    ])
  })

  it('re-assesses after the settings, the catalogue or a planned use change, keeping decisions', async () => {
    const id = 'ADM-DEMO-SOLVENT'
    // a minimum distance no site in the park can keep
    const set = await s.admin.call('PUT', '/api/v1/admissions/settings', { min_distance_m: 5000 })
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({ min_distance_m: 5000, distance_is_placeholder: false })
    expect((await s.admin.call('PUT', '/api/v1/admissions/settings', { min_distance_m: -1 })).status).toBe(
      400,
    )
    expect(
      (
        await s.admin.call('PUT', '/api/v1/admissions/settings', {
          chemical_uses: ['reserved'],
          conditional_uses: ['reserved'],
        })
      ).status,
    ).toBe(400)
    let r = await s.admin.post(`/api/v1/admissions/${id}/assess`)
    expect(r.status).toBe(200)
    expect(item(r.body, 'safety_distance').outcome).toBe('fail')
    expect(item(r.body, 'safety_distance').reasons[0]!.zh).toMatch(/小于最小安全距离 5000 m/)
    expect(r.body.verdict).toBe('refuse')
    await s.admin.call('PUT', '/api/v1/admissions/settings', { min_distance_m: 1 })

    // the Phase II site becomes a green buffer
    const z = await s.admin.call('PUT', '/api/v1/admissions/zones/Z47/planned-use', {
      planned_use: 'green_buffer',
    })
    expect(z.status).toBe(200)
    expect(
      (await s.admin.call('PUT', '/api/v1/admissions/zones/Z47/planned-use', { planned_use: 'farm' })).status,
    ).toBe(400)
    expect(
      (await s.admin.call('PUT', '/api/v1/admissions/zones/NOPE/planned-use', { planned_use: null })).status,
    ).toBe(404)
    r = await s.admin.post(`/api/v1/admissions/${id}/assess`)
    expect(item(r.body, 'planned_use').outcome).toBe('fail')
    expect(item(r.body, 'planned_use').reasons[0]!.zh).toContain('绿化隔离带')
    await s.admin.call('PUT', '/api/v1/admissions/zones/Z47/planned-use', { planned_use: 'chemical' })

    // the park lists ethyl acetate storage as restricted: conditional; a decision on it survives re-assessment
    const entry = await s.admin.post('/api/v1/admissions/catalogue', {
      kind: 'product',
      name: '乙酸乙酯',
      level: 'restricted',
      basis: '园区负面清单第3条（测试）',
    })
    expect(entry.status).toBe(201)
    expect(entry.body.example).toBe(false)
    expect(
      (
        await s.admin.post('/api/v1/admissions/catalogue', {
          kind: 'product',
          name: '乙酸乙酯',
          level: 'eliminated',
          basis: 'x',
        })
      ).status,
    ).toBe(409)
    expect(
      (
        await e01.post('/api/v1/admissions/catalogue', {
          kind: 'product',
          name: 'x',
          level: 'eliminated',
          basis: 'x',
        })
      ).status,
    ).toBe(403)
    r = await s.admin.post(`/api/v1/admissions/${id}/assess`)
    expect(item(r.body, 'industrial_policy').outcome).toBe('conditional')
    expect(item(r.body, 'industrial_policy').reasons[0]!.zh).toContain('限制类')
    await s.admin.post(`/api/v1/admissions/${id}/items/industrial_policy/decision`, {
      outcome: 'pass',
      note: '现有装置改造',
    })
    r = await s.admin.post(`/api/v1/admissions/${id}/assess`)
    expect(item(r.body, 'industrial_policy')).toMatchObject({
      outcome: 'conditional',
      decision: { outcome: 'pass' },
    })
    expect((await s.admin.call('DELETE', `/api/v1/admissions/catalogue/${entry.body.id}`)).status).toBe(204)
    expect(await audits('admission.reassess')).toBe(4)
  })

  it('renders the printable report with every value escaped', async () => {
    const r = await s.admin.post('/api/v1/admissions', {
      ...base(),
      name: '<script>alert(1)</script>项目',
      applicant: 'A & B "化工" <b>公司</b>',
    })
    expect(r.status).toBe(201)
    const rep = await s.admin.get(`/api/v1/admissions/${r.body.id}/report.html`)
    expect(rep.status).toBe(200)
    expect(rep.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/)
    const html = rep.body as string
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;项目')
    expect(html).toContain('A &amp; B &quot;化工&quot; &lt;b&gt;公司&lt;/b&gt;')
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<b>公司')
    expect(html).toContain('建设项目准入评估报告')
    expect(html).toContain('检查清单')
    expect((await s.admin.get('/api/v1/admissions/ADM-NOPE/report.html')).status).toBe(404)
  })
})
