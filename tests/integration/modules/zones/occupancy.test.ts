// People distribution per zone on PostgreSQL + PostGIS and Redis with the seeded park: the live cache's latest
// positions placed in the zones by ST_Covers, stale ones left out, counts by tag kind, an enterprise's view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PositionSample, TagKind } from '../../../../server/contracts'
import type { OccupancyReport, ZoneOccupancy } from '../../../../server/contracts/occupancy'
import type { RunningServer } from '../../../../server/main'
import { upsertTags } from '../../../../server/modules/tags/tags.repository'
import { cacheKeys } from '../../../../server/platform/bus/bus'
import { systemScope } from '../../../../server/platform/db/db'
import { ApiClient, signedInClient } from '../../../helpers/http'
import { startTestServer, type TestServer } from '../../../helpers/server-config'
import { uniqueRedisPrefix } from '../../../helpers/services'

const adminPassword = 'Admin-pass-2026'

describe('GET /api/v1/zones/occupancy', () => {
  let started: TestServer
  let server: RunningServer
  let admin: ApiClient
  let ent: ApiClient
  /** a park-wide zone, and a zone of enterprise `owner` that does not touch it */
  const park = { id: '', lon: 0, lat: 0 }
  const own = { id: '', lon: 0, lat: 0, owner: '', other: '' }
  const sql = <R extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    server.db.query<R>(systemScope, text, params)

  const sample = (tag: string, at: { lon: number; lat: number }, ageS: number): PositionSample => ({
    tag_id: tag,
    t: new Date(Date.now() - ageS * 1000).toISOString(),
    lon: at.lon,
    lat: at.lat,
    speed_kmh: 0,
    heading_deg: null,
    source: 'test',
  })
  const zoneOf = (r: OccupancyReport, id: string) => r.zones.find((z) => z.id === id)

  beforeAll(async () => {
    started = await startTestServer('cpt_occupancy', {
      SIM: 'off',
      SERVICES: 'web',
      REDIS_PREFIX: uniqueRedisPrefix('cpt-occ'),
      ADMIN_PASSWORD: adminPassword,
    })
    server = started.server
    admin = new ApiClient(server.url)
    await admin.login('admin', adminPassword)
    const [o] = await sql<{ id: string; enterprise_id: string; lon: number; lat: number }>(
      `SELECT id, enterprise_id, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
         FROM zones WHERE enterprise_id IS NOT NULL AND active ORDER BY id LIMIT 1`,
    )
    Object.assign(own, { id: o!.id, owner: o!.enterprise_id, lon: o!.lon, lat: o!.lat })
    const [p] = await sql<{ id: string; lon: number; lat: number }>(
      `SELECT z.id, ST_X(ST_PointOnSurface(z.geom)) AS lon, ST_Y(ST_PointOnSurface(z.geom)) AS lat
         FROM zones z, zones e
        WHERE z.enterprise_id IS NULL AND z.active AND e.id = $1 AND NOT ST_Intersects(z.geom, e.geom)
          AND NOT EXISTS (SELECT 1 FROM zones x WHERE x.id <> z.id AND ST_Covers(x.geom, ST_PointOnSurface(z.geom)))
        ORDER BY z.id LIMIT 1`,
      [own.id],
    )
    Object.assign(park, p)
    const [other] = await sql<{ id: string }>(
      `SELECT id FROM enterprises WHERE id <> $1 ORDER BY id LIMIT 1`,
      [own.owner],
    )
    own.other = other!.id
    const tag = (id: string, kind: TagKind, enterprise_id: string | null = null) => ({
      id,
      kind,
      label: id,
      enterprise_id,
    })
    await server.db.tx(systemScope, (q) =>
      upsertTags(q, [
        tag('OCC-STAFF-1', 'staff'),
        tag('OCC-STAFF-2', 'staff'),
        tag('OCC-VIS-1', 'visitor'),
        tag('OCC-HAZ-1', 'hazmat_vehicle'),
        tag('OCC-OLD-1', 'staff'),
        tag('OCC-OWN-1', 'contractor', own.owner),
        tag('OCC-OTHER-1', 'staff', own.other),
        tag('OCC-VIS-2', 'visitor'),
      ]),
    )
    await server.bus.setLatest(cacheKeys.latestPositions, {
      // park-wide zone: two staff, a visitor, a hazmat truck, one staff seen 20 min ago, the owner's contractor
      'OCC-STAFF-1': sample('OCC-STAFF-1', park, 5),
      'OCC-STAFF-2': sample('OCC-STAFF-2', park, 30),
      'OCC-VIS-1': sample('OCC-VIS-1', park, 2),
      'OCC-HAZ-1': sample('OCC-HAZ-1', park, 1),
      'OCC-OLD-1': sample('OCC-OLD-1', park, 20 * 60),
      'OCC-OWN-1': sample('OCC-OWN-1', park, 3),
      // the enterprise's own zone: another enterprise's staff and a park-wide visitor
      'OCC-OTHER-1': sample('OCC-OTHER-1', own, 4),
      'OCC-VIS-2': sample('OCC-VIS-2', own, 4),
    })
    ent = await signedInClient(admin, server.url, 'occ_ent', {
      role: 'enterprise_user',
      enterpriseId: own.owner,
    })
  }, 180_000)

  afterAll(async () => {
    await started?.close()
  })

  it('counts the fresh latest positions per zone and kind', async () => {
    const r = await admin.get('/api/v1/zones/occupancy')
    expect(r.status).toBe(200)
    const report = r.body as OccupancyReport
    expect(report.max_age_s).toBe(600)
    expect(report.fresh_tags).toBe(7)
    const [active] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM zones WHERE active`)
    expect(report.zones.length).toBe(active!.n)
    expect(zoneOf(report, park.id)).toMatchObject({
      counts: { staff: 2, visitor: 1, contractor: 1, vehicle: 0, hazmat_vehicle: 1 },
      people: 4,
      total: 5,
    } satisfies Partial<ZoneOccupancy>)
    expect(zoneOf(report, own.id)).toMatchObject({ counts: { staff: 1, visitor: 1 }, people: 2, total: 2 })
    const counted = report.zones.reduce((s, z) => s + z.total, 0)
    expect(counted).toBeGreaterThanOrEqual(7)
  })

  it('widens the window on request and refuses a bad one', async () => {
    const r = (await admin.get('/api/v1/zones/occupancy?max_age_s=3600')).body as OccupancyReport
    expect(zoneOf(r, park.id)!.counts.staff).toBe(3)
    expect((await admin.get('/api/v1/zones/occupancy?max_age_s=5')).status).toBe(400)
    expect((await new ApiClient(server.url).get('/api/v1/zones/occupancy')).status).toBe(401)
  })

  it("reports each zone's headcount limit: its own, else its type's default, none when exempt", async () => {
    const defaults = await sql<{ zone_type: string; max_headcount: number }>(
      `SELECT zone_type, max_headcount FROM zone_type_limits`,
    )
    const byType = new Map(defaults.map((d) => [d.zone_type, d.max_headcount]))
    const before = (await admin.get('/api/v1/zones/occupancy')).body as OccupancyReport
    expect(before.zones.some((z) => z.max_headcount !== undefined)).toBe(true)
    for (const z of before.zones)
      if (z.max_headcount !== undefined) expect(z.max_headcount).toBe(byType.get(z.zone_type))
      else expect(byType.has(z.zone_type)).toBe(false)
    await sql(`UPDATE zones SET props = props || '{"max_headcount": 3}' WHERE id = $1`, [park.id])
    const own = (await admin.get('/api/v1/zones/occupancy')).body as OccupancyReport
    expect(zoneOf(own, park.id)).toMatchObject({ max_headcount: 3, people: 4 })
    await sql(`UPDATE zones SET props = props || '{"max_headcount": null}' WHERE id = $1`, [park.id])
    const exempt = (await admin.get('/api/v1/zones/occupancy')).body as OccupancyReport
    expect(zoneOf(exempt, park.id)).not.toHaveProperty('max_headcount')
  })

  it('shows an enterprise its own tags in park-wide zones and what it may see in its own zones', async () => {
    const r = (await ent.get('/api/v1/zones/occupancy')).body as OccupancyReport
    expect(r.zones.every((z) => z.enterprise_id === null || z.enterprise_id === own.owner)).toBe(true)
    expect(zoneOf(r, park.id)).toMatchObject({ counts: { contractor: 1, staff: 0 }, people: 1, total: 1 })
    // another enterprise's staff is not its to see; the park-wide visitor is
    expect(zoneOf(r, own.id)).toMatchObject({ counts: { staff: 0, visitor: 1 }, total: 1 })
  })
})
