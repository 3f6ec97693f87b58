// Collector (数采仪) administration on PostgreSQL + Redis with the HJ 212 listener over real TCP: a collector
// registered through the API is accepted at once, a new PW or the active flag applies to the next packet, and
// permit limits land in each channel's thresholds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QN_RTN, type Hj212Packet } from '../../../../sensors/protocols/hj212'
import type { Collector } from '../../../../server/contracts'
import type { ApiClient } from '../../../helpers/http'
import { Device, upload } from '../../ingest/hj212/device'
import { startRegistryStack, type RegistryStack } from './registry-stack'

const MN = 'CPTTEST20261128000000001'
const base = '/api/v1/environment/collectors'
const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 0, minute))
const cod = (value: number) => [{ code: 'w01018', field: 'Rtd' as const, value, flag: 'N' as const }]

describe('collector administration (PostgreSQL + Redis + HJ 212 over TCP)', () => {
  let s: RegistryStack
  let op: ApiClient
  let device: Device
  let asset: { id: string; e: string }
  let minute = 0
  /** sends one real-time COD value as this collector with this PW; returns the platform's answer */
  const send = (pw: string, value = 20) =>
    device.exchange(
      upload({ mn: MN, pw, measure: 'wastewater' }, { dataTime: at(minute++), values: cod(value) }).frame,
    )
  const accepted = (a: Hj212Packet) => a.cn === 9014
  const refusedWith = (a: Hj212Packet) => (a.cn === 9011 ? Number(a.cp.other.QnRtn) : null)

  beforeAll(async () => {
    s = await startRegistryStack('cpt_collectors_admin')
    op = await s.client('op1', 'operator')
    asset = (
      await s.sql<{ id: string; e: string }>(
        `SELECT id, enterprise_id AS e FROM assets WHERE kind = 'monitor_point' AND enterprise_id IS NOT NULL
          ORDER BY id LIMIT 1`,
      )
    )[0]!
    device = await Device.open(s.server.ports.hj212!)
  })
  afterAll(async () => {
    device?.close()
    await s?.stop()
  })

  it('registers a collector with its default channels; the ingest accepts it at once', async () => {
    expect(refusedWith(await send('abc123'))).toBe(QN_RTN.badMn)
    const r = await s.admin.post(base, {
      mn: MN,
      name: '测试废水排口',
      name_en: 'Test outfall',
      measure: 'wastewater',
      enterprise_id: asset.e,
      asset_id: asset.id,
      pw: 'abc123',
      rtd_interval_s: 60,
      reason: 'new outfall commissioned',
    })
    expect(r.status).toBe(201)
    const c = r.body as Collector
    expect(c).toMatchObject({ mn: MN, st: 32, active: true, rtd_interval_s: 60, enterprise_id: asset.e })
    expect(c).not.toHaveProperty('pw')
    expect(c.channels.map((ch) => ch.code).sort()).toEqual(['w00000', 'w01001', 'w01018', 'w21003'])
    expect(c.channels.find((ch) => ch.code === 'w01018')).toMatchObject({
      sensor_id: `${MN}.w01018`,
      unit: 'mg/L',
      thresholds: { high: 50 },
    })
    const audit = await s.sql<{ detail: Record<string, unknown> }>(
      `SELECT detail FROM audit_log WHERE action = 'collector.create' AND target = $1`,
      [`collector:${MN}`],
    )
    expect(audit).toHaveLength(1)
    expect(audit[0]!.detail).toMatchObject({ mn: MN, reason: 'new outfall commissioned' })
    expect(JSON.stringify(audit[0]!.detail)).not.toContain('abc123')
    expect(accepted(await send('abc123', 21.5))).toBe(true)
    const rows = await s.sql('SELECT value FROM readings WHERE sensor_id = $1', [`${MN}.w01018`])
    expect(rows).toEqual([{ value: 21.5 }])
  })

  it('a new PW and the active flag apply to the next packet', async () => {
    const patch = (body: unknown) => s.admin.call('PATCH', `${base}/${MN}`, body)
    expect((await patch({ pw: 'new999', reason: 'PW rotated after service visit' })).status).toBe(200)
    expect(refusedWith(await send('abc123'))).toBe(QN_RTN.badPw)
    expect(accepted(await send('new999'))).toBe(true)
    const off = await patch({ active: false, reason: 'analyser removed for calibration' })
    expect(off.status).toBe(200)
    expect(off.body).toMatchObject({ active: false })
    expect(refusedWith(await send('new999'))).toBe(QN_RTN.refused)
    expect(
      (await patch({ active: true, rtd_interval_s: 30, name: '1号排口', reason: 'back' })).body,
    ).toMatchObject({ active: true, rtd_interval_s: 30, name: '1号排口' })
    expect(accepted(await send('new999'))).toBe(true)
    const audit = await s.sql<{ detail: Record<string, unknown> }>(
      `SELECT detail FROM audit_log WHERE action = 'collector.update' AND target = $1 ORDER BY id`,
      [`collector:${MN}`],
    )
    expect(audit.map((a) => a.detail)).toEqual([
      { reason: 'PW rotated after service visit', changed: ['pw'], old: { pw: '***' }, new: { pw: '***' } },
      {
        reason: 'analyser removed for calibration',
        changed: ['active'],
        old: { active: true },
        new: { active: false },
      },
      {
        reason: 'back',
        changed: ['name', 'rtd_interval_s', 'active'],
        old: { name: '测试废水排口', rtd_interval_s: 60, active: false },
        new: { name: '1号排口', rtd_interval_s: 30, active: true },
      },
    ])
  })

  it('writes permit limits into the channels, keeping their other settings', async () => {
    const permit = '91320000MA1XXXXX01001P'
    const r = await s.admin.call('PUT', `${base}/${MN}/limits`, {
      permit_no: permit,
      limits: { w01018: { high: 60 }, w01001: { low: 6.5, high: 8.5 }, w21003: { high: 8 } },
      reason: 'permit renewed 2026',
    })
    expect(r.status).toBe(200)
    const th = Object.fromEntries((r.body as Collector).channels.map((c) => [c.code, c.thresholds]))
    expect(th.w01018).toEqual({ high: 60, source: permit })
    expect(th.w01001).toEqual({ low: 6.5, high: 8.5, source: permit })
    // GB 18918 cold-water limit is not part of this permit edit: kept
    expect(th.w21003).toEqual({ high: 8, high_cold: 8, source: permit })
    expect(th.w00000).toEqual({})
    const audit = await s.sql<{ detail: { permit_no: string; old: Record<string, unknown> } }>(
      `SELECT detail FROM audit_log WHERE action = 'collector.limits' AND target = $1`,
      [`collector:${MN}`],
    )
    expect(audit[0]!.detail).toMatchObject({ permit_no: permit, old: { w01018: { high: 50 } } })
  })

  it('refuses bad input with a clear error and changes nothing', async () => {
    const before = await s.sql('SELECT id, thresholds FROM sensors WHERE mn = $1 ORDER BY id', [MN])
    const collectorBefore = await s.sql('SELECT * FROM hj212_collectors WHERE mn = $1', [MN])
    const limits = (body: unknown) => s.admin.call('PUT', `${base}/${MN}/limits`, body)
    const unknownCode = await limits({
      permit_no: 'P1',
      limits: { w01018: { high: 70 }, a21026: { high: 100 } },
      reason: 'wrong medium',
    })
    expect(unknownCode.status).toBe(400)
    expect(unknownCode.body.error).toMatchObject({ id: 'validation', field: 'limits.a21026' })
    const crossed = await limits({ permit_no: 'P1', limits: { w01001: { low: 9, high: 6 } }, reason: 'swap' })
    expect(crossed.status).toBe(400)
    expect(crossed.body.error.field).toBe('limits.w01001')
    expect((await limits({ permit_no: 'P1', limits: {}, reason: 'none' })).status).toBe(400)
    expect((await limits({ permit_no: 'P1', limits: { w01018: {} }, reason: 'none' })).status).toBe(400)
    expect((await limits({ permit_no: 'P1', limits: { COD: { high: 1 } }, reason: 'code' })).status).toBe(400)
    expect((await limits({ limits: { w01018: { high: 1 } }, reason: 'no permit' })).body.error.field).toBe(
      'permit_no',
    )
    const patch = (body: unknown) => s.admin.call('PATCH', `${base}/${MN}`, body)
    expect((await patch({ pw: 'a;b', reason: 'separator' })).body.error.field).toBe('pw')
    expect((await patch({ rtd_interval_s: 0, reason: 'zero' })).body.error.field).toBe('rtd_interval_s')
    expect((await patch({ reason: 'nothing' })).status).toBe(400)
    expect((await patch({ active: false })).body.error.field).toBe('reason')
    expect((await s.admin.call('PATCH', `${base}/NOPE`, { active: false, reason: 'x1' })).status).toBe(404)
    const create = (body: Record<string, unknown>) =>
      s.admin.post(base, {
        mn: 'CPTTEST2',
        name: 'n',
        measure: 'waste_gas',
        enterprise_id: asset.e,
        asset_id: asset.id,
        pw: '123456',
        ...body,
      })
    expect((await create({ mn: MN })).status).toBe(409)
    expect((await create({ asset_id: 'no-such-asset' })).body.error.field).toBe('asset_id')
    expect((await create({ enterprise_id: 'E99' })).body.error.field).toBe('enterprise_id')
    expect((await create({ mn: 'bad mn' })).body.error.field).toBe('mn')
    expect((await create({ measure: 'noise' })).body.error.field).toBe('measure')
    expect(await s.sql('SELECT id, thresholds FROM sensors WHERE mn = $1 ORDER BY id', [MN])).toEqual(before)
    expect(await s.sql('SELECT * FROM hj212_collectors WHERE mn = $1', [MN])).toEqual(collectorBefore)
    expect(await s.sql(`SELECT 1 FROM hj212_collectors WHERE mn = 'CPTTEST2'`)).toEqual([])
  })

  it('is for park admins only', async () => {
    expect((await op.call('PATCH', `${base}/${MN}`, { active: false, reason: 'op' })).status).toBe(403)
    expect((await op.post(base, { mn: 'X1' })).status).toBe(403)
    expect(
      (await op.call('PUT', `${base}/${MN}/limits`, { permit_no: 'P', limits: {}, reason: 'op' })).status,
    ).toBe(403)
    // reading the collectors stays open to every signed-in role
    const list = await op.get(base)
    expect(list.status).toBe(200)
    expect((list.body as Collector[]).some((c) => c.mn === MN)).toBe(true)
  })
})
