// 安全基础管理 on PostgreSQL/PostGIS: the demo seed (idempotent), row-level security (an enterprise sees only its own
// records, also on a pool of one connection), the screen role reads only, licence statuses, the overlap-conflict
// warnings of start-up / overhaul records, contractors and their entry approvals, the park's basic information,
// and bad input (400, nothing changed, no audit row).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCreditCode } from '../../../../geodata/lib/credit-code'
import { createRng } from '../../../../geodata/lib/prng'
import { parkDay } from '../../../../server/contracts/safety-basics'
import { Db, systemScope } from '../../../../server/platform/db/db'
import { seedSafetyBasicsDemo } from '../../../../server/modules/safety-basics/basics.seed'
import type { ApiClient } from '../../../helpers/http'
import { startBasicsStack, type BasicsStack } from './stack'

/** the park day n days from today (the service counts days in China Standard Time) */
const day = (n: number) =>
  new Date(Date.parse(`${parkDay(Date.now())}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
const at = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString()
const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort()

describe('safety basics API (PostgreSQL)', () => {
  let s: BasicsStack
  let e01: ApiClient
  let e03: ApiClient
  let screen: ApiClient
  let operator: ApiClient
  const count = async (table: string, where = 'true') =>
    (
      await s.db.query<{ n: number }>(systemScope, `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)
    )[0]!.n
  const audits = (action: string) => count('audit_log', `action = '${action}'`)

  beforeAll(async () => {
    s = await startBasicsStack('cpt_safety_basics')
    await s.db.owner((q) => seedSafetyBasicsDemo(q))
    e01 = await s.client('e01', 'enterprise_user', 'E01')
    e03 = await s.client('e03', 'enterprise_user', 'E03')
    screen = await s.client('wall', 'screen')
    operator = await s.client('op', 'operator')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('seeds every enterprise once: a profile, 2–4 licences, records and 15 contractors', async () => {
    const tables = [
      'enterprise_profiles',
      'licences',
      'operations_records',
      'contractors',
      'contractor_people',
    ]
    const before = await Promise.all(tables.map((t) => count(t)))
    expect(before[0]).toBe(26)
    expect(before[3]).toBe(15)
    expect(await s.db.owner((q) => seedSafetyBasicsDemo(q))).toBe(0)
    expect(await Promise.all(tables.map((t) => count(t)))).toEqual(before)
    const per = await s.db.query<{ n: number }>(
      systemScope,
      `SELECT count(l.id)::int AS n FROM enterprises e LEFT JOIN licences l ON l.enterprise_id = e.id GROUP BY e.id`,
    )
    expect(per).toHaveLength(26)
    for (const p of per) {
      expect(p.n).toBeGreaterThanOrEqual(2)
      expect(p.n).toBeLessThanOrEqual(4)
    }
  })

  it('computes licence status against the warning window; due=true lists expiring and expired', async () => {
    const r = await s.admin.get('/api/v1/licences?due=true')
    expect(r.status).toBe(200)
    const status = Object.fromEntries(r.body.map((l: { id: string; status: string }) => [l.id, l.status]))
    expect(status).toEqual({
      'LIC-E05-safety_production': 'expiring',
      'LIC-E12-pollutant_discharge': 'expiring',
      'LIC-E13-hazchem_registration': 'expiring',
      'LIC-E22-safety_production': 'expiring',
      'LIC-E16-hazchem_registration': 'expired',
      'LIC-E24-hazchem_operation': 'expired',
    })
    const expired = r.body.find((l: { id: string }) => l.id === 'LIC-E24-hazchem_operation')
    expect(expired.days_left).toBe(-35)
    expect((await s.admin.get('/api/v1/licences?status=expired')).body).toHaveLength(2)
  })

  it('lets an enterprise see and write only its own records; the screen reads only', async () => {
    const lic = await e01.get('/api/v1/licences')
    expect(new Set(lic.body.map((l: { enterprise_id: string }) => l.enterprise_id))).toEqual(new Set(['E01']))
    expect((await e01.get('/api/v1/licences/LIC-E03-safety_production')).status).toBe(404)
    expect((await e01.get('/api/v1/enterprises/E03/profile')).status).toBe(404)
    const ctr = await e01.get('/api/v1/contractors')
    expect(ids(ctr.body)).toEqual(['CTR-01', 'CTR-02'])
    expect((await e01.get('/api/v1/contractors/CTR-03')).status).toBe(404)
    const ops = await e03.get('/api/v1/operations-records')
    expect(new Set(ops.body.map((o: { enterprise_id: string }) => o.enterprise_id))).toEqual(new Set(['E03']))
    // writing for another enterprise is refused, and nothing changes
    const before = await count('licences')
    const foreign = await e01.call('POST', '/api/v1/licences', {
      enterprise_id: 'E03',
      kind: 'other',
      title: '测试',
      number: 'X-1',
      issuer: 'x',
      scope: 'x',
      valid_from: day(-10),
      valid_to: day(300),
    })
    expect(foreign.status).toBe(403)
    expect(
      (await e01.call('PATCH', '/api/v1/licences/LIC-E03-safety_production', { note: 'x' })).status,
    ).toBe(404)
    expect(await count('licences')).toBe(before)
    // park accounts see all; the screen reads but never writes
    expect((await operator.get('/api/v1/contractors')).body).toHaveLength(15)
    expect((await screen.get('/api/v1/licences')).body.length).toBe(before)
    const denied = await screen.call('PATCH', '/api/v1/licences/LIC-E01-safety_production', { note: 'x' })
    expect(denied.status).toBe(403)
    expect(
      (await operator.call('PATCH', '/api/v1/licences/LIC-E01-safety_production', { note: 'x' })).status,
    ).toBe(403)
  })

  it('keeps the enterprise scope in the database, on a pool of one connection', async () => {
    const single = new Db(s.db.pool.options.connectionString!, 'postgres', 1)
    try {
      const all = await single.tx(
        systemScope,
        async (q) => (await q.query('SELECT id FROM licences')).rows.length,
      )
      expect(all).toBe(await count('licences'))
      // the same connection, next transaction, enterprise scope: its own rows only, in every table
      for (const table of [
        'licences',
        'enterprise_profiles',
        'operations_records',
        'contractors',
        'contractor_people',
      ])
        expect(
          await single.tx({ scope: 'enterprise', enterpriseId: 'E01' }, async (q) => [
            ...new Set(
              (await q.query(`SELECT enterprise_id FROM ${table}`)).rows.map((r) => r.enterprise_id),
            ),
          ]),
        ).toEqual(['E01'])
      // and the RLS denies a write for another enterprise even when the service is bypassed
      await expect(
        single.tx({ scope: 'enterprise', enterpriseId: 'E01' }, (q) =>
          q.query(`UPDATE licences SET note = 'x' WHERE enterprise_id = 'E03' RETURNING id`),
        ),
      ).resolves.toMatchObject({ rowCount: 0 })
      await expect(
        single.tx({ scope: 'enterprise', enterpriseId: 'E01' }, (q) =>
          q.query(
            `INSERT INTO contractors (enterprise_id, name, service_scope) VALUES ('E03', 'sneaky', 'x') RETURNING id`,
          ),
        ),
      ).rejects.toThrow(/row-level security/)
      // with no scope set, the next transaction on that connection sees nothing
      const c = await single.pool.connect()
      try {
        await c.query('BEGIN')
        await c.query('SET LOCAL ROLE chempark_app')
        const r = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM licences`)
        expect(r.rows[0]!.n).toBe(0)
      } finally {
        await c.query('ROLLBACK')
        c.release()
      }
    } finally {
      await single.close()
    }
  })

  it('warns about overlaps: same unit of one enterprise, and more overhauls at once than the park allows', async () => {
    const r = await s.admin.get('/api/v1/operations-records?conflicts=true')
    expect(r.status).toBe(200)
    const warned = Object.fromEntries(
      r.body.map((o: { id: string; warnings: { kind: string }[] }) => [o.id, o.warnings.map((w) => w.kind)]),
    )
    expect(warned['OPR-E01-OH']).toEqual(['unit_overlap'])
    expect(warned['OPR-E01-SU']).toEqual(['unit_overlap'])
    for (const id of ['OPR-E02-OH', 'OPR-E03-OH', 'OPR-E04-OH', 'OPR-E11-OH'])
      expect(warned[id]).toEqual(['park_limit'])
    expect(warned['OPR-E20-OH']).toBeUndefined()
    const e03oh = r.body.find((o: { id: string }) => o.id === 'OPR-E03-OH')
    expect(e03oh.warnings[0]).toMatchObject({ peak: 4, limit: 3 })

    // an enterprise creating an overlapping record gets the warnings back with it (not a refusal), and sees the
    // park's peak without seeing the other enterprises' records
    const body = {
      kind: 'overhaul',
      unit: ' 1#合成氨装置 ',
      planned_start: at(33),
      planned_end: at(36),
      responsible_person: '周国平',
      safety_measures: ['停车置换分析合格', '加盲板隔离'],
    }
    const created = await e03.post('/api/v1/operations-records', body)
    expect(created.status).toBe(201)
    expect(created.body.enterprise_id).toBe('E03')
    expect(created.body.warnings).toEqual([
      expect.objectContaining({ kind: 'unit_overlap', with_id: 'OPR-E03-OH' }),
      expect.objectContaining({ kind: 'park_limit', peak: 5, limit: 3 }),
    ])
    expect(await audits('operation_record.create')).toBe(1)
    // the park raises its limit: the park-wide warnings go, the unit overlap stays
    expect((await e01.call('PATCH', '/api/v1/park/basics/settings', { park_overhaul_limit: 5 })).status).toBe(
      403,
    )
    expect(
      (await s.admin.call('PATCH', '/api/v1/park/basics/settings', { park_overhaul_limit: 5 })).status,
    ).toBe(200)
    const again = await e03.get(`/api/v1/operations-records/${created.body.id}`)
    expect(again.body.warnings.map((w: { kind: string }) => w.kind)).toEqual(['unit_overlap'])
    // cancelling it clears its warnings; a cancelled record cannot be restarted
    const cancelled = await e03.call('PATCH', `/api/v1/operations-records/${created.body.id}`, {
      status: 'cancelled',
    })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.warnings).toEqual([])
    const back = await e03.call('PATCH', `/api/v1/operations-records/${created.body.id}`, {
      status: 'planned',
    })
    expect(back.status).toBe(409)
    await s.admin.call('PATCH', '/api/v1/park/basics/settings', { park_overhaul_limit: 3 })
  })

  it('moves a record through its statuses, filling the actual times', async () => {
    const started = await e01.call('PATCH', '/api/v1/operations-records/OPR-E01-OH', { status: 'completed' })
    expect(started.status).toBe(200)
    expect(started.body.actual_end).not.toBeNull()
    expect(started.body.warnings).toEqual([])
    const peer = await e01.get('/api/v1/operations-records/OPR-E01-SU')
    expect(peer.body.warnings).toEqual([])
  })

  it('updates an enterprise record: profile, credit code, processes; the risk grade is the park’s', async () => {
    const code = makeCreditCode(createRng('basics-api-test'))
    const profile = {
      legal_representative: '王建国',
      main_responsible: '李明华',
      main_responsible_phone: '13800001111',
      safety_director: '张卫东',
      safety_director_phone: '0513-87650000',
      safety_staff_count: 12,
      safety_engineers: [
        { name: '陈静', certificate_no: '0320001', expires_on: day(500), specialty: '化工安全' },
      ],
      employees: 860,
      established_on: '2006-05-18',
      address: '江苏省如皋市江海化工园区江海大道1号',
      standardization_grade: '2',
      credit_code: code,
      processes: ['电解(氯碱)', '氯化', '聚合', '氧化'],
    }
    const r = await e01.call('PUT', '/api/v1/enterprises/E01/profile', profile)
    expect(r.status).toBe(200)
    expect(r.body.enterprise).toMatchObject({ credit_code: code, processes: profile.processes, risk: 'red' })
    expect(r.body.profile).toMatchObject({
      safety_staff_count: 12,
      safety_engineers: profile.safety_engineers,
    })
    expect(r.body.licences.length).toBeGreaterThanOrEqual(2)
    expect(r.body.contractor_count).toBe(2)
    expect(await audits('enterprise_profile.update')).toBe(1)
    expect(
      (await e01.call('PUT', '/api/v1/enterprises/E01/profile', { ...profile, risk: 'blue' })).status,
    ).toBe(403)
    // another enterprise's record does not exist for it (RLS)
    expect((await e01.call('PUT', '/api/v1/enterprises/E03/profile', profile)).status).toBe(404)
    // another enterprise's credit code is a conflict
    const e02 = (await s.admin.get('/api/v1/enterprises/E02/profile')).body.enterprise.credit_code
    const taken = await s.admin.call('PUT', '/api/v1/enterprises/E01/profile', {
      ...profile,
      credit_code: e02,
    })
    expect(taken.status).toBe(409)
    expect(await audits('enterprise_profile.update')).toBe(1)
    const park = await s.admin.call('PUT', '/api/v1/enterprises/E01/profile', { ...profile, risk: 'orange' })
    expect(park.body.enterprise.risk).toBe('orange')
  })

  it.each([
    ['credit code with a wrong check character', { credit_code: '91320682MA1XXXXXX0' }, 'credit_code'],
    ['a process outside the 18', { processes: ['蒸馏'] }, 'processes.0'],
    ['a process twice', { processes: ['氯化', '氯化'] }, 'processes'],
    ['more safety staff than employees', { safety_staff_count: 20, employees: 10 }, 'safety_staff_count'],
    [
      'an engineer certificate twice',
      { safety_engineers: [1, 2].map(() => ({ name: 'a', certificate_no: 'C1', expires_on: day(9) })) },
      'safety_engineers',
    ],
    ['a bad phone', { main_responsible_phone: 'call me' }, 'main_responsible_phone'],
    ['an unknown field', { ceo: 'x' }, undefined],
  ])('refuses a profile with %s (400, nothing changed)', async (_, patch, field) => {
    const before = await s.db.query(
      systemScope,
      `SELECT * FROM enterprises e JOIN enterprise_profiles p ON p.enterprise_id = e.id WHERE e.id = 'E03'`,
    )
    const r = await e03.call('PUT', '/api/v1/enterprises/E03/profile', { safety_staff_count: 5, ...patch })
    expect(r.status).toBe(400)
    expect(r.body.error.id).toBe('validation')
    if (field) expect(r.body.error.field).toBe(field)
    expect(
      await s.db.query(
        systemScope,
        `SELECT * FROM enterprises e JOIN enterprise_profiles p ON p.enterprise_id = e.id WHERE e.id = 'E03'`,
      ),
    ).toEqual(before)
  })

  it('creates, renews and cancels licences; refuses inconsistent ones', async () => {
    const body = {
      kind: 'hazchem_operation',
      number: '苏通危化经字[2026]09999',
      issuer: '南通市应急管理局',
      scope: '带储存设施经营：液氯',
      valid_from: day(-30),
      valid_to: day(60),
    }
    const c = await e01.post('/api/v1/licences', body)
    expect(c.status).toBe(201)
    expect(c.body).toMatchObject({ enterprise_id: 'E01', status: 'expiring', days_left: 60 })
    expect((await e01.post('/api/v1/licences', body)).status).toBe(409)
    const renewed = await e01.call('PATCH', `/api/v1/licences/${c.body.id}`, {
      valid_from: day(0),
      valid_to: day(1000),
    })
    expect(renewed.body.status).toBe('valid')
    const cancelled = await e01.call('PATCH', `/api/v1/licences/${c.body.id}`, { cancelled: true })
    expect(cancelled.body.status).toBe('cancelled')
    expect(await audits('licence.create')).toBe(1)
    expect(await audits('licence.update')).toBe(2)

    const before = await count('licences')
    for (const bad of [
      { ...body, number: 'N2', valid_to: day(-40) },
      { ...body, number: 'N3', kind: 'safety_production', valid_from: day(0), valid_to: day(4 * 366) },
      { ...body, number: 'N4', kind: 'permit' },
      { ...body, number: 'N5', valid_to: '2026-02-30' },
      { ...body, number: 'N6', kind: 'other' },
      { ...body, number: '' },
      { ...body, number: 'N7', issuer: undefined },
    ]) {
      const r = await e01.post('/api/v1/licences', bad)
      expect(r.status, JSON.stringify(bad)).toBe(400)
    }
    // a park account must say whose licence it is
    expect((await s.admin.post('/api/v1/licences', { ...body, number: 'N8' })).status).toBe(400)
    expect(
      (await s.admin.post('/api/v1/licences', { ...body, number: 'N8', enterprise_id: 'E99' })).status,
    ).toBe(400)
    expect((await s.admin.get('/api/v1/licences?status=nope')).status).toBe(400)
    expect(await count('licences')).toBe(before)
    expect(await audits('licence.create')).toBe(1)
  })

  it('refuses inconsistent operation records (400, nothing written)', async () => {
    const good = {
      kind: 'startup',
      unit: '电解车间',
      planned_start: at(5),
      planned_end: at(6),
      responsible_person: '王建国',
      safety_measures: ['开车前安全检查'],
    }
    const before = await count('operations_records')
    for (const bad of [
      { ...good, planned_end: at(4) },
      { ...good, planned_end: at(200) },
      { ...good, safety_measures: [] },
      { ...good, kind: 'restart' },
      { ...good, planned_start: '2026-13-01T00:00:00Z' },
      { ...good, asset_id: 'B-E03-04' },
      { ...good, asset_id: 'NOPE' },
    ]) {
      const r = await e01.post('/api/v1/operations-records', bad)
      expect(r.status, JSON.stringify(bad)).toBe(400)
    }
    expect(
      (await e01.get('/api/v1/operations-records?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')).status,
    ).toBe(400)
    expect(await count('operations_records')).toBe(before)
    const ok = await e01.post('/api/v1/operations-records', { ...good, asset_id: 'B-E01-04' })
    expect(ok.status).toBe(201)
  })

  it('runs the contractor workflow: people, entry approval, blacklist', async () => {
    const c = await e01.post('/api/v1/contractors', {
      name: '南通测试检修有限公司',
      credit_code: makeCreditCode(createRng('contractor-test')),
      service_scope: '设备检修',
      qualifications: [{ name: '建筑施工安全生产许可证', number: 'JZ-1', expires_on: day(400) }],
    })
    expect(c.status).toBe(201)
    const id = c.body.id
    const p1 = await e01.post(`/api/v1/contractors/${id}/people`, {
      name: '赵磊',
      job: '焊工',
      trained_on: day(-10),
      training_valid_to: day(355),
      certificate_no: 'T001',
      certificate_expires: day(600),
    })
    expect(p1.status).toBe(201)
    const p2 = await e01.post(`/api/v1/contractors/${id}/people`, {
      name: '孙勇',
      trained_on: day(-400),
      training_valid_to: day(-35),
    })
    const [good, lapsed] = [
      p1.body.people.find((p: { name: string }) => p.name === '赵磊'),
      p2.body.people.find((p: { name: string }) => p.name === '孙勇'),
    ]
    expect(good.trained).toBe(true)
    expect(lapsed.trained).toBe(false)
    // a person with lapsed training cannot be brought in
    const refused = await e01.post(`/api/v1/contractors/${id}/entries`, {
      work: '更换阀门',
      valid_from: day(0),
      valid_to: day(3),
      person_ids: [good.id, lapsed.id],
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.field).toBe('person_ids.1')
    expect(await count('contractor_entries', `contractor_id = '${id}'`)).toBe(0)
    const req = await e01.post(`/api/v1/contractors/${id}/entries`, {
      work: '更换阀门',
      area: '电解车间',
      valid_from: day(0),
      valid_to: day(3),
      person_ids: [good.id],
    })
    expect(req.status).toBe(201)
    const entry = req.body.entries[0]
    expect(entry.status).toBe('requested')
    // blacklisted meanwhile: the approval is refused
    expect((await e01.call('PUT', `/api/v1/contractors/${id}/blacklist`, { reason: '' })).status).toBe(400)
    const bl = await e01.call('PUT', `/api/v1/contractors/${id}/blacklist`, {
      reason: '受限空间作业未检测气体',
    })
    expect(bl.body).toMatchObject({ blacklisted: true, blacklist_reason: '受限空间作业未检测气体' })
    const approve = await e01.call('PATCH', `/api/v1/contractors/${id}/entries/${entry.id}`, {
      status: 'approved',
    })
    expect(approve.status).toBe(409)
    expect(approve.body.error.id).toBe('contractor.blacklisted')
    expect((await e01.call('DELETE', `/api/v1/contractors/${id}/blacklist`)).body.blacklisted).toBe(false)
    const ok = await e01.call('PATCH', `/api/v1/contractors/${id}/entries/${entry.id}`, {
      status: 'approved',
    })
    expect(ok.status).toBe(200)
    expect(ok.body.entries[0]).toMatchObject({ status: 'approved', decided_by: 'e01' })
    expect(
      (await e01.call('PATCH', `/api/v1/contractors/${id}/entries/${entry.id}`, { status: 'rejected' }))
        .status,
    ).toBe(409)
    // the seeded blacklisted contractor and the one with an expired qualification
    const blacklisted = await s.admin.get('/api/v1/contractors?blacklisted=true')
    expect(ids(blacklisted.body)).toEqual(['CTR-07'])
    const ctr08 = (await s.admin.get('/api/v1/contractors/CTR-08')).body
    expect(ctr08.expired_qualifications).toBe(1)
    for (const a of [
      'contractor.create',
      'contractor.person_add',
      'contractor.entry_request',
      'contractor.blacklist',
      'contractor.unblacklist',
      'contractor.entry_decide',
    ])
      expect(await audits(a), a).toBeGreaterThan(0)
    // bad input: a bad credit code, an unknown enterprise, a certificate without expiry
    const n = await count('contractors')
    expect(
      (await e01.post('/api/v1/contractors', { name: 'x', service_scope: 'x', credit_code: '123' })).status,
    ).toBe(400)
    expect(
      (await s.admin.post('/api/v1/contractors', { name: 'x', service_scope: 'x', enterprise_id: 'E99' }))
        .status,
    ).toBe(400)
    expect(
      (await e01.post(`/api/v1/contractors/${id}/people`, { name: 'x', certificate_no: 'T2' })).status,
    ).toBe(400)
    expect(await count('contractors')).toBe(n)
  })

  it('answers the park basics: area on the geography, enterprises by risk, chemicals, processes', async () => {
    const r = await s.admin.get('/api/v1/park/basics')
    expect(r.status).toBe(200)
    const [area] = await s.db.query<{ km2: number }>(
      systemScope,
      `SELECT ST_Area(geom::geography) / 1e6 AS km2 FROM parks`,
    )
    expect(r.body.area_km2).toBeCloseTo(area!.km2, 1)
    expect(r.body.area_ha).toBeCloseTo(area!.km2 * 100, 0)
    expect(r.body.enterprise_count).toBe(26)
    expect(Object.values(r.body.enterprises_by_risk as Record<string, number>).reduce((a, b) => a + b)).toBe(
      26,
    )
    const chlorine = r.body.chemicals.find((c: { chemical: string }) => c.chemical === '氯')
    expect(chlorine.tanks).toBeGreaterThan(0)
    const [tanks] = await s.db.query<{ n: number }>(
      systemScope,
      `SELECT count(*)::int AS n FROM assets WHERE kind = 'tank'`,
    )
    expect(r.body.chemicals.reduce((a: number, c: { tanks: number }) => a + c.tanks, 0)).toBe(tanks!.n)
    const [poly] = await s.db.query<{ n: number }>(
      systemScope,
      `SELECT count(*)::int AS n FROM enterprises WHERE '聚合' = ANY(processes)`,
    )
    expect(r.body.processes.find((p: { process: string }) => p.process === '聚合').enterprises).toBe(poly!.n)
    expect(r.body.licences.expired).toBe(2)
    expect(r.body.enterprises.find((e: { id: string }) => e.id === 'E24').licences_due).toBe(1)
    // an enterprise account sees its own part
    const mine = await e03.get('/api/v1/park/basics')
    expect(mine.body.enterprise_count).toBe(1)
    expect(mine.body.area_km2).toBe(r.body.area_km2)
  })
})
