// A server (web role, no simulators) on a fresh PostgreSQL + PostGIS database and Redis (its own key prefix, so the
// live position cache is this suite's only), plus an HTTP app that carries the incidents routes and a Socket.IO
// server with the incident realtime, wired as main.ts will wire them. Accounts are made and signed in on the
// server; their cookies work on the app (same session store).
import { createServer } from 'node:http'
import { io as connect, type Socket } from 'socket.io-client'
import { testConfig } from '../../../helpers/server-config'
import { createLogger } from '../../../../server/platform/logger'
import { startServer, type RunningServer } from '../../../../server/main'
import { SessionStore } from '../../../../server/platform/auth/sessions'
import { createHttpApp } from '../../../../server/platform/http/app'
import { MemoryBus } from '../../../../server/platform/bus/memory-bus'
import { createSocketServer } from '../../../../server/platform/realtime/socket-server'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import { EmergencyService } from '../../../../server/modules/emergency/emergency.service'
import { IncidentsService } from '../../../../server/modules/incidents/incidents.service'
import { incidentsRoutes } from '../../../../server/modules/incidents/incidents.routes'
import { startIncidentRealtime } from '../../../../server/modules/incidents/incidents.realtime'
import { WeatherStations } from '../../../../server/modules/incidents/weather-station'
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '../../../helpers/services'
import { ApiClient, signedInClient } from '../../../helpers/http'

const silent = createLogger('silent')
const adminPassword = 'Admin-pass-2026'

export async function startIncidentsStack(prefix: string) {
  const database = await createTestDatabase(prefix)
  const stops: (() => Promise<unknown> | void)[] = [() => database.drop()]
  const stop = async () => {
    for (const s of stops.reverse()) await s()
  }
  try {
    const config = testConfig({
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: uniqueRedisPrefix('cpt-incidents'),
      ADMIN_PASSWORD: adminPassword,
      SERVICES: 'web',
      SIM: 'off',
      LOG_LEVEL: 'silent',
    })
    const server: RunningServer = await startServer(config, silent)
    stops.push(() => server.stop())
    const { db, bus } = server
    const stations = new WeatherStations(db)
    const service = new IncidentsService(db, new EmergencyService(db), {
      bus,
      log: silent,
      alarms: new AlarmsService(db),
      stations,
    })
    const sessions = new SessionStore(db, 720, 10080)
    const app = createHttpApp({
      db,
      bus,
      log: silent,
      sessions,
      version: 'test',
      clientDir: null,
      publicRouters: [],
      routers: [incidentsRoutes(service)],
    })
    const http = createServer(app.callback())
    const rt = await createSocketServer(http, {
      sessions,
      bus: new MemoryBus(),
      log: silent,
      allowedOrigins: [],
    })
    const realtime = startIncidentRealtime(rt.io, bus, silent)
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(http.address() as { port: number }).port}/`
    stops.push(() => new Promise<void>((r) => http.close(() => r())))
    stops.push(() => void http.closeAllConnections())
    stops.push(() => rt.stop())
    stops.push(() => realtime.stop())

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
    /** A connected Socket.IO client of a signed-in account. */
    const socket = async (c: ApiClient): Promise<Socket> => {
      const s = connect(url, {
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: { cookie: c.cookie! },
      })
      stops.push(() => void s.close())
      await new Promise<void>((resolve, reject) => {
        s.once('connect', resolve)
        s.once('connect_error', reject)
      })
      return s
    }
    return { server, db, bus, url, service, stations, admin: await client('admin'), client, socket, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
export type IncidentsStack = Awaited<ReturnType<typeof startIncidentsStack>>
