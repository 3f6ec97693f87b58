import Koa from 'koa'
import Router from '@koa/router'
import type { Bus } from '../bus/bus'
import type { Db } from '../db/db'
import type { Logger } from '../logger'
import type { SessionStore } from '../auth/sessions'
import { requireSession } from './auth-middleware'
import { errorMiddleware, errors } from './errors'
import { securityHeaders, staticClient } from './static'

export interface HttpDeps {
  db: Db
  bus: Bus
  log: Logger
  sessions: SessionStore
  version: string
  clientDir: string | null
  /** routes that need no session (login) */
  publicRouters: Router[]
  /** everything else under /api/v1 */
  routers: Router[]
}

export function createHttpApp(d: HttpDeps): Koa {
  const app = new Koa({ proxy: false })
  app.use(errorMiddleware(d.log))
  app.use(securityHeaders)
  if (d.clientDir) app.use(staticClient(d.clientDir))

  const health = new Router()
  health.get('/api/v1/health', async (ctx) => {
    const [db, bus] = await Promise.all([d.db.ping(), d.bus.ping()])
    ctx.status = db && bus ? 200 : 503
    ctx.body = {
      status: db && bus ? 'ok' : 'degraded',
      db: db ? 'ok' : 'down',
      bus: bus ? 'ok' : 'down',
      db_kind: d.db.kind,
      bus_kind: d.bus.kind,
      version: d.version,
    }
  })
  app.use(health.routes())
  for (const r of d.publicRouters) app.use(r.routes()).use(r.allowedMethods())

  const gate = requireSession(d.sessions)
  app.use((ctx, next) => (ctx.path.startsWith('/api/') ? gate(ctx, next) : next()))
  for (const r of d.routers) app.use(r.routes()).use(r.allowedMethods())
  // after the session check, so unknown endpoints tell strangers nothing
  app.use((ctx) => {
    if (ctx.path.startsWith('/api/')) throw errors.routeNotFound()
  })
  return app
}
