import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import { bandsBody, lecBody, newPointBody, newUnitBody, riskQuery } from '../../contracts/risk'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import { parseAll } from '../emergency-plans/plans.routes'
import type { RiskService } from './risk.service'

const body = async <S extends z.ZodType>(ctx: Context, schema: S) => parseAll(schema, await readJson(ctx))

const rowId = /^[A-Za-z0-9_.-]{1,64}$/
const idParam = (what: string, id: string | undefined) => {
  if (!id || !rowId.test(id)) throw errors.notFound(what, (id ?? '').slice(0, 64))
  return id
}
/** Enterprises keep their own risk register; the park admin keeps all. Operators and the screen read. */
const writer = requireRole('park_admin', 'enterprise_user')
const parkAdmin = requireRole('park_admin')

/**
 * /api/v1/risk/… (风险分级管控): colour bands, risk units, risk points with their LEC assessments, and the
 * four-colour map. Reads in the caller's scope (RLS: an enterprise sees its own records).
 */
export function riskRoutes(svc: RiskService) {
  const router = new Router({ prefix: '/api/v1/risk' })

  router.get('/bands', async (ctx) => {
    ctx.body = await svc.bands(stateOf(ctx).scope)
  })
  router.put('/bands', parkAdmin, async (ctx) => {
    ctx.body = await svc.setBands(stateOf(ctx), await body(ctx, bandsBody), ctx.ip)
  })

  router.get('/units', async (ctx) => {
    ctx.body = await svc.units(stateOf(ctx).scope, parseAll(riskQuery, ctx.query))
  })
  router.post('/units', writer, async (ctx) => {
    ctx.body = await svc.createUnit(stateOf(ctx), await body(ctx, newUnitBody), ctx.ip)
    ctx.status = 201
  })
  router.get('/units/:id', async (ctx) => {
    ctx.body = await svc.unitDetail(stateOf(ctx).scope, idParam('risk_unit', ctx.params.id))
  })

  router.get('/points', async (ctx) => {
    ctx.body = await svc.points(stateOf(ctx).scope, parseAll(riskQuery, ctx.query))
  })
  router.post('/points', writer, async (ctx) => {
    ctx.body = await svc.createPoint(stateOf(ctx), await body(ctx, newPointBody), ctx.ip)
    ctx.status = 201
  })
  router.get('/points/:id', async (ctx) => {
    ctx.body = await svc.pointDetail(stateOf(ctx).scope, idParam('risk_point', ctx.params.id))
  })
  router.post('/points/:id/assessments', writer, async (ctx) => {
    const id = idParam('risk_point', ctx.params.id)
    ctx.body = await svc.assess(stateOf(ctx), id, await body(ctx, lecBody), ctx.ip)
    ctx.status = 201
  })

  router.get('/map', async (ctx) => {
    const q = parseAll(riskQuery.pick({ enterprise: true }), ctx.query)
    ctx.body = await svc.map(stateOf(ctx).scope, q.enterprise ?? null)
  })
  return router
}
