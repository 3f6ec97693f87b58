// The environment REST API on PostgreSQL + PostGIS and Redis: readings series and their aggregates on known
// data, query validation, collectors with their online state, the live values, and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { startTestServer } from '../../../helpers/server-config'
import { type RunningServer } from '../../../../server/main'
import { ApiClient } from '../../../helpers/http'
import { Device, upload, water } from '../../ingest/hj212/device'

const adminPassword = 'Admin-pass-2026'
const cod = `${water.mn}.w01018`
const nh3 = `${water.mn}.w21003`
const utc = (hms: string, day = 23) => `2026-11-${day}T${hms}Z`

// [sensor, kind, t, value, flag, stats]
const known: [string, string, string, number, string, object | null][] = [
  [cod, 'rtd', utc('00:00:00'), 10, 'N', null],
  [cod, 'rtd', utc('00:00:30'), 20, 'N', null],
  [cod, 'rtd', utc('00:01:00'), 30, 'N', null],
  [cod, 'rtd', utc('00:01:30'), 50, 'M', null],
  [cod, 'rtd', utc('01:00:00'), 5, 'N', null],
  [cod, 'min', utc('00:00:00'), 15, 'N', { min: 8, max: 22 }],
  [cod, 'min', utc('00:01:00'), 40, 'N', { min: 28, max: 55 }],
  // 23:59 and 00:01 China Standard Time: two different park days
  [nh3, 'rtd', utc('15:59:00', 22), 1, 'N', null],
  [nh3, 'rtd', utc('16:01:00', 22), 3, 'N', null],
  [nh3, 'rtd', utc('17:00:00', 22), 5, 'N', null],
]

