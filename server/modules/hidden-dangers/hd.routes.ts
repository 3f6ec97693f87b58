import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import {
  hdQuery,
  maxPhotoBytes,
  newHiddenDangerBody,
  photoStages,
  transitionBody,
  type PhotoStage,
} from '../../contracts/hidden-dangers'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { sendFile } from '../../platform/http/download'
import { errors } from '../../platform/http/errors'
import { readRawBody, uploadFilename } from '../../platform/http/raw-body'
import { readJson } from '../../platform/http/validate'
import { parseAll } from '../emergency-plans/plans.routes'
import type { HiddenDangersService } from './hd.service'

const body = async <S extends z.ZodType>(ctx: Context, schema: S) => parseAll(schema, await readJson(ctx))

const rowId = /^[A-Za-z0-9_.-]{1,64}$/
const idParam = (what: string, id: string | undefined) => {
  if (!id || !rowId.test(id)) throw errors.notFound(what, (id ?? '').slice(0, 64))
  return id
}
/** Park staff and enterprise accounts take steps; the workflow table says which (the screen reads only). */
const actor = requireRole('park_admin', 'operator', 'enterprise_user')

/**
 * /api/v1/hidden-dangers (隐患排查治理): the list with filters, reports, the closed-loop steps, photos and the
 * per-enterprise statistics. Reads in the caller's scope (RLS: an enterprise sees its own).
 */
export function hiddenDangersRoutes(svc: HiddenDangersService) {
  const router = new Router({ prefix: '/api/v1/hidden-dangers' })

  router.get('/', async (ctx) => {
    ctx.body = await svc.list(stateOf(ctx).scope, parseAll(hdQuery, ctx.query))
  })
  router.post('/', actor, async (ctx) => {
    ctx.body = await svc.report(stateOf(ctx), await body(ctx, newHiddenDangerBody), ctx.ip)
    ctx.status = 201
  })
  router.get('/stats', async (ctx) => {
    const q = parseAll(hdQuery.pick({ enterprise: true }), ctx.query)
    ctx.body = await svc.stats(stateOf(ctx).scope, q.enterprise ?? null)
  })
  router.get('/:id', async (ctx) => {
    ctx.body = await svc.get(stateOf(ctx), idParam('hidden_danger', ctx.params.id))
  })
  router.post('/:id/transitions', actor, async (ctx) => {
    const id = idParam('hidden_danger', ctx.params.id)
    ctx.body = await svc.transition(stateOf(ctx), id, await body(ctx, transitionBody), ctx.ip)
  })
  // the raw image bytes; the name percent-encoded in X-Filename; ?stage=finding|rectification
  router.post('/:id/photos', actor, async (ctx) => {
    const id = idParam('hidden_danger', ctx.params.id)
    const stage = ctx.query.stage
    if (typeof stage !== 'string' || !(photoStages as readonly string[]).includes(stage))
      throw errors.validation(`stage: one of ${photoStages.join(', ')}`, 'stage')
    const filename = uploadFilename(ctx)
    const bytes = await readRawBody(ctx, maxPhotoBytes)
    ctx.body = await svc.addPhoto(stateOf(ctx), id, stage as PhotoStage, { filename, bytes }, ctx.ip)
    ctx.status = 201
  })
  router.get('/:id/photos/:photoId', async (ctx) => {
    const id = idParam('hidden_danger', ctx.params.id)
    const photoId = idParam('hidden_danger_photo', ctx.params.photoId)
    const p = await svc.photo(stateOf(ctx).scope, id, photoId)
    sendFile(ctx, { bytes: p.bytes, mime: p.mime, filename: p.filename, inline: true })
  })
  return router
}
