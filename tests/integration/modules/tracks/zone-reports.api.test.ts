// Time in zones per tag and visits per zone on real PostgreSQL + PostGIS: zone events seeded by hand with
// hand-computed durations, visits open at the window's edges (and at "now"), crossings as zero-length visits,
// row-level security for an enterprise account, validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TagZonesReport, ZoneTime, ZoneVisitsReport } from '../../../../server/contracts/tracks'
import { upsertTags } from '../../../../server/modules/tags/tags.repository'
import { insertZoneEvents } from '../../../../server/modules/zones/zones.repository'
import type { EngineEvent } from '../../../../server/modules/zones/geofence.engine'
import { systemScope, type DbScope } from '../../../../server/platform/db/db'
import {
  tagPresence,
  zonePresence,
  type BeforeStrategy,
} from '../../../../server/modules/tracks/visits.repository'
import { ApiClient, signedInClient } from '../../../helpers/http'
import { startTestServer, type TestServer } from '../../../helpers/server-config'
import { uniqueRedisPrefix } from '../../../helpers/services'

const adminPassword = 'Admin-pass-2026'
const base = Date.parse('2026-11-27T02:00:00Z')
const min = 60_000
const iso = (ms: number) => new Date(ms).toISOString()
/** minutes after 02:00Z */
const at = (m: number) => iso(base + m * min)
// the report window: 02:00Z – 06:00Z (4 h)
const win = `from=${at(0)}&to=${at(240)}`

const square = (lon: number, lat: number) =>
  `POLYGON((${lon} ${lat}, ${lon + 0.001} ${lat}, ${lon + 0.001} ${lat + 0.001}, ${lon} ${lat + 0.001}, ${lon} ${lat}))`

function ev(tag: string, zone: string, event: EngineEvent['event'], m: number, props = {}): EngineEvent {
  return {
    tag_id: tag,
    zone_id: zone,
    event,
    t: base + m * min,
    lon: 120.95,
    lat: 31.94,
    speed_kmh: 5,
    props,
  }
}

/**
 * Zones: ZA park-wide, ZB of E01, ZC of E03. Tags: T1 vehicle of E01, T2 park visitor (a label that tries a
 * formula), T3 hazmat vehicle of E03. Minutes after 02:00Z; the window is 0–240.
 */
const events: EngineEvent[] = [
  // T1 in ZA: 20 (open at from) + 30 + crossing + 40 (open at to) = 90 min
  ev('T1', 'ZA', 'enter', -30),
  ev('T1', 'ZA', 'exit', 20),
  ev('T1', 'ZA', 'enter', 60, { confirmed_at: at(61), dwell_s: 60 }),
  ev('T1', 'ZA', 'overspeed_start', 65),
  ev('T1', 'ZA', 'exit', 90),
  ev('T1', 'ZA', 'crossing', 100, { from_t: at(99.9) }),
  ev('T1', 'ZA', 'enter', 200),
  // T1 in ZB: an old visit (before the window, closed) and 15 min
  ev('T1', 'ZB', 'enter', -120),
  ev('T1', 'ZB', 'exit', -100),
  ev('T1', 'ZB', 'enter', 10),
  ev('T1', 'ZB', 'exit', 25),
  // T1 in another enterprise's zone: 10 min
  ev('T1', 'ZC', 'enter', 150),
  ev('T1', 'ZC', 'exit', 160),
  // T2: ZA 15, ZB 30, ZC 5 (entering exactly at from)
  ev('T2', 'ZA', 'enter', 30),
  ev('T2', 'ZA', 'exit', 45),
  ev('T2', 'ZB', 'enter', 50),
  ev('T2', 'ZB', 'exit', 80),
  ev('T2', 'ZC', 'enter', 0),
  ev('T2', 'ZC', 'exit', 5),
  // T3: in ZA from 10 h before the window to after it (its exit at 300 lies outside): 240; ZB 30
  ev('T3', 'ZA', 'enter', -600),
  ev('T3', 'ZA', 'exit', 300),
  ev('T3', 'ZB', 'enter', 100),
  ev('T3', 'ZB', 'exit', 130),
]

