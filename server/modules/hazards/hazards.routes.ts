import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import {
  mhCheckBody,
  mhChemicalPatch,
  mhGradeBody,
  mhItemsBody,
  mhNewChemicalBody,
  mhNewUnitBody,
  mhRegisterBody,
  mhResponsiblesBody,
  mhTankInventoryBody,
  mhUnitPatch,
  mhUnitQuery,
} from '../../contracts/hazards'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import { parseAll } from '../emergency-plans/plans.routes'
import type { HazardsService } from './hazards.service'

const body = async <S extends z.ZodType>(ctx: Context, schema: S) => parseAll(schema, await readJson(ctx))

const rowId = /^[A-Za-z0-9_.-]{1,64}$/
const idParam = (what: string, id: string | undefined) => {
  if (!id || !rowId.test(id)) throw errors.notFound(what, (id ?? '').slice(0, 64))
  return id
}
/** Enterprises keep their own units (RLS); the park admin keeps all. Operators and the screen read. */
const writer = requireRole('park_admin', 'enterprise_user')
/** The GB 18218 catalogue is park data. */
const parkAdmin = requireRole('park_admin')

/**
 * /api/v1/hazards (重大危险源, GB 18218-2018): the grading calculator, the chemical catalogue, the production and
 * storage units with their assessment computed from current inventories, tank inventories, 包保 persons and their
 * checks, registration of the grade, and the unit of a clicked asset. Reads in the caller's scope (RLS).
 */
export function hazardsRoutes(svc: HazardsService) {
  const router = new Router({ prefix: '/api/v1/hazards' })

  router.post('/grade', async (ctx) => {
    ctx.body = await svc.grade(stateOf(ctx).scope, await body(ctx, mhGradeBody))
  })

  router.get('/chemicals', async (ctx) => {
    ctx.body = await svc.catalogue(stateOf(ctx).scope)
  })
  router.post('/chemicals', parkAdmin, async (ctx) => {
    ctx.body = await svc.createChemical(stateOf(ctx), await body(ctx, mhNewChemicalBody), ctx.ip)
    ctx.status = 201
  })
  router.patch('/chemicals/:id', parkAdmin, async (ctx) => {
    const id = idParam('major_hazard_chemical', ctx.params.id)
    ctx.body = await svc.patchChemical(stateOf(ctx), id, await body(ctx, mhChemicalPatch), ctx.ip)
  })

  router.get('/units', async (ctx) => {
    ctx.body = await svc.units(stateOf(ctx).scope, parseAll(mhUnitQuery, ctx.query))
  })
  router.post('/units', writer, async (ctx) => {
    ctx.body = await svc.createUnit(stateOf(ctx), await body(ctx, mhNewUnitBody), ctx.ip)
    ctx.status = 201
  })
  router.get('/units/:id', async (ctx) => {
    ctx.body = await svc.unit(stateOf(ctx).scope, idParam('major_hazard_unit', ctx.params.id))
  })
  router.patch('/units/:id', writer, async (ctx) => {
    const id = idParam('major_hazard_unit', ctx.params.id)
    ctx.body = await svc.patchUnit(stateOf(ctx), id, await body(ctx, mhUnitPatch), ctx.ip)
  })
  router.put('/units/:id/items', writer, async (ctx) => {
    const id = idParam('major_hazard_unit', ctx.params.id)
    ctx.body = await svc.setItems(stateOf(ctx), id, await body(ctx, mhItemsBody), ctx.ip)
  })
  router.put('/units/:id/responsibles', writer, async (ctx) => {
    const id = idParam('major_hazard_unit', ctx.params.id)
    ctx.body = await svc.setResponsibles(stateOf(ctx), id, await body(ctx, mhResponsiblesBody), ctx.ip)
  })
  router.post('/units/:id/checks', writer, async (ctx) => {
    const id = idParam('major_hazard_unit', ctx.params.id)
    ctx.body = await svc.recordCheck(stateOf(ctx), id, await body(ctx, mhCheckBody), ctx.ip)
    ctx.status = 201
  })
  router.post('/units/:id/register', writer, async (ctx) => {
    const id = idParam('major_hazard_unit', ctx.params.id)
    ctx.body = await svc.register(stateOf(ctx), id, await body(ctx, mhRegisterBody), ctx.ip)
  })

  router.put('/tanks/:id/inventory', writer, async (ctx) => {
    const id = idParam('tank', ctx.params.id)
    ctx.body = await svc.setTankInventory(stateOf(ctx), id, await body(ctx, mhTankInventoryBody), ctx.ip)
  })
  router.get('/by-asset/:id', async (ctx) => {
    ctx.body = await svc.byAsset(stateOf(ctx).scope, idParam('asset', ctx.params.id))
  })
  return router
}
