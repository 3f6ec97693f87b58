// The sensor registry API on PostgreSQL + PostGIS and Redis: listing with effective limits (GB/T 50493
// defaults for gas detectors), tenant isolation, the live cache, and the audited park-admin edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReadingValue, SensorDetail, SensorList, SensorSummary } from '../../../../server/contracts'
import { SensorCatalog } from '../../../../server/modules/alarms/sensor-catalog'
import { liveKeys } from '../../../../server/modules/environment/live-keys'
import { createLogger } from '../../../../server/platform/logger'
import type { ApiClient } from '../../../helpers/http'
import { water } from '../../ingest/hj212/device'
import { startRegistryStack, type RegistryStack } from './registry-stack'

const cod = `${water.mn}.w01018`

describe('sensor registry API (PostgreSQL + Redis)', () => {
  let s: RegistryStack
  let op: ApiClient
  let ent: ApiClient
  let owner: string
  let gasId: string
  let otherGasId: string

  beforeAll(async () => {
    s = await startRegistryStack('cpt_sensors_api')
    owner = (await s.sql<{ e: string }>('SELECT enterprise_id AS e FROM sensors WHERE id = $1', [cod]))[0]!.e
    op = await s.client('op1', 'operator')
    ent = await s.client('ent1', 'enterprise_user', owner)
    const gas = await s.sql<{ id: string; e: string }>(
      `SELECT id, enterprise_id AS e FROM sensors WHERE kind = 'gas_detector' AND measure = 'combustible'
        ORDER BY (enterprise_id = $1) DESC, id`,
      [owner],
    )
    gasId = gas.find((g) => g.e === owner)!.id
    otherGasId = gas.find((g) => g.e !== owner)!.id
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('lists every sensor for park roles, with effective limits and their source', async () => {
    const r = await op.get('/api/v1/sensors')
    expect(r.status).toBe(200)
    const all = (r.body as SensorList).sensors
    const [count] = await s.sql<{ n: number }>('SELECT count(*)::int AS n FROM sensors')
    expect(all).toHaveLength(count!.n)
    const gas = all.find((x) => x.id === gasId)!
    expect(gas).toMatchObject({
      kind: 'gas_detector',
      measure: 'combustible',
      thresholds: {},
      effective: { high: 25, high_high: 50, low: null, low_low: null, source: 'default' },
      location: { lon: expect.any(Number), lat: expect.any(Number) },
    })
    expect(all.find((x) => x.id === cod)).toMatchObject({
      kind: 'hj212_channel',
      mn: water.mn,
      code: 'w01018',
      unit: 'mg/L',
      effective: { high: 50, high_high: null, source: 'sensor' },
    })
    // the outlet itself has no limits
    expect(all.find((x) => x.kind === 'monitor_point')!.effective.source).toBeNull()
  })

  it('filters by kind, asset and enterprise, and rejects an unknown kind', async () => {
    const gas = (await op.get('/api/v1/sensors?kind=gas_detector')).body as SensorList
    expect(gas.sensors.length).toBeGreaterThan(0)
    expect(gas.sensors.every((x) => x.kind === 'gas_detector')).toBe(true)
    const own = (await op.get(`/api/v1/sensors?enterprise_id=${owner}&kind=hj212_channel`)).body as SensorList
    expect(own.sensors.map((x) => x.id)).toContain(cod)
    expect(own.sensors.every((x) => x.enterprise_id === owner)).toBe(true)
    const asset = (await op.get(`/api/v1/sensors?asset_id=${own.sensors[0]!.asset_id}`)).body as SensorList
    expect(asset.sensors.map((x) => x.id)).toContain(own.sensors[0]!.id)
    const bad = await op.get('/api/v1/sensors?kind=thermometer')
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({ id: 'validation', field: 'kind' })
  })

  it('shows an enterprise user its own sensors only; another enterprise’s sensor is 404', async () => {
    const mine = (await ent.get('/api/v1/sensors')).body as SensorList
    expect(mine.sensors.length).toBeGreaterThan(0)
    expect(mine.sensors.every((x: SensorSummary) => x.enterprise_id === owner)).toBe(true)
    expect((await ent.get(`/api/v1/sensors/${gasId}`)).status).toBe(200)
    const other = await ent.get(`/api/v1/sensors/${otherGasId}`)
    expect(other.status).toBe(404)
    expect(other.body.error.id).toBe('sensor.not_found')
    expect((await op.get('/api/v1/sensors/no-such-sensor')).status).toBe(404)
  })

  it('serves the live cache, filtered to what the caller may see', async () => {
    const value = (id: string, v: number): ReadingValue => ({
      sensor_id: id,
      code: 'w01018',
      kind: 'rtd',
      t: '2026-11-28T08:00:00.000Z',
      value: v,
      flag: 'N',
      stats: null,
    })
    await s.bus.setLatest(liveKeys.readings, { [cod]: value(cod, 42.5), [otherGasId]: value(otherGasId, 3) })
    const park = await op.get('/api/v1/sensors/latest')
    expect(park.status).toBe(200)
    expect(park.body.values[cod]).toEqual({
      sensor_id: cod,
      t: '2026-11-28T08:00:00.000Z',
      value: 42.5,
      flag: 'N',
      kind: 'rtd',
    })
    expect(park.body.values[otherGasId]).toMatchObject({ value: 3 })
    expect(Date.parse(park.body.server_time)).toBeGreaterThan(Date.now() - 60_000)
    const mine = await ent.get('/api/v1/sensors/latest')
    expect(Object.keys(mine.body.values)).toEqual([cod])
    const gasOnly = await op.get('/api/v1/sensors/latest?kind=gas_detector')
    expect(Object.keys(gasOnly.body.values)).toEqual([otherGasId])
    expect((await op.get('/api/v1/sensors/latest?kind=x')).status).toBe(400)
    const detail = (await ent.get(`/api/v1/sensors/${cod}`)).body as SensorDetail
    expect(detail.last).toMatchObject({ value: 42.5, kind: 'rtd' })
    expect(((await op.get(`/api/v1/sensors/${gasId}`)).body as SensorDetail).last).toBeNull()
  })

  it('keeps GET /sensors/:id/readings working beside the registry routes', async () => {
    const r = await op.get(
      `/api/v1/sensors/${cod}/readings?from=2026-11-28T00:00:00Z&to=2026-11-28T01:00:00Z`,
    )
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ sensor: { id: cod }, step: 'raw', points: [] })
  })

  describe('PATCH /sensors/:id (park admin)', () => {
    const patch = (c: ApiClient, id: string, body: unknown) => c.call('PATCH', `/api/v1/sensors/${id}`, body)

    it('updates name and thresholds, audits old and new with the reason; the engine sees it', async () => {
      const clock = { now: Date.now() }
      const catalog = new SensorCatalog(s.db, createLogger('silent'), {}, 60_000, () => clock.now)
      expect((await catalog.get(gasId))!.thresholds!.limits.map((l) => l.value)).toEqual([50, 25])
      // as stored before: the rate-of-rise and silence defaults the safety-sensor sync gave every detector
      const before = (await s.admin.get(`/api/v1/sensors/${gasId}`)).body.thresholds
      const r = await patch(s.admin, gasId, {
        name: 'Tank 3 LEL detector',
        thresholds: { high: 20, high_high: 40, on_delay_s: 5 },
        reason: 'HAZOP action 12: lower set points',
      })
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({
        id: gasId,
        name: 'Tank 3 LEL detector',
        thresholds: { high: 20, high_high: 40, on_delay_s: 5 },
        effective: { high: 20, high_high: 40, source: 'sensor' },
      })
      const audit = await s.sql(
        `SELECT username, result, detail FROM audit_log WHERE action = 'sensor.update' AND target = $1`,
        [`sensor:${gasId}`],
      )
      expect(audit).toEqual([
        {
          username: 'admin',
          result: 'ok',
          detail: {
            reason: 'HAZOP action 12: lower set points',
            changed: ['name', 'thresholds'],
            old: { name: expect.any(String), thresholds: before },
            new: { name: 'Tank 3 LEL detector', thresholds: { high: 20, high_high: 40, on_delay_s: 5 } },
          },
        },
      ])
      // the engine's catalog caches for 60 s, then reads the new limits
      expect((await catalog.get(gasId))!.thresholds!.limits.map((l) => l.value)).toEqual([50, 25])
      clock.now += 60_001
      expect((await catalog.get(gasId))!.thresholds!.limits.map((l) => l.value)).toEqual([40, 20])
    })

    it('refuses inconsistent limits and bad bodies, changing nothing', async () => {
      const before = await s.sql('SELECT name, unit, thresholds FROM sensors WHERE id = $1', [cod])
      const cases: [unknown, string | undefined][] = [
        [{ thresholds: { low: 9, high: 6 }, reason: 'swap' }, 'thresholds.high'],
        [{ thresholds: { high: 50, high_high: 40 }, reason: 'swap' }, 'thresholds.high_high'],
        [{ thresholds: { low_low: 5, low: 4 }, reason: 'swap' }, 'thresholds.low'],
        [{ thresholds: { high: 'fifty' }, reason: 'text' }, 'thresholds.high'],
        [{ thresholds: { deadband: -1 }, reason: 'neg' }, 'thresholds.deadband'],
        [{ name: 'x' }, 'reason'],
        [{ reason: 'nothing at all' }, undefined],
        [{ unit: 'mg/L', reason: 'ok', colour: 'red' }, undefined],
      ]
      for (const [body, field] of cases) {
        const r = await patch(s.admin, cod, body)
        expect(r.status, JSON.stringify(body)).toBe(400)
        expect(r.body.error.id).toBe('validation')
        if (field) expect(r.body.error.field, JSON.stringify(body)).toBe(field)
      }
      expect(await s.sql('SELECT name, unit, thresholds FROM sensors WHERE id = $1', [cod])).toEqual(before)
    })

    it('is for park admins only, and 404 for an unknown sensor', async () => {
      const body = { unit: 'ppm', reason: 'try' }
      expect((await patch(op, cod, body)).status).toBe(403)
      expect((await patch(ent, cod, body)).status).toBe(403)
      const missing = await patch(s.admin, 'nope.w01018', body)
      expect(missing.status).toBe(404)
      expect(missing.body.error.id).toBe('sensor.not_found')
    })
  })
})
