import Router from '@koa/router'
import { readingsQuery, rejectionsQuery } from '../../contracts'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse } from '../../platform/http/validate'
import type { EnvironmentService } from './environment.service'

const sensorId = /^[A-Za-z0-9_.-]{1,100}$/

export function environmentRoutes(env: EnvironmentService) {
  const router = new Router()
  /** Rejected device input: park staff only (enterprise and screen accounts get 403). */
  router.get('/api/v1/ingest/rejections', requireRole('park_admin', 'operator'), async (ctx) => {
    ctx.body = await env.rejections(stateOf(ctx).scope, parse(rejectionsQuery, ctx.query))
  })
  router.get('/api/v1/sensors/:id/readings', async (ctx) => {
    const id = ctx.params.id ?? ''
    if (!sensorId.test(id)) throw errors.notFound('sensor', id.slice(0, 100))
    ctx.body = await env.readings(stateOf(ctx).scope, id, parse(readingsQuery, ctx.query))
  })
  router.get('/api/v1/environment/collectors', async (ctx) => {
    ctx.body = await env.collectors(stateOf(ctx).scope)
  })
  router.get('/api/v1/environment/latest', async (ctx) => {
    ctx.body = await env.latest(stateOf(ctx).scope)
  })
  return router
}
