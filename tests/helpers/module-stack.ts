// A module under test, wired as main.ts wires it: a server (web role, no simulators) on a fresh PostgreSQL + PostGIS
// database and Redis, plus an HTTP app that carries the module's routers. Accounts are made and signed in on the
// server; their cookies work on the app (same session store).
import { createServer } from 'node:http'
import type Router from '@koa/router'
import { startServer, type RunningServer } from '../../server/main'
import { SessionStore } from '../../server/platform/auth/sessions'
import type { Db } from '../../server/platform/db/db'
import { createHttpApp } from '../../server/platform/http/app'
import { createLogger } from '../../server/platform/logger'
import { ApiClient, signedInClient } from './http'
import { testConfig } from './server-config'
import { createTestDatabase, testRedisUrl } from './services'

export const silent = createLogger('silent')
const adminPassword = 'Admin-pass-2026'

export interface ModuleStack {
  server: RunningServer
  db: Db
  /** the app carrying the module's routers */
  url: string
  admin: ApiClient
  /** A signed-in client of the app; creates the account first when a role is given. */
  client(username: string, role?: string, enterpriseId?: string | null): Promise<ApiClient>
  stop(): Promise<void>
}

/** Starts the stack; `build` makes the module's services and routers (and anything the tests want back). */
export async function startModuleStack<T extends object>(
  prefix: string,
  build: (server: RunningServer) => { routers: Router[]; extra: T },
): Promise<ModuleStack & T> {
  const database = await createTestDatabase(prefix)
  const stops: (() => Promise<unknown> | void)[] = [() => database.drop()]
  const stop = async () => {
    for (const s of stops.reverse()) await s()
  }
  try {
    const config = testConfig({
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      ADMIN_PASSWORD: adminPassword,
      SERVICES: 'web',
      SIM: 'off',
      LOG_LEVEL: 'silent',
    })
    const server = await startServer(config, silent)
    stops.push(() => server.stop())
    const { db, bus } = server
    const { routers, extra } = build(server)
    const app = createHttpApp({
      db,
      bus,
      log: silent,
      sessions: new SessionStore(db, 720, 10080),
      version: 'test',
      clientDir: null,
      publicRouters: [],
      routers,
    })
    const http = createServer(app.callback())
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(http.address() as { port: number }).port}/`
    stops.push(() => new Promise<void>((r) => http.close(() => r())))
    stops.push(() => void http.closeAllConnections())

    const main = new ApiClient(server.url)
    await main.login('admin', adminPassword)
    const client = (username: string, role?: string, enterpriseId: string | null = null) =>
      signedInClient(main, server.url, username, {
        ...(role ? { role } : {}),
        enterpriseId,
        appUrl: url,
        ...(username === 'admin' ? { password: adminPassword } : {}),
      })
    return { ...extra, server, db, url, admin: await client('admin'), client, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
