import Router from '@koa/router'
import { replayQuery, tagIdParam, trackQuery, tripsQuery } from '../../contracts/tracks'
import type { Db } from '../../platform/db/db'
import { stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse } from '../../platform/http/validate'
import { TracksService } from './tracks.service'

/**
 * Trajectory reads (closed-area.md, "trips and stops", "replay"):
 *   GET /api/v1/tags/:id/track?from&to&simplify=<m>   GeoJSON LineString with per-vertex times and speeds
 *   GET /api/v1/tags/:id/trips?from&to[&options]      trips and stops (Traccar defaults)
 *   GET /api/v1/replay?from&to&tags=a,b|kind=…         columnar, delta-encoded tracks of many tags (≤ 1 h)
 * Row-level security limits an enterprise account to what it may see; an unseen tag is a 404.
 */
export function tracksRoutes(db: Db, service = new TracksService(db)) {
  const router = new Router({ prefix: '/api/v1' })
  const tagId = (raw: string | undefined) => {
    const id = raw ?? ''
    if (!tagIdParam.safeParse(id).success) throw errors.notFound('tag', id.slice(0, 64))
    return id
  }
  router.get('/tags/:id/track', async (ctx) => {
    const id = tagId(ctx.params.id)
    ctx.body = await service.track(stateOf(ctx).scope, id, parse(trackQuery, ctx.query))
  })
  router.get('/tags/:id/trips', async (ctx) => {
    const id = tagId(ctx.params.id)
    ctx.body = await service.trips(stateOf(ctx).scope, id, parse(tripsQuery, ctx.query))
  })
  router.get('/replay', async (ctx) => {
    ctx.body = await service.replay(stateOf(ctx).scope, parse(replayQuery, ctx.query))
  })
  return router
}
