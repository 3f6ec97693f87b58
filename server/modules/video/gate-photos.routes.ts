import Router from '@koa/router'
import { stateOf } from '../../platform/http/auth-middleware'
import type { Db } from '../../platform/db/db'
import { errors } from '../../platform/http/errors'
import { resolvePhotoRef } from './gate-photo-ref'
import type { MediaFiles } from './media.files'

const eventId = /^[1-9][0-9]{0,17}$/

/**
 * GET /api/v1/gate-events/:id/photo: the snapshot (卡口抓拍) of a gate event the caller may see (row-level
 * security: an enterprise sees its own second gates' events only; any other is 404). A shipped demo snapshot is
 * sent as image/jpeg; a camera platform's URL is a 302 to it.
 */
export function gatePhotoRoutes(db: Db, files: MediaFiles) {
  const router = new Router({ prefix: '/api/v1/gate-events' })
  router.get('/:id/photo', async (ctx) => {
    const id = String(ctx.params.id ?? '')
    if (!eventId.test(id)) throw errors.notFound('gate_event', id.slice(0, 20))
    const [row] = await db.query<{ photo_ref: string | null }>(
      stateOf(ctx).scope,
      'SELECT photo_ref FROM gate_events WHERE id = $1::bigint',
      [id],
    )
    if (!row) throw errors.notFound('gate_event', id)
    const source = resolvePhotoRef(row.photo_ref)
    if (source?.kind === 'url') {
      ctx.redirect(source.url)
      return
    }
    const file = source ? await files.get('gate-photos', source.file) : null
    if (!file) throw errors.notFound('gate_photo', id)
    ctx.type = file.type
    ctx.body = file.body
  })
  return router
}