describe('environment API', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let admin: ApiClient
  let e01: ApiClient
  let otherSensor: string

  const series = (c: ApiClient, sensor: string, query: string) =>
    c.get(`/api/v1/sensors/${encodeURIComponent(sensor)}/readings?${query}`)

  beforeAll(async () => {
    const started = await startTestServer('cpt_env_api', {
      SIM: 'off',
      ADMIN_PASSWORD: adminPassword,
      LOG_LEVEL: 'silent',
    })
    server = started.server
    closeServer = started.close
    await server.db.tx(systemScope, async (q) => {
      for (const [sensor, kind, t, value, flag, stats] of known)
        await q.query(
          `INSERT INTO readings (sensor_id, kind, t, value, flag, stats, enterprise_id)
           SELECT $1, $2, $3, $4, $5, $6, enterprise_id FROM sensors WHERE id = $1`,
          [sensor, kind, t, value, flag, stats && JSON.stringify(stats)],
        )
    })
    const [other] = await server.db.query<{ id: string }>(
      systemScope,
      `SELECT id FROM sensors WHERE kind = 'hj212_channel' AND enterprise_id <> 'E01' ORDER BY id LIMIT 1`,
    )
    otherSensor = other!.id
    admin = new ApiClient(server.url)
    await admin.login('admin', adminPassword)
    await admin.post('/api/v1/users', {
      username: 'e01',
      display_name: 'E01',
      role: 'enterprise_user',
      enterprise_id: 'E01',
      password: 'Pass-word-2026',
    })
    e01 = new ApiClient(server.url)
    await e01.login('e01', 'Pass-word-2026')
  })
  afterAll(async () => {
    await closeServer?.()
  })

  describe('GET /api/v1/sensors/:id/readings', () => {
    const range = `from=${utc('00:00:00')}&to=${utc('02:00:00')}`

    it('returns the raw real-time series in time order, with flags', async () => {
      const r = await series(admin, cod, range)
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({
        sensor: { id: cod, code: 'w01018', unit: 'mg/L', thresholds: { high: 50 } },
        step: 'raw',
        kind: 'rtd',
        truncated: false,
      })
      expect(
        r.body.points.map((p: { t: string; value: number; flag: string }) => [p.t, p.value, p.flag]),
      ).toEqual([
        ['2026-11-23T00:00:00.000Z', 10, 'N'],
        ['2026-11-23T00:00:30.000Z', 20, 'N'],
        ['2026-11-23T00:01:00.000Z', 30, 'N'],
        ['2026-11-23T00:01:30.000Z', 50, 'M'],
        ['2026-11-23T01:00:00.000Z', 5, 'N'],
      ])
    })

    it.each([
      [
        'minute',
        'rtd',
        [
          ['2026-11-23T00:00:00.000Z', 15, 10, 20, 2],
          ['2026-11-23T00:01:00.000Z', 40, 30, 50, 2],
          ['2026-11-23T01:00:00.000Z', 5, 5, 5, 1],
        ],
      ],
      [
        'hour',
        'rtd',
        [
          ['2026-11-23T00:00:00.000Z', 27.5, 10, 50, 4],
          ['2026-11-23T01:00:00.000Z', 5, 5, 5, 1],
        ],
      ],
      // minute data: the hour's extremes are the minutes' own Min/Max, not the extreme averages
      ['hour', 'min', [['2026-11-23T00:00:00.000Z', 27.5, 8, 55, 2]]],
    ])('aggregates step=%s of kind=%s in SQL (avg, min, max, count)', async (step, kind, expected) => {
      const r = await series(admin, cod, `${range}&step=${step}&kind=${kind}`)
      expect(r.status).toBe(200)
      const rows = r.body.buckets.map((b: Record<string, number>) => [b.t, b.avg, b.min, b.max, b.count])
      expect(rows).toEqual(expected)
    })

    it('cuts days at midnight China Standard Time', async () => {
      const r = await series(admin, nh3, `from=${utc('00:00:00', 22)}&to=${utc('00:00:00', 24)}&step=day`)
      expect(r.body.buckets.map((b: { t: string; avg: number }) => [b.t, b.avg])).toEqual([
        ['2026-11-21T16:00:00.000Z', 1],
        ['2026-11-22T16:00:00.000Z', 4],
      ])
    })

    it.each([
      ['to=2026-11-23T01:00:00Z', 'from'],
      ['from=yesterday&to=2026-11-23T01:00:00Z', 'from'],
      ['from=2026-11-23T00:00:00Z&to=2026-11-23T01:00:00', 'to'],
      ['from=2026-11-23T01:00:00Z&to=2026-11-23T01:00:00Z', 'to'],
      ['from=2026-11-01T00:00:00Z&to=2026-11-09T00:00:00Z', 'to'],
      ['from=2026-11-01T00:00:00Z&to=2026-11-09T00:00:00Z&step=minute', 'to'],
      [`${'from=2026-11-23T00:00:00Z&to=2026-11-23T01:00:00Z'}&step=week`, 'step'],
      [`${'from=2026-11-23T00:00:00Z&to=2026-11-23T01:00:00Z'}&kind=avg`, 'kind'],
    ])('rejects %s with 400 naming %s', async (query, field) => {
      const r = await series(admin, cod, query)
      expect(r.status).toBe(400)
      expect(r.body.error).toMatchObject({ id: 'validation', field })
    })

    it('accepts a long range with a coarse step', async () => {
      const r = await series(
        admin,
        cod,
        'from=2026-09-01T00:00:00%2B08:00&to=2026-11-30T00:00:00%2B08:00&step=hour',
      )
      expect(r.status).toBe(200)
    })

    it('answers 404 for an unknown sensor and for another enterprise’s sensor', async () => {
      expect((await series(admin, 'no-such-sensor', range)).status).toBe(404)
      expect((await series(e01, otherSensor, range)).status).toBe(404)
      expect((await series(admin, otherSensor, range)).status).toBe(200)
      const own = await series(e01, cod, range)
      expect(own.status).toBe(200)
      expect(own.body.points).toHaveLength(5)
    })
  })

  describe('collectors and live values', () => {
    it('lists collectors with channels and thresholds, online once a packet arrived, never the PW', async () => {
      const device = await Device.open(server.ports.hj212!)
      try {
        const { qn, frame } = upload(water, {
          dataTime: new Date(),
          values: [{ code: 'w01018', field: 'Rtd', value: 23.4, flag: 'N' }],
        })
        expect(await device.exchange(frame)).toMatchObject({ cn: 9014, qn })
      } finally {
        device.close()
      }
      const r = await admin.get('/api/v1/environment/collectors')
      expect(r.status).toBe(200)
      const mine = r.body.find((c: { mn: string }) => c.mn === water.mn)
      expect(mine).toMatchObject({ measure: 'wastewater', st: 32, online: true, rtd_interval_s: 30 })
      expect(Date.parse(mine.last_packet_at)).toBeGreaterThan(Date.now() - 60_000)
      expect(mine.channels.map((c: { code: string }) => c.code)).toEqual([
        'w00000',
        'w01001',
        'w01018',
        'w21003',
      ])
      expect(mine.channels.find((c: { code: string }) => c.code === 'w01001').thresholds).toMatchObject({
        low: 6,
        high: 9,
      })
      expect(r.body.filter((c: { online: boolean }) => !c.online).length).toBe(r.body.length - 1)
      expect(JSON.stringify(r.body)).not.toContain(water.pw)

      const latest = await admin.get('/api/v1/environment/latest')
      expect(latest.body.find((l: { sensor_id: string }) => l.sensor_id === cod)).toMatchObject({
        code: 'w01018',
        last: { value: 23.4, kind: 'rtd' },
      })
    })

    it('shows an enterprise only its own collectors and channels', async () => {
      const collectors = (await e01.get('/api/v1/environment/collectors')).body as { enterprise_id: string }[]
      const latest = (await e01.get('/api/v1/environment/latest')).body as { enterprise_id: string }[]
      expect(collectors.length).toBeGreaterThan(0)
      expect(latest.length).toBeGreaterThan(0)
      expect([...collectors, ...latest].every((x) => x.enterprise_id === 'E01')).toBe(true)
    })
  })
})
