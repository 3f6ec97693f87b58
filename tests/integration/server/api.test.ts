import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { area } from '@turf/turf'
import { io as connect, type Socket } from 'socket.io-client'
import type { PositionsFrame } from '../../../server/contracts'
import { startTestServer } from '../../helpers/server-config'
import { type RunningServer } from '../../../server/main'
import { systemScope } from '../../../server/platform/db/db'
import { readPark } from '../../../geodata/read'
import { uniqueRedisPrefix } from '../../helpers/services'
import { ApiClient, eventually } from '../../helpers/http'

const park = readPark()
const adminPassword = 'Admin-pass-2026'

describe('REST API and realtime on PostgreSQL + PostGIS and Redis', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let admin: ApiClient

  beforeAll(async () => {
    const started = await startTestServer('cpt_api', {
      REDIS_PREFIX: uniqueRedisPrefix(),
      ADMIN_PASSWORD: adminPassword,
      SIM_TAGS: '12',
      LOG_LEVEL: 'silent',
    })
    server = started.server
    closeServer = started.close
    admin = new ApiClient(server.url)
    await admin.login('admin', adminPassword)
  })
  afterAll(async () => {
    await closeServer?.()
  })

  it('reports health without a session', async () => {
    const r = await new ApiClient(server.url).get('/api/v1/health')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      status: 'ok',
      db: 'ok',
      bus: 'ok',
      db_kind: 'postgres',
      bus_kind: 'redis',
    })
  })

  it.each([
    ['GET', '/api/v1/me'],
    ['GET', '/api/v1/assets'],
    ['GET', '/api/v1/park'],
    ['GET', '/api/v1/does-not-exist'],
  ])('%s %s needs a session', async (method, path) => {
    const r = await new ApiClient(server.url).call(method, path)
    expect(r.status).toBe(401)
    expect(r.body.error.id).toBe('auth.required')
  })

  describe('login', () => {
    it.each([
      [{ username: 'admin' }, 400, 'password'],
      [{ username: '', password: 'x' }, 400, 'username'],
      ['{not json', 400, undefined],
    ])('rejects a bad body %j', async (body, status, field) => {
      const r = await new ApiClient(server.url).call('POST', '/api/v1/auth/login', body, {
        'content-type': 'application/json',
      })
      expect(r.status).toBe(status)
      if (field) expect(r.body.error.field).toBe(field)
      expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts/)
    })

    it('rejects a wrong password and an unknown user alike', async () => {
      const a = await new ApiClient(server.url).post('/api/v1/auth/login', {
        username: 'admin',
        password: 'nope-nope',
      })
      const b = await new ApiClient(server.url).post('/api/v1/auth/login', {
        username: 'ghost',
        password: 'nope-nope',
      })
      expect([a.status, b.status]).toEqual([401, 401])
      expect(a.body.error.id).toBe('auth.invalid_credentials')
      expect(b.body.error.id).toBe('auth.invalid_credentials')
    })

    it('locks an account after five failures, even for the right password', async () => {
      await admin.post('/api/v1/users', {
        username: 'lockme',
        display_name: '锁定测试',
        role: 'operator',
        password: 'Lock-me-2026',
      })
      const c = new ApiClient(server.url)
      for (let i = 0; i < 5; i++)
        await c.post('/api/v1/auth/login', { username: 'lockme', password: 'wrong-wrong' })
      const r = await c.post('/api/v1/auth/login', { username: 'lockme', password: 'Lock-me-2026' })
      expect(r.status).toBe(429)
      expect(r.body.error.id).toBe('auth.locked')
    })

    it('sets an httpOnly cookie and /me answers who is signed in; logout ends the session', async () => {
      const c = new ApiClient(server.url)
      const r = await c.post('/api/v1/auth/login', { username: 'admin', password: adminPassword })
      expect(r.headers.get('set-cookie')).toMatch(/HttpOnly/i)
      expect((await c.get('/api/v1/me')).body).toMatchObject({
        username: 'admin',
        role: 'park_admin',
        enterprise_id: null,
      })
      expect((await c.post('/api/v1/auth/logout')).status).toBe(204)
      expect((await c.get('/api/v1/me')).status).toBe(401)
    })
  })

  describe('park and assets', () => {
    it('computes the park figures from the database', async () => {
      const r = await admin.get('/api/v1/park')
      expect(r.status).toBe(200)
      const inventory = park.tanks.features.reduce((s, f) => s + f.properties.inventory_t, 0)
      expect(r.body.enterprise_count).toBe(park.enterprises.features.length)
      expect(r.body.tank_count).toBe(park.tanks.features.length)
      expect(r.body.building_count).toBe(park.buildings.features.length)
      expect(r.body.total_inventory_t).toBeCloseTo(inventory, 0)
      expect(r.body.area_km2).toBeCloseTo(area(park.boundary) / 1e6, 1)
      const chemicals = new Set(park.tanks.features.map((f) => f.properties.chemical))
      expect(r.body.inventory_by_chemical.map((c: { chemical: string }) => c.chemical).sort()).toEqual(
        [...chemicals].sort(),
      )
    })

    it('lists assets as GeoJSON filtered by kind, enterprise and bbox', async () => {
      const tanks = await admin.get('/api/v1/assets?kind=tank')
      expect(tanks.body.type).toBe('FeatureCollection')
      expect(tanks.body.features).toHaveLength(park.tanks.features.length)
      const t = park.tanks.features[0]!
      const mine = await admin.get(
        `/api/v1/assets?kind=tank,tank_farm&enterprise=${t.properties.enterprise_id}`,
      )
      expect(
        mine.body.features.every(
          (f: { properties: { enterprise_id: string } }) =>
            f.properties.enterprise_id === t.properties.enterprise_id,
        ),
      ).toBe(true)
      const [lon, lat] = t.geometry.coordinates as [number, number]
      const box = await admin.get(
        `/api/v1/assets?kind=tank&bbox=${lon - 1e-5},${lat - 1e-5},${lon + 1e-5},${lat + 1e-5}`,
      )
      expect(box.body.features.map((f: { id: string }) => f.id)).toContain(t.id)
    })

    it.each([
      ['kind=spaceship', 'kind.0'],
      ['bbox=1,2,3', 'bbox'],
      ['bbox=5,5,1,1', 'bbox'],
      ['bbox=a,b,c,d', 'bbox.0'],
    ])('rejects ?%s with a 400 naming the field', async (query, field) => {
      const r = await admin.get(`/api/v1/assets?${query}`)
      expect(r.status).toBe(400)
      expect(r.body.error.field).toBe(field)
    })

    it('returns a tank with its chemical, inventory, enterprise, sensors and zones', async () => {
      const t = park.tanks.features.find((f) =>
        park.sensors.features.some(
          (s) => s.properties.asset_id === f.id || s.properties.asset_id === f.properties.farm_id,
        ),
      )!
      const r = await admin.get(`/api/v1/assets/${t.id}`)
      expect(r.status).toBe(200)
      expect(r.body.asset.properties.props).toMatchObject({
        chemical: t.properties.chemical,
        inventory_t: t.properties.inventory_t,
      })
      expect(r.body.enterprise.id).toBe(t.properties.enterprise_id)
      expect(Array.isArray(r.body.zones)).toBe(true)
    })

    it('answers unknown and malformed asset ids with 404', async () => {
      for (const id of ['T-NOPE-99', 'x'.repeat(80), '%27%3B--']) {
        const r = await admin.get(`/api/v1/assets/${id}`)
        expect(r.status).toBe(404)
        expect(r.body.error.id).toBe('asset.not_found')
      }
    })

    it('serves enterprises, roads and zones', async () => {
      expect((await admin.get('/api/v1/enterprises')).body.features).toHaveLength(
        park.enterprises.features.length,
      )
      expect((await admin.get('/api/v1/roads')).body.features).toHaveLength(park.roads.features.length)
      expect((await admin.get('/api/v1/zones')).body.features).toHaveLength(park.zones.features.length)
    })
  })

  describe('roles', () => {
    it('an enterprise user sees only its enterprise and park-wide assets', async () => {
      const ent = park.tanks.features[0]!.properties.enterprise_id
      await admin.post('/api/v1/users', {
        username: 'ent1',
        display_name: '企业用户',
        role: 'enterprise_user',
        enterprise_id: ent,
        password: 'Ent-user-2026',
      })
      const c = new ApiClient(server.url)
      await c.login('ent1', 'Ent-user-2026')
      const all = await c.get('/api/v1/assets')
      const owners = new Set(
        all.body.features.map(
          (f: { properties: { enterprise_id: string | null } }) => f.properties.enterprise_id,
        ),
      )
      expect([...owners].every((o) => o === null || o === ent)).toBe(true)
      expect(owners.has(ent)).toBe(true)
      const other = park.tanks.features.find((f) => f.properties.enterprise_id !== ent)!
      expect((await c.get(`/api/v1/assets/${other.id}`)).status).toBe(404)
      expect((await c.get('/api/v1/enterprises')).body.features.map((f: { id: string }) => f.id)).toEqual([
        ent,
      ])
      expect((await c.get('/api/v1/users')).status).toBe(403)
    })

    it('a screen account is read-only', async () => {
      await admin.post('/api/v1/users', {
        username: 'wall',
        display_name: '大屏',
        role: 'screen',
        password: 'Screen-2026!',
      })
      const c = new ApiClient(server.url)
      await c.login('wall', 'Screen-2026!')
      expect((await c.get('/api/v1/park')).status).toBe(200)
      const r = await c.post('/api/v1/users', {
        username: 'x',
        display_name: 'x',
        role: 'operator',
        password: 'Abcdefg-1',
      })
      expect(r.status).toBe(403)
      expect(r.body.error.id).toBe('forbidden.read_only')
    })

    it('validates new users', async () => {
      const r1 = await admin.post('/api/v1/users', {
        username: 'e2',
        display_name: 'x',
        role: 'enterprise_user',
        password: 'Abcdefg-1',
      })
      expect(r1.body.error.field).toBe('enterprise_id')
      const r2 = await admin.post('/api/v1/users', {
        username: 'weak',
        display_name: 'x',
        role: 'operator',
        password: 'abcdefgh',
      })
      expect(r2.body.error.field).toBe('password')
      const r3 = await admin.post('/api/v1/users', {
        username: 'admin',
        display_name: 'x',
        role: 'operator',
        password: 'Abcdefg-1',
      })
      expect(r3.status).toBe(409)
    })
  })

  describe('live positions', () => {
    it('stores simulated positions in PostGIS and serves the live snapshot', async () => {
      const rows = await eventually(async () => {
        const r = await server.db.query<{ n: number }>(
          systemScope,
          'SELECT count(*)::int AS n FROM positions',
        )
        return r[0]!.n > 0 ? r[0]!.n : null
      }, 30_000)
      expect(rows).toBeGreaterThan(0)
      const live = await eventually(async () => {
        const r = await admin.get('/api/v1/tags/live')
        return r.body.filter((t: { last: unknown }) => t.last).length >= 12 ? r.body : null
      })
      expect(live[0]).toMatchObject({ kind: expect.any(String), label: expect.any(String) })
    })

    it('refuses sockets without a session and streams frames to signed-in ones', async () => {
      const anon = connect(server.url, { transports: ['websocket'], reconnection: false })
      const refused = await new Promise<string>((resolve) =>
        anon.on('connect_error', (e) => resolve(e.message)),
      )
      expect(refused).toBe('auth.required')
      anon.close()

      const sock: Socket = connect(server.url, {
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: { cookie: admin.cookie! },
      })
      try {
        await new Promise<void>((resolve, reject) => {
          sock.on('connect', () => resolve())
          sock.on('connect_error', reject)
        })
        const bad = await sock.emitWithAck('live.subscribe', { channels: ['nope'] })
        expect(bad.ok).toBe(false)
        const frame = new Promise<PositionsFrame>((resolve) => sock.once('positions.frame', resolve))
        expect(await sock.emitWithAck('live.subscribe', { channels: ['positions'] })).toEqual({ ok: true })
        const f = await frame
        expect(f.samples.length).toBeGreaterThan(0)
        // Frames carry the tag simulator's cards and the JT808 hazmat trucks alike.
        expect(f.samples[0]).toMatchObject({
          tag_id: expect.stringMatching(/^(CARD-|jt808-)/),
          lon: expect.any(Number),
        })
      } finally {
        sock.close()
      }
    })
  })
})
