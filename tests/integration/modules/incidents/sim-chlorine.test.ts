// The simulated park under a chlorine leak at T-E01-01 (液氯储罐泄漏): a server (web and worker roles) on a fresh
// PostgreSQL + PostGIS database with the tag simulator wired as main.ts wires it in the sim role — the park's cards
// and the on-site workforce, positions over the bus to the position writer and the live cache. Declared through the
// API with the summer's prevailing south-east wind, the leak's red and orange zones hold several people within
// moments, each routed to a muster point outside the zones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPark } from '../../../../geodata/read'
import { streams } from '../../../../server/platform/bus/bus'
import { systemScope } from '../../../../server/platform/db/db'
import { upsertTags } from '../../../../server/modules/tags/tags.repository'
import { compileZones, levelAt, type LevelFeature } from '../../../../server/modules/incidents/who-inside'
import { startTagSimulator, type TagRunner } from '../../../../sensors/simulators/tags/run-tags'
import { ApiClient, eventually } from '../../../helpers/http'
import { startTestServer, type TestServer } from '../../../helpers/server-config'
import { uniqueRedisPrefix } from '../../../helpers/services'

const adminPassword = 'Admin-pass-2026'

describe('a chlorine leak at T-E01-01 in the simulated park', () => {
  let t: TestServer
  let sim: TagRunner
  let op: ApiClient

  beforeAll(async () => {
    t = await startTestServer('cpt_sim_chlorine', {
      SERVICES: 'web,worker',
      SIM: 'off',
      ADMIN_PASSWORD: adminPassword,
      REDIS_PREFIX: uniqueRedisPrefix('cpt-sim-chlorine'),
    })
    const { db, bus } = t.server
    sim = startTagSimulator({
      park: readPark(),
      count: 60,
      workforce: 60,
      seed: 20261128,
      periodMs: 1000,
      publish: async (samples) => {
        await bus.publish(streams.positions, { samples })
      },
    })
    await db.tx(systemScope, (q) => upsertTags(q, sim.tags))
    op = new ApiClient(t.server.url)
    await op.login('admin', adminPassword)
  })
  afterAll(async () => {
    sim?.stop()
    await t?.close()
  })

  it('lists several people inside the red and orange zones, and routes each out of them', async () => {
    const declared = await op.post('/api/v1/incidents', {
      kind: 'leak',
      asset_id: 'T-E01-01',
      rate_gs: 1000,
      duration_s: 600,
      weather: { wind_speed_ms: 3, wind_from_deg: 135, stability: 'D' },
    })
    expect(declared.status).toBe(201)
    expect(declared.body.chemical_id).toBe('chlorine')
    const id: string = declared.body.id
    const zones = compileZones(declared.body.zones.zones.features as LevelFeature[])

    const inside = await eventually(
      async () => {
        const r = await op.get(`/api/v1/incidents/${id}/inside`)
        const c = r.body.counts
        return c.red.people + c.orange.people >= 3 ? r.body : null
      },
      60_000,
      500,
    )
    expect(sim.workforce.size).toBe(60)
    const people = inside.inside.filter(
      (e: { kind: string; level: string }) =>
        e.kind !== 'vehicle' && e.kind !== 'hazmat_vehicle' && e.level !== 'yellow',
    )
    expect(people.length).toBeGreaterThanOrEqual(3)
    // the on-site workforce at the units downwind is among them
    expect(people.some((e: { tag_id: string }) => sim.workforce.has(e.tag_id))).toBe(true)
    for (const e of people) expect(levelAt(zones, [e.lon, e.lat])).toBe(e.level)

    const ev = await op.get(`/api/v1/incidents/${id}/evacuation`)
    expect(ev.status).toBe(200)
    const routed = new Map(ev.body.people.map((p: { tag_id: string }) => [p.tag_id, p]))
    const points = new Map(ev.body.points.map((p: { id: string }) => [p.id, p]))
    let assigned = 0
    for (const e of people) {
      const p = routed.get(e.tag_id) as { muster_id: string | null } | undefined
      if (!p?.muster_id) continue
      assigned++
      const m = points.get(p.muster_id) as { lon: number; lat: number }
      expect(levelAt(zones, [m.lon, m.lat])).toBeNull()
    }
    expect(assigned).toBeGreaterThan(0)
  })
})
