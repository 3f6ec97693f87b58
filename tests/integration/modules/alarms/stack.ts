// One stack per test file: a server (web role only, no simulators, so main.ts starts no alarm worker of its
// own) on a fresh PostgreSQL + PostGIS database and Redis, plus an HTTP + Socket.IO app that carries the
// alarm routes and sockets, wired as main.ts will wire them. Alarm and readings streams get unique names, so
// parallel runs on the same Redis never see each other's alarms.
import { createServer } from 'node:http'
import { io as connect, type Socket } from 'socket.io-client'
import type { AlarmMessage, ClientToServerEvents, ServerToClientEvents } from '../../../../server/contracts'
import { testConfig } from '../../../helpers/server-config'
import { createLogger } from '../../../../server/platform/logger'
import { startServer, type RunningServer } from '../../../../server/main'
import { SessionStore } from '../../../../server/platform/auth/sessions'
import { MemoryBus } from '../../../../server/platform/bus/memory-bus'
import { createHttpApp } from '../../../../server/platform/http/app'
import { createSocketServer, type IoServer } from '../../../../server/platform/realtime/socket-server'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import { AlarmQueries } from '../../../../server/modules/alarms/alarms.queries'
import { alarmsRoutes } from '../../../../server/modules/alarms/alarms.routes'
import { startOutboxRelay, type OutboxRelayOptions } from '../../../../server/modules/alarms/outbox.relay'
import { startAlarmPusher, type AlarmPusherOptions } from '../../../../server/modules/alarms/alarm.pusher'
import { systemScope } from '../../../../server/platform/db/db'
import {
  connectTestRedis,
  createTestDatabase,
  testRedisUrl,
  uniqueStreamName,
} from '../../../helpers/services'
import { ApiClient, signedInClient } from '../../../helpers/http'

export const silent = createLogger('silent')
const adminPassword = 'Admin-pass-2026'
export type AlarmClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export async function startAlarmStack(prefix: string) {
  const database = await createTestDatabase(prefix)
  const stops: (() => Promise<unknown> | void)[] = [() => database.drop()]
  const stopAll = async () => {
    for (const s of stops.reverse()) await s()
  }
  const config = testConfig({
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    ADMIN_PASSWORD: adminPassword,
    SERVICES: 'web',
    SIM: 'off',
    LOG_LEVEL: 'silent',
  })
  const server: RunningServer = await startServer(config, silent)
  stops.push(() => server.stop())
  const { db, bus } = server
  const alarmStream = uniqueStreamName('test:alarms')
  const readingsStream = uniqueStreamName('test:readings')
  // the Redis name of a bus stream (the bus may namespace its streams)
  const redisKey = (name: string) => {
    const b = bus as { key?: (n: string) => string }
    return typeof b.key === 'function' ? b.key(name) : name
  }
  const redis = await connectTestRedis()
  stops.push(async () => {
    await redis.del([alarmStream, readingsStream, `${readingsStream}:dead`].map(redisKey))
    redis.destroy()
  })

  const service = new AlarmsService(db, { topic: alarmStream })
  const queries = new AlarmQueries(db)
  const sessions = new SessionStore(db, 720, 10080)
  const app = createHttpApp({
    db,
    bus,
    log: silent,
    sessions,
    version: 'test',
    clientDir: null,
    publicRouters: [],
    routers: [alarmsRoutes(service, queries)],
  })
  const http = createServer(app.callback())
  // Socket.IO on its own in-process adapter: deliveries go to this node's sockets only
  const rt = await createSocketServer(http, {
    sessions,
    bus: new MemoryBus(),
    log: silent,
    allowedOrigins: [],
  })
  const io: IoServer = rt.io
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(http.address() as { port: number }).port}/`
  stops.push(() => new Promise<void>((r) => http.close(() => r())))
  stops.push(() => void http.closeAllConnections())
  stops.push(() => rt.stop())

  const main = new ApiClient(server.url)
  await main.login('admin', adminPassword)

  /** A signed-in client of the alarm app; creates the account first when a role is given, else signs in again. */
  function client(username: string, role?: string, enterpriseId: string | null = null): Promise<ApiClient> {
    return signedInClient(main, server.url, username, {
      ...(role ? { role } : {}),
      enterpriseId,
      appUrl: url,
      ...(username === 'admin' ? { password: adminPassword } : {}),
    })
  }

  const relay = (opts: OutboxRelayOptions = {}) => {
    const r = startOutboxRelay(db, bus, silent, { pollMs: 50, ...opts })
    stops.push(() => r.stop())
    return r
  }
  const pusher = (opts: AlarmPusherOptions = {}) => {
    const p = startAlarmPusher(io, bus, silent, { stream: alarmStream, ...opts })
    stops.push(() => p.stop())
    return p
  }
  /** A connected socket of a signed-in client that joined its alarm room. */
  async function socket(c: ApiClient): Promise<AlarmClientSocket> {
    const s: AlarmClientSocket = connect(url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: c.cookie! },
    })
    stops.push(() => void s.close())
    await new Promise<void>((resolve, reject) => {
      s.once('connect', resolve)
      s.once('connect_error', reject)
    })
    const res = await s.emitWithAck('alarms.subscribe', {})
    if (!res.ok) throw new Error(`alarms.subscribe: ${res.error}`)
    return s
  }
  /** Every message on the alarm stream, in order. */
  async function streamed(): Promise<AlarmMessage[]> {
    const entries = (await redis.xRange(redisKey(alarmStream), '-', '+')) ?? []
    return entries.map((e) => JSON.parse(e!.message.data!) as AlarmMessage)
  }
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(systemScope, sql, params))[0]!.n)

  return {
    server,
    db,
    bus,
    url,
    io,
    service,
    queries,
    alarmStream,
    readingsStream,
    admin: await client('admin'),
    client,
    relay,
    pusher,
    socket,
    streamed,
    count,
    stop: stopAll,
  }
}
export type AlarmStack = Awaited<ReturnType<typeof startAlarmStack>>

/** A raise for a system source, with a fresh natural key unless t is given. */
let seq = 0
export function systemRaise(sourceId: string, patch: Partial<Parameters<AlarmsService['raise']>[0]> = {}) {
  return {
    source_type: 'system',
    source_id: sourceId,
    rule: 'test',
    t: Date.now() + seq++,
    value: null,
    limit: null,
    priority: 'high' as const,
    message: `test alarm ${sourceId}`,
    enterprise_id: null,
    location: null,
    props: {},
    ...patch,
  }
}
