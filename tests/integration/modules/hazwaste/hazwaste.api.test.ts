// The hazardous-waste ledger (危废台账) over REST on PostgreSQL + PostGIS: the demo seed, tenant isolation,
// validation that changes nothing, manifests with reserved stock and ordered transitions, FIFO storage age.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { seedHazwasteDemo } from '../../../../server/modules/hazwaste/hazwaste.seed'
import { parkDay } from '../../../../server/modules/hazwaste/hazwaste.rules'
import type { ApiClient } from '../../../helpers/http'
import { startLedgerStack, type LedgerStack } from './stack'

const daysAgo = (n: number) => parkDay(Date.now() - n * 86_400_000)

describe('hazardous-waste ledger API', () => {
  let s: LedgerStack
  let e01: ApiClient
  let e02: ApiClient
  let op: ApiClient
  let wall: ApiClient
  const rows = async () =>
    (
      await s.db.query<{ n: number }>(
        systemScope,
        `SELECT (SELECT count(*) FROM hazwaste_streams) + (SELECT count(*) FROM hazwaste_facilities)
              + (SELECT count(*) FROM hazwaste_generations) + (SELECT count(*) FROM hazwaste_manifests)
              + (SELECT count(*) FROM audit_log WHERE action LIKE 'hazwaste.%') AS n`,
      )
    )[0]!.n

  beforeAll(async () => {
    s = await startLedgerStack('cpt_hazwaste_api')
    e01 = await s.client('e01', 'enterprise_user', 'E01')
    e02 = await s.client('e02', 'enterprise_user', 'E02')
    op = await s.client('op1', 'operator')
    wall = await s.client('wall', 'screen')
  })
  afterAll(async () => {
    await s?.stop()
  })

  describe('demo seed', () => {
    it('is idempotent and shows one enterprise near its limit and one batch near a year', async () => {
      const first = await s.db.owner((q) => seedHazwasteDemo(q))
      expect(first).toBe(5 + 3 + 8 + 2)
      expect(await s.db.owner((q) => seedHazwasteDemo(q))).toBe(0)

      const r = await s.admin.get('/api/v1/hazwaste/summary')
      expect(r.status).toBe(200)
      expect(r.body.day).toBe(parkDay(Date.now()))
      const by = Object.fromEntries(
        r.body.enterprises.map((e: { enterprise_id: string }) => [e.enterprise_id, e]),
      )
      expect(Object.keys(by)).toEqual(['E02', 'E05', 'E06'])
      // E02: 6.5 + 7.2 oil − 6.5 shipped (FIFO takes the 120-day batch) + 1.8 packaging
      expect(by.E02).toMatchObject({
        stock_t: 9,
        permitted_limit_t: 80,
        fill_pct: 11.3,
        over_limit: false,
        oldest_batch_day: daysAgo(60),
        oldest_batch_age_days: 60,
        storage_state: 'ok',
        open_manifests: 1,
      })
      const oil = by.E02.positions.find((p: { stream_id: string }) => p.stream_id === 'HWS-E02-08')
      expect(oil).toMatchObject({ generated_t: 13.7, shipped_t: 6.5, stock_t: 7.2, reserved_t: 5 })
      expect(by.E05).toMatchObject({ stock_t: 46.5, permitted_limit_t: 50, fill_pct: 93, over_limit: false })
      expect(by.E06).toMatchObject({ oldest_batch_age_days: 350, storage_state: 'near_1y' })
    })
  })

  describe('tenant isolation (RLS)', () => {
    it('an enterprise sees its own ledger only; park accounts and the screen see all', async () => {
      const mine = await e02.get('/api/v1/hazwaste/streams')
      expect(mine.status).toBe(200)
      expect(mine.body.map((x: { id: string }) => x.id)).toEqual(
        // ordered by waste code: 900-041-49 before 900-249-08
        ['HWS-E02-49', 'HWS-E02-08'],
      )
      expect((await e01.get('/api/v1/hazwaste/streams')).body).toEqual([])
      expect((await e01.get('/api/v1/hazwaste/summary')).body.enterprises).toEqual([])
      expect((await e01.get('/api/v1/hazwaste/manifests')).body).toEqual([])
      for (const c of [op, wall]) {
        const all = await c.get('/api/v1/hazwaste/facilities')
        expect(all.body.map((f: { id: string }) => f.id)).toEqual(['HWF-E02-1', 'HWF-E05-1', 'HWF-E06-1'])
      }
    })

    it("an enterprise cannot write into another's ledger, not even through a visible id", async () => {
      const before = await rows()
      const r = await e01.post('/api/v1/hazwaste/streams', {
        enterprise_id: 'E02',
        hw_category: 'HW08',
        waste_code: '900-214-08',
        name: '废机油',
        hazards: ['T', 'I'],
        form: 'liquid',
      })
      expect([r.status, r.body.error.id]).toEqual([403, 'forbidden'])
      const g = await e01.post('/api/v1/hazwaste/generations', {
        stream_id: 'HWS-E02-08',
        facility_id: 'HWF-E02-1',
        day: daysAgo(1),
        quantity_t: 1,
      })
      expect([g.status, g.body.error.field]).toEqual([400, 'stream_id'])
      expect(await rows()).toBe(before)
    })

    it('operators and the screen read but never write', async () => {
      const body = { name: '暂存间', permitted_limit_t: 10, enterprise_id: 'E01' }
      const o = await op.post('/api/v1/hazwaste/facilities', body)
      expect([o.status, o.body.error.id]).toEqual([403, 'forbidden'])
      const w = await wall.post('/api/v1/hazwaste/facilities', body)
      expect([w.status, w.body.error.id]).toEqual([403, 'forbidden.read_only'])
    })
  })

  it('two manifests racing for the same stock: one is created, the other refused (409)', async () => {
    const body = (no: string) => ({
      manifest_no: no,
      stream_id: 'HWS-E02-49',
      facility_id: 'HWF-E02-1',
      quantity_t: 1.8,
      receiver_name: '江苏清源环保科技有限公司',
      receiver_licence: 'JSYC0601OOD001-5',
      transporter: '江海危险品运输有限公司',
      planned_date: daysAgo(-1),
    })
    // hold the facility row so both requests are in flight together, then let them go
    const blocker = await s.db.pool.connect()
    await blocker.query('BEGIN')
    await blocker.query(`SELECT 1 FROM hazwaste_facilities WHERE id = 'HWF-E02-1' FOR UPDATE`)
    const pending = Promise.all([
      e02.post('/api/v1/hazwaste/manifests', body('3206002026300001')),
      e02.post('/api/v1/hazwaste/manifests', body('3206002026300002')),
    ])
    await new Promise((r) => setTimeout(r, 300))
    await blocker.query('COMMIT')
    blocker.release()
    const results = await pending
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    const created = results.find((r) => r.status === 201)!
    const c = await e02.post(`/api/v1/hazwaste/manifests/${created.body.id}/cancel`, { reason: 'test' })
    expect(c.status).toBe(200)
  })

  describe('an enterprise keeps its ledger', () => {
    let streamId: string
    let facilityId: string
    let manifestId: string

    it('registers a stream and a facility (audited)', async () => {
      const st = await e01.post('/api/v1/hazwaste/streams', {
        hw_category: 'HW34',
        waste_code: '900-300-34',
        name: '废酸',
        name_en: 'spent acid',
        hazards: ['C', 'T'],
        form: 'liquid',
      })
      expect(st.status).toBe(201)
      expect(st.body).toMatchObject({ enterprise_id: 'E01', hw_category: 'HW34', hazards: ['C', 'T'] })
      streamId = st.body.id
      const f = await e01.post('/api/v1/hazwaste/facilities', {
        name: '废酸储罐',
        kind: 'tank',
        permitted_limit_t: 20,
      })
      expect(f.status).toBe(201)
      expect(f.body).toMatchObject({ enterprise_id: 'E01', kind: 'tank', permitted_limit_t: 20 })
      facilityId = f.body.id
      const audit = await s.db.query(
        systemScope,
        `SELECT action, username, enterprise_id FROM audit_log WHERE action LIKE 'hazwaste.%' AND username = 'e01' ORDER BY id`,
      )
      expect(audit).toEqual([
        { action: 'hazwaste.stream.create', username: 'e01', enterprise_id: 'E01' },
        { action: 'hazwaste.facility.create', username: 'e01', enterprise_id: 'E01' },
      ])
    })

    it('records generation batches', async () => {
      for (const [day, t] of [
        [daysAgo(100), 4],
        [daysAgo(50), 3.5],
        [daysAgo(10), 2.25],
      ] as const) {
        const r = await e01.post('/api/v1/hazwaste/generations', {
          stream_id: streamId,
          facility_id: facilityId,
          day,
          quantity_t: t,
        })
        expect(r.status).toBe(201)
        expect(r.body).toMatchObject({ day, quantity_t: t, enterprise_id: 'E01' })
      }
      const list = await e01.get(`/api/v1/hazwaste/generations?stream=${streamId}`)
      expect(list.body.map((g: { quantity_t: number }) => g.quantity_t)).toEqual([2.25, 3.5, 4])
    })

    it.each([
      ['negative quantity', { quantity_t: -1 }, 'quantity_t'],
      ['zero quantity', { quantity_t: 0 }, 'quantity_t'],
      ['grams', { quantity_t: 1.0001 }, 'quantity_t'],
      ['quantity as text', { quantity_t: '2' }, 'quantity_t'],
      ['a day that does not exist', { day: '2026-02-30' }, 'day'],
      ['a future day', { day: parkDay(Date.now() + 3 * 86_400_000) }, 'day'],
      ['an unknown stream', { stream_id: 'nope' }, 'stream_id'],
      ['an unknown facility', { facility_id: 'HWF-E02-1' }, 'facility_id'],
      ['an unknown field', { colour: 'red' }, undefined],
    ])('refuses a generation record with %s (400, nothing stored)', async (_what, patch, field) => {
      const before = await rows()
      const r = await e01.post('/api/v1/hazwaste/generations', {
        stream_id: streamId,
        facility_id: facilityId,
        day: daysAgo(1),
        quantity_t: 1,
        ...patch,
      })
      expect(r.status).toBe(400)
      expect(r.body.error.id).toBe('validation')
      if (field) expect(r.body.error.field).toBe(field)
      expect(await rows()).toBe(before)
    })

    it.each([
      ['a waste code of another category', { waste_code: '900-249-08' }, 'waste_code'],
      ['an unknown hazard', { hazards: ['X'] }, 'hazards.0'],
      ['no hazard', { hazards: [] }, 'hazards'],
      ['category HW51', { hw_category: 'HW51', waste_code: '900-000-51' }, 'hw_category'],
    ])('refuses a stream with %s', async (_what, patch, field) => {
      const r = await e01.post('/api/v1/hazwaste/streams', {
        hw_category: 'HW34',
        waste_code: '900-349-34',
        name: '其他废酸',
        hazards: ['C'],
        form: 'liquid',
        ...patch,
      })
      expect([r.status, r.body.error.field]).toEqual([400, field])
    })

    it('refuses a second stream with the same waste code (409) and a park account without enterprise_id', async () => {
      const body = {
        hw_category: 'HW34',
        waste_code: '900-300-34',
        name: '废酸',
        hazards: ['C'],
        form: 'liquid',
      }
      const dup = await e01.post('/api/v1/hazwaste/streams', body)
      expect([dup.status, dup.body.error.id]).toEqual([409, 'hazwaste.stream_exists'])
      const park = await s.admin.post('/api/v1/hazwaste/streams', body)
      expect([park.status, park.body.error.field]).toEqual([400, 'enterprise_id'])
      const ghost = await s.admin.post('/api/v1/hazwaste/streams', { ...body, enterprise_id: 'E99' })
      expect([ghost.status, ghost.body.error.field]).toEqual([400, 'enterprise_id'])
    })

    const manifest = (no: string, quantity_t: number) => ({
      manifest_no: no,
      stream_id: streamId,
      facility_id: facilityId,
      quantity_t,
      receiver_name: '江苏清源环保科技有限公司',
      receiver_licence: 'JSYC0601OOD001-5',
      transporter: '江海危险品运输有限公司',
      planned_date: daysAgo(-3),
    })

    it('refuses a manifest for more than the stock (409)', async () => {
      const before = await rows()
      const r = await e01.post('/api/v1/hazwaste/manifests', manifest('3206002026100001', 9.76))
      expect([r.status, r.body.error.id]).toEqual([409, 'hazwaste.insufficient_stock'])
      expect(r.body.error.message).toContain('9.75 t')
      expect(await rows()).toBe(before)
    })

    it('reserves stock on created manifests', async () => {
      const a = await e01.post('/api/v1/hazwaste/manifests', manifest('3206002026100001', 5))
      expect(a.status).toBe(201)
      expect(a.body).toMatchObject({ status: 'created', actual_date: null, quantity_t: 5 })
      manifestId = a.body.id
      const b = await e01.post('/api/v1/hazwaste/manifests', manifest('3206002026100002', 5))
      expect([b.status, b.body.error.id]).toEqual([409, 'hazwaste.insufficient_stock'])
      expect(b.body.error.message).toContain('available: 4.75 t')
      const dup = await e01.post('/api/v1/hazwaste/manifests', manifest('3206002026100001', 1))
      expect([dup.status, dup.body.error.id]).toEqual([409, 'hazwaste.manifest_exists'])
    })

    it('keeps the status order created → shipped → received (409 otherwise)', async () => {
      const early = await e01.post(`/api/v1/hazwaste/manifests/${manifestId}/receive`, {
        received_quantity_t: 5,
      })
      expect([early.status, early.body.error.id]).toEqual([409, 'hazwaste.manifest_transition'])
      expect(early.body.error.message).toBe(
        'cannot receive a manifest that is created (allowed only when shipped)',
      )

      const ship = await e01.post(`/api/v1/hazwaste/manifests/${manifestId}/ship`, {
        actual_date: daysAgo(0),
      })
      expect(ship.status).toBe(200)
      expect(ship.body).toMatchObject({ status: 'shipped', actual_date: daysAgo(0) })
      const again = await e01.post(`/api/v1/hazwaste/manifests/${manifestId}/ship`, {})
      expect(again.status).toBe(409)
      const cancel = await e01.post(`/api/v1/hazwaste/manifests/${manifestId}/cancel`, { reason: 'x' })
      expect(cancel.status).toBe(409)
      const bad = await e01.post(`/api/v1/hazwaste/manifests/${manifestId}/receive`, {
        received_quantity_t: -5,
      })
      expect([bad.status, bad.body.error.field]).toEqual([400, 'received_quantity_t'])
      const got = await e01.post(`/api/v1/hazwaste/manifests/${manifestId}/receive`, {
        received_quantity_t: 4.98,
      })
      expect(got.status).toBe(200)
      expect(got.body).toMatchObject({
        status: 'received',
        received_quantity_t: 4.98,
        received_date: daysAgo(0),
      })
      const unknown = await e01.post('/api/v1/hazwaste/manifests/HWM-E02-2/ship', {})
      expect([unknown.status, unknown.body.error.id]).toEqual([404, 'hazwaste_manifest.not_found'])
    })

    it('shipping takes the oldest batches first (FIFO storage age)', async () => {
      const r = await e01.get('/api/v1/hazwaste/summary')
      const [e] = r.body.enterprises
      // 9.75 − 5: the 100-day batch (4 t) is gone and 1 t of the 50-day batch too
      expect(e).toMatchObject({
        enterprise_id: 'E01',
        stock_t: 4.75,
        permitted_limit_t: 20,
        fill_pct: 23.8,
        oldest_batch_day: daysAgo(50),
        oldest_batch_age_days: 50,
        open_manifests: 0,
      })
      expect(e.positions).toEqual([
        expect.objectContaining({
          stream_id: streamId,
          generated_t: 9.75,
          shipped_t: 5,
          stock_t: 4.75,
          reserved_t: 0,
        }),
      ])
    })

    it('cancels a created manifest with a reason, which frees its reservation', async () => {
      const m = await e01.post('/api/v1/hazwaste/manifests', manifest('3206002026100003', 4.75))
      expect(m.status).toBe(201)
      const noReason = await e01.post(`/api/v1/hazwaste/manifests/${m.body.id}/cancel`, {})
      expect([noReason.status, noReason.body.error.field]).toEqual([400, 'reason'])
      const c = await e01.post(`/api/v1/hazwaste/manifests/${m.body.id}/cancel`, { reason: '接收单位停产' })
      expect(c.body).toMatchObject({ status: 'cancelled', cancel_reason: '接收单位停产' })
      const again = await e01.post('/api/v1/hazwaste/manifests', manifest('3206002026100004', 4.75))
      expect(again.status).toBe(201)
      const list = await e01.get('/api/v1/hazwaste/manifests?status=created')
      expect(list.body.map((x: { manifest_no: string }) => x.manifest_no)).toEqual(['3206002026100004'])
    })
  })
})
