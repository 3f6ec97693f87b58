import Router from '@koa/router'
import type { Context } from 'koa'
import { cameraListQuery, cameraPatch } from '../../contracts/video'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse, parseBody } from '../../platform/http/validate'
import type { CamerasService } from './cameras.service'

const cameraId = /^[A-Za-z0-9_-]{1,64}$/

function idOf(ctx: Context): string {
  const id = ctx.params.id ?? ''
  if (!cameraId.test(id)) throw errors.notFound('camera', id.slice(0, 64))
  return id
}

/** /api/v1/cameras: every role reads (row-level security decides what); park admins set a camera's stream. */
export function camerasRoutes(cameras: CamerasService) {
  const router = new Router({ prefix: '/api/v1/cameras' })
  router.get('/', async (ctx) => {
    ctx.body = await cameras.list(stateOf(ctx), parse(cameraListQuery, ctx.query))
  })
  router.get('/:id', async (ctx) => {
    ctx.body = await cameras.get(stateOf(ctx), idOf(ctx))
  })
  router.patch('/:id', requireRole('park_admin'), async (ctx) => {
    const id = idOf(ctx)
    const patch = await parseBody(ctx, cameraPatch)
    ctx.body = await cameras.setStream(stateOf(ctx), id, patch, ctx.ip)
  })
  return router
}
