// Drill runs: a server (web role, no simulators) on a fresh PostgreSQL + PostGIS database and Redis, plus an HTTP app that
// carries the emergency and drill routes, wired as main.ts will wire them. Accounts are made and signed in on the server;
// their cookies work on the app (same session store).
import { createServer } from 'node:http'
import { testConfig } from '../../../helpers/server-config'
import { createLogger } from '../../../../server/platform/logger'
import { startServer, type RunningServer } from '../../../../server/main'
import { SessionStore } from '../../../../server/platform/auth/sessions'
import { createHttpApp } from '../../../../server/platform/http/app'
import { EmergencyService } from '../../../../server/modules/emergency/emergency.service'
import { emergencyRoutes } from '../../../../server/modules/emergency/emergency.routes'
import { DrillsService } from '../../../../server/modules/drills/drills.service'
import { drillsRoutes } from '../../../../server/modules/drills/drills.routes'
import { createTestDatabase, testRedisUrl } from '../../../helpers/services'
import { ApiClient, signedInClient } from '../../../helpers/http'

const silent = createLogger('silent')
const adminPassword = 'Admin-pass-2026'

export async function startDrillsStack(prefix: string, clock: () => number = Date.now) {
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
      routers: (() => {
        const emergency = new EmergencyService(db)
        return [emergencyRoutes(emergency), drillsRoutes(new DrillsService(db, emergency, { clock }))]
      })(),
    })
    const http = createServer(app.callback())
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(http.address() as { port: number }).port}/`
    stops.push(() => new Promise<void>((r) => http.close(() => r())))
    stops.push(() => void http.closeAllConnections())

    const main = new ApiClient(server.url)
    await main.login('admin', adminPassword)
    /** A signed-in client of the app; creates the account first when a role is given. */
    const client = (username: string, role?: string, enterpriseId: string | null = null) =>
      signedInClient(main, server.url, username, {
        ...(role ? { role } : {}),
        enterpriseId,
        appUrl: url,
        ...(username === 'admin' ? { password: adminPassword } : {}),
      })
    return { server, db, url, admin: await client('admin'), client, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
export type DrillsStack = Awaited<ReturnType<typeof startDrillsStack>>
