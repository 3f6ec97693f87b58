import Router from '@koa/router'
import {
  cancelBody,
  ledgerQuery,
  newFacilityBody,
  newGenerationBody,
  newManifestBody,
  newStreamBody,
  receiveBody,
  shipBody,
} from '../../contracts/hazwaste'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse, parseBody } from '../../platform/http/validate'
import type { HazwasteService } from './hazwaste.service'

const rowId = /^[A-Za-z0-9_.-]{1,64}$/
/** Enterprises keep their own ledger; the park admin may correct it. Operators and the screen read. */
const writer = requireRole('park_admin', 'enterprise_user')

/** /api/v1/hazwaste: the hazardous-waste ledger (危废台账). Reads in the caller's scope (RLS). */
export function hazwasteRoutes(svc: HazwasteService) {
  const router = new Router({ prefix: '/api/v1/hazwaste' })
  router.get('/summary', async (ctx) => {
    ctx.body = await svc.summary(stateOf(ctx).scope)
  })

  router.get('/streams', async (ctx) => {
    ctx.body = await svc.listStreams(stateOf(ctx).scope, parse(ledgerQuery, ctx.query))
  })
  router.post('/streams', writer, async (ctx) => {
    const body = await parseBody(ctx, newStreamBody)
    ctx.body = await svc.createStream(stateOf(ctx), body, ctx.ip)
    ctx.status = 201
  })

  router.get('/facilities', async (ctx) => {
    ctx.body = await svc.listFacilities(stateOf(ctx).scope, parse(ledgerQuery, ctx.query))
  })
  router.post('/facilities', writer, async (ctx) => {
    const body = await parseBody(ctx, newFacilityBody)
    ctx.body = await svc.createFacility(stateOf(ctx), body, ctx.ip)
    ctx.status = 201
  })

  router.get('/generations', async (ctx) => {
    ctx.body = await svc.listGenerations(stateOf(ctx).scope, parse(ledgerQuery, ctx.query))
  })
  router.post('/generations', writer, async (ctx) => {
    const body = await parseBody(ctx, newGenerationBody)
    ctx.body = await svc.createGeneration(stateOf(ctx), body, ctx.ip)
    ctx.status = 201
  })

  router.get('/manifests', async (ctx) => {
    ctx.body = await svc.listManifests(stateOf(ctx).scope, parse(ledgerQuery, ctx.query))
  })
  router.post('/manifests', writer, async (ctx) => {
    const body = await parseBody(ctx, newManifestBody)
    ctx.body = await svc.createManifest(stateOf(ctx), body, ctx.ip)
    ctx.status = 201
  })
  const manifestId = (id: string | undefined) => {
    if (!id || !rowId.test(id)) throw errors.notFound('hazwaste_manifest', (id ?? '').slice(0, 64))
    return id
  }
  router.post('/manifests/:id/ship', writer, async (ctx) => {
    const id = manifestId(ctx.params.id)
    ctx.body = await svc.ship(stateOf(ctx), id, await parseBody(ctx, shipBody), ctx.ip)
  })
  router.post('/manifests/:id/receive', writer, async (ctx) => {
    const id = manifestId(ctx.params.id)
    ctx.body = await svc.receive(stateOf(ctx), id, await parseBody(ctx, receiveBody), ctx.ip)
  })
  router.post('/manifests/:id/cancel', writer, async (ctx) => {
    const id = manifestId(ctx.params.id)
    ctx.body = await svc.cancel(stateOf(ctx), id, await parseBody(ctx, cancelBody), ctx.ip)
  })
  return router
}
