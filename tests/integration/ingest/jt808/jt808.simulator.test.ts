// The simulated terminal end to end against the real listener: registration, authentication,
// reports stored, retransmission of an unanswered report, and 0x0704 catch-up after an outage.
import { createServer, connect, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeFrame, Jt808Framer, MsgId } from '../../../../sensors/protocols/jt808'
import {
  startJt808Terminal,
  type Jt808Terminal,
  type Jt808TerminalOptions,
  type TerminalEvent,
} from '../../../../sensors/simulators/jt808/jt808-terminal'
import { systemScope } from '../../../../server/platform/db/db'
import { enrolledTagId } from '../../../../server/ingest/jt808/jt808.enrolment'
import { eventually } from '../../../helpers/http'
import { fixAt, recent, startStack, type Stack } from './setup'

const vehicle = { province: 32, city: 1100, maker: 'CPT', model: 'HZ-SIM', deviceId: 'D9', plateColor: 2 }

describe('simulated JT/T 808 terminal against the listener', () => {
  let stack: Stack
  const running: Jt808Terminal[] = []
  const servers: Server[] = []

  /** Starts a terminal whose fixes carry distinct device times (1 s apart). */
  const start = (phone: string, port: number, over: Partial<Jt808TerminalOptions> = {}) => {
    let i = 0
    const events: TerminalEvent[] = []
    const t = startJt808Terminal({
      host: '127.0.0.1',
      port,
      phone,
      version: 2019,
      vehicle: { ...vehicle, plate: '苏E12345' },
      imei: '860000000000009',
      softwareVersion: 'sim-1',
      nextFix: () => fixAt(recent(i++), i),
      reportIntervalMs: 50,
      heartbeatIntervalMs: 200,
      answerTimeoutMs: 500,
      reconnect: { initialMs: 50, maxMs: 400 },
      onEvent: (e) => events.push(e),
      ...over,
    })
    running.push(t)
    return { t, events, produced: () => i }
  }

  /** Whether the first n fixes (device times recent(0) … recent(n - 1)) are all stored, once each. */
  const allStored = async (tagId: string, n: number) => {
    const [row] = await stack.server.db.query<{ n: number }>(
      systemScope,
      'SELECT count(*)::int AS n FROM positions WHERE tag_id = $1 AND device_time <= $2',
      [tagId, recent(n - 1)],
    )
    return row!.n === n
  }

  beforeAll(async () => {
    stack = await startStack('cpt_jt808_sim')
  })
  afterAll(async () => {
    for (const t of running) await t.stop()
    for (const s of servers) await new Promise((r) => s.close(r))
    await stack?.stop()
  })

  it('registers, authenticates and has its positions stored under its enrolled tag', async () => {
    const { t, events } = start('00000000013600000001', stack.listener.port)
    await eventually(async () => t.stats().delivered >= 5, 20_000, 50)
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['registered', 'authenticated']))
    const tagId = enrolledTagId('13600000001')
    expect(await stack.rows(tagId)).toBeGreaterThanOrEqual(5)
    const [row] = await stack.server.db.query(
      systemScope,
      `SELECT auth_code, version, plate, props->>'imei' AS imei FROM jt808_terminals WHERE terminal = '13600000001'`,
    )
    expect(row).toEqual({ auth_code: t.authCode, version: 2019, plate: '苏E12345', imei: '860000000000009' })
    const r = await stack.api.get('/api/v1/tags?terminal=13600000001')
    expect(r.body).toMatchObject([{ id: tagId, label: '苏E12345', kind: 'vehicle' }])
  })

  it('buffers through an outage and uploads the backlog as 0x0704 after reconnecting', async () => {
    const first = await stack.extraListener({ host: '127.0.0.1' })
    const port = first.port
    const { t, events, produced } = start('00000000013600000002', port)
    await eventually(async () => t.stats().delivered >= 3, 20_000, 50)
    await first.stop()
    await eventually(async () => t.stats().buffered >= 5, 20_000, 50)

    const second = await stack.extraListener({ host: '127.0.0.1', port })
    await eventually(async () => second.stats().messages.batch, 20_000, 50)
    // nothing taken before, during or right after the outage is lost
    const upTo = produced()
    await eventually(() => allStored(enrolledTagId('13600000002'), upTo), 20_000, 50)
    expect(t.stats()).toMatchObject({ buffered: 0, dropped: 0 })
    // the kept auth code was enough: one registration, two authentications
    expect(events.filter((e) => e.type === 'registered')).toHaveLength(1)
    expect(events.filter((e) => e.type === 'authenticated')).toHaveLength(2)
  })

  it('resends a report whose answer was lost; the platform keeps one row', async () => {
    // a real TCP relay in front of the listener that swallows the first answer to a 0x0200
    let swallowed = 0
    const relay = createServer((down) => {
      const up = connect({ host: '127.0.0.1', port: stack.listener.port })
      const framer = new Jt808Framer()
      down.on('data', (b) => up.write(b))
      up.on('data', (chunk) => {
        for (const f of framer.push(chunk)) {
          const res = f.ok ? decodeFrame(f.frame) : null
          const m = res?.ok ? res.message : null
          if (m?.kind === 'platform_answer' && m.body.msgId === MsgId.location && swallowed++ === 0) continue
          if (f.ok) down.write(f.frame)
        }
      })
      for (const [a, b] of [
        [down, up],
        [up, down],
      ] as const) {
        a.on('error', () => undefined)
        a.on('close', () => b.destroy())
      }
    })
    servers.push(relay)
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r))
    const relayPort = (relay.address() as { port: number }).port

    const { t, produced } = start('00000000013600000003', relayPort, { reportIntervalMs: 100 })
    await eventually(async () => t.stats().retransmits >= 1, 20_000, 50)
    const upTo = produced()
    await eventually(() => allStored(enrolledTagId('13600000003'), upTo), 20_000, 50)
    expect(swallowed).toBeGreaterThanOrEqual(1)
  })
})
