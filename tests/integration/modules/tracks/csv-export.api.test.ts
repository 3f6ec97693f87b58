// CSV export of the track, trips/stops, time-in-zone and zone-visits reports on real PostgreSQL + PostGIS:
// the UTF-8 BOM and attachment header on the wire, one row per vertex with both clocks and a course, the
// formula-injection guard and RFC 4180 quoting of hostile labels, content negotiation, errors stay JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PositionSample } from '../../../../server/contracts'
import type { TripsReport } from '../../../../server/contracts/tracks'
import { insertPositions, upsertTags } from '../../../../server/modules/tags/tags.repository'
import { insertZoneEvents } from '../../../../server/modules/zones/zones.repository'
import type { EngineEvent } from '../../../../server/modules/zones/geofence.engine'
import { systemScope } from '../../../../server/platform/db/db'
import { ApiClient, signedInClient } from '../../../helpers/http'
import { startTestServer, type TestServer } from '../../../helpers/server-config'
import { uniqueRedisPrefix } from '../../../helpers/services'

const adminPassword = 'Admin-pass-2026'
const lon0 = 120.95
const lat0 = 31.94
const mLat = 1 / 111_195
const mLon = 1 / (111_195 * Math.cos((lat0 * Math.PI) / 180))
const day = '2026-11-27'
const base = Date.parse(`${day}T02:00:00Z`)
const iso = (ms: number) => new Date(ms).toISOString()
const win = `from=${iso(base - 60_000)}&to=${iso(base + 3_600_000)}`
const hostile = '=HYPERLINK("http://evil.example","点我"),\n第二行'

/** 1 Hz, no reported heading: 100 s east at 10 m/s, 600 s standing, 150 s north at 10 m/s (851 samples). */
function knownTrack(tag: string): PositionSample[] {
  const out: PositionSample[] = []
  let x = 0
  let y = 0
  for (let s = 0; s <= 850; s++) {
    if (s >= 1 && s <= 100) x += 10
    else if (s > 700) y += 10
    out.push({
      tag_id: tag,
      t: iso(base + s * 1000),
      lon: lon0 + x * mLon,
      lat: lat0 + y * mLat,
      speed_kmh: s === 0 ? 0 : s <= 100 || s > 700 ? 36 : 0,
      heading_deg: null,
      source: 'test',
    })
  }
  return out
}