describe('time in zones and zone visits (PostgreSQL + PostGIS)', () => {
  let ts: TestServer
  let api: ApiClient
  let ent1: ApiClient
  const db = () => ts.server.db

  beforeAll(async () => {
    ts = await startTestServer('cpt_zone_reports', {
      SERVICES: 'web',
      SIM: 'off',
      ADMIN_PASSWORD: adminPassword,
      REDIS_PREFIX: uniqueRedisPrefix('cpt-zrep'),
    })
    await db().tx(systemScope, async (q) => {
      for (const [id, name, ent, lon] of [
        ['ZA', '园区主干道 A', null, 120.95],
        ['ZB', '甲企业罐区', 'E01', 120.96],
        ['ZC', '丙企业装卸区', 'E03', 120.97],
      ] as const)
        await q.query(
          `INSERT INTO zones (id, name, name_en, zone_type, enterprise_id, geom)
           VALUES ($1, $2, $3, 'restricted', $4, ST_GeomFromText($5, 4326))`,
          [id, name, `${id} en`, ent, square(lon, 31.94)],
        )
      await upsertTags(q, [
        { id: 'T1', kind: 'vehicle', label: '苏F E01-1', enterprise_id: 'E01' },
        { id: 'T2', kind: 'visitor', label: '=HYPERLINK("http://evil.example","点我")', enterprise_id: null },
        { id: 'T3', kind: 'hazmat_vehicle', label: '苏E 危 0003', enterprise_id: 'E03' },
        { id: 'T4', kind: 'staff', label: 'E01 值班', enterprise_id: 'E01' },
      ])
      expect(await insertZoneEvents(q, events)).toBe(events.length)
    })
    api = new ApiClient(ts.server.url)
    await api.login('admin', adminPassword)
    ent1 = await signedInClient(api, ts.server.url, 'zr_ent1', {
      role: 'enterprise_user',
      enterpriseId: 'E01',
    })
  })
  afterAll(async () => {
    await ts?.close()
  })

  const zonesOf = async (c: ApiClient, tag: string, q = win) => {
    const r = await c.get(`/api/v1/tags/${tag}/zones?${q}`)
    expect(r.status).toBe(200)
    return r.body as TagZonesReport
  }
  const brief = (z: ZoneTime) => [z.zone_id, z.total_s, z.visits, z.crossings]

  it('time in each zone for a tag: hand-computed totals, crossings, both window edges', async () => {
    const r = await zonesOf(api, 'T1')
    expect(r).toMatchObject({ tag_id: 'T1', label: '苏F E01-1', kind: 'vehicle', from: at(0), to: at(240) })
    expect(r.until).toBe(at(240))
    expect(r.zones.map(brief)).toEqual([
      ['ZA', 90 * 60, 4, 1],
      ['ZB', 15 * 60, 1, 0],
      ['ZC', 10 * 60, 1, 0],
    ])
    expect(r.zones[0]).toEqual({
      zone_id: 'ZA',
      name: '园区主干道 A',
      name_en: 'ZA en',
      zone_type: 'restricted',
      visits: 4,
      crossings: 1,
      total_s: 5400,
      first_enter: at(-30),
      last_exit: at(100),
      inside_at_from: true,
      inside_at_to: true,
    })
    expect(r.zones[1]).toMatchObject({ first_enter: at(10), last_exit: at(25), inside_at_from: false })
  })

  it('a visit open across the whole window counts the window; an exit after `to` is not seen', async () => {
    const r = await zonesOf(api, 'T3')
    expect(r.zones.map(brief)).toEqual([
      ['ZA', 240 * 60, 1, 0],
      ['ZB', 30 * 60, 1, 0],
    ])
    expect(r.zones[0]).toMatchObject({ first_enter: at(-600), last_exit: null, inside_at_to: true })
    // a window after the exit: nothing; a window that holds it: counted to the exit
    expect((await zonesOf(api, 'T3', `from=${at(400)}&to=${at(500)}`)).zones).toEqual([])
    const later = await zonesOf(api, 'T3', `from=${at(240)}&to=${at(400)}`)
    expect(later.zones.map(brief)).toEqual([['ZA', 60 * 60, 1, 0]])
    expect(later.zones[0]).toMatchObject({ inside_at_from: true, inside_at_to: false, last_exit: at(300) })
  })

  it('a visit still open now counts up to now', async () => {
    const now = Date.now()
    await db().tx(systemScope, (q) =>
      insertZoneEvents(q, [{ ...ev('T4', 'ZA', 'enter', 0), t: now - 10 * min }]),
    )
    const r = await zonesOf(api, 'T4', `from=${iso(now - 60 * min)}&to=${iso(now + 60 * min)}`)
    expect(r.zones).toHaveLength(1)
    expect(r.zones[0]!.inside_at_to).toBe(true)
    expect(r.zones[0]!.total_s).toBeGreaterThanOrEqual(600)
    expect(r.zones[0]!.total_s).toBeLessThan(660)
    expect(Date.parse(r.until)).toBeGreaterThanOrEqual(now)
    expect(Date.parse(r.until)).toBeLessThan(now + 60_000)
  })

  it('visits of a zone with totals by tag kind', async () => {
    const r = await api.get(`/api/v1/zones/ZA/visits?${win}`)
    expect(r.status).toBe(200)
    const rep = r.body as ZoneVisitsReport
    expect(rep).toMatchObject({ zone_id: 'ZA', name: '园区主干道 A', zone_type: 'restricted' })
    expect(rep.visits.map((v) => [v.tag_id, v.enter, v.exit, v.duration_s, v.crossing])).toEqual([
      ['T3', at(-600), null, 240 * 60, false],
      ['T1', at(-30), at(20), 20 * 60, false],
      ['T2', at(30), at(45), 15 * 60, false],
      ['T1', at(60), at(90), 30 * 60, false],
      ['T1', at(100), at(100), 0, true],
      ['T1', at(200), null, 40 * 60, false],
    ])
    expect(rep.visits[0]).toMatchObject({
      label: '苏E 危 0003',
      kind: 'hazmat_vehicle',
      open_at_from: true,
      open_at_to: true,
    })
    expect(rep.totals).toEqual({
      visits: 6,
      crossings: 1,
      total_s: (240 + 20 + 15 + 30 + 40) * 60,
      tags: 3,
      inside_at_to: 2,
      by_kind: {
        vehicle: { visits: 4, crossings: 1, total_s: 90 * 60, tags: 1 },
        visitor: { visits: 1, crossings: 0, total_s: 15 * 60, tags: 1 },
        hazmat_vehicle: { visits: 1, crossings: 0, total_s: 240 * 60, tags: 1 },
      },
    })
    // an enter exactly at `from` belongs to the window
    const zc = (await api.get(`/api/v1/zones/ZC/visits?${win}`)).body as ZoneVisitsReport
    expect(zc.visits.map((v) => [v.tag_id, v.duration_s, v.open_at_from])).toEqual([
      ['T2', 300, false],
      ['T1', 600, false],
    ])
  })

  it('row-level security: an enterprise sees its tags anywhere and anything in its zones', async () => {
    // own tag: all its events, another enterprise's zone without its name
    const t1 = await zonesOf(ent1, 'T1')
    expect(t1.zones.map(brief)).toEqual([
      ['ZA', 5400, 4, 1],
      ['ZB', 900, 1, 0],
      ['ZC', 600, 1, 0],
    ])
    expect(t1.zones[2]).toMatchObject({ zone_id: 'ZC', name: null, zone_type: null })
    // a park tag: only what happened in its own zones
    expect((await zonesOf(ent1, 'T2')).zones.map(brief)).toEqual([['ZB', 1800, 1, 0]])
    // another enterprise's tag: not found
    const t3 = await ent1.get(`/api/v1/tags/T3/zones?${win}`)
    expect(t3.status).toBe(404)
    expect(t3.body.error.id).toBe('tag.not_found')
    // a park-wide zone: only its own tags' visits
    const za = (await ent1.get(`/api/v1/zones/ZA/visits?${win}`)).body as ZoneVisitsReport
    expect(new Set(za.visits.map((v) => v.tag_id))).toEqual(new Set(['T1']))
    expect(za.totals).toMatchObject({ visits: 4, total_s: 5400, tags: 1 })
    // its own zone: every tag, another enterprise's tag without label or kind
    const zb = (await ent1.get(`/api/v1/zones/ZB/visits?${win}`)).body as ZoneVisitsReport
    expect(zb.visits.map((v) => [v.tag_id, v.label, v.kind, v.duration_s])).toEqual([
      ['T1', '苏F E01-1', 'vehicle', 900],
      ['T2', '=HYPERLINK("http://evil.example","点我")', 'visitor', 1800],
      ['T3', null, null, 1800],
    ])
    expect(zb.totals.by_kind.unknown).toEqual({ visits: 1, crossings: 0, total_s: 1800, tags: 1 })
    expect(zb.totals.total_s).toBe(4500)
    // another enterprise's zone: not found
    expect((await ent1.get(`/api/v1/zones/ZC/visits?${win}`)).status).toBe(404)
  })

  it('reads the state before the window the same way by index probes and by a scan', async () => {
    const e01: DbScope = { scope: 'enterprise', enterpriseId: 'E01' }
    const sorted = (xs: { tag_id: string; zone_id: string; t: number }[]) =>
      xs.map((x) => `${x.tag_id}/${x.zone_id}/${x.t}`).sort()
    let inside = 0
    for (const scope of [systemScope, e01])
      for (const m of [-700, -200, -30, 0, 21, 61, 101, 155, 250, 301, 1000]) {
        const from = at(m)
        const to = at(m + 60)
        const read = (s: BeforeStrategy) =>
          db().tx(scope, async (q) => ({
            zones: await Promise.all(['ZA', 'ZB', 'ZC'].map((z) => zonePresence(q, z, from, to, 100, s))),
            tags: await Promise.all(['T1', 'T2', 'T3', 'T4'].map((t) => tagPresence(q, t, from, to, 100, s))),
          }))
        const [p, sc] = [await read('probes'), await read('scan')]
        for (const k of ['zones', 'tags'] as const)
          p[k].forEach((r, i) => {
            expect(sorted(r.before), `${k} ${i} at ${m}`).toEqual(sorted(sc[k][i]!.before))
            expect(r.events).toEqual(sc[k][i]!.events)
            inside += r.before.length
          })
      }
    expect(inside).toBeGreaterThan(20)
  })

  it('validates: from/to required, order, 31-day limit, bad format; unknown ids are 404', async () => {
    const bad = async (path: string, field?: string) => {
      const r = await api.get(path)
      expect(r.status, path).toBe(400)
      expect(r.body.error.id).toBe('validation')
      expect(r.body.error.message).toBeTruthy()
      if (field) expect(r.body.error.field).toBe(field)
    }
    await bad(`/api/v1/tags/T1/zones?to=${at(0)}`, 'from')
    await bad(`/api/v1/tags/T1/zones?from=${at(0)}`, 'to')
    await bad(`/api/v1/tags/T1/zones?from=${at(10)}&to=${at(0)}`, 'to')
    await bad(`/api/v1/tags/T1/zones?from=${at(0)}&to=${at(32 * 24 * 60)}`, 'to')
    await bad(`/api/v1/zones/ZA/visits?from=yesterday&to=${at(0)}`, 'from')
    await bad(`/api/v1/zones/ZA/visits?${win}&format=xlsx`, 'format')
    await bad(`/api/v1/zones/ZA/visits?${win}&format=csv&format=json`, 'format')
    // a 31-day window is allowed
    expect((await api.get(`/api/v1/tags/T1/zones?from=${at(0)}&to=${at(31 * 24 * 60)}`)).status).toBe(200)
    expect((await api.get(`/api/v1/tags/NOPE/zones?${win}`)).status).toBe(404)
    expect((await api.get(`/api/v1/zones/NOPE/visits?${win}`)).status).toBe(404)
    expect((await api.get(`/api/v1/zones/${encodeURIComponent('a b')}/visits?${win}`)).status).toBe(404)
    expect((await new ApiClient(ts.server.url).get(`/api/v1/zones/ZA/visits?${win}`)).status).toBe(401)
  })
})
