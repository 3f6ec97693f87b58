import Router from '@koa/router'
import { gateEventsQuery } from '../../contracts/gates'
import { stateOf } from '../../platform/http/auth-middleware'
import { parse } from '../../platform/http/validate'
import type { GatesService } from './gates.service'

/** GET /api/v1/gate-events?gate=&plate=&from=&to= and GET /api/v1/gates/summary, in the caller's scope (RLS). */
export function gatesRoutes(svc: GatesService) {
  const router = new Router({ prefix: '/api/v1' })
  router.get('/gate-events', async (ctx) => {
    ctx.body = await svc.list(stateOf(ctx).scope, parse(gateEventsQuery, ctx.query))
  })
  router.get('/gates/summary', async (ctx) => {
    ctx.body = await svc.summary(stateOf(ctx).scope)
  })
  return router
}
