// Hidden dangers (隐患排查治理) on PostgreSQL/PostGIS: the demo records (idempotent), the full closed loop through
// the API with a history row and an audit row per step, who may take which step (403) and illegal steps (409 with
// a clear id, nothing changed), the 重大 path (governance plan, 挂牌督办, regulator's approval), row-level
// security on a pool of one connection, statistics, photos (magic bytes, limits) and bad input (400).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { seedRiskDemo } from '../../../../server/modules/risk/risk.seed'
import { seedHiddenDangersDemo } from '../../../../server/modules/hidden-dangers/hd.seed'
import { parkDay } from '../../../../server/contracts/emergency-plans'
import type { HdStats, HiddenDanger } from '../../../../server/contracts/hidden-dangers'
import type { ApiClient } from '../../../helpers/http'
import { startDualStack, type DualStack } from '../risk/stack'

const dayFromToday = (n: number) => parkDay(Date.now() + n * 86_400_000)
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(
    '0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3f1e5e40000000049454e44ae426082',
    'hex',
  ),
])
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)])

describe('hidden dangers API (PostgreSQL)', () => {
  let s: DualStack
  let e03: ApiClient
  let e05: ApiClient
  let operator: ApiClient
  let screen: ApiClient
  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    (
      await s.db.query<{ n: number }>(
        systemScope,
        `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
        params,
      )
    )[0]!.n
  const audits = (action: string) => count('audit_log', 'action = $1', [action])
  const step = (c: ApiClient, id: string, body: object) =>
    c.post(`/api/v1/hidden-dangers/${id}/transitions`, body)
  /** the raw bytes as the body, the name in X-Filename (ApiClient sends JSON only) */
  const upload = async (c: ApiClient, id: string, stage: string, name: string, bytes: Buffer) => {
    const res = await fetch(new URL(`/api/v1/hidden-dangers/${id}/photos?stage=${stage}`, s.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'x-filename': encodeURIComponent(name),
        cookie: c.cookie!,
      },
      body: new Uint8Array(bytes),
    })
    return { status: res.status, body: await res.json() }
  }

  beforeAll(async () => {
    s = await startDualStack('cpt_hidden_dangers')
    await s.db.owner((q) => seedRiskDemo(q))
    e03 = await s.client('e03', 'enterprise_user', 'E03')
    e05 = await s.client('e05', 'enterprise_user', 'E05')
    operator = await s.client('op', 'operator')
    screen = await s.client('wall', 'screen')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('seeds 30 demo records in every state once, two 重大 listed with governance plans, five overdue', async () => {
    expect(await s.db.owner((q) => seedHiddenDangersDemo(q))).toBeGreaterThan(100)
    const before = [await count('hidden_dangers'), await count('hidden_danger_events')]
    expect(await s.db.owner((q) => seedHiddenDangersDemo(q))).toBe(0)
    expect([await count('hidden_dangers'), await count('hidden_danger_events')]).toEqual(before)
    const all = (await s.admin.get('/api/v1/hidden-dangers')).body as HiddenDanger[]
    expect(all).toHaveLength(30)
    const states = Object.fromEntries(
      ['found', 'ordered', 'rectifying', 'acceptance_requested', 'closed'].map((st) => [
        st,
        all.filter((h) => h.state === st).length,
      ]),
    )
    expect(states).toEqual({ found: 5, ordered: 6, rectifying: 6, acceptance_requested: 5, closed: 8 })
    const majors = (await s.admin.get('/api/v1/hidden-dangers?grade=major&listed=true'))
      .body as HiddenDanger[]
    expect(majors.map((h) => h.id).sort()).toEqual(['HD-DEMO-29', 'HD-DEMO-30'])
    const overdue = (await s.admin.get('/api/v1/hidden-dangers?overdue=true')).body as HiddenDanger[]
    expect(overdue.map((h) => h.id).sort()).toEqual([
      'HD-DEMO-07',
      'HD-DEMO-08',
      'HD-DEMO-17',
      'HD-DEMO-20',
      'HD-DEMO-30',
    ])
    // the list puts overdue first, 重大 first among them
    expect(all[0]!.id).toBe('HD-DEMO-30')
    const d = (await s.admin.get('/api/v1/hidden-dangers/HD-DEMO-29')).body
    expect(d.governance_plan).toMatchObject({ funds_wan_yuan: 185 })
    expect(d.events.map((e: { action: string }) => e.action)).toEqual([
      'report',
      'order',
      'plan',
      'supervise',
      'start',
    ])
    expect(d.lon).toBeGreaterThan(120)
    const sentBack = (await s.admin.get('/api/v1/hidden-dangers/HD-DEMO-08')).body
    expect(sentBack.sent_back_count).toBe(1)
    expect(sentBack.events.map((e: { action: string }) => e.action)).toContain('send_back')
  })

  it('runs the closed loop: report → order → start → request → send back → request → verify, each step recorded', async () => {
    const r = await e05.post('/api/v1/hidden-dangers', {
      title: '氯化车间压力表超期未检定',
      description: '2#氯化釜压力表检定有效期已过',
      location: '氯化车间',
      risk_point_id: 'RP-B-E05-05',
      grade: 'general',
      category: 'equipment',
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ enterprise_id: 'E05', state: 'found', source: 'self_check', actions: [] })
    expect(r.body.lon).toBeGreaterThan(120) // the risk point's place
    const id = r.body.id as string
    expect((await operator.get(`/api/v1/hidden-dangers/${id}`)).body.actions).toEqual(['order'])

    const deadline = dayFromToday(7)
    const ordered = await step(operator, id, {
      action: 'order',
      owner: '刘洋',
      deadline,
      requirement: '送检并更换',
    })
    expect(ordered.status).toBe(200)
    expect(ordered.body).toMatchObject({ state: 'ordered', owner: '刘洋', deadline, overdue: false })
    expect((await e05.get(`/api/v1/hidden-dangers/${id}`)).body.actions).toEqual(['start'])
    expect((await step(e05, id, { action: 'start' })).body.state).toBe('rectifying')
    const req = await step(e05, id, { action: 'request_acceptance', rectification: '已送检，更换合格压力表' })
    expect(req.body).toMatchObject({ state: 'acceptance_requested', rectification: '已送检，更换合格压力表' })
    expect((await operator.get(`/api/v1/hidden-dangers/${id}`)).body.actions).toEqual(['verify', 'send_back'])
    const back = await step(operator, id, { action: 'send_back', reason: '未提供检定证书' })
    expect(back.body).toMatchObject({ state: 'rectifying', sent_back_count: 1 })
    await step(e05, id, { action: 'request_acceptance', rectification: '补充检定证书' })
    const closed = await step(operator, id, { action: 'verify', note: '复查合格' })
    expect(closed.body).toMatchObject({ state: 'closed', closed_on_time: true, actions: [] })
    expect(
      closed.body.events.map((e: { action: string; to_state: string }) => `${e.action}>${e.to_state}`),
    ).toEqual([
      'report>found',
      'order>ordered',
      'start>rectifying',
      'request_acceptance>acceptance_requested',
      'send_back>rectifying',
      'request_acceptance>acceptance_requested',
      'verify>closed',
    ])
    expect(closed.body.events[4]).toMatchObject({
      actor: 'op',
      actor_role: 'operator',
      note: '未提供检定证书',
    })
    for (const [action, n] of [
      ['hidden_danger.report', 1],
      ['hidden_danger.order', 1],
      ['hidden_danger.start', 1],
      ['hidden_danger.request_acceptance', 2],
      ['hidden_danger.send_back', 1],
      ['hidden_danger.verify', 1],
    ] as const)
      expect(await audits(action), action).toBe(n)
  })

  it('refuses the wrong role (403) and illegal steps (409 with an id), changing nothing', async () => {
    const events = await count('hidden_danger_events')
    const found = 'HD-DEMO-01' // E01, found
    const ordered = 'HD-DEMO-21' // E19, ordered
    const cases: [ApiClient, string, object, number, string][] = [
      [operator, found, { action: 'verify' }, 409, 'hidden_danger.illegal_transition'],
      [operator, found, { action: 'start' }, 403, 'forbidden'],
      [
        operator,
        ordered,
        { action: 'order', owner: 'x', deadline: dayFromToday(3) },
        409,
        'hidden_danger.illegal_transition',
      ],
      [operator, found, { action: 'supervise', listing_ref: 'x' }, 409, 'hidden_danger.not_major'],
      [
        operator,
        'HD-DEMO-29',
        { action: 'supervise', listing_ref: 'x' },
        409,
        'hidden_danger.already_listed',
      ],
      [operator, 'HD-DEMO-04', { action: 'send_back', reason: 'x' }, 409, 'hidden_danger.illegal_transition'],
      [e05, 'HD-DEMO-08', { action: 'verify' }, 403, 'forbidden'],
      [e05, 'HD-DEMO-08', { action: 'send_back', reason: 'x' }, 403, 'forbidden'],
      [screen, found, { action: 'order', owner: 'x', deadline: dayFromToday(3) }, 403, 'forbidden.read_only'],
    ]
    for (const [c, id, body, status, errorId] of cases) {
      const r = await step(c, id, body)
      expect(r.status, `${id} ${JSON.stringify(body)}`).toBe(status)
      expect(r.body.error.id).toBe(errorId)
    }
    const msg = (await step(operator, found, { action: 'verify' })).body.error.message
    expect(msg).toBe('cannot verify a hidden danger that is found (not yet ordered)')
    expect(await count('hidden_danger_events')).toBe(events)
    expect((await s.admin.get(`/api/v1/hidden-dangers/${found}`)).body.state).toBe('found')
  })

  it('takes a 重大 one through its plan, 挂牌督办 and the regulator’s approval', async () => {
    const r = await s.admin.post('/api/v1/hidden-dangers', {
      enterprise_id: 'E03',
      title: '液氨罐区未设置紧急切断系统',
      grade: 'major',
      category: 'equipment',
      lon: 120.95,
      lat: 31.93,
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ source: 'park_inspection', actions: ['order', 'supervise', 'plan'] })
    const id = r.body.id as string
    await step(operator, id, { action: 'order', owner: '陈刚', deadline: dayFromToday(30) })
    const early = await step(e03, id, { action: 'start' })
    expect(early.status).toBe(409)
    expect(early.body.error.id).toBe('hidden_danger.governance_plan_required')
    const plan = {
      goal: '增设液氨储罐紧急切断系统',
      measures: '新增气动紧急切断阀并接入SIS',
      funds_wan_yuan: 90,
      people: '设备部 6 人',
      deadline: dayFromToday(28),
      safety_measures: '降低储存量，专人巡检',
      contingency: '执行液氨泄漏现场处置方案',
    }
    expect((await step(e03, id, { action: 'plan', governance_plan: plan })).body.governance_plan).toEqual(
      plan,
    )
    const listed = await step(operator, id, { action: 'supervise', listing_ref: '园安督〔2026〕31号' })
    expect(listed.body).toMatchObject({ listing_ref: '园安督〔2026〕31号', state: 'ordered' })
    expect(listed.body.listed_at).toBeTruthy()
    await step(e03, id, { action: 'start' })
    await step(e03, id, { action: 'request_acceptance', rectification: '紧急切断系统已投用' })
    const noApproval = await step(operator, id, { action: 'verify' })
    expect(noApproval.status).toBe(409)
    expect(noApproval.body.error.id).toBe('hidden_danger.regulator_approval_required')
    const approval = {
      application_ref: '瑞丰销号〔2026〕1号',
      applied_on: dayFromToday(0),
      regulator: '园区应急管理局',
      approval_ref: '园应急批〔2026〕9号',
      approved_on: dayFromToday(0),
    }
    const future = await step(operator, id, {
      action: 'verify',
      regulator_approval: { ...approval, approved_on: dayFromToday(2) },
    })
    expect(future.status).toBe(400)
    expect(future.body.error.field).toBe('regulator_approval.approved_on')
    const closed = await step(operator, id, { action: 'verify', regulator_approval: approval })
    expect(closed.status).toBe(200)
    expect(closed.body).toMatchObject({ state: 'closed', regulator_approval: approval })
  })

  it('keeps each enterprise to its own records on one shared connection; the park sees all', async () => {
    for (let i = 0; i < 3; i++) {
      const a = (await e03.get('/api/v1/hidden-dangers')).body as HiddenDanger[]
      const b = (await e05.get('/api/v1/hidden-dangers')).body as HiddenDanger[]
      expect(new Set(a.map((h) => h.enterprise_id))).toEqual(new Set(['E03']))
      expect(new Set(b.map((h) => h.enterprise_id))).toEqual(new Set(['E05']))
    }
    expect((await e03.get('/api/v1/hidden-dangers/HD-DEMO-01')).status).toBe(404)
    expect((await step(e03, 'HD-DEMO-02', { action: 'start' })).status).toBe(404)
    expect((await e03.get('/api/v1/hidden-dangers/HD-DEMO-05')).status).toBe(200)
    const mine = (await e03.get('/api/v1/hidden-dangers/stats')).body as HdStats
    expect(mine.enterprises.map((e) => e.enterprise_id)).toEqual(['E03'])
    // an enterprise reports for itself only
    expect(
      (await e03.post('/api/v1/hidden-dangers', { enterprise_id: 'E05', title: 'x', grade: 'general' }))
        .status,
    ).toBe(403)
    expect((await screen.get('/api/v1/hidden-dangers')).body.length).toBeGreaterThan(30)
  })

  it('counts open, closed and overdue by grade and the on-time closure rate per enterprise', async () => {
    const stats = (await s.admin.get('/api/v1/hidden-dangers/stats')).body as HdStats
    expect(stats.enterprises).toHaveLength(26)
    const all = (await s.admin.get('/api/v1/hidden-dangers')).body as HiddenDanger[]
    for (const e of stats.enterprises) {
      const mine = all.filter((h) => h.enterprise_id === e.enterprise_id)
      const n = (f: (h: HiddenDanger) => boolean) => mine.filter(f).length
      expect(e.open).toEqual({
        general: n((h) => h.state !== 'closed' && h.grade === 'general'),
        major: n((h) => h.state !== 'closed' && h.grade === 'major'),
      })
      expect(e.overdue.general + e.overdue.major).toBe(n((h) => h.overdue))
      const closed = n((h) => h.state === 'closed')
      expect(e.on_time_rate).toBe(closed ? n((h) => h.closed_on_time === true) / closed : null)
    }
    // E02: one 一般 closed on time, one open 一般, one open 重大 listed
    expect(stats.enterprises.find((e) => e.enterprise_id === 'E02')).toMatchObject({
      open: { general: 1, major: 1 },
      closed: { general: 1, major: 0 },
      listed: 1,
      on_time_rate: 1,
    })
    // E05: one seeded late closure and today's on-time one
    expect(stats.enterprises.find((e) => e.enterprise_id === 'E05')!.on_time_rate).toBe(0.5)
    expect(stats.total.overdue).toEqual({ general: 4, major: 1 })
  })

  it('stores a few photos per hidden danger, JPEG/PNG/WebP by their bytes only', async () => {
    const r = await e05.post('/api/v1/hidden-dangers', { title: '储罐区地面油污', grade: 'general' })
    const id = r.body.id as string
    const ok = await upload(e05, id, 'finding', '现场照片.png', png)
    expect(ok.status).toBe(201)
    expect(ok.body.photos).toEqual([
      expect.objectContaining({
        stage: 'finding',
        filename: '现场照片.png',
        content_type: 'image/png',
        size_bytes: png.length,
      }),
    ])
    const photoId = ok.body.photos[0].id
    const got = await fetch(new URL(`/api/v1/hidden-dangers/${id}/photos/${photoId}`, s.url), {
      headers: { cookie: e05.cookie! },
    })
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true)
    expect((await e03.get(`/api/v1/hidden-dangers/${id}/photos/${photoId}`)).status).toBe(404)

    const photos = await count('hidden_danger_photos')
    const mismatch = await upload(e05, id, 'finding', 'a.png', jpeg)
    expect(mismatch.status).toBe(400)
    expect(mismatch.body.error.message).toContain('does not match')
    expect((await upload(e05, id, 'finding', 'a.txt', Buffer.from('hello'))).status).toBe(400)
    expect((await upload(e05, id, 'finding', 'a.gif', Buffer.from('GIF89a......'))).status).toBe(400)
    const big = Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)])
    expect((await upload(e05, id, 'finding', 'big.png', big)).status).toBe(413)
    const wrongStage = await upload(e05, id, 'rectification', 'b.png', png)
    expect(wrongStage.status).toBe(409)
    expect(wrongStage.body.error.id).toBe('hidden_danger.photo_stage')
    expect((await upload(e05, id, 'before', 'b.png', png)).status).toBe(400)
    expect(await count('hidden_danger_photos')).toBe(photos)

    for (let i = 0; i < 5; i++) expect((await upload(e05, id, 'finding', `p${i}.jpg`, jpeg)).status).toBe(201)
    const full = await upload(e05, id, 'finding', 'p7.jpg', jpeg)
    expect(full.status).toBe(409)
    expect(full.body.error.id).toBe('hidden_danger.photo_limit')
    expect((await e05.get(`/api/v1/hidden-dangers/${id}`)).body).toMatchObject({
      photo_count: 6,
      photo_stages: [],
    })
    expect(await audits('hidden_danger.photo')).toBe(6)
  })

  it('rejects bad input with a clear 400 and changes nothing', async () => {
    const before = [await count('hidden_dangers'), await count('hidden_danger_events')]
    const reports: [object, string][] = [
      [{ title: '', grade: 'general' }, 'title'],
      [{ title: 'x', grade: 'serious' }, 'grade'],
      [{ title: 'x', grade: 'general', lon: 120.9 }, 'lon'],
      [{ title: 'x', grade: 'general', risk_point_id: 'RP-T-E01-01' }, 'risk_point_id'],
      [{ title: 'x', grade: 'general', state: 'closed' }, ''],
    ]
    for (const [body, field] of reports) {
      const r = await e05.post('/api/v1/hidden-dangers', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      if (field) expect(r.body.error.field).toBe(field)
    }
    const past = await step(operator, 'HD-DEMO-10', {
      action: 'order',
      owner: '刘洋',
      deadline: dayFromToday(-1),
    })
    expect(past.status).toBe(400)
    expect(past.body.error.field).toBe('deadline')
    const noOwner = await step(operator, 'HD-DEMO-10', { action: 'order', deadline: dayFromToday(3) })
    expect(noOwner.body.error.field).toBe('owner')
    expect((await step(operator, 'HD-DEMO-10', { action: 'close' })).status).toBe(400)
    expect(
      (await step(operator, 'HD-DEMO-10', { action: 'order', owner: 'x', deadline: '2026-02-30' })).status,
    ).toBe(400)
    expect((await s.admin.get('/api/v1/hidden-dangers?state=lost')).status).toBe(400)
    expect((await s.admin.get('/api/v1/hidden-dangers/NOPE')).status).toBe(404)
    expect([await count('hidden_dangers'), await count('hidden_danger_events')]).toEqual(before)
  })
})
