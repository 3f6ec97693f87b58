import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import { newOrgNodeBody, orgHistoryQuery, orgMoveBody, orgNodePatch } from '../../contracts/organisation'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import { parseAll } from '../emergency-plans/plans.routes'
import type { OrganisationService } from './organisation.service'

const body = async <S extends z.ZodType>(ctx: Context, schema: S) => parseAll(schema, await readJson(ctx))
const rowId = /^[A-Za-z0-9_.-]{1,64}$/
const idParam = (id: string | undefined) => {
  if (!id || !rowId.test(id)) throw errors.notFound('org_node', (id ?? '').slice(0, 64))
  return id
}

/**
 * /api/v1/organisation (组织机构): the park's management responsibility chart. Everyone signed in reads it; park
 * admins edit it (create, edit, move/reorder, remove); park staff read its edit history (the audit log).
 */
export function organisationRoutes(svc: OrganisationService) {
  const router = new Router({ prefix: '/api/v1/organisation' })
  const admin = requireRole('park_admin')

  router.get('/nodes', async (ctx) => {
    ctx.body = await svc.nodes(stateOf(ctx).scope)
  })
  router.post('/nodes', admin, async (ctx) => {
    ctx.body = await svc.create(stateOf(ctx), await body(ctx, newOrgNodeBody), ctx.ip)
    ctx.status = 201
  })
  router.patch('/nodes/:id', admin, async (ctx) => {
    ctx.body = await svc.patch(stateOf(ctx), idParam(ctx.params.id), await body(ctx, orgNodePatch), ctx.ip)
  })
  router.post('/nodes/:id/move', admin, async (ctx) => {
    ctx.body = await svc.move(stateOf(ctx), idParam(ctx.params.id), await body(ctx, orgMoveBody), ctx.ip)
  })
  router.delete('/nodes/:id', admin, async (ctx) => {
    await svc.remove(stateOf(ctx), idParam(ctx.params.id), ctx.ip)
    ctx.status = 204
  })
  router.get('/history', requireRole('park_admin', 'operator'), async (ctx) => {
    ctx.body = await svc.history(stateOf(ctx).scope, parseAll(orgHistoryQuery, ctx.query))
  })
  return router
}
