// The video module on PostgreSQL + PostGIS and Redis, through a whole server (web + ingest, no simulators):
// cameras listed and read in the caller's scope, the park admin's audited stream edit with its validation, the
// shipped test stream looped as a live HLS stream, and a gate event's snapshot opened from its record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPark } from '../../../../geodata/read'
import type { Camera, CameraList } from '../../../../server/contracts/video'
import { gatePhotoPath, testStreamPath } from '../../../../server/contracts/video'
import type { RunningServer } from '../../../../server/main'
import { systemScope } from '../../../../server/platform/db/db'
import { ApiClient, signedInClient } from '../../../helpers/http'
import { startTestServer } from '../../../helpers/server-config'
import { uniqueRedisPrefix } from '../../../helpers/services'

const park = readPark()
const adminPassword = 'Admin-pass-2026'
const total = park.gates.features.length + park.enterprises.features.length + park.tankFarms.features.length

/** GET with the client's session cookie, the body as bytes (segments, images); redirects not followed. */
async function raw(c: ApiClient | null, path: string) {
  const res = await fetch(new URL(path, c?.base ?? 'http://127.0.0.1/'), {
    headers: c?.cookie ? { cookie: c.cookie } : {},
    redirect: 'manual',
  })
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) }
}

/** The base media decode time (tfdt version 1) of the first track fragment of an fMP4 media segment. */
function baseDecodeTime(segment: Buffer): bigint {
  const at = segment.indexOf('tfdt', 0, 'latin1')
  expect(at).toBeGreaterThan(0)
  expect(segment.readUInt8(at + 4)).toBe(1)
  return segment.readBigUInt64BE(at + 8)
}

