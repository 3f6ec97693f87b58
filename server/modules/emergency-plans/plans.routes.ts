import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import {
  drillBody,
  newPlanBody,
  newResourceBody,
  newVersionBody,
  planKinds,
  planPatchBody,
  planQuery,
  resourceQuery,
  type PlanKind,
} from '../../contracts/emergency-plans'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import type { EmergencyPlansService } from './plans.service'

/** Parses with a zod schema; a failure is a 400 that lists every reason (field: message; …), naming the first field. */
export function parseAll<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const r = schema.safeParse(data)
  if (r.success) return r.data as z.output<S>
  const issues = r.error.issues
  const reasons = issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
  const field = issues[0]!.path.length ? issues[0]!.path.join('.') : undefined
  throw errors.validation(reasons.join('; '), field)
}
const body = async <S extends z.ZodType>(ctx: Context, schema: S) => parseAll(schema, await readJson(ctx))

const rowId = /^[A-Za-z0-9_.-]{1,64}$/
const idParam = (what: string, id: string | undefined) => {
  if (!id || !rowId.test(id)) throw errors.notFound(what, (id ?? '').slice(0, 64))
  return id
}
/** Park admins keep park and enterprise plans; enterprise accounts their own. Operators and the screen read. */
const writer = requireRole('park_admin', 'enterprise_user')

/**
 * /api/v1/emergency/plans and /api/v1/emergency/resources (应急预案与应急资源), and the plans of one asset at
 * /api/v1/assets/:id/plans. Reads in the caller's scope (RLS: an enterprise sees its own and park-level rows).
 */
export function emergencyPlansRoutes(svc: EmergencyPlansService) {
  const router = new Router()
  const plans = '/api/v1/emergency/plans'

  router.get(plans, async (ctx) => {
    ctx.body = await svc.list(stateOf(ctx).scope, parseAll(planQuery, ctx.query))
  })
  router.post(plans, writer, async (ctx) => {
    ctx.body = await svc.create(stateOf(ctx), await body(ctx, newPlanBody), ctx.ip)
    ctx.status = 201
  })
  router.get(`${plans}/:id`, async (ctx) => {
    ctx.body = await svc.get(stateOf(ctx).scope, idParam('emergency_plan', ctx.params.id))
  })
  router.patch(`${plans}/:id`, writer, async (ctx) => {
    const id = idParam('emergency_plan', ctx.params.id)
    ctx.body = await svc.patch(stateOf(ctx), id, await body(ctx, planPatchBody), ctx.ip)
  })
  router.post(`${plans}/:id/versions`, writer, async (ctx) => {
    const id = idParam('emergency_plan', ctx.params.id)
    ctx.body = await svc.revise(stateOf(ctx), id, await body(ctx, newVersionBody), ctx.ip)
    ctx.status = 201
  })
  router.post(`${plans}/:id/drills`, writer, async (ctx) => {
    const id = idParam('emergency_plan', ctx.params.id)
    ctx.body = await svc.recordDrill(stateOf(ctx), id, await body(ctx, drillBody), ctx.ip)
    ctx.status = 201
  })

  router.get('/api/v1/assets/:id/plans', async (ctx) => {
    const id = idParam('asset', ctx.params.id)
    const kind = ctx.query.kind
    if (kind !== undefined && !(typeof kind === 'string' && (planKinds as readonly string[]).includes(kind)))
      throw errors.validation(`kind: one of ${planKinds.join(', ')}`, 'kind')
    ctx.body = await svc.forAsset(stateOf(ctx).scope, id, (kind as PlanKind | undefined) ?? null)
  })

  router.get('/api/v1/emergency/resources', async (ctx) => {
    ctx.body = await svc.resources(stateOf(ctx).scope, parseAll(resourceQuery, ctx.query))
  })
  router.post('/api/v1/emergency/resources', writer, async (ctx) => {
    ctx.body = await svc.createResource(stateOf(ctx), await body(ctx, newResourceBody), ctx.ip)
    ctx.status = 201
  })
  return router
}
