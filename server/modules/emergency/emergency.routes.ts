import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import {
  chemicalId,
  chemicalPatchBody,
  plumeBody,
  poolFireBody,
  puffBody,
  vceBody,
  zonesBody,
} from '../../contracts/emergency'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import type { EmergencyService } from './emergency.service'

/** Parses a body; a failure is a 400 that lists every reason (field: message; …) and names the first field. */
async function body<S extends z.ZodType>(ctx: Context, schema: S) {
  const r = schema.safeParse(await readJson(ctx))
  if (r.success) return r.data as z.output<S>
  const issues = r.error.issues
  const reasons = issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
  const field = issues[0]!.path.length ? issues[0]!.path.join('.') : undefined
  throw errors.validation(reasons.join('; '), field)
}

const chemicalParam = (id: string | undefined) => {
  if (!id || !chemicalId.safeParse(id).success) throw errors.notFound('chemical', (id ?? '').slice(0, 64))
  return id
}

/**
 * /api/v1/emergency: hazard models at one point, threat zones of a release, and the chemicals table.
 * Every signed-in account computes (the read-only screen cannot POST); only the park admin edits chemicals.
 */
export function emergencyRoutes(svc: EmergencyService) {
  const router = new Router({ prefix: '/api/v1/emergency' })

  router.post('/models/plume', async (ctx) => {
    ctx.body = svc.plume(await body(ctx, plumeBody))
  })
  router.post('/models/puff', async (ctx) => {
    ctx.body = svc.puff(await body(ctx, puffBody))
  })
  router.post('/models/pool-fire', async (ctx) => {
    ctx.body = await svc.poolFire(stateOf(ctx).scope, await body(ctx, poolFireBody))
  })
  router.post('/models/vce', async (ctx) => {
    ctx.body = await svc.vce(stateOf(ctx).scope, await body(ctx, vceBody))
  })
  router.post('/zones', async (ctx) => {
    ctx.body = await svc.zones(stateOf(ctx).scope, await body(ctx, zonesBody))
  })

  router.get('/chemicals', async (ctx) => {
    ctx.body = await svc.chemicals.list(stateOf(ctx).scope)
  })
  router.get('/chemicals/:id', async (ctx) => {
    ctx.body = await svc.chemicals.get(stateOf(ctx).scope, chemicalParam(ctx.params.id))
  })
  router.patch('/chemicals/:id', requireRole('park_admin'), async (ctx) => {
    const id = chemicalParam(ctx.params.id)
    ctx.body = await svc.chemicals.patch(stateOf(ctx), id, await body(ctx, chemicalPatchBody), ctx.ip)
  })
  return router
}
