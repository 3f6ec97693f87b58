import Router from '@koa/router'
import { occupancyQuery } from '../../contracts/occupancy'
import { stateOf } from '../../platform/http/auth-middleware'
import { parse } from '../../platform/http/validate'
import type { OccupancyService } from './occupancy'

/** GET /api/v1/zones/occupancy?max_age_s=: people and vehicles per zone now, in the caller's scope. */
export function occupancyRoutes(svc: OccupancyService) {
  const router = new Router({ prefix: '/api/v1' })
  router.get('/zones/occupancy', async (ctx) => {
    ctx.body = await svc.report(stateOf(ctx).scope, parse(occupancyQuery, ctx.query).max_age_s)
  })
  return router
}
