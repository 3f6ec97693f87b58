import Router from '@koa/router'
import {
  decodeCardBatch,
  type CardDecodePolicy,
  type CardItemRejection,
} from '../../../sensors/protocols/cards'
import { AppError } from '../../platform/http/errors'
import type { CardFeedService } from '../../modules/cards/card-feed.service'
import { bodyErrorIds, ingestAuth, type IngestAuthDeps } from './ingest-auth'

/** Body of a 200 answer of POST /api/v1/ingest/positions. */
export interface PositionsAnswer {
  /** positions handed to the position writer (which drops duplicates and implausible fixes) */
  accepted: number
  rejected: CardItemRejection[]
}

/**
 * POST /api/v1/ingest/positions: the HTTP twin of `<prefix>/v1/cards/<gateway>/data`, same JSON
 * (`{positions: [{card, t, lon, lat, floor?, battery?, sos?}]}`, at most 500). Per item: the valid positions of
 * known cards go to the position writer, the others are listed in `rejected` with their index and reason; a
 * body that is not such a batch is a 400. Alarms (SOS, low battery) are raised before the answer; a resent
 * batch raises and stores nothing twice. Mount among the public routers (before the session gate).
 */
export function positionsIngestRoutes(
  d: IngestAuthDeps & { feed: CardFeedService; decode?: Omit<CardDecodePolicy, 'now'>; clock?: () => number },
): Router {
  const router = new Router()
  const auth = ingestAuth(d)
  const now = d.clock ?? Date.now
  router.post('/api/v1/ingest/positions', async (ctx) => {
    await auth.authorise(ctx)
    const json = await auth.body(ctx)
    const batch = decodeCardBatch(json, { ...d.decode, now: now() })
    if (!batch.ok) {
      auth.refuse(ctx, batch)
      throw new AppError(400, bodyErrorIds[batch.reason] ?? 'validation', batch.message)
    }
    const out = await d.feed.ingest(batch.items, 'http')
    const rejected = [...batch.rejected, ...out.rejected].sort((a, b) => a.index - b.index)
    for (const r of rejected)
      auth.refuse(ctx, { reason: r.reason, message: `positions[${r.index}]: ${r.message}` })
    const answer: PositionsAnswer = { accepted: out.accepted, rejected }
    ctx.body = answer
  })
  return router
}
