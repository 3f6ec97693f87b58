// The emergency center's hazard-model API and chemicals table over REST on PostgreSQL + PostGIS: the seeded
// chemicals, editing by the park admin only (validated, audited, nothing changed on a bad request), the
// model endpoints against their worked examples, and threat zones of releases at the demo park's tanks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import type { ApiClient } from '../../../helpers/http'
import { startEmergencyStack, type EmergencyStack } from './stack'

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)

describe('emergency API', () => {
  let s: EmergencyStack
  let op: ApiClient
  let e01: ApiClient
  let e02: ApiClient
  let wall: ApiClient
  const tankOf = async (cas: string) =>
    (
      await s.db.query<{ id: string; enterprise_id: string; farm: string }>(
        systemScope,
        `SELECT id, enterprise_id, props->>'farm_id' AS farm FROM assets
          WHERE kind = 'tank' AND props->>'cas' = $1 ORDER BY id LIMIT 1`,
        [cas],
      )
    )[0]!

  beforeAll(async () => {
    s = await startEmergencyStack('cpt_emergency_api')
    op = await s.client('op1', 'operator')
    e01 = await s.client('e01', 'enterprise_user', 'E01')
    e02 = await s.client('e02', 'enterprise_user', 'E02')
    wall = await s.client('wall', 'screen')
  })
  afterAll(async () => {
    await s?.stop()
  })

  describe('chemicals table', () => {
    it('is seeded for the park’s chemicals with their published levels, readable by every account', async () => {
      const r = await s.admin.get('/api/v1/emergency/chemicals')
      expect(r.status).toBe(200)
      const byId = Object.fromEntries(r.body.map((c: { id: string }) => [c.id, c]))
      expect(Object.keys(byId)).toEqual(
        expect.arrayContaining([
          'chlorine',
          'ammonia',
          'lpg',
          'benzene',
          'toluene',
          'methanol',
          'ethylene_oxide',
        ]),
      )
      expect(byId.chlorine).toMatchObject({
        cas: '7782-50-5',
        un_number: '1017',
        mw: 70.9,
        aegl1_ppm: 0.5,
        aegl2_ppm: 2,
        aegl3_ppm: 20,
        idlh_ppm: 10,
        liquefied_gas: true,
      })
      expect(byId.ammonia).toMatchObject({
        aegl1_ppm: 30,
        aegl2_ppm: 160,
        aegl3_ppm: 1100,
        idlh_ppm: 300,
        lel_pct: 15,
      })
      expect(byId.methanol).toMatchObject({
        burning_rate_kg_m2s: 0.017,
        heat_of_combustion_mj_kg: 20,
        lel_pct: 6,
      })
      // every CAS number a tank of the park stores is in the table
      const tankCas = await s.db.query<{ cas: string }>(
        systemScope,
        `SELECT DISTINCT props->>'cas' AS cas FROM assets WHERE kind = 'tank'`,
      )
      const known = new Set(r.body.map((c: { cas: string }) => c.cas))
      expect(tankCas.filter((t) => !known.has(t.cas))).toEqual([])
      for (const c of [e01, wall, op])
        expect((await c.get('/api/v1/emergency/chemicals/chlorine')).status).toBe(200)
    })
    it('answers 404 for an unknown or malformed id', async () => {
      expect((await s.admin.get('/api/v1/emergency/chemicals/unobtainium')).status).toBe(404)
      expect((await s.admin.get('/api/v1/emergency/chemicals/Bad!Id')).status).toBe(404)
    })
    it('the park admin edits a chemical; the change is audited with what changed', async () => {
      const r = await s.admin.call('PATCH', '/api/v1/emergency/chemicals/benzene', {
        aegl1_ppm: 50,
        props: { sources: ['park review 2026'], note: 'confirmed' },
      })
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({
        id: 'benzene',
        aegl1_ppm: 50,
        updated_by: 'admin',
        props: { note: 'confirmed' },
      })
      const audit = await s.db.query<{ username: string; detail: { changes: Record<string, unknown> } }>(
        systemScope,
        `SELECT username, detail FROM audit_log WHERE action = 'chemical.update' AND target = 'benzene'`,
      )
      expect(audit).toHaveLength(1)
      expect(audit[0]!.username).toBe('admin')
      expect(audit[0]!.detail.changes.aegl1_ppm).toEqual({ from: 52, to: 50 })
    })
    it('refuses other roles and bad values, changing nothing', async () => {
      const before = (await s.admin.get('/api/v1/emergency/chemicals/chlorine')).body
      for (const c of [op, e01])
        expect((await c.call('PATCH', '/api/v1/emergency/chemicals/chlorine', { idlh_ppm: 1 })).status).toBe(
          403,
        )
      expect((await wall.call('PATCH', '/api/v1/emergency/chemicals/chlorine', { idlh_ppm: 1 })).status).toBe(
        403,
      )
      const order = await s.admin.call('PATCH', '/api/v1/emergency/chemicals/chlorine', { aegl1_ppm: 5 })
      expect(order.status).toBe(400)
      expect(order.body.error).toMatchObject({ id: 'validation', field: 'aegl1_ppm' })
      const bad = await s.admin.call('PATCH', '/api/v1/emergency/chemicals/chlorine', {
        mw: -1,
        colour: 'green',
      })
      expect(bad.status).toBe(400)
      expect(bad.body.error.message).toMatch(/mw/)
      expect(bad.body.error.message).toMatch(/colour/)
      expect((await s.admin.call('PATCH', '/api/v1/emergency/chemicals/chlorine', {})).status).toBe(400)
      const taken = await s.admin.call('PATCH', '/api/v1/emergency/chemicals/chlorine', { cas: '7664-41-7' })
      expect(taken.status).toBe(409)
      expect((await s.admin.get('/api/v1/emergency/chemicals/chlorine')).body).toEqual(before)
    })
  })

  describe('model endpoints', () => {
    it('plume: Turner (1970) problem 2 with the curve σ gives 1.1 × 10⁻⁵ g/m³', async () => {
      const r = await op.post('/api/v1/emergency/models/plume', {
        q_gs: 3,
        u_ms: 7,
        h_m: 0,
        sigma_y_m: 190,
        sigma_z_m: 65,
        x_m: 3000,
        y_m: 0,
        z_m: 0,
      })
      expect(r.status).toBe(200)
      expect(rel(r.body.concentration_gm3, 1.1e-5)).toBeLessThan(0.01)
      const briggs = await op.post('/api/v1/emergency/models/plume', {
        q_gs: 3,
        u_ms: 7,
        h_m: 0,
        stability: 'D',
        terrain: 'rural',
        x_m: 3000,
        y_m: 0,
        z_m: 0,
      })
      expect(briggs.body.sigma_y_m).toBeCloseTo(210.5, 0)
      expect(briggs.body.concentration_gm3).toBeCloseTo(8.44e-6, 7)
    })
    it('plume: 400 with every reason when the body is wrong', async () => {
      const r = await op.post('/api/v1/emergency/models/plume', {
        q_gs: -1,
        u_ms: 3,
        h_m: 0,
        stability: 'D',
        sigma_y_m: 10,
        x_m: 100,
        y_m: 0,
        z_m: 0,
      })
      expect(r.status).toBe(400)
      expect(r.body.error.field).toBe('q_gs')
      expect(r.body.error.message).toMatch(/q_gs/)
      expect(r.body.error.message).toMatch(/stability \+ terrain or sigma_y_m \+ sigma_z_m/)
    })
    it('puff: the CCPS (1999) p. 101 example gives 2.25 g/m³ at the puff centre', async () => {
      const r = await op.post('/api/v1/emergency/models/puff', {
        mass_g: 1000,
        u_ms: 2,
        h_m: 0,
        t_s: 250,
        stability: 'F',
        x_m: 500,
        y_m: 0,
        z_m: 0,
      })
      expect(r.status).toBe(200)
      expect(r.body.sigma_y_m).toBeCloseTo(5.048, 3)
      expect(rel(r.body.concentration_gm3, 2.25)).toBeLessThan(0.01)
    })
    it('pool fire: NUREG-1805 FDT case A (771.52 kW) and a methanol pool from the table', async () => {
      const a = await op.post('/api/v1/emergency/models/pool-fire', {
        burning_rate_kg_m2s: 0.039,
        heat_of_combustion_mj_kg: 46,
        k_beta_per_m: 0.7,
        area_m2: 9 * 0.09290304,
        distance_m: 3.048,
      })
      expect(a.status).toBe(200)
      expect(rel(a.body.heat_release_kw, 771.52)).toBeLessThan(5e-4)
      expect(a.body.flux_kw_m2).toBeCloseTo(1.98, 2)
      const m = await op.post('/api/v1/emergency/models/pool-fire', {
        chemical_id: 'methanol',
        diameter_m: 10,
        distance_m: 20,
      })
      expect(m.status).toBe(200)
      expect(m.body.heat_release_kw).toBeCloseTo(0.017 * 20_000 * Math.PI * 25, 0)
      const none = await op.post('/api/v1/emergency/models/pool-fire', {
        chemical_id: 'chlorine',
        area_m2: 10,
        distance_m: 20,
      })
      expect(none.status).toBe(400)
      expect(none.body.error.field).toBe('chemical_id')
    })
    it('VCE: Crowl & Louvar, 1 kg TNT equivalent at 30 m ≈ 5.6 kPa; LPG from the table', async () => {
      const tnt = await op.post('/api/v1/emergency/models/vce', {
        heat_of_combustion_mj_kg: 4.68,
        mass_kg: 1,
        yield: 1,
        distance_m: 30,
      })
      expect(tnt.status).toBe(200)
      expect(tnt.body.tnt_kg).toBeCloseTo(1, 9)
      expect(rel(tnt.body.overpressure_kpa, 5.6)).toBeLessThan(0.1)
      const lpg = await op.post('/api/v1/emergency/models/vce', {
        chemical_id: 'lpg',
        mass_kg: 1000,
        distance_m: 100,
      })
      expect(lpg.body).toMatchObject({ yield: 0.05, burst: 'surface' })
      expect(lpg.body.tnt_kg).toBeCloseTo((0.05 * 1000 * 46) / 4.68, 6)
    })
    it('the read-only screen cannot compute (POST)', async () => {
      const r = await wall.post('/api/v1/emergency/models/vce', {
        chemical_id: 'lpg',
        mass_kg: 1,
        distance_m: 1,
      })
      expect(r.status).toBe(403)
    })
  })

  describe('threat zones', () => {
    it('a chlorine leak at a tank: the chemical by CAS, zones downwind (wind from north → south), dense gas flagged', async () => {
      const tank = await tankOf('7782-50-5')
      const r = await s.admin.post('/api/v1/emergency/zones', {
        asset_id: tank.id,
        scenario: 'toxic',
        rate_gs: 1000,
        duration_s: 600,
        weather: { wind_speed_ms: 3, wind_from_deg: 0, stability: 'D' },
      })
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({
        scenario: 'toxic',
        model: 'gaussian_plume',
        chemical: { id: 'chlorine' },
        source: { asset_id: tank.id, release_height_m: 0 },
        weather: { stability: 'D', stability_basis: 'given' },
        terrain: 'rural',
        dense_gas: { dense: true },
      })
      expect(r.body.zones.features.map((f: { properties: { level: string } }) => f.properties.level)).toEqual(
        ['yellow', 'orange', 'red'],
      )
      for (const f of r.body.zones.features as { geometry: { coordinates: number[][][] } }[])
        for (const [, lat] of f.geometry.coordinates[0]!)
          expect(lat!).toBeLessThanOrEqual(r.body.source.lat + 1e-7)
      expect(r.body.limits[0].id).toBe('dense_gas')
    })
    it('a methanol pool fire at a tank burns the whole dike of its farm', async () => {
      const tank = await tankOf('67-56-1')
      const dike = (
        await s.db.query<{ a: number }>(
          systemScope,
          `SELECT ST_Area(geom::geography) AS a FROM assets WHERE id = $1`,
          [tank.farm],
        )
      )[0]!.a
      const r = await s.admin.post('/api/v1/emergency/zones', {
        asset_id: tank.id,
        scenario: 'pool_fire',
        weather: { wind_speed_ms: 2, wind_from_deg: 90, stability: 'D' },
      })
      expect(r.status).toBe(200)
      expect(r.body.model).toBe('pool_fire_point_source')
      expect(r.body.figures.pool_area_basis).toBe(`dike of ${tank.farm}`)
      expect(r.body.figures.pool_area_m2).toBeCloseTo(dike, 0)
      expect(r.body.zones.features).toHaveLength(3)
    })
    it('a point release takes the stability from cloud cover and the sun', async () => {
      const r = await s.admin.post('/api/v1/emergency/zones', {
        point: { lon: 120.95, lat: 31.94 },
        chemical_id: 'ammonia',
        scenario: 'toxic',
        mass_kg: 500,
        weather: {
          wind_speed_ms: 1.5,
          wind_from_deg: 135,
          cloud_cover_oktas: 2,
          time: '2026-06-21T16:00:00Z',
        },
      })
      expect(r.status).toBe(200)
      expect(r.body.weather.stability).toBe('F')
      expect(r.body.weather.stability_basis).toMatch(/^pasquill F \(night/)
      expect(r.body.model).toBe('gaussian_puff')
      const noon = await s.admin.post('/api/v1/emergency/zones', {
        point: { lon: 120.95, lat: 31.94 },
        chemical_id: 'ammonia',
        scenario: 'toxic',
        mass_kg: 500,
        weather: {
          wind_speed_ms: 1.5,
          wind_from_deg: 135,
          cloud_cover_oktas: 2,
          time: '2026-06-21T04:00:00Z',
        },
      })
      expect(noon.body.weather.stability).toBe('A')
    })
    it('400 with the reasons for a bad release; 404 for another enterprise’s tank', async () => {
      const bad = await s.admin.post('/api/v1/emergency/zones', { scenario: 'explosion', rate_gs: 1 })
      expect(bad.status).toBe(400)
      expect(bad.body.error.message).toMatch(/scenario/)
      expect(bad.body.error.message).toMatch(/weather/)
      const noLoc = await s.admin.post('/api/v1/emergency/zones', {
        point: { lon: 120.95, lat: 31.94 },
        chemical_id: 'hydrogen',
        scenario: 'toxic',
        rate_gs: 10,
        weather: { wind_speed_ms: 3, wind_from_deg: 0, stability: 'D' },
      })
      expect(noLoc.status).toBe(400)
      expect(noLoc.body.error.field).toBe('chemical_id')
      const tank = await tankOf('7782-50-5')
      const own = tank.enterprise_id === 'E01' ? e01 : e02
      const other = tank.enterprise_id === 'E01' ? e02 : e01
      const body = {
        asset_id: tank.id,
        scenario: 'toxic',
        rate_gs: 100,
        weather: { wind_speed_ms: 3, wind_from_deg: 0, stability: 'D' },
      }
      expect((await own.post('/api/v1/emergency/zones', body)).status).toBe(200)
      expect((await other.post('/api/v1/emergency/zones', body)).status).toBe(404)
    })
  })
})
