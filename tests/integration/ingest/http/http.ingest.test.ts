// POST /api/v1/ingest/readings on PostgreSQL + PostGIS and Redis, mounted among the public routers as main.ts
// will mount it: bearer token or a park staff session, per-reading answers, stored once, live cache and alarm
// engine, refusals counted per reason; and the safety simulator's HTTP transport against it.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPark } from '../../../../geodata/read'
import { startSafetySimulator } from '../../../../sensors/simulators/safety/run-safety'
import { httpTransport } from '../../../../sensors/simulators/safety/transports'
import { createHttpIngest, type HttpIngest } from '../../../../server/ingest/http/http.ingest'
import { SessionStore } from '../../../../server/platform/auth/sessions'
import { systemScope } from '../../../../server/platform/db/db'
import { createHttpApp } from '../../../../server/platform/http/app'
import { ApiClient, eventually } from '../../../helpers/http'
import { ago, silent, startSafetyStack, type SafetyStack } from '../safety-stack'

const token = 'test-ingest-token-0123456789'
const PATH = '/api/v1/ingest/readings'

describe('HTTP ingest of safety sensors (PostgreSQL, Redis)', () => {
  let s: SafetyStack
  let ingest: HttpIngest
  let http: Server
  let url: string
  const node = `http-test-${process.pid}`
  /** a client of the ingest app, signed in as `from` when given (the session is the main server's) */
  const device = (auth?: string) => (body: unknown) =>
    new ApiClient(url).call('POST', PATH, body, auth ? { authorization: auth } : {})
  const withSession = (from: ApiClient) => {
    const c = new ApiClient(url)
    c.cookie = from.cookie
    return (body: unknown) => c.call('POST', PATH, body)
  }
  const post = device(`Bearer ${token}`)

  beforeAll(async () => {
    s = await startSafetyStack('cpt_http')
    const sessions = new SessionStore(s.db, 720, 10080)
    ingest = createHttpIngest({
      db: s.db,
      bus: s.bus,
      log: silent,
      node,
      sessions,
      token,
      service: s.service,
    })
    const app = createHttpApp({
      db: s.db,
      bus: s.bus,
      log: silent,
      sessions,
      version: 'test',
      clientDir: null,
      publicRouters: [ingest.router],
      routers: [],
    })
    http = createServer(app.callback())
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(http.address() as { port: number }).port}/`
  })
  afterAll(async () => {
    http?.closeAllConnections()
    await new Promise((r) => http?.close(r))
    await ingest?.stop()
    await s?.close()
  })

  it('stores a batch with the bearer token, once: a resent batch counts as duplicates', async () => {
    const t = ago(30)
    const body = {
      readings: [
        { sensor: 'T-E06-01.LT', t, v: 44.5 },
        { sensor: 'T-E06-01.PT', t: new Date(t).toISOString(), v: 0.31 },
        { sensor: 'T-E06-01.TT', t, v: null, flag: 'B' },
      ],
    }
    expect(await post(body)).toMatchObject({ status: 200, body: { stored: 3, duplicates: 0, rejected: [] } })
    // answered after the commit
    expect(await s.rows('T-E06-01.LT')).toEqual([
      { t: new Date(t), value: 44.5, flag: 'N', kind: 'rtd', enterprise_id: 'E06' },
    ])
    expect(await s.rows('T-E06-01.TT')).toMatchObject([{ value: null, flag: 'B' }])
    expect((await post(body)).body).toEqual({ stored: 0, duplicates: 3, rejected: [] })
    expect(await s.rows('T-E06-01.LT')).toHaveLength(1)
    const live = await eventually(async () => s.latest('T-E06-01.LT'))
    expect(live).toMatchObject({ value: 44.5, t: new Date(t).toISOString(), code: 'level' })
  })

  it('answers per reading: the valid ones are stored, the others listed by index and reason', async () => {
    const channel = await s.hj212Channel()
    const r = await post({
      readings: [
        { sensor: 'T-E06-02.LT', t: ago(10), v: 51 },
        { sensor: 'GD-NOPE-01', t: ago(10), v: 1 },
        { sensor: channel, t: ago(10), v: 1 },
        { sensor: 'T-E06-02.LT', t: ago(-3600), v: 51 },
        { sensor: 'T-E06-02.LT', t: 'yesterday', v: 51 },
        { sensor: 'T-E06-02.LT', t: ago(9), v: null },
        { sensor: 'T-E06-02.LT', t: ago(8), v: 52 },
        { sensor: 'T-E06-02.LT', t: ago(8), v: 52 }, // repeated within the batch
      ],
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ stored: 2, duplicates: 1 })
    expect(r.body.rejected.map((x: { index: number; reason: string }) => [x.index, x.reason])).toEqual([
      [1, 'unknown_sensor'],
      [2, 'wrong_kind'],
      [3, 'future_time'],
      [4, 'bad_time'],
      [5, 'bad_value'],
    ])
    for (const x of r.body.rejected) expect(x.message).toEqual(expect.any(String))
  })

  it.each([
    ['not JSON', '{"readings": [', 400, 'validation.bad_json'],
    ['no readings array', { data: [] }, 400, 'validation'],
    ['readings not an array', { readings: 'x' }, 400, 'validation'],
    ['501 readings', { readings: Array.from({ length: 501 }, () => ({})) }, 400, 'validation.too_large'],
  ])('refuses a body that is not a batch (%s) with %i and stores nothing', async (_n, body, status, id) => {
    const r = await post(body)
    expect(r.status).toBe(status)
    expect(r.body).toEqual({ error: { id, message: expect.any(String) } })
  })

  it('needs the token or a park admin / operator session', async () => {
    const body = { readings: [{ sensor: 'T-E07-01.LT', t: ago(5), v: 40 }] }
    const noAuth = await device()(body)
    expect(noAuth.status).toBe(401)
    expect(noAuth.body.error.id).toBe('auth.required')
    const wrong = await device('Bearer not-the-token-at-all')(body)
    expect(wrong).toMatchObject({ status: 401, body: { error: { id: 'auth.invalid_token' } } })
    expect((await device('Basic abc')(body)).status).toBe(401)
    expect((await withSession(await s.client('ent-e07', 'enterprise_user', 'E07'))(body)).status).toBe(403)
    expect((await withSession(await s.client('big-screen', 'screen'))(body)).status).toBe(403)
    expect(await s.rows('T-E07-01.LT')).toEqual([])
    const operator = await withSession(await s.client('op-1', 'operator'))(body)
    expect(operator).toMatchObject({ status: 200, body: { stored: 1 } })
    expect(
      (await withSession(s.admin)({ readings: [{ sensor: 'T-E07-01.LT', t: ago(4), v: 41 }] })).status,
    ).toBe(200)
  })

  it('counts refusals per reason under protocol http, visible in GET /api/v1/ingest/rejections', async () => {
    const report = await eventually(async () => {
      const r = await s.rejections('http')
      const mine = r.counters.find((c) => c.node === node)
      return mine && (mine.by_reason.unauthorized ?? 0) >= 5 ? r : null
    })
    expect(report.counters.find((c) => c.node === node)).toMatchObject({
      protocol: 'http',
      by_reason: {
        unknown_sensor: 1,
        wrong_kind: 1,
        future_time: 1,
        bad_time: 1,
        bad_value: 1,
        bad_json: 1,
        schema: 2,
        too_large: 1,
        unauthorized: 5,
      },
    })
    expect(report.rows.find((r) => r.reason === 'unknown_sensor')).toMatchObject({
      protocol: 'http',
      mn: 'GD-NOPE-01',
      peer: expect.stringMatching(/127\.0\.0\.1/),
    })
  })

  it('raises exactly one alarm, unacknowledged, for a combustible reading above 25 %LEL', async () => {
    const sensor = 'GD-E06-01'
    expect((await post({ readings: [{ sensor, t: ago(2), v: 27.5 }] })).body.stored).toBe(1)
    const alarms = await eventually(async () =>
      (await s.alarmsOf(sensor)).length ? s.alarmsOf(sensor) : null,
    )
    await new Promise((r) => setTimeout(r, 500))
    expect(await s.alarmsOf(sensor)).toEqual(alarms)
    expect(alarms).toEqual([{ rule: 'h', state: 'unack', priority: 'high', count: 1, limit_value: 25 }])
  })

  it('takes the simulator’s batches over HTTP with the bearer token', async () => {
    const sim = startSafetySimulator({
      park: readPark(),
      transport: httpTransport({ url, token }),
      seed: 9,
      periodMs: 1_000,
      leak: false,
    })
    try {
      await eventually(async () => sim.stats().sent >= 2 * sim.gateways.length, 20_000)
    } finally {
      await sim.stop()
    }
    const [r] = await s.db.query<{ n: number }>(
      systemScope,
      `SELECT count(DISTINCT sensor_id)::int AS n FROM readings WHERE sensor_id = ANY($1)`,
      [sim.sensors.map((x) => x.id)],
    )
    expect(r!.n).toBe(sim.sensors.length)
    expect(sim.stats()).toMatchObject({ dropped: 0 })
  })

  it('tells a peer that keeps failing to authenticate to slow down, and still takes the token', async () => {
    const body = { readings: [] }
    const answers: number[] = []
    for (let i = 0; i < 20; i++) answers.push((await device('Bearer wrong-token-guess')(body)).status)
    expect(answers.at(-1)).toBe(429)
    expect(await post(body)).toMatchObject({ status: 200, body: { stored: 0, duplicates: 0, rejected: [] } })
  })
})
