// One server per test file (HTTP, realtime and the position writer on PostgreSQL + Redis, no
// simulators) with a JT/T 808 listener started next to it, as main.ts does for the ingest role.
import { testConfig } from '../../../helpers/server-config'
import { createLogger } from '../../../../server/platform/logger'
import { startServer, type RunningServer } from '../../../../server/main'
import { systemScope } from '../../../../server/platform/db/db'
import {
  startJt808Listener,
  type Jt808Listener,
  type Jt808ListenerDeps,
} from '../../../../server/ingest/jt808/jt808.listener'
import { TerminalFrames, type TerminalIdentity } from '../../../../sensors/simulators/jt808/terminal-frames'
import type { Jt808Version } from '../../../../sensors/protocols/jt808'
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '../../../helpers/services'
import { ApiClient } from '../../../helpers/http'
import type { WireClient } from './wire-client'

const adminPassword = 'Admin-pass-2026'
export const silent = createLogger('silent')

export interface Stack {
  server: RunningServer
  listener: Jt808Listener
  api: ApiClient
  /** another listener on the same database and bus, stopped with the stack */
  extraListener(opts?: Partial<Jt808ListenerDeps>): Promise<Jt808Listener>
  /** positions stored for a tag */
  rows(tagId: string): Promise<number>
  stop(): Promise<void>
}

export async function startStack(prefix: string): Promise<Stack> {
  const database = await createTestDatabase(prefix)
  const config = testConfig({
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: uniqueRedisPrefix('cpt-jt808'),
    ADMIN_PASSWORD: adminPassword,
    SERVICES: 'web,realtime,worker',
    SIM: 'off',
    LOG_LEVEL: 'silent',
  })
  const server = await startServer(config, silent)
  const listeners: Jt808Listener[] = []
  const extraListener = async (opts: Partial<Jt808ListenerDeps> = {}) => {
    const l = await startJt808Listener({ db: server.db, bus: server.bus, log: silent, port: 0, ...opts })
    listeners.push(l)
    return l
  }
  const listener = await extraListener({ host: '127.0.0.1' })
  const api = new ApiClient(server.url)
  await api.login('admin', adminPassword)
  return {
    server,
    listener,
    api,
    extraListener,
    rows: async (tagId) =>
      (
        await server.db.query<{ n: number }>(
          systemScope,
          'SELECT count(*)::int AS n FROM positions WHERE tag_id = $1',
          [tagId],
        )
      )[0]!.n,
    stop: async () => {
      for (const l of listeners) await l.stop()
      await server.stop()
      await database.drop()
    },
  }
}

/** A terminal identity with a GBK plate, for frames built by the simulator's pure builder. */
export function terminal(phone: string, version: Jt808Version = 2013, plate = '苏BA6860'): TerminalFrames {
  const vehicle = {
    province: 32,
    city: 1100,
    maker: 'CPT',
    model: 'SIM-1',
    deviceId: 'D1',
    plateColor: 2,
    plate,
  }
  const id: TerminalIdentity = { phone, version, vehicle, imei: '860000000000001', softwareVersion: '1.0' }
  return new TerminalFrames(id)
}

/** 0x0100 → 0x8100 (code) → 0x0102 → 0x8001; returns the auth code. */
export async function registerAndAuthenticate(client: WireClient, t: TerminalFrames): Promise<string> {
  const reg = t.register()
  client.send(reg.frame)
  const answer = await client.registerAnswer(reg.serial)
  if (answer.result !== 0) throw new Error(`register refused: ${answer.result}`)
  const auth = t.authenticate(answer.authCode)
  client.send(auth.frame)
  const ok = await client.answer(auth.serial, auth.msgId)
  if (ok.result !== 0) throw new Error(`authentication refused: ${ok.result}`)
  return answer.authCode
}

/** Whole seconds (device time has 1 s resolution), an hour before the test run started. */
const BASE_MS = Math.floor(Date.now() / 1000) * 1000 - 3_600_000

/** A recent device time: `s` seconds after BASE_MS. */
export const recent = (s: number): Date => new Date(BASE_MS + s * 1000)

/** A fixed report at `time` in the demo park (degrees, GMT+8 handled by the codec). */
export const fixAt = (time: Date | string, i = 0) => ({
  lat: 31.95 + i * 1e-4,
  lon: 120.95 + i * 1e-4,
  speedKmh: 30,
  headingDeg: 90,
  time,
})
