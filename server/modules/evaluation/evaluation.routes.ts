import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import {
  checklistImportBody,
  checklistItemBody,
  evaluationPatchBody,
  gradeBandsBody,
  newEvaluationBody,
  returnBody,
  scoreBody,
} from '../../contracts/evaluation'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import { parseAll } from '../emergency-plans/plans.routes'
import type { EvaluationService } from './evaluation.service'

const body = async <S extends z.ZodType>(ctx: Context, schema: S) => parseAll(schema, await readJson(ctx))

const yearParam = (y: string | undefined) => {
  if (!y || !/^\d{4}$/.test(y)) throw errors.notFound('evaluation', (y ?? '').slice(0, 16))
  return Number(y)
}
const idParam = (what: string, id: string | undefined) => {
  if (!id || !/^[A-Za-z0-9_.-]{1,32}$/.test(id)) throw errors.notFound(what, (id ?? '').slice(0, 64))
  return id
}

/** The park's own records: park staff and the screen read them, enterprise accounts do not. */
const parkReader = requireRole('park_admin', 'operator', 'screen')
/** Park staff score and submit; the park admin approves, sends back and edits the checklist. */
const scorer = requireRole('park_admin', 'operator')
const admin = requireRole('park_admin')

/**
 * /api/v1/evaluation-checklist (the 导则 checklist and grade bands: everyone reads, park admins load and edit) and
 * /api/v1/evaluations (annual evaluations by year: list, create, score items, submit, approve, send back).
 */
export function evaluationRoutes(svc: EvaluationService) {
  const router = new Router()
  const checklist = '/api/v1/evaluation-checklist'
  const base = '/api/v1/evaluations'

  router.get(checklist, async (ctx) => {
    ctx.body = await svc.checklist(stateOf(ctx).scope)
  })
  router.post(`${checklist}/import`, admin, async (ctx) => {
    ctx.body = await svc.importChecklist(stateOf(ctx), await body(ctx, checklistImportBody), ctx.ip)
  })
  router.put(`${checklist}/items/:id`, admin, async (ctx) => {
    const id = idParam('evaluation_item', ctx.params.id)
    ctx.body = await svc.putItem(stateOf(ctx), id, await body(ctx, checklistItemBody), ctx.ip)
  })
  router.put(`${checklist}/grades`, admin, async (ctx) => {
    ctx.body = await svc.setGradeBands(stateOf(ctx), await body(ctx, gradeBandsBody), ctx.ip)
  })

  router.get(base, parkReader, async (ctx) => {
    ctx.body = await svc.list(stateOf(ctx).scope)
  })
  router.post(base, scorer, async (ctx) => {
    ctx.body = await svc.create(stateOf(ctx), await body(ctx, newEvaluationBody), ctx.ip)
    ctx.status = 201
  })
  router.get(`${base}/:year`, parkReader, async (ctx) => {
    ctx.body = await svc.get(stateOf(ctx).scope, yearParam(ctx.params.year))
  })
  router.patch(`${base}/:year`, scorer, async (ctx) => {
    const year = yearParam(ctx.params.year)
    ctx.body = await svc.patch(stateOf(ctx), year, (await body(ctx, evaluationPatchBody)).summary, ctx.ip)
  })
  router.patch(`${base}/:year/items/:item`, scorer, async (ctx) => {
    const year = yearParam(ctx.params.year)
    const item = idParam('evaluation_item', ctx.params.item)
    ctx.body = await svc.score(stateOf(ctx), year, item, await body(ctx, scoreBody), ctx.ip)
  })
  router.post(`${base}/:year/submit`, scorer, async (ctx) => {
    ctx.body = await svc.submit(stateOf(ctx), yearParam(ctx.params.year), ctx.ip)
  })
  router.post(`${base}/:year/approve`, admin, async (ctx) => {
    ctx.body = await svc.approve(stateOf(ctx), yearParam(ctx.params.year), ctx.ip)
  })
  router.post(`${base}/:year/return`, admin, async (ctx) => {
    const year = yearParam(ctx.params.year)
    ctx.body = await svc.sendBack(stateOf(ctx), year, (await body(ctx, returnBody)).reason, ctx.ip)
  })
  return router
}
