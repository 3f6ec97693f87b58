import Router from '@koa/router'
import { gateEventsQuery, gatesQuery, newEnterpriseGateBody } from '../../contracts/gates'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { parse, parseBody } from '../../platform/http/validate'
import type { GatesService } from './gates.service'

/** Park staff register any enterprise's second gate; an enterprise account its own. */
const registrar = requireRole('park_admin', 'operator', 'enterprise_user')

/**
 * GET /api/v1/gate-events?gate=&kind=&enterprise=&plate=&from=&to=&limit=, GET /api/v1/gates?kind=,
 * GET /api/v1/gates/summary?kind=, POST /api/v1/gates/enterprise; reads in the caller's scope (RLS).
 */
export function gatesRoutes(svc: GatesService) {
  const router = new Router({ prefix: '/api/v1' })
  router.get('/gate-events', async (ctx) => {
    ctx.body = await svc.list(stateOf(ctx).scope, parse(gateEventsQuery, ctx.query))
  })
  router.get('/gates', async (ctx) => {
    ctx.body = await svc.gatesList(stateOf(ctx).scope, parse(gatesQuery, ctx.query).kind)
  })
  router.get('/gates/summary', async (ctx) => {
    ctx.body = await svc.summary(stateOf(ctx).scope, parse(gatesQuery, ctx.query).kind)
  })
  router.post('/gates/enterprise', registrar, async (ctx) => {
    const body = await parseBody(ctx, newEnterpriseGateBody)
    ctx.body = await svc.registerEnterpriseGate(stateOf(ctx), body, ctx.ip)
    ctx.status = 201
  })
  return router
}
