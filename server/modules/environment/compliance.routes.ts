import Router from '@koa/router'
import { complianceQuery } from '../../contracts/compliance'
import { stateOf } from '../../platform/http/auth-middleware'
import { parse } from '../../platform/http/validate'
import type { ComplianceService } from './compliance.service'

/** GET /api/v1/environment/compliance?day=YYYY-MM-DD: every signed-in role, in its own scope (RLS). */
export function complianceRoutes(svc: ComplianceService) {
  const router = new Router()
  router.get('/api/v1/environment/compliance', async (ctx) => {
    ctx.body = await svc.report(stateOf(ctx).scope, parse(complianceQuery, ctx.query))
  })
  return router
}
