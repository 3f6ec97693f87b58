// The HJ 212 listener under awkward input: any read boundary, coalesced frames, garbage, random bytes, idle
// peers, a flood of bad frames; and who may read the rejections.
import { hostname } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrng } from '../../../../sensors/simulators/prng'
import { startHj212Listener, type Hj212Listener } from '../../../../server/ingest/hj212/hj212.listener'
import { PeerLimiter } from '../../../../server/ingest/shared/peer-limiter'
import { systemScope } from '../../../../server/platform/db/db'
import { startTestServer } from '../../../helpers/server-config'
import { createLogger } from '../../../../server/platform/logger'
import { type RunningServer } from '../../../../server/main'
import { ApiClient, eventually } from '../../../helpers/http'
import { Device, gas, upload } from './device'

const adminPassword = 'Admin-pass-2026'
const so2 = (value: number) => [{ code: 'a21026', field: 'Rtd' as const, value, flag: 'N' as const }]
const at = (second: number) => new Date(Date.UTC(2026, 10, 21, 0, 0, second))
const corruptCrc = (frame: string) =>
  frame.replace(/[0-9A-F]{4}\r\n$/, (crc) => (crc === '0000\r\n' ? '1111\r\n' : '0000\r\n'))

describe('HJ 212 listener edge cases', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let device: Device
  let admin: ApiClient

  const count = async (sql: string, params: unknown[] = []) =>
    (await server.db.query<{ n: number }>(systemScope, `SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n

  beforeAll(async () => {
    const started = await startTestServer('cpt_hj212_edges', {
      SIM: 'off',
      ADMIN_PASSWORD: adminPassword,
      LOG_LEVEL: 'silent',
    })
    server = started.server
    closeServer = started.close
    device = await Device.open(server.ports.hj212!)
    admin = new ApiClient(server.url)
    await admin.login('admin', adminPassword)
  })
  afterAll(async () => {
    device?.close()
    await closeServer?.()
  })

  describe('GET /api/v1/ingest/rejections', () => {
    // first in the file: later tests flood this peer's budget of rejection rows
    it('shows park staff the latest rows and this node’s counters', async () => {
      const { frame } = upload(gas, { dataTime: at(300), values: so2(1) })
      await device.exchange(corruptCrc(frame))
      const node = `hj212@${hostname()}-ephemeral-${process.pid}`
      const r = await eventually(async () => {
        const res = await admin.get('/api/v1/ingest/rejections?protocol=hj212&limit=5')
        const mine = res.body.counters?.find(
          (c: { protocol: string; node: string }) => `${c.protocol}@${c.node}` === node,
        )
        return mine?.by_reason.bad_crc >= 1 && res.body.rows.length ? res : null
      })
      expect(r.status).toBe(200)
      expect(r.body.rows.length).toBeLessThanOrEqual(5)
      expect(r.body.rows[0]).toMatchObject({
        protocol: 'hj212',
        reason: expect.any(String),
        at: expect.any(String),
      })
      expect(
        r.body.rows.some(
          (row: { reason: string; mn: string }) => row.reason === 'bad_crc' && row.mn === gas.mn,
        ),
      ).toBe(true)
    })

    it.each([
      ['operator', 200, null],
      ['enterprise_user', 403, 'E01'],
      ['screen', 403, null],
    ] as const)('answers an %s with %i', async (role, status, enterprise_id) => {
      const username = `rej_${role}`
      const password = 'Pass-word-2026'
      const created = await admin.post('/api/v1/users', {
        username,
        display_name: role,
        role,
        enterprise_id,
        password,
      })
      expect(created.status).toBe(201)
      const user = new ApiClient(server.url)
      await user.login(username, password)
      expect((await user.get('/api/v1/ingest/rejections')).status).toBe(status)
    })

    it.each([
      ['limit=0', 'limit'],
      ['limit=x', 'limit'],
      ['protocol=HJ-212', 'protocol'],
    ])('rejects %s with 400 naming the field', async (query, field) => {
      const r = await admin.get(`/api/v1/ingest/rejections?${query}`)
      expect(r.status).toBe(400)
      expect(r.body.error.field).toBe(field)
    })
  })

  it('decodes a frame cut at every byte position, and answers each copy', async () => {
    const { qn, frame } = upload(gas, { dataTime: at(0), values: so2(20) })
    for (let cut = 1; cut < frame.length; cut++) {
      const n = device.answers.length
      await device.write(frame.slice(0, cut))
      await new Promise((r) => setTimeout(r, 1)) // let the first piece arrive as its own read
      await device.write(frame.slice(cut))
      const [answer] = (await device.answersUpTo(n + 1)).slice(n)
      expect(answer).toMatchObject({ cn: 9014, qn })
    }
    expect(await count('hj212_packets WHERE mn = $1 AND data_time = $2', [gas.mn, at(0)])).toBe(1)
  })

  it('answers many frames coalesced in one write, in order', async () => {
    const uploads = Array.from({ length: 60 }, (_, i) => upload(gas, { dataTime: at(1 + i), values: so2(i) }))
    const n = device.answers.length
    await device.write(uploads.map((u) => u.frame).join(''))
    const answers = (await device.answersUpTo(n + 60)).slice(n)
    expect(answers.map((a) => a.qn)).toEqual(uploads.map((u) => u.qn))
    expect(
      await count(`readings WHERE sensor_id = $1 AND t BETWEEN $2 AND $3`, [
        `${gas.mn}.a21026`,
        at(1),
        at(60),
      ]),
    ).toBe(60)
  })

  it('counts garbage and random bytes as rejections and keeps the connection open', async () => {
    const rng = createPrng(212)
    const junk = Buffer.from(Array.from({ length: 4000 }, () => rng.int(0, 255)))
    await device.write('hello, platform\r\n##12ab')
    await device.write(junk)
    await device.write('\r\n') // end whatever candidate frame the junk began
    const { qn, frame } = upload(gas, { dataTime: at(100), values: so2(30) })
    // the junk may still hold an open `##` candidate of up to 9999 bytes: the frame is answered once it is cut
    await device.write(frame)
    const answers = await eventually(async () => device.answers.find((a) => a.qn === qn) ?? null, 15_000, 50)
    expect(answers).toMatchObject({ cn: 9014 })
    expect(device.closed).toBe(false)
    await eventually(async () => (await count(`ingest_rejections WHERE reason = 'garbage'`)) >= 1)
  })

  it('closes a connection that stays idle', async () => {
    const listener = await startHj212Listener({
      port: 0,
      host: '127.0.0.1',
      db: server.db,
      bus: server.bus,
      log: createLogger('silent'),
      node: 'idle-test',
      idleMs: 300,
    })
    try {
      const idle = await Device.open(listener.port)
      await eventually(async () => idle.closed, 10_000, 50)
      expect(listener.connectionCount()).toBe(0)
    } finally {
      await listener.stop()
    }
  })

  it('counts every bad frame but writes rejection rows only within the per-peer budget', async () => {
    let listener: Hj212Listener | null = null
    try {
      listener = await startHj212Listener({
        port: 0,
        host: '127.0.0.1',
        db: server.db,
        bus: server.bus,
        log: createLogger('silent'),
        node: 'flood-test',
        rejectionLimiter: new PeerLimiter(5, 100),
      })
      const flooder = await Device.open(listener.port)
      const who = { mn: 'FLOOD-TEST-MN-0001', pw: 'abcdef', measure: 'waste_gas' }
      const frames = Array.from({ length: 12 }, (_, i) =>
        corruptCrc(upload(who, { dataTime: at(200 + i), values: so2(1) }).frame),
      )
      await flooder.write(frames.join(''))
      await flooder.answersUpTo(12) // each bad CRC answered with QnRtn 9
      flooder.close()
      expect(listener.rejections.counters().by_reason.bad_crc).toBe(12)
      await listener.stop() // waits for the rows being written
      listener = null
      expect(await count('ingest_rejections WHERE mn = $1', [who.mn])).toBe(5)
    } finally {
      await listener?.stop()
    }
  })
})
