import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import {
  actionBody,
  gasAnalysisBody,
  gradeBody,
  newFilingBody,
  newPermitBody,
  permitActions,
  permitQuery,
  permitSettingsPatch,
  type PermitAction,
} from '../../contracts/permits'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import { parseAll } from '../emergency-plans/plans.routes'
import type { PermitsService } from './permits.service'

const body = async <S extends z.ZodType>(ctx: Context, schema: S) => parseAll(schema, await readJson(ctx))

const rowId = /^[A-Za-z0-9_.-]{1,64}$/
const idParam = (what: string, id: string | undefined) => {
  if (!id || !rowId.test(id)) throw errors.notFound(what, (id ?? '').slice(0, 64))
  return id
}
/** Enterprises enter their own permits and filings; the park admin keeps all. Operators and the screen read. */
const writer = requireRole('park_admin', 'enterprise_user')
/** Lifecycle actions: the transition table decides per action (operators may stop work: cancel). */
const actor = requireRole('park_admin', 'enterprise_user', 'operator')
const filingQuery = (ctx: Context) => {
  const { enterprise, status } = ctx.query
  if (
    enterprise !== undefined &&
    !(typeof enterprise === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(enterprise))
  )
    throw errors.validation('enterprise: an enterprise id', 'enterprise')
  if (status !== undefined && status !== 'filed' && status !== 'withdrawn')
    throw errors.validation('status: filed or withdrawn', 'status')
  return {
    enterprise: (enterprise as string | undefined) ?? null,
    status: (status as string | undefined) ?? null,
  }
}

/**
 * /api/v1/permits (特殊作业许可证: list, detail, create, grade preview, gas analyses, lifecycle actions, spot checks,
 * settings) and /api/v1/work-filings (报备). Reads in the caller's scope (RLS: an enterprise sees its own).
 */
export function permitsRoutes(svc: PermitsService) {
  const router = new Router()
  const base = '/api/v1/permits'

  router.get(base, async (ctx) => {
    ctx.body = await svc.list(stateOf(ctx).scope, parseAll(permitQuery, ctx.query))
  })
  router.post(base, writer, async (ctx) => {
    ctx.body = await svc.create(stateOf(ctx), await body(ctx, newPermitBody), ctx.ip)
    ctx.status = 201
  })
  router.post(`${base}/preview`, writer, async (ctx) => {
    ctx.body = await svc.preview(stateOf(ctx).scope, await body(ctx, gradeBody))
  })
  router.get(`${base}/spot-checks`, async (ctx) => {
    ctx.body = await svc.spotChecks(stateOf(ctx).scope)
  })
  router.get(`${base}/settings`, async (ctx) => {
    ctx.body = await svc.settings(stateOf(ctx).scope)
  })
  router.patch(`${base}/settings`, requireRole('park_admin'), async (ctx) => {
    ctx.body = await svc.updateSettings(stateOf(ctx), await body(ctx, permitSettingsPatch), ctx.ip)
  })
  router.get(`${base}/:id`, async (ctx) => {
    ctx.body = await svc.get(stateOf(ctx), idParam('work_permit', ctx.params.id))
  })
  router.post(`${base}/:id/gas-analyses`, writer, async (ctx) => {
    const id = idParam('work_permit', ctx.params.id)
    ctx.body = await svc.addAnalysis(stateOf(ctx), id, await body(ctx, gasAnalysisBody), ctx.ip)
    ctx.status = 201
  })
  router.post(`${base}/:id/actions/:action`, actor, async (ctx) => {
    const id = idParam('work_permit', ctx.params.id)
    const action = ctx.params.action
    if (!(permitActions as readonly string[]).includes(action ?? ''))
      throw errors.validation(`action: one of ${permitActions.join(', ')}`, 'action')
    ctx.body = await svc.act(stateOf(ctx), id, action as PermitAction, await body(ctx, actionBody), ctx.ip)
  })

  const filings = '/api/v1/work-filings'
  router.get(filings, async (ctx) => {
    ctx.body = await svc.filings(stateOf(ctx).scope, filingQuery(ctx))
  })
  router.post(filings, writer, async (ctx) => {
    ctx.body = await svc.file(stateOf(ctx), await body(ctx, newFilingBody), ctx.ip)
    ctx.status = 201
  })
  router.get(`${filings}/:id`, async (ctx) => {
    ctx.body = await svc.getFiling(stateOf(ctx).scope, idParam('work_filing', ctx.params.id))
  })
  router.post(`${filings}/:id/withdraw`, writer, async (ctx) => {
    ctx.body = await svc.withdraw(stateOf(ctx), idParam('work_filing', ctx.params.id), ctx.ip)
  })
  return router
}