describe('video: cameras, test stream and gate snapshots (PostgreSQL + Redis)', () => {
  let server: RunningServer
  let close: () => Promise<void>
  let admin: ApiClient
  let operator: ApiClient
  let screen: ApiClient
  let e01: ApiClient

  beforeAll(async () => {
    const started = await startTestServer('cpt_video_api', {
      REDIS_PREFIX: uniqueRedisPrefix('cpt-video'),
      ADMIN_PASSWORD: adminPassword,
      SERVICES: 'web,ingest',
      SIM: 'off',
    })
    server = started.server
    close = started.close
    admin = new ApiClient(server.url)
    await admin.login('admin', adminPassword)
    operator = await signedInClient(admin, server.url, 'op-video', { role: 'operator' })
    screen = await signedInClient(admin, server.url, 'screen-video', { role: 'screen' })
    e01 = await signedInClient(admin, server.url, 'e01-video', {
      role: 'enterprise_user',
      enterpriseId: 'E01',
    })
  })
  afterAll(async () => {
    await close?.()
  })

  describe('cameras', () => {
    it('need a session', async () => {
      for (const path of ['/api/v1/cameras', '/api/v1/cameras/CAM-G1', testStreamPath]) {
        const r = await new ApiClient(server.url).get(path)
        expect(r.status, path).toBe(401)
      }
    })

    it('lists every camera for park roles, each on the shipped test stream', async () => {
      const r = await operator.get('/api/v1/cameras')
      expect(r.status).toBe(200)
      const { cameras } = r.body as CameraList
      expect(cameras).toHaveLength(total)
      for (const c of cameras) {
        expect(c).toMatchObject({ stream_url: testStreamPath, test_stream: true })
        expect(c.location.lon).toBeGreaterThan(120.8)
        expect(c.location.lat).toBeGreaterThan(31.8)
      }
      const gate = cameras.find((c) => c.id === 'CAM-G1')!
      expect(gate).toMatchObject({ camera_class: 'gate', watches: 'G1', enterprise_id: null })
      expect(gate.name).toContain(park.gates.features.find((g) => g.id === 'G1')!.properties.name)
    })

    it('filters by class and enterprise, and rejects an unknown class', async () => {
      const gates = ((await operator.get('/api/v1/cameras?class=gate')).body as CameraList).cameras
      expect(gates.map((c) => c.watches).sort()).toEqual(park.gates.features.map((g) => g.id).sort())
      const farms = (
        (await operator.get('/api/v1/cameras?class=tank_farm&enterprise=E01')).body as CameraList
      ).cameras
      expect(farms.length).toBe(
        park.tankFarms.features.filter((f) => f.properties.enterprise_id === 'E01').length,
      )
      expect(farms.every((c) => c.enterprise_id === 'E01' && c.camera_class === 'tank_farm')).toBe(true)
      const bad = await operator.get('/api/v1/cameras?class=drone')
      expect(bad.status).toBe(400)
      expect(bad.body.error).toMatchObject({ id: 'validation', field: 'class' })
    })

    it('reads one camera; an unknown or malformed id is 404', async () => {
      const r = await screen.get('/api/v1/cameras/CAM-E01')
      expect(r.status).toBe(200)
      expect(r.body as Camera).toMatchObject({
        id: 'CAM-E01',
        camera_class: 'enterprise',
        enterprise_id: 'E01',
      })
      expect((await screen.get('/api/v1/cameras/CAM-NOPE')).body.error.id).toBe('camera.not_found')
      expect((await screen.get('/api/v1/cameras/a%20b')).status).toBe(404)
    })

    it('shows an enterprise user only its own cameras (not the park gates’), as cameras and as assets', async () => {
      const own = ((await e01.get('/api/v1/cameras')).body as CameraList).cameras
      expect(own.length).toBeGreaterThan(1)
      expect(own.every((c) => c.enterprise_id === 'E01')).toBe(true)
      expect((await e01.get('/api/v1/cameras/CAM-G1')).status).toBe(404)
      expect((await e01.get('/api/v1/cameras/CAM-E02')).status).toBe(404)
      const assets = await e01.get('/api/v1/assets?kind=camera')
      expect(assets.status).toBe(200)
      expect((assets.body.features as { id: string }[]).map((f) => f.id).sort()).toEqual(
        own.map((c) => c.id).sort(),
      )
      // the park sees them all as assets, drawn on the twin like any other
      const all = await admin.get('/api/v1/assets?kind=camera')
      expect(all.body.features).toHaveLength(total)
    })
  })

  describe('PATCH /cameras/:id', () => {
    it('lets a park admin set the stream, audited with the reason and the old value', async () => {
      const url = 'https://nvr.park.example/hls/gate-1/index.m3u8'
      const r = await admin.call('PATCH', '/api/v1/cameras/CAM-G2', {
        stream_url: url,
        reason: '接入卡口 NVR',
      })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body as Camera).toMatchObject({ id: 'CAM-G2', stream_url: url, test_stream: false })
      expect(((await operator.get('/api/v1/cameras/CAM-G2')).body as Camera).stream_url).toBe(url)
      const [audit] = await server.db.query<{ username: string; detail: Record<string, unknown> }>(
        systemScope,
        `SELECT username, detail FROM audit_log WHERE action = 'camera.stream' AND target = 'camera:CAM-G2'`,
      )
      expect(audit).toMatchObject({
        username: 'admin',
        detail: { reason: '接入卡口 NVR', old: testStreamPath, new: url },
      })
      // a same-origin playlist is accepted too
      const back = await admin.call('PATCH', '/api/v1/cameras/CAM-G2', {
        stream_url: testStreamPath,
        reason: 'back to the test signal',
      })
      expect(back.body.test_stream).toBe(true)
    })

    it.each([
      ['rtsp://10.0.0.8:554/ch1', /gateway/],
      ['http://user:secret@nvr.example/a.m3u8', /password/],
      ['/api/v1/video/test-pattern/seg000.m4s', /\.m3u8/],
      ['//evil.example/a.m3u8', /single/],
      ['/media/../secret.m3u8', /\.\./],
      ['javascript:alert(1)', /http/],
      ['https://nvr.example/a b.m3u8', /whitespace/],
    ])('refuses the stream %s', async (url, message) => {
      const r = await admin.call('PATCH', '/api/v1/cameras/CAM-G3', { stream_url: url, reason: 'test' })
      expect(r.status).toBe(400)
      expect(r.body.error).toMatchObject({ id: 'validation', field: 'stream_url' })
      expect(r.body.error.message).toMatch(message)
    })

    it('needs a reason, refuses other roles and unknown cameras', async () => {
      const body = { stream_url: 'https://nvr.example/x.m3u8', reason: 'x-change' }
      const noReason = await admin.call('PATCH', '/api/v1/cameras/CAM-G3', { stream_url: body.stream_url })
      expect(noReason.body.error.field).toBe('reason')
      expect((await operator.call('PATCH', '/api/v1/cameras/CAM-G3', body)).status).toBe(403)
      expect((await e01.call('PATCH', '/api/v1/cameras/CAM-E01', body)).status).toBe(403)
      const read = await screen.call('PATCH', '/api/v1/cameras/CAM-G3', body)
      expect(read.body.error.id).toBe('forbidden.read_only')
      expect((await admin.call('PATCH', '/api/v1/cameras/CAM-NOPE', body)).status).toBe(404)
      expect(((await admin.get('/api/v1/cameras/CAM-G3')).body as Camera).test_stream).toBe(true)
    })
  })

  describe('the test stream', () => {
    it('is a live HLS playlist whose segments follow the wall clock', async () => {
      const t0 = Date.now()
      const r = await raw(operator, testStreamPath)
      expect(r.status).toBe(200)
      expect(r.headers.get('content-type')).toContain('application/vnd.apple.mpegurl')
      const text = r.body.toString('utf8')
      expect(text).toContain('#EXT-X-MAP:URI="init.mp4"')
      expect(text).not.toContain('#EXT-X-ENDLIST')
      expect(text).not.toContain('#EXT-X-DISCONTINUITY')
      const sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)![1])
      const uris = text.split('\n').filter((l) => l && !l.startsWith('#'))
      expect(uris.length).toBeGreaterThanOrEqual(3)
      const lastK = sequence + uris.length - 1
      // 2 s segments numbered from the epoch; the newest one is complete
      expect(lastK).toBeLessThanOrEqual(Math.floor(Date.now() / 2000) - 1)
      expect(lastK).toBeGreaterThanOrEqual(Math.floor(t0 / 2000) - 2)
      expect(uris.at(-1)).toMatch(new RegExp(`^seg00[0-2]\\.m4s\\?k=${lastK}$`))

      const init = await raw(operator, '/api/v1/video/test-pattern/init.mp4')
      expect(init.status).toBe(200)
      expect(init.body.toString('latin1', 4, 8)).toBe('ftyp')
      const seg = await raw(operator, `/api/v1/video/test-pattern/${uris.at(-1)}`)
      expect(seg.status).toBe(200)
      // media time is wall-clock time: 12800 ticks per second (mdhd), segment k starts at 2k s
      expect(baseDecodeTime(seg.body)).toBe(BigInt(lastK) * 2n * 12800n)
      expect(seg.body.indexOf('sidx', 0, 'latin1')).toBe(-1)
    })

    it('serves the recording as it is, and nothing outside it', async () => {
      const vod = await raw(operator, '/api/v1/video/test-pattern/index.m3u8')
      expect(vod.body.toString('utf8')).toContain('#EXT-X-ENDLIST')
      const seg0 = await raw(operator, '/api/v1/video/test-pattern/seg000.m4s')
      expect(baseDecodeTime(seg0.body)).toBe(0n)
      for (const path of [
        '/api/v1/video/test-pattern/seg000.m4s?k=1', // segment 1 is seg001
        '/api/v1/video/test-pattern/..%2F..%2Fgenerate.sh',
        '/api/v1/video/test-pattern/plate-hazmat.jpg',
        '/api/v1/video/test-pattern/nothing.m4s',
      ])
        expect((await raw(operator, path)).status, path).toBe(404)
      expect((await raw(operator, '/api/v1/video/test-pattern/seg000.m4s?k=-3')).status).toBe(400)
    })
  })

  describe('gate event snapshots', () => {
    const t = (s: number) => new Date(Date.UTC(2026, 10, 28, 1, 0, s)).toISOString()
    const idOf = async (plate: string) => {
      const r = await admin.get(`/api/v1/gate-events?plate=${encodeURIComponent(plate)}`)
      expect(r.status).toBe(200)
      return (r.body as { id: string; photo_ref: string | null }[])[0]!
    }

    beforeAll(async () => {
      const events = [
        { plate: '苏F·D8721', photo_ref: 'demo:plate-hazmat.jpg', t: t(1) },
        { plate: '苏F·3K609', photo_ref: 'https://anpr.park.example/snap/123.jpg', t: t(2) },
        { plate: '苏F·11111', t: t(3) },
        { plate: '苏F·22222', photo_ref: 'ftp://anpr/snap.jpg', t: t(4) },
        { plate: '苏F·33333', photo_ref: 'demo:../../server/main.ts', t: t(5) },
      ].map((e) => ({ ...e, gate: 'G2', lane: 1, direction: 'out' }))
      const r = await admin.post('/api/v1/ingest/gate-events', { events })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      // an event at E01's own second gate (二道闸)
      await server.db.query(
        systemScope,
        `INSERT INTO gate_events (gate_id, gate_kind, enterprise_id, plate, plate_norm, lane, direction, t, photo_ref, source)
         VALUES ('E01-GATE-2', 'enterprise', 'E01', '苏F·44444', norm_plate('苏F·44444'), '1', 'in', $1,
                 'demo:plate-blue.jpg', 'http')`,
        [t(6)],
      )
    })

    it('opens the snapshot a demo event references, from the event record', async () => {
      const e = await idOf('苏F·D8721')
      expect(e.photo_ref).toBe('demo:plate-hazmat.jpg')
      const r = await raw(operator, gatePhotoPath(e.id))
      expect(r.status).toBe(200)
      expect(r.headers.get('content-type')).toBe('image/jpeg')
      expect(r.body.subarray(0, 3).toString('hex')).toBe('ffd8ff')
      expect(r.body.length).toBeGreaterThan(5_000)
      expect((await raw(null, new URL(gatePhotoPath(e.id), server.url).href)).status).toBe(401)
    })

    it('sends the browser to a camera platform’s URL, never fetching it itself', async () => {
      const r = await raw(operator, gatePhotoPath((await idOf('苏F·3K609')).id))
      expect(r.status).toBe(302)
      expect(r.headers.get('location')).toBe('https://anpr.park.example/snap/123.jpg')
    })

    it('answers 404 for no photo, a reference it cannot resolve, or an event that is not there', async () => {
      for (const plate of ['苏F·11111', '苏F·22222', '苏F·33333']) {
        const r = await operator.get(gatePhotoPath((await idOf(plate)).id))
        expect(r.status, plate).toBe(404)
        expect(r.body.error.id).toBe('gate_photo.not_found')
      }
      expect((await operator.get(gatePhotoPath('999999999'))).body.error.id).toBe('gate_event.not_found')
      expect((await operator.get(gatePhotoPath('abc'))).status).toBe(404)
    })

    it('shows an enterprise user the snapshots of its own gate only', async () => {
      const [own] = await server.db.query<{ id: string }>(
        systemScope,
        `SELECT id::text FROM gate_events WHERE gate_id = 'E01-GATE-2'`,
      )
      const r = await raw(e01, gatePhotoPath(own!.id))
      expect(r.status).toBe(200)
      expect(r.headers.get('content-type')).toBe('image/jpeg')
      const park = await e01.get(gatePhotoPath((await idOf('苏F·D8721')).id))
      expect(park.status).toBe(404)
      expect(park.body.error.id).toBe('gate_event.not_found')
    })
  })
})
