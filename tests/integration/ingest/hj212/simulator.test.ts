// The HJ 212 simulator against the real listener, over real TCP: readings arrive, lost answers are resent
// and absorbed by the platform's natural key, dropped connections come back.
import { createServer, connect, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROFILES } from '../../../../sensors/simulators/hj212/profiles'
import { startHj212Simulator, type Hj212Simulator } from '../../../../sensors/simulators/hj212/run-hj212'
import { systemScope } from '../../../../server/platform/db/db'
import { startTestServer } from '../../../helpers/server-config'
import { type RunningServer } from '../../../../server/main'
import { eventually } from '../../../helpers/http'
import { collectors } from './device'

/** A TCP proxy that can swallow the platform's answers and cut every connection. */
async function startProxy(target: number) {
  const pairs = new Set<[Socket, Socket]>()
  let swallowAnswers = false
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1')
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    client.pipe(upstream)
    upstream.on('data', (chunk) => {
      if (!swallowAnswers) client.write(chunk)
    })
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as { port: number }).port,
    swallow: (on: boolean) => (swallowAnswers = on),
    cutAll: () => {
      for (const [client] of pairs) client.destroy()
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  }
}

describe('HJ 212 simulator end to end', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let sim: Hj212Simulator | null = null
  const chosen = [
    ...collectors.filter((c) => c.measure === 'wastewater').slice(0, 2),
    ...collectors.filter((c) => c.measure === 'waste_gas').slice(0, 2),
  ]
  const mns = chosen.map((c) => c.mn)
  const query = <T extends Record<string, unknown>>(sql: string) =>
    server.db.query<T>(systemScope, sql, [mns])

  beforeAll(async () => {
    const started = await startTestServer('cpt_hj212_sim', {
      SIM: 'off',
      LOG_LEVEL: 'silent',
    })
    server = started.server
    closeServer = started.close
  })
  afterAll(async () => {
    sim?.stop()
    await closeServer?.()
  })

  it('simulates the pollutants the registry has channels for', async () => {
    const rows = await server.db.query<{ measure: 'wastewater' | 'waste_gas'; codes: string[] }>(
      systemScope,
      'SELECT measure, array_agg(code ORDER BY code) AS codes FROM hj212_channel_defaults GROUP BY measure',
    )
    for (const r of rows) expect(PROFILES[r.measure].map((p) => p.code).sort()).toEqual(r.codes)
  })

  it('stores real-time and minute data, absorbs resends of unanswered uploads, and reconnects', async () => {
    const proxy = await startProxy(server.ports.hj212!)
    try {
      proxy.swallow(true) // answers lost: every upload is resent after the ack timeout
      sim = startHj212Simulator({
        collectors: chosen,
        host: '127.0.0.1',
        port: proxy.port,
        seed: 7,
        rtdIntervalMs: 1000,
        minuteMs: 2000,
        tickMs: 100,
        ackTimeoutMs: 400,
        maxResends: 20,
        minBackoffMs: 100,
      })
      const s = sim
      await eventually(
        async () => s.stats().sent >= 3 * s.stats().pending && s.stats().pending >= 8,
        20_000,
        100,
      )
      proxy.swallow(false)
      await eventually(async () => s.stats().acked >= 8, 20_000, 100)

      // every upload sent more than once was stored once (the natural key absorbed the resends)
      const [keys] = await query<{ packets: number; distinct: number }>(
        `SELECT count(*)::int AS packets, count(DISTINCT (mn, cn, data_time))::int AS distinct
           FROM hj212_packets WHERE mn = ANY($1)`,
      )
      expect(keys!.packets).toBe(keys!.distinct)
      expect(s.stats().sent).toBeGreaterThan(keys!.packets)

      const kinds = await query<{ mn: string; kinds: string[] }>(
        `SELECT c.mn, array_agg(DISTINCT r.kind ORDER BY r.kind) AS kinds
           FROM readings r JOIN sensors c ON c.id = r.sensor_id WHERE c.mn = ANY($1) GROUP BY c.mn ORDER BY c.mn`,
      )
      expect(kinds.map((k) => k.mn)).toEqual([...mns].sort())
      await eventually(async () => {
        const k = await query<{ n: number }>(
          `SELECT count(DISTINCT c.mn)::int AS n FROM readings r JOIN sensors c ON c.id = r.sensor_id
            WHERE c.mn = ANY($1) AND r.kind = 'min'`,
        )
        return k[0]!.n === mns.length
      }, 20_000)

      // cut every connection: the collectors reconnect with backoff and keep delivering
      const before = s.stats().acked
      proxy.cutAll()
      await eventually(
        async () => s.stats().connected === chosen.length && s.stats().acked > before + 8,
        20_000,
        100,
      )
      expect(s.stats().refused).toBe(0)
    } finally {
      sim?.stop()
      sim = null
      await proxy.stop()
    }
  })
})
