import Router from '@koa/router'
import type { Context } from 'koa'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parseBody } from '../../platform/http/validate'
import {
  collectorCreate,
  collectorLimits,
  collectorPatch,
  type CollectorsAdminService,
} from './collectors-admin.service'

const mnParam = /^[!-~]{1,64}$/

function mnOf(ctx: Context): string {
  const mn = ctx.params.mn ?? ''
  if (!mnParam.test(mn)) throw errors.notFound('collector', mn.slice(0, 64))
  return mn
}

/** /api/v1/environment/collectors administration: park admins only, every change audited. */
export function collectorsAdminRoutes(collectors: CollectorsAdminService) {
  const router = new Router({ prefix: '/api/v1/environment/collectors' })
  // per route, not router.use: GET /environment/collectors (environment.routes.ts) stays open to every role
  const admins = requireRole('park_admin')
  router.post('/', admins, async (ctx) => {
    const body = await parseBody(ctx, collectorCreate)
    ctx.status = 201
    ctx.body = await collectors.create(stateOf(ctx), body, ctx.ip)
  })
  router.patch('/:mn', admins, async (ctx) => {
    const mn = mnOf(ctx)
    ctx.body = await collectors.update(stateOf(ctx), mn, await parseBody(ctx, collectorPatch), ctx.ip)
  })
  router.put('/:mn/limits', admins, async (ctx) => {
    const mn = mnOf(ctx)
    ctx.body = await collectors.setLimits(stateOf(ctx), mn, await parseBody(ctx, collectorLimits), ctx.ip)
  })
  return router
}
