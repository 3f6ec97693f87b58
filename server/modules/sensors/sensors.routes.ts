import Router from '@koa/router'
import type { Context } from 'koa'
import { sensorLatestQuery, sensorListQuery, sensorPatch } from '../../contracts/sensors'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse, parseBody } from '../../platform/http/validate'
import type { SensorsService } from './sensors.service'

const sensorId = /^[A-Za-z0-9_.-]{1,100}$/

function idOf(ctx: Context): string {
  const id = ctx.params.id ?? ''
  if (!sensorId.test(id)) throw errors.notFound('sensor', id.slice(0, 100))
  return id
}

/**
 * /api/v1/sensors: the registry (every role, row-level security decides what is visible) and its edit (park
 * admins). `/latest` is declared before `/:id`; `/:id/readings` lives in the environment module.
 */
export function sensorsRoutes(sensors: SensorsService) {
  const router = new Router({ prefix: '/api/v1/sensors' })
  router.get('/', async (ctx) => {
    ctx.body = await sensors.list(stateOf(ctx), parse(sensorListQuery, ctx.query))
  })
  router.get('/latest', async (ctx) => {
    const { kind } = parse(sensorLatestQuery, ctx.query)
    ctx.body = await sensors.latest(stateOf(ctx), kind ?? null)
  })
  router.get('/:id', async (ctx) => {
    ctx.body = await sensors.get(stateOf(ctx), idOf(ctx))
  })
  router.patch('/:id', requireRole('park_admin'), async (ctx) => {
    const id = idOf(ctx)
    const patch = await parseBody(ctx, sensorPatch)
    ctx.body = await sensors.update(stateOf(ctx), id, patch, ctx.ip)
  })
  return router
}