/** A strict RFC 4180 reader: records of fields (quoted fields may hold commas, quotes, CR and LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let i = 0
  while (i < text.length) {
    let v = ''
    if (text[i] === '"') {
      i++
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field')
        if (text[i] === '"' && text[i + 1] === '"') {
          v += '"'
          i += 2
        } else if (text[i] === '"') {
          i++
          break
        } else v += text[i++]
      }
    } else while (i < text.length && text[i] !== ',' && text[i] !== '\r') v += text[i++]
    row.push(v)
    if (text[i] === ',') i++
    else if (text.startsWith('\r\n', i)) {
      rows.push(row)
      row = []
      i += 2
    } else throw new Error(`bad CSV at ${i}`)
  }
  if (row.length) throw new Error('CSV does not end in CRLF')
  return rows
}

describe('CSV export of the trajectory reports (PostgreSQL + PostGIS)', () => {
  let ts: TestServer
  let api: ApiClient
  let cookie = ''
  let ent1: ApiClient
  const db = () => ts.server.db

  /** The raw bytes, so the BOM is seen (Response.text() strips it). */
  async function raw(path: string, headers: Record<string, string> = {}, c = cookie) {
    const res = await fetch(new URL(path, ts.server.url), { headers: { cookie: c, ...headers } })
    const bytes = new Uint8Array(await res.arrayBuffer())
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    return { status: res.status, headers: res.headers, bytes, text }
  }
  async function csv(path: string, headers: Record<string, string> = {}, c = cookie) {
    const r = await raw(path, headers, c)
    expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect([...r.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    return { ...r, rows: parseCsv(r.text.slice(1)) }
  }

  beforeAll(async () => {
    ts = await startTestServer('cpt_tracks_csv', {
      SERVICES: 'web',
      SIM: 'off',
      ADMIN_PASSWORD: adminPassword,
      REDIS_PREFIX: uniqueRedisPrefix('cpt-csv'),
    })
    await db().owner((q) => q.query(`SELECT ensure_day_partitions('positions', $1::date - 1, 3)`, [day]))
    await db().tx(systemScope, async (q) => {
      await q.query(
        `INSERT INTO zones (id, name, zone_type, enterprise_id, geom)
         VALUES ('ZX', $1, 'restricted', NULL,
                 ST_GeomFromText('POLYGON((120.95 31.94, 120.951 31.94, 120.951 31.941, 120.95 31.941, 120.95 31.94))', 4326))`,
        ['+罐区, "东"'],
      )
      await upsertTags(q, [
        { id: 'CV1', kind: 'vehicle', label: '苏F CV1', enterprise_id: 'E01' },
        { id: 'CV2', kind: 'visitor', label: hostile, enterprise_id: null },
        { id: 'CV3', kind: 'vehicle', label: '苏E CV3', enterprise_id: 'E03' },
      ])
      await insertPositions(q, knownTrack('CV1'))
      await insertPositions(q, knownTrack('CV3'))
      const e = (tag: string, event: EngineEvent['event'], s: number): EngineEvent => ({
        tag_id: tag,
        zone_id: 'ZX',
        event,
        t: base + s * 1000,
        lon: lon0,
        lat: lat0,
        speed_kmh: 0,
        props: {},
      })
      await insertZoneEvents(q, [e('CV1', 'enter', 100), e('CV1', 'exit', 700), e('CV2', 'enter', 30)])
    })
    api = new ApiClient(ts.server.url)
    await api.login('admin', adminPassword)
    cookie = api.cookie!
    ent1 = await signedInClient(api, ts.server.url, 'csv_ent1', {
      role: 'enterprise_user',
      enterpriseId: 'E01',
    })
  })
  afterAll(async () => {
    await ts?.close()
  })

  it('track: one row per vertex with UTC and China time, speed and derived course, as an attachment', async () => {
    const r = await csv(`/api/v1/tags/CV1/track?${win}&format=csv`)
    expect(r.headers.get('content-disposition')).toBe(
      'attachment; filename="track_CV1_20261127T015900Z_20261127T030000Z.csv"',
    )
    expect(r.rows[0]).toEqual(['time_utc', 'time_local', 'lon', 'lat', 'speed_kmh', 'course_deg'])
    expect(r.rows).toHaveLength(1 + 851)
    expect(r.rows[1]!.slice(0, 2)).toEqual(['2026-11-27T02:00:00.000Z', '2026-11-27 10:00:00'])
    expect(Number(r.rows[1]![2])).toBeCloseTo(lon0, 9)
    expect(Number(r.rows[1]![3])).toBeCloseTo(lat0, 9)
    // moving east, standing (no course), moving north
    expect(r.rows[51]![4]).toBe('36')
    expect(Number(r.rows[51]![5])).toBeCloseTo(90, 0)
    expect(r.rows[400]!.slice(4)).toEqual(['0', ''])
    expect(Number(r.rows[800]![5])).toBeCloseTo(0, 0)
    expect(r.rows[851]![1]).toBe('2026-11-27 10:14:10')
    // simplified like the JSON track: the same vertices
    const simple = await csv(`/api/v1/tags/CV1/track?${win}&simplify=5&format=csv`)
    const json = await api.get(`/api/v1/tags/CV1/track?${win}&simplify=5`)
    expect(simple.rows.slice(1).map((row) => Date.parse(row[0]!))).toEqual(json.body.properties.times)
  })

  it('negotiates: Accept text/csv without `format`; format=json wins over Accept', async () => {
    const byAccept = await csv(`/api/v1/tags/CV1/track?${win}`, { accept: 'text/csv' })
    expect(byAccept.rows).toHaveLength(852)
    const json = await raw(`/api/v1/tags/CV1/track?${win}&format=json`, { accept: 'text/csv' })
    expect(json.headers.get('content-type')).toMatch(/^application\/json/)
    expect(JSON.parse(json.text).properties.points).toBe(851)
    const plain = await raw(`/api/v1/tags/CV1/track?${win}`, { accept: '*/*' })
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/)
  })

  it('trips and stops on one timeline', async () => {
    const r = await csv(`/api/v1/tags/CV1/trips?${win}&format=csv`)
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="trips_CV1_.*\.csv"$/)
    expect(r.rows[0]![0]).toBe('type')
    expect(r.rows.slice(1).map((row) => row[0])).toEqual(['trip', 'stop', 'trip'])
    // the same figures as the JSON report, with the China clock beside UTC
    const json = (await api.get(`/api/v1/tags/CV1/trips?${win}`)).body as TripsReport
    const stop = r.rows[2]!
    expect(stop[1]).toBe(json.stops[0]!.start_time)
    expect(stop[2]).toBe('2026-11-27 10:01:41')
    expect(stop[3]).toBe(json.stops[0]!.end_time)
    expect(Number(stop[5])).toBe(json.stops[0]!.duration_s)
    expect(stop.slice(7, 10)).toEqual(['', '', ''])
    expect(Number(r.rows[1]![7])).toBe(json.trips[0]!.distance_m)
    expect(Number(r.rows[3]![10])).toBe(json.trips[1]!.start.lon)
  })

  it('time in zones and zone visits: hostile labels guarded and quoted, open visits with empty exits', async () => {
    const zones = await csv(`/api/v1/tags/CV1/zones?${win}&format=csv`)
    expect(zones.headers.get('content-disposition')).toMatch(/^attachment; filename="zones_CV1_.*\.csv"$/)
    expect(zones.rows).toHaveLength(2)
    const z = Object.fromEntries(zones.rows[0]!.map((h, i) => [h, zones.rows[1]![i]]))
    expect(z).toMatchObject({
      tag_id: 'CV1',
      tag_label: '苏F CV1',
      zone_id: 'ZX',
      zone_name: `'+罐区, "东"`,
      visits: '1',
      total_s: '600',
      total_hms: '0:10:00',
      first_enter_utc: '2026-11-27T02:01:40.000Z',
      first_enter_local: '2026-11-27 10:01:40',
      last_exit_local: '2026-11-27 10:11:40',
      inside_at_to: 'false',
    })

    const v = await csv(`/api/v1/zones/ZX/visits?${win}`, { accept: 'text/csv' })
    expect(v.headers.get('content-disposition')).toMatch(/^attachment; filename="visits_ZX_.*\.csv"$/)
    const head = v.rows[0]!
    const rows = v.rows.slice(1).map((row) => Object.fromEntries(head.map((h, i) => [h, row[i]])))
    expect(rows.map((r) => r.tag_id)).toEqual(['CV2', 'CV1'])
    expect(rows[0]).toMatchObject({
      tag_label: `'${hostile}`,
      tag_kind: 'visitor',
      exit_utc: '',
      open_at_to: 'true',
      duration_s: String(3600 - 30),
    })
    // on the wire: the guarded cell is quoted, the quotes inside doubled
    expect(v.text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我""),\n第二行"`)
    expect(v.text).toContain(`"'+罐区, ""东"""`)
    // no cell of any export starts with a formula character
    for (const row of [...v.rows, ...zones.rows])
      for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]/)
  })

  it('keeps scoping and errors in JSON for CSV requests', async () => {
    expect((await raw(`/api/v1/tags/CV3/track?${win}&format=csv`, {}, ent1.cookie!)).status).toBe(404)
    const own = await csv(`/api/v1/tags/CV1/track?${win}&format=csv`, {}, ent1.cookie!)
    expect(own.rows).toHaveLength(852)
    const bad = await raw(`/api/v1/tags/CV1/zones?from=${iso(base)}&format=csv`)
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toMatch(/^application\/json/)
    expect(JSON.parse(bad.text).error).toMatchObject({ id: 'validation', field: 'to' })
    expect((await raw(`/api/v1/tags/CV1/trips?${win}&format=pdf`)).status).toBe(400)
    expect((await raw(`/api/v1/tags/CV1/track?${win}&format=csv`, {}, '')).status).toBe(401)
  })
})
