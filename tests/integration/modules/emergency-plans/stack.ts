// A server (web role, no simulators) on a fresh PostgreSQL + PostGIS database and Redis, plus an HTTP app that
// carries the emergency-plans routes, wired as main.ts will wire them. Accounts are made and signed in on the
// server; their cookies work on the app (same session store).
import { createServer } from 'node:http'
import { testConfig } from '../../../helpers/server-config'
import { createLogger } from '../../../../server/platform/logger'
import { startServer, type RunningServer } from '../../../../server/main'
import { SessionStore } from '../../../../server/platform/auth/sessions'
import { createHttpApp } from '../../../../server/platform/http/app'
import { EmergencyPlansService } from '../../../../server/modules/emergency-plans/plans.service'
import { emergencyPlansRoutes } from '../../../../server/modules/emergency-plans/plans.routes'
import { assetsRoutes } from '../../../../server/modules/assets/assets.routes'
import { AssetsService } from '../../../../server/modules/assets/assets.service'
import { createTestDatabase, testRedisUrl } from '../../../helpers/services'
import { signedInClient, ApiClient } from '../../../helpers/http'

export const silent = createLogger('silent')
const adminPassword = 'Admin-pass-2026'

export async function startPlansStack(prefix: string, opts: { clock?: () => number } = {}) {
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
    const plans = new EmergencyPlansService(db, opts)
    const app = createHttpApp({
      db,
      bus,
      log: silent,
      sessions: new SessionStore(db, 720, 10080),
      version: 'test',
      clientDir: null,
      publicRouters: [],
      // the assets router first, as in main.ts: /api/v1/assets/:id/plans must still reach the plans router
      routers: [assetsRoutes(new AssetsService(db)), emergencyPlansRoutes(plans)],
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
    return { server, db, url, plans, admin: await client('admin'), client, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
export type PlansStack = Awaited<ReturnType<typeof startPlansStack>>
