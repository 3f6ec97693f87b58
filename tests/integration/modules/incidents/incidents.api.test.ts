// Incident command over REST on PostgreSQL + PostGIS and Redis: a chlorine leak declared at a tank of the seeded
// park draws zones, lists the tags inside them from the live position cache, routes them on the road graph to muster
// points outside every zone without a red edge, counts cards at the muster points, and on a wind shift (90° → 270°)
// rotates the zones and changes who is inside; the log keeps the timeline; bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Socket } from 'socket.io-client'
import { offsetM, type LonLat } from '../../../../sensors/simulators/tags/geo'
import type { PositionSample } from '../../../../server/contracts/live'
import { cacheKeys } from '../../../../server/platform/bus/bus'
import { systemScope } from '../../../../server/platform/db/db'
import { compileZones, levelAt, type LevelFeature } from '../../../../server/modules/incidents/who-inside'
import { eventually, type ApiClient } from '../../../helpers/http'
import { startIncidentsStack, type IncidentsStack } from './stack'

describe('incidents API', () => {
  let s: IncidentsStack
  let op: ApiClient
  let wall: ApiClient
  let ent: ApiClient
  let tank: { id: string; lon: number; lat: number }
  let sock: Socket
  const pushed: { incident_id: string; change: string }[] = []

  const count = async (table: string) =>
    Number((await s.db.query<{ n: string }>(systemScope, `SELECT count(*) AS n FROM ${table}`))[0]!.n)
  const place = async (tagId: string, p: LonLat, ageS = 0) => {
    const sample: PositionSample = {
      tag_id: tagId,
      t: new Date(Date.now() - ageS * 1000).toISOString(),
      lon: p[0],
      lat: p[1],
      speed_kmh: 0,
      heading_deg: 0,
      source: 'test',
    }
    await s.bus.setLatest(cacheKeys.latestPositions, { [tagId]: sample })
  }
  /** metres east / north of the tank */
  const fromTank = (east: number, north: number) => offsetM([tank.lon, tank.lat], east, north)

  beforeAll(async () => {
    s = await startIncidentsStack('cpt_incidents_api')
    op = await s.client('op1', 'operator')
    wall = await s.client('wall', 'screen')
    ent = await s.client('e01', 'enterprise_user', 'E01')
    tank = (
      await s.db.query<{ id: string; lon: number; lat: number }>(
        systemScope,
        `SELECT id, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM assets
          WHERE kind = 'tank' AND props->>'cas' = '7782-50-5' ORDER BY id LIMIT 1`,
      )
    )[0]!
    await s.db.owner(async (q) => {
      await q.query(
        `INSERT INTO tags (id, kind, label, enterprise_id) VALUES
          ('INC-W1', 'staff', '西侧员工', 'E01'), ('INC-W2', 'contractor', '西侧承包商', NULL),
          ('INC-WV', 'hazmat_vehicle', '苏A危化1', NULL), ('INC-E1', 'visitor', '东侧访客', NULL),
          ('INC-OLD', 'staff', '过期位置', NULL), ('INC-M', 'staff', '集合点员工', NULL)`,
      )
    })
    sock = await s.socket(op)
    sock.on('incident.updated', (m: { incident_id: string; change: string }) => pushed.push(m))
  })
  afterAll(async () => {
    await s?.stop()
  })

  const release = () => ({
    kind: 'leak',
    asset_id: tank.id,
    rate_gs: 1000,
    duration_s: 600,
    weather: { wind_speed_ms: 3, wind_from_deg: 90, stability: 'D' },
  })

  describe('bad input changes nothing', () => {
    it('answers 400 with a reason, 404 for an unknown asset, 403 for other roles', async () => {
      const before = await count('incidents')
      const flood = await op.post('/api/v1/incidents', { ...release(), kind: 'flood' })
      expect(flood.status).toBe(400)
      expect(flood.body.error.field).toBe('kind')
      const fireToxic = await op.post('/api/v1/incidents', { ...release(), kind: 'fire', scenario: 'toxic' })
      expect(fireToxic.status).toBe(400)
      expect(fireToxic.body.error.message).toMatch(/scenario: a fire is modelled as pool_fire/)
      const noWeather = await op.post('/api/v1/incidents', { kind: 'leak', asset_id: tank.id, rate_gs: 1000 })
      expect(noWeather.status).toBe(400)
      expect(noWeather.body.error.message).toMatch(/weather/)
      const both = await op.post('/api/v1/incidents', { ...release(), point: { lon: 120.95, lat: 31.95 } })
      expect(both.status).toBe(400)
      expect(both.body.error.message).toMatch(/give asset_id or point/)
      const extra = await op.post('/api/v1/incidents', { ...release(), colour: 'red' })
      expect(extra.status).toBe(400)
      const unknown = await op.post('/api/v1/incidents', { ...release(), asset_id: 'T-NOPE' })
      expect(unknown.status).toBe(404)
      const noStation = await op.post('/api/v1/incidents', {
        ...release(),
        weather: { source: 'station', station_id: 'WS9' },
      })
      expect(noStation.status).toBe(400)
      expect(noStation.body.error.message).toMatch(/no observation from station WS9/)
      expect((await ent.post('/api/v1/incidents', release())).status).toBe(403)
      expect((await wall.post('/api/v1/incidents', release())).status).toBe(403)
      expect(await count('incidents')).toBe(before)
      expect(await count('incident_log')).toBe(0)
      expect((await op.get('/api/v1/incidents/999999')).status).toBe(404)
      expect((await op.get('/api/v1/incidents/abc')).status).toBe(404)
    })
  })

  describe('a chlorine leak at a tank of the simulated park', () => {
    let id: string
    let zones90: ReturnType<typeof compileZones>
    const west: Record<string, LonLat> = {}

    it('is declared with zones downwind (wind from the east → west), an alarm and a push', async () => {
      const r = await op.post('/api/v1/incidents', release())
      expect(r.status).toBe(201)
      id = r.body.id
      expect(r.body).toMatchObject({
        kind: 'leak',
        status: 'active',
        asset_id: tank.id,
        chemical_id: 'chlorine',
        scenario: 'toxic',
        declared_by: 'op1',
        weather: { wind_speed_ms: 3, wind_from_deg: 90, stability: 'D', source: 'manual' },
      })
      expect(r.body.title).toContain('氯')
      const levels = r.body.zones.zones.features.map((f: LevelFeature) => f.properties.level)
      expect(levels).toEqual(expect.arrayContaining(['red', 'orange', 'yellow']))
      // downwind is west: no zone vertex east of the tank
      for (const f of r.body.zones.zones.features as LevelFeature[])
        for (const [lon] of f.geometry.coordinates[0]!)
          expect(lon!).toBeLessThanOrEqual(r.body.source.lon + 1e-7)
      zones90 = compileZones(r.body.zones.zones.features)

      // GET answers the same zones; active lists it; an enterprise account reads it too
      const got = await ent.get(`/api/v1/incidents/${id}`)
      expect(got.status).toBe(200)
      expect(got.body.zones).toEqual(r.body.zones)
      expect((await wall.get('/api/v1/incidents/active')).body.map((i: { id: string }) => i.id)).toContain(id)

      // the system alarm of the incident
      const alarm = await s.db.query<{ priority: string; state: string }>(
        systemScope,
        `SELECT priority, state FROM alarms WHERE source_id = $1 AND rule = 'incident_declared'`,
        [`incident:${id}`],
      )
      expect(alarm).toEqual([{ priority: 'urgent', state: 'unack' }])
      await eventually(
        async () => pushed.some((m) => m.incident_id === id && m.change === 'declared'),
        10_000,
        50,
      )
    })

    it('lists who is inside each zone from fresh positions, people and vehicles, with the distance', async () => {
      // points along the downwind axis (west), picked by the zones the API drew
      for (let d = 20; d < 5000 && (!west.red || !west.yellow); d += 10) {
        const p = fromTank(-d, 0)
        const l = levelAt(zones90, p)
        if (l === 'red' && !west.red) west.red = p
        if (l === 'yellow' && !west.yellow) west.yellow = p
      }
      expect(west.red && west.yellow).toBeTruthy()
      await place('INC-W1', west.red!)
      await place('INC-WV', fromTank(-25, 2))
      await place('INC-W2', west.yellow!)
      await place('INC-E1', fromTank(300, 0)) // upwind
      await place('INC-OLD', west.red!, 20 * 60) // 20 minutes old: not counted
      const r = await wall.get(`/api/v1/incidents/${id}/inside`)
      expect(r.status).toBe(200)
      const by = Object.fromEntries(r.body.inside.map((e: { tag_id: string }) => [e.tag_id, e]))
      expect(Object.keys(by).sort()).toEqual(['INC-W1', 'INC-W2', 'INC-WV'])
      expect(by['INC-W1']).toMatchObject({
        level: 'red',
        kind: 'staff',
        label: '西侧员工',
        enterprise_id: 'E01',
      })
      expect(by['INC-W2']).toMatchObject({ level: 'yellow', kind: 'contractor' })
      expect(by['INC-WV']).toMatchObject({ kind: 'hazmat_vehicle' })
      expect(by['INC-W2'].distance_m).toBeGreaterThan(by['INC-W1'].distance_m)
      expect(r.body.counts.red.people).toBe(1)
      expect(r.body.counts.yellow.people).toBe(1)
      expect(r.body.counts.red.vehicles + r.body.counts.orange.vehicles).toBe(1)
      // people lists are the park's
      expect((await ent.get(`/api/v1/incidents/${id}/inside`)).status).toBe(403)
      expect((await wall.get(`/api/v1/incidents/${id}/inside?max_age_s=0`)).status).toBe(400)
    })

    it('routes everyone inside to muster points outside every zone, never over a red edge', async () => {
      const r = await wall.get(`/api/v1/incidents/${id}/evacuation`)
      expect(r.status).toBe(200)
      expect(r.body.people).toHaveLength(3)
      const points = Object.fromEntries(r.body.points.map((p: { id: string }) => [p.id, p]))
      expect(Object.keys(points).length).toBeGreaterThanOrEqual(8)
      for (const p of r.body.people) {
        expect(p.muster_id).not.toBeNull()
        const m = points[p.muster_id]
        expect(m.status).toBe('eligible')
        expect(levelAt(zones90, [m.lon, m.lat])).toBeNull()
        expect(p.route.type).toBe('LineString')
        // the route ends at the point's road node and, after the first step out, never enters the red zone
        const coords = p.route.coordinates as [number, number][]
        for (let i = 1; i < coords.length; i++) {
          expect(levelAt(zones90, coords[i]!)).not.toBe('red')
          if (i > 1) {
            const mid: LonLat = [
              (coords[i - 1]![0] + coords[i]![0]) / 2,
              (coords[i - 1]![1] + coords[i]![1]) / 2,
            ]
            expect(levelAt(zones90, mid)).not.toBe('red')
          }
        }
        expect(p.length_m).toBeGreaterThan(0)
      }
      expect(r.body.edges.red.length).toBeGreaterThan(0)
      // points in a zone are excluded
      for (const p of r.body.points) if (levelAt(zones90, [p.lon, p.lat])) expect(p.status).toBe('excluded')
      const assigned = r.body.points.reduce((n: number, p: { assigned: number }) => n + p.assigned, 0)
      expect(assigned).toBe(3)
    })

    it('counts cards at the muster points and lists the nearest resources', async () => {
      const m = (
        await s.db.query<{ lon: number; lat: number }>(
          systemScope,
          `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM assets WHERE id = 'M1'`,
        )
      )[0]!
      await place('INC-M', offsetM([m.lon, m.lat], 20, 0))
      const r = await op.get(`/api/v1/incidents/${id}/muster`)
      expect(r.status).toBe(200)
      expect(r.body.points.find((p: { id: string }) => p.id === 'M1')).toMatchObject({
        present: 1,
        tags: ['INC-M'],
        capacity: 800,
      })
      expect(r.body.present).toBe(1)
      const near = await op.get(`/api/v1/incidents/${id}/muster?radius_m=10`)
      expect(near.body.present).toBe(0)

      const res = await ent.get(`/api/v1/incidents/${id}/resources`)
      expect(res.status).toBe(200)
      expect(res.body.fire_stations).toHaveLength(1)
      expect(res.body.hydrants).toHaveLength(8)
      expect(res.body.depots.length).toBeGreaterThan(0)
      const d = res.body.hydrants.map((h: { distance_m: number }) => h.distance_m)
      expect(d).toEqual([...d].sort((a, b) => a - b))
      expect(d[0]).toBeLessThan(500)
    })

    it('a wind shift (90° → 270°) rotates the zones and changes who is inside', async () => {
      const bad = await op.call('PATCH', `/api/v1/incidents/${id}/weather`, {
        wind_speed_ms: 0.2,
        wind_from_deg: 270,
      })
      expect(bad.status).toBe(400)
      expect((await wall.call('PATCH', `/api/v1/incidents/${id}/weather`, release().weather)).status).toBe(
        403,
      )
      const r = await op.call('PATCH', `/api/v1/incidents/${id}/weather`, {
        wind_speed_ms: 3,
        wind_from_deg: 270,
        stability: 'D',
      })
      expect(r.status).toBe(200)
      expect(r.body.weather).toMatchObject({ wind_from_deg: 270, source: 'manual' })
      for (const f of r.body.zones.zones.features as LevelFeature[])
        for (const [lon] of f.geometry.coordinates[0]!)
          expect(lon!).toBeGreaterThanOrEqual(r.body.source.lon - 1e-7)
      const inside = await op.get(`/api/v1/incidents/${id}/inside`)
      const ids = inside.body.inside.map((e: { tag_id: string }) => e.tag_id)
      expect(ids).toContain('INC-E1')
      expect(ids).not.toContain('INC-W2')
      expect(ids).not.toContain('INC-W1')
      await eventually(
        async () => pushed.some((m) => m.incident_id === id && m.change === 'weather_changed'),
        10_000,
        50,
      )
      // evacuation re-planned with the new zones: the east visitor goes to a point clear of them
      const zones270 = compileZones(r.body.zones.zones.features)
      const ev = await op.get(`/api/v1/incidents/${id}/evacuation`)
      const e1 = ev.body.people.find((p: { tag_id: string }) => p.tag_id === 'INC-E1')
      const m = ev.body.points.find((p: { id: string }) => p.id === e1.muster_id)
      expect(levelAt(zones270, [m.lon, m.lat])).toBeNull()
    })

    it('takes a weather station’s latest observation', async () => {
      await s.stations.receive(
        'WS1',
        JSON.stringify({
          t: new Date().toISOString(),
          wind_speed_ms: 4,
          wind_from_deg: 180,
          temp_c: 21,
          cloud_cover_oktas: 8,
        }),
      )
      expect(await s.stations.receive('WS1', '{"t":"nope"}')).toBe(false)
      const r = await op.call('PATCH', `/api/v1/incidents/${id}/weather`, {
        source: 'station',
        station_id: 'WS1',
      })
      expect(r.status).toBe(200)
      expect(r.body.weather).toMatchObject({
        source: 'station',
        station_id: 'WS1',
        wind_from_deg: 180,
        cloud_cover_oktas: 8,
      })
      expect(r.body.zones.weather.stability_basis).toMatch(/pasquill/)
      expect(await count('weather_observations')).toBe(1)
    })

    it('keeps notes and the timeline, and closes once', async () => {
      expect((await op.post(`/api/v1/incidents/${id}/log`, { text: '  ' })).status).toBe(400)
      const note = await op.post(`/api/v1/incidents/${id}/log`, { text: '消防站已出动' })
      expect(note.status).toBe(201)
      const closed = await op.post(`/api/v1/incidents/${id}/close`, { reason: '泄漏已封堵' })
      expect(closed.status).toBe(200)
      expect(closed.body).toMatchObject({ status: 'closed', closed_by: 'op1' })
      expect((await op.post(`/api/v1/incidents/${id}/close`, {})).status).toBe(409)
      expect((await op.call('PATCH', `/api/v1/incidents/${id}/weather`, release().weather)).status).toBe(409)
      const log = await wall.get(`/api/v1/incidents/${id}/log`)
      expect(log.status).toBe(200)
      const kinds: string[] = log.body.map((e: { kind: string }) => e.kind)
      const order = ['declared', 'zones_computed', 'weather_changed', 'zones_computed', 'note', 'closed']
      let at = -1
      for (const k of order) {
        const next = kinds.indexOf(k, at + 1)
        expect(next, `${k} after index ${at} in ${kinds.join(',')}`).toBeGreaterThan(at)
        at = next
      }
      expect(kinds).toContain('alarm')
      expect(kinds).toContain('notification')
      expect(log.body.find((e: { kind: string }) => e.kind === 'note').payload).toEqual({
        text: '消防站已出动',
      })
      const wc = log.body.find((e: { kind: string }) => e.kind === 'weather_changed')
      expect(wc.payload.from.wind_from_deg).toBe(90)
      expect(wc.payload.to.wind_from_deg).toBe(270)
      const alarm = await s.db.query<{ state: string }>(
        systemScope,
        `SELECT state FROM alarms WHERE source_id = $1`,
        [`incident:${id}`],
      )
      expect(alarm[0]!.state).toBe('rtn_unack')
      expect((await op.get('/api/v1/incidents/active')).body.map((i: { id: string }) => i.id)).not.toContain(
        id,
      )
      await eventually(
        async () => pushed.some((m) => m.incident_id === id && m.change === 'closed'),
        10_000,
        50,
      )
    })
  })
})
