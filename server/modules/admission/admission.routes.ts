import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import {
  admissionCheckKeys,
  admissionDecisionBody,
  admissionQuery,
  admissionSettingsBody,
  catalogueEntryBody,
  newAdmissionBody,
  plannedUseBody,
  type AdmissionCheckKey,
} from '../../contracts/admission'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import { parseAll } from '../emergency-plans/plans.routes'
import type { AdmissionService } from './admission.service'

const body = async <S extends z.ZodType>(ctx: Context, schema: S) => parseAll(schema, await readJson(ctx))
const rowId = /^[A-Za-z0-9_.-]{1,64}$/
const idParam = (what: string, id: string | undefined) => {
  if (!id || !rowId.test(id)) throw errors.notFound(what, (id ?? '').slice(0, 64))
  return id
}

/**
 * /api/v1/admissions (准入评估): applications with their checklist and verdict, the printable report, the park's
 * decisions on items, the eliminated/restricted catalogue, the settings (minimum safety distance, planned uses) and
 * the zones' planned use. Park admins write; everyone signed in reads (an enterprise: its own projects, RLS).
 */
export function admissionRoutes(svc: AdmissionService) {
  const router = new Router({ prefix: '/api/v1/admissions' })
  const admin = requireRole('park_admin')

  router.get('/', async (ctx) => {
    ctx.body = await svc.list(stateOf(ctx).scope, parseAll(admissionQuery, ctx.query))
  })
  router.post('/', admin, async (ctx) => {
    ctx.body = await svc.create(stateOf(ctx), await body(ctx, newAdmissionBody), ctx.ip)
    ctx.status = 201
  })

  router.get('/settings', async (ctx) => {
    ctx.body = await svc.settings(stateOf(ctx).scope)
  })
  router.put('/settings', admin, async (ctx) => {
    ctx.body = await svc.updateSettings(stateOf(ctx), await body(ctx, admissionSettingsBody), ctx.ip)
  })

  router.get('/catalogue', async (ctx) => {
    ctx.body = await svc.catalogue(stateOf(ctx).scope)
  })
  router.post('/catalogue', admin, async (ctx) => {
    ctx.body = await svc.addCatalogueEntry(stateOf(ctx), await body(ctx, catalogueEntryBody), ctx.ip)
    ctx.status = 201
  })
  router.put('/catalogue/:id', admin, async (ctx) => {
    const id = idParam('admission_catalogue', ctx.params.id)
    ctx.body = await svc.updateCatalogueEntry(stateOf(ctx), id, await body(ctx, catalogueEntryBody), ctx.ip)
  })
  router.delete('/catalogue/:id', admin, async (ctx) => {
    await svc.removeCatalogueEntry(stateOf(ctx), idParam('admission_catalogue', ctx.params.id), ctx.ip)
    ctx.status = 204
  })

  router.get('/zones', async (ctx) => {
    ctx.body = await svc.zones(stateOf(ctx).scope)
  })
  router.put('/zones/:id/planned-use', admin, async (ctx) => {
    const id = idParam('zone', ctx.params.id)
    ctx.body = await svc.setPlannedUse(stateOf(ctx), id, await body(ctx, plannedUseBody), ctx.ip)
  })

  router.get('/:id', async (ctx) => {
    ctx.body = await svc.get(stateOf(ctx).scope, idParam('admission', ctx.params.id))
  })
  router.get('/:id/report.html', async (ctx) => {
    const html = await svc.report(stateOf(ctx).scope, idParam('admission', ctx.params.id))
    // a static page (no scripts); every value in it is escaped by the renderer
    ctx.type = 'text/html; charset=utf-8'
    ctx.body = html
  })
  router.post('/:id/assess', admin, async (ctx) => {
    ctx.body = await svc.reassess(stateOf(ctx), idParam('admission', ctx.params.id), ctx.ip)
  })
  router.post('/:id/items/:key/decision', admin, async (ctx) => {
    const id = idParam('admission', ctx.params.id)
    const key = ctx.params.key
    if (!key || !(admissionCheckKeys as readonly string[]).includes(key))
      throw errors.notFound('admission_item', (key ?? '').slice(0, 64))
    ctx.body = await svc.decide(
      stateOf(ctx),
      id,
      key as AdmissionCheckKey,
      await body(ctx, admissionDecisionBody),
      ctx.ip,
    )
  })
  return router
}
