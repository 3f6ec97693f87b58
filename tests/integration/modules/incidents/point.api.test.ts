// An incident declared at a map point (地图选点) rather than at an asset, on PostgreSQL + PostGIS: a point inside the
// park boundary with its chemical is declared with its zones around that point; a point outside the park, or one
// without a chemical, is refused with a 400 naming the field, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Incident, IncidentLogEntry } from '../../../../server/contracts/incidents'
import { systemScope } from '../../../../server/platform/db/db'
import type { ApiClient } from '../../../helpers/http'
import { startIncidentsStack, type IncidentsStack } from './stack'

describe('incidents API: a release at a map point', () => {
  let s: IncidentsStack
  let op: ApiClient
  let park: { lon: number; lat: number; xmax: number; ymax: number }
  /** a point inside the park (on its surface) */
  let centre: { lon: number; lat: number }

  const count = async (table: string) =>
    Number((await s.db.query<{ n: string }>(systemScope, `SELECT count(*) AS n FROM ${table}`))[0]!.n)
  const release = (point: { lon: number; lat: number }, extra: Record<string, unknown> = {}) => ({
    kind: 'leak',
    point,
    chemical_id: 'chlorine',
    rate_gs: 500,
    duration_s: 600,
    weather: { wind_speed_ms: 3, wind_from_deg: 90, stability: 'D' },
    ...extra,
  })

  beforeAll(async () => {
    s = await startIncidentsStack('cpt_incidents_point')
    op = await s.client('op-point', 'operator')
    park = (
      await s.db.query<{ lon: number; lat: number; xmax: number; ymax: number }>(
        systemScope,
        `SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat,
                ST_XMax(geom) AS xmax, ST_YMax(geom) AS ymax FROM parks ORDER BY id LIMIT 1`,
      )
    )[0]!
    centre = { lon: park.lon, lat: park.lat }
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('refuses a point outside the park boundary with a 400 on `point`; nothing is written', async () => {
    const incidents = await count('incidents')
    const log = await count('incident_log')
    // ~100 m east of the park's easternmost vertex, and far away
    for (const point of [
      { lon: park.xmax + 0.001, lat: park.lat },
      { lon: park.lon, lat: park.ymax + 0.001 },
      { lon: 116.4, lat: 39.9 },
    ]) {
      const r = await op.post('/api/v1/incidents', release(point))
      expect(r.status).toBe(400)
      expect(r.body.error).toMatchObject({ id: 'validation', field: 'point' })
      expect(r.body.error.message).toMatch(/outside the park boundary/)
    }
    // a point needs its chemical (no asset to take it from)
    const noChemical = await op.post('/api/v1/incidents', release(centre, { chemical_id: undefined }))
    expect(noChemical.status).toBe(400)
    expect(noChemical.body.error.field).toBe('chemical_id')
    expect(await count('incidents')).toBe(incidents)
    expect(await count('incident_log')).toBe(log)
  })

  it('declares a point inside the park: the source is the point, no asset, zones downwind', async () => {
    const r = await op.post('/api/v1/incidents', release(centre))
    expect(r.status).toBe(201)
    const inc = r.body as Incident
    expect(inc).toMatchObject({ kind: 'leak', status: 'active', asset_id: null, chemical_id: 'chlorine' })
    expect(inc.source.lon).toBeCloseTo(park.lon, 6)
    expect(inc.source.lat).toBeCloseTo(park.lat, 6)
    expect(inc.zones.zones.features.length).toBeGreaterThan(0)
    // wind from the east: every zone lies west of the point
    for (const f of inc.zones.zones.features)
      for (const [lon] of f.geometry.coordinates[0]!) expect(lon).toBeLessThanOrEqual(park.lon + 1e-7)
    const log = (await op.get(`/api/v1/incidents/${inc.id}/log`)).body as IncidentLogEntry[]
    const declared = log.find((e) => e.kind === 'declared')!
    expect(declared.payload).toMatchObject({ asset_id: null, release: { point: centre } })
    const closed = await op.post(`/api/v1/incidents/${inc.id}/close`, {})
    expect(closed.status).toBe(200)
  })
})
