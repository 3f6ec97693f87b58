import Router from '@koa/router'
import { assetQuery } from '../../contracts'
import { stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse } from '../../platform/http/validate'
import type { AssetsService } from './assets.service'

const assetId = /^[A-Za-z0-9_-]{1,64}$/

export function assetsRoutes(assets: AssetsService) {
  const router = new Router({ prefix: '/api/v1/assets' })
  router.get('/', async (ctx) => {
    const query = parse(assetQuery, ctx.query)
    ctx.body = await assets.list(stateOf(ctx).scope, query)
  })
  router.get('/:id', async (ctx) => {
    const id = ctx.params.id ?? ''
    if (!assetId.test(id)) throw errors.notFound('asset', id.slice(0, 64))
    ctx.body = await assets.get(stateOf(ctx).scope, id)
  })
  return router
}
