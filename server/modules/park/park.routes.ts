import Router from '@koa/router'
import { stateOf } from '../../platform/http/auth-middleware'
import type { ParkService } from './park.service'

export function parkRoutes(park: ParkService) {
  const router = new Router({ prefix: '/api/v1' })
  router.get('/park', async (ctx) => {
    ctx.body = await park.summary(stateOf(ctx).scope)
  })
  router.get('/enterprises', async (ctx) => {
    ctx.body = await park.enterprises(stateOf(ctx).scope)
  })
  router.get('/roads', async (ctx) => {
    ctx.body = await park.roads(stateOf(ctx).scope)
  })
  router.get('/zones', async (ctx) => {
    ctx.body = await park.zones(stateOf(ctx).scope)
  })
  return router
}
