import Router from '@koa/router'
import { z } from 'zod'
import type { LiveTag, PositionSample } from '../../contracts'
import { cacheKeys, type Bus } from '../../platform/bus/bus'
import type { Db } from '../../platform/db/db'
import { stateOf } from '../../platform/http/auth-middleware'
import { parse } from '../../platform/http/validate'
import { listTags } from './tags.repository'

const tagsQuery = z.object({
  terminal: z
    .string()
    .regex(/^\d{1,20}$/, 'terminal phone: digits only')
    // terminals are keyed without the BCD padding zeros (013912345678 → 13912345678)
    .transform((t) => t.replace(/^0+(?=\d)/, ''))
    .optional(),
})

export function tagsRoutes(db: Db, bus: Bus) {
  const router = new Router({ prefix: '/api/v1/tags' })
  router.get('/', async (ctx) => {
    const { terminal } = parse(tagsQuery, ctx.query)
    ctx.body = await db.tx(stateOf(ctx).scope, (q) => listTags(q, terminal))
  })
  /** Snapshot for (re)connecting clients: every visible tag with its latest sample from the live cache. */
  router.get('/live', async (ctx) => {
    const [tags, latest] = await Promise.all([
      db.tx(stateOf(ctx).scope, (q) => listTags(q)),
      bus.getLatest<PositionSample>(cacheKeys.latestPositions),
    ])
    ctx.body = tags.map((t): LiveTag => ({ ...t, last: latest[t.id] ?? null }))
  })
  return router
}
