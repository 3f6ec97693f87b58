import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import {
  inspectionBody,
  inspectionPlanBody,
  inspectionQuery,
  noticeBody,
  noticeQuery,
  noticeStepBody,
  penaltyBody,
  penaltyQuery,
  penaltyStepBody,
  statsQuery,
} from '../../contracts/enforcement'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import { parseAll } from '../emergency-plans/plans.routes'
import type { EnforcementService } from './enforcement.service'

const body = async <S extends z.ZodType>(ctx: Context, schema: S) => parseAll(schema, await readJson(ctx))

const rowId = /^[A-Za-z0-9_.-]{1,64}$/
const idParam = (what: string, id: string | undefined) => {
  if (!id || !rowId.test(id)) throw errors.notFound(what, (id ?? '').slice(0, 64))
  return id
}
/** Park staff inspect, issue notices and re-inspect; penalties and plans are the park admin's. */
const parkStaff = requireRole('park_admin', 'operator')
const parkAdmin = requireRole('park_admin')
/** Notice steps: the workflow table says whose step it is (the screen reads only). */
const actor = requireRole('park_admin', 'operator', 'enterprise_user')

/**
 * /api/v1/enforcement (执法台账): inspection plans (park only), inspection records, administrative penalties with
 * their status steps, rectification notices with the enterprise's records and the park's re-inspections, and the
 * per-enterprise and per-month statistics. Reads in the caller's scope (RLS: an enterprise sees its own).
 */
export function enforcementRoutes(svc: EnforcementService) {
  const router = new Router({ prefix: '/api/v1/enforcement' })

  router.get('/plans', parkStaff, async (ctx) => {
    ctx.body = await svc.plans(stateOf(ctx).scope)
  })
  router.post('/plans', parkAdmin, async (ctx) => {
    ctx.body = await svc.createPlan(stateOf(ctx), await body(ctx, inspectionPlanBody), ctx.ip)
    ctx.status = 201
  })

  router.get('/inspections', async (ctx) => {
    ctx.body = await svc.inspections(stateOf(ctx).scope, parseAll(inspectionQuery, ctx.query))
  })
  router.post('/inspections', parkStaff, async (ctx) => {
    ctx.body = await svc.createInspection(stateOf(ctx), await body(ctx, inspectionBody), ctx.ip)
    ctx.status = 201
  })

  router.get('/penalties', async (ctx) => {
    ctx.body = await svc.penalties(stateOf(ctx), parseAll(penaltyQuery, ctx.query))
  })
  router.post('/penalties', parkAdmin, async (ctx) => {
    ctx.body = await svc.createPenalty(stateOf(ctx), await body(ctx, penaltyBody), ctx.ip)
    ctx.status = 201
  })
  router.get('/penalties/:id', async (ctx) => {
    ctx.body = await svc.getPenalty(stateOf(ctx), idParam('penalty', ctx.params.id))
  })
  router.post('/penalties/:id/transitions', parkAdmin, async (ctx) => {
    const id = idParam('penalty', ctx.params.id)
    ctx.body = await svc.penaltyStep(stateOf(ctx), id, await body(ctx, penaltyStepBody), ctx.ip)
  })

  router.get('/notices', async (ctx) => {
    ctx.body = await svc.notices(stateOf(ctx).scope, parseAll(noticeQuery, ctx.query))
  })
  router.post('/notices', parkStaff, async (ctx) => {
    ctx.body = await svc.createNotice(stateOf(ctx), await body(ctx, noticeBody), ctx.ip)
    ctx.status = 201
  })
  router.get('/notices/:id', async (ctx) => {
    ctx.body = await svc.getNotice(stateOf(ctx), idParam('rectification_notice', ctx.params.id))
  })
  router.post('/notices/:id/transitions', actor, async (ctx) => {
    const id = idParam('rectification_notice', ctx.params.id)
    ctx.body = await svc.noticeStep(stateOf(ctx), id, await body(ctx, noticeStepBody), ctx.ip)
  })

  router.get('/stats', async (ctx) => {
    ctx.body = await svc.stats(stateOf(ctx).scope, parseAll(statsQuery, ctx.query))
  })
  return router
}
