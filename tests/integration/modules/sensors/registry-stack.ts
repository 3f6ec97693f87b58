// A server (web + ingest, no simulators) on a fresh PostgreSQL + PostGIS database and Redis, plus an HTTP app
// that carries the sensor registry and collector administration routes next to the environment routes, wired
// as main.ts will wire them. Sessions are shared through the database, so one sign-in serves both.
import { createServer } from 'node:http'
import { startServer, type RunningServer } from '../../../../server/main'
import { SessionStore } from '../../../../server/platform/auth/sessions'
import { systemScope } from '../../../../server/platform/db/db'
import { createHttpApp } from '../../../../server/platform/http/app'
import { createLogger } from '../../../../server/platform/logger'
import { EnvironmentService } from '../../../../server/modules/environment/environment.service'
import { environmentRoutes } from '../../../../server/modules/environment/environment.routes'
import { CollectorsAdminService } from '../../../../server/modules/environment/collectors-admin.service'
import { collectorsAdminRoutes } from '../../../../server/modules/environment/collectors-admin.routes'
import { SensorsService } from '../../../../server/modules/sensors/sensors.service'
import { sensorsRoutes } from '../../../../server/modules/sensors/sensors.routes'
import { ApiClient, signedInClient } from '../../../helpers/http'
import { testConfig } from '../../../helpers/server-config'
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '../../../helpers/services'

const silent = createLogger('silent')
const adminPassword = 'Admin-pass-2026'

export async function startRegistryStack(prefix: string, services = 'web,ingest') {
  const database = await createTestDatabase(prefix)
  const stops: (() => Promise<unknown> | void)[] = [() => database.drop()]
  const stopAll = async () => {
    for (const s of stops.reverse()) await s()
  }
  try {
    const config = testConfig({
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: uniqueRedisPrefix('cpt-sensors'),
      ADMIN_PASSWORD: adminPassword,
      SERVICES: services,
      SIM: 'off',
    })
    const server: RunningServer = await startServer(config, silent)
    stops.push(() => server.stop())
    const { db, bus } = server
    const app = createHttpApp({
      db,
      bus,
      log: silent,
      sessions: new SessionStore(db, 720, 10080),
      version: 'test',
      clientDir: null,
      publicRouters: [],
      routers: [
        sensorsRoutes(new SensorsService(db, bus)),
        collectorsAdminRoutes(new CollectorsAdminService(db)),
        environmentRoutes(new EnvironmentService(db, bus)),
      ],
    })
    const http = createServer(app.callback())
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(http.address() as { port: number }).port}/`
    stops.push(() => new Promise<void>((r) => http.close(() => r())))
    stops.push(() => void http.closeAllConnections())

    const main = new ApiClient(server.url)
    await main.login('admin', adminPassword)
    /** A signed-in client of the test app; creates the account first when a role is given. */
    const client = (username: string, role?: string, enterpriseId: string | null = null) =>
      signedInClient(main, server.url, username, {
        ...(role ? { role } : {}),
        enterpriseId,
        appUrl: url,
        ...(username === 'admin' ? { password: adminPassword } : {}),
      })
    const sql = <R extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
      db.query<R>(systemScope, text, params)
    return { server, db, bus, url, admin: await client('admin'), client, sql, stop: stopAll }
  } catch (err) {
    await stopAll()
    throw err
  }
}
export type RegistryStack = Awaited<ReturnType<typeof startRegistryStack>>
