import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import {
  blacklistBody,
  contractorPatchBody,
  contractorQuery,
  entryBody,
  entryDecisionBody,
  licencePatchBody,
  licenceQuery,
  newContractorBody,
  newLicenceBody,
  newOperationBody,
  operationPatchBody,
  operationQuery,
  personBody,
  profileBody,
  settingsBody,
} from '../../contracts/safety-basics'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import { parseAll } from '../emergency-plans/plans.routes'
import type { SafetyBasicsService } from './basics.service'

const body = async <S extends z.ZodType>(ctx: Context, schema: S) => parseAll(schema, await readJson(ctx))

const rowId = /^[A-Za-z0-9_.-]{1,64}$/
const idParam = (what: string, id: string | undefined) => {
  if (!id || !rowId.test(id)) throw errors.notFound(what, (id ?? '').slice(0, 64))
  return id
}
/** Park admins keep every enterprise's records, enterprise accounts their own; operators and the screen read. */
const writer = requireRole('park_admin', 'enterprise_user')
const parkAdmin = requireRole('park_admin')

/**
 * 安全基础管理: /api/v1/enterprises/:id/profile (enterprise records), /api/v1/licences (行政许可),
 * /api/v1/operations-records (开停车和大检修), /api/v1/contractors (承包商), /api/v1/park/basics (园区基础信息) and its
 * settings. Reads in the caller's scope (RLS: an enterprise sees its own records only).
 */
export function safetyBasicsRoutes(svc: SafetyBasicsService) {
  const router = new Router({ prefix: '/api/v1' })
  const ip = (ctx: Context) => ctx.ip

  router.get('/park/basics', async (ctx) => {
    ctx.body = await svc.parkBasics(stateOf(ctx).scope)
  })
  router.get('/park/basics/settings', async (ctx) => {
    ctx.body = await svc.settings(stateOf(ctx).scope)
  })
  router.patch('/park/basics/settings', parkAdmin, async (ctx) => {
    ctx.body = await svc.updateSettings(stateOf(ctx), await body(ctx, settingsBody), ip(ctx))
  })

  router.get('/enterprises/:id/profile', async (ctx) => {
    ctx.body = await svc.profile(stateOf(ctx).scope, idParam('enterprise', ctx.params.id))
  })
  router.put('/enterprises/:id/profile', writer, async (ctx) => {
    const id = idParam('enterprise', ctx.params.id)
    ctx.body = await svc.putProfile(stateOf(ctx), id, await body(ctx, profileBody), ip(ctx))
  })

  router.get('/licences', async (ctx) => {
    ctx.body = await svc.licences(stateOf(ctx).scope, parseAll(licenceQuery, ctx.query))
  })
  router.post('/licences', writer, async (ctx) => {
    ctx.body = await svc.createLicence(stateOf(ctx), await body(ctx, newLicenceBody), ip(ctx))
    ctx.status = 201
  })
  router.get('/licences/:id', async (ctx) => {
    ctx.body = await svc.licence(stateOf(ctx).scope, idParam('licence', ctx.params.id))
  })
  router.patch('/licences/:id', writer, async (ctx) => {
    const id = idParam('licence', ctx.params.id)
    ctx.body = await svc.patchLicence(stateOf(ctx), id, await body(ctx, licencePatchBody), ip(ctx))
  })

  router.get('/operations-records', async (ctx) => {
    ctx.body = await svc.operations(stateOf(ctx).scope, parseAll(operationQuery, ctx.query))
  })
  router.post('/operations-records', writer, async (ctx) => {
    ctx.body = await svc.createOperation(stateOf(ctx), await body(ctx, newOperationBody), ip(ctx))
    ctx.status = 201
  })
  router.get('/operations-records/:id', async (ctx) => {
    ctx.body = await svc.operation(stateOf(ctx).scope, idParam('operation_record', ctx.params.id))
  })
  router.patch('/operations-records/:id', writer, async (ctx) => {
    const id = idParam('operation_record', ctx.params.id)
    ctx.body = await svc.patchOperation(stateOf(ctx), id, await body(ctx, operationPatchBody), ip(ctx))
  })

  router.get('/contractors', async (ctx) => {
    ctx.body = await svc.contractors(stateOf(ctx).scope, parseAll(contractorQuery, ctx.query))
  })
  router.post('/contractors', writer, async (ctx) => {
    ctx.body = await svc.createContractor(stateOf(ctx), await body(ctx, newContractorBody), ip(ctx))
    ctx.status = 201
  })
  router.get('/contractors/:id', async (ctx) => {
    ctx.body = await svc.contractor(stateOf(ctx).scope, idParam('contractor', ctx.params.id))
  })
  router.patch('/contractors/:id', writer, async (ctx) => {
    const id = idParam('contractor', ctx.params.id)
    ctx.body = await svc.patchContractor(stateOf(ctx), id, await body(ctx, contractorPatchBody), ip(ctx))
  })
  router.put('/contractors/:id/blacklist', writer, async (ctx) => {
    const id = idParam('contractor', ctx.params.id)
    const b = await body(ctx, blacklistBody)
    ctx.body = await svc.blacklist(stateOf(ctx), id, b.reason, ip(ctx))
  })
  router.delete('/contractors/:id/blacklist', writer, async (ctx) => {
    ctx.body = await svc.blacklist(stateOf(ctx), idParam('contractor', ctx.params.id), null, ip(ctx))
  })
  router.post('/contractors/:id/people', writer, async (ctx) => {
    const id = idParam('contractor', ctx.params.id)
    ctx.body = await svc.addPerson(stateOf(ctx), id, await body(ctx, personBody), ip(ctx))
    ctx.status = 201
  })
  router.delete('/contractors/:id/people/:personId', writer, async (ctx) => {
    const id = idParam('contractor', ctx.params.id)
    const person = idParam('contractor_person', ctx.params.personId)
    ctx.body = await svc.removePerson(stateOf(ctx), id, person, ip(ctx))
  })
  router.post('/contractors/:id/entries', writer, async (ctx) => {
    const id = idParam('contractor', ctx.params.id)
    ctx.body = await svc.requestEntry(stateOf(ctx), id, await body(ctx, entryBody), ip(ctx))
    ctx.status = 201
  })
  router.patch('/contractors/:id/entries/:entryId', writer, async (ctx) => {
    const id = idParam('contractor', ctx.params.id)
    const entry = idParam('contractor_entry', ctx.params.entryId)
    ctx.body = await svc.decideEntry(stateOf(ctx), id, entry, await body(ctx, entryDecisionBody), ip(ctx))
  })
  return router
}
