import Router from '@koa/router'
import {
  decodeGateBatch,
  type CardDecodePolicy,
  type CardItemRejection,
} from '../../../sensors/protocols/cards'
import { AppError } from '../../platform/http/errors'
import type { GatesService } from '../../modules/gates/gates.service'
import { bodyErrorIds, ingestAuth, type IngestAuthDeps } from './ingest-auth'

/** Body of a 200 answer of POST /api/v1/ingest/gate-events. */
export interface GateEventsAnswer {
  stored: number
  duplicates: number
  rejected: CardItemRejection[]
}

/**
 * POST /api/v1/ingest/gate-events: gate (卡口) plate recognitions, `{events: [{plate, gate, lane, direction,
 * t, photo_ref?, hazmat?}]}` (at most 500), per item; same auth as the other device endpoints. A hazmat vehicle
 * entering without an approved booking for the day raises `gate_no_booking` before the answer.
 */
export function gateEventsIngestRoutes(
  d: IngestAuthDeps & { gates: GatesService; decode?: Omit<CardDecodePolicy, 'now'>; clock?: () => number },
): Router {
  const router = new Router()
  const auth = ingestAuth(d)
  const now = d.clock ?? Date.now
  router.post('/api/v1/ingest/gate-events', async (ctx) => {
    await auth.authorise(ctx)
    const json = await auth.body(ctx)
    const batch = decodeGateBatch(json, { ...d.decode, now: now() })
    if (!batch.ok) {
      auth.refuse(ctx, batch)
      throw new AppError(400, bodyErrorIds[batch.reason] ?? 'validation', batch.message)
    }
    const out = await d.gates.ingest(batch.items, 'http')
    const rejected = [...batch.rejected, ...out.rejected].sort((a, b) => a.index - b.index)
    for (const r of rejected)
      auth.refuse(ctx, { reason: r.reason, message: `events[${r.index}]: ${r.message}` })
    const answer: GateEventsAnswer = { stored: out.stored, duplicates: out.duplicates, rejected }
    ctx.body = answer
  })
  return router
}
