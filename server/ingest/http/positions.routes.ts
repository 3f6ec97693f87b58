import { createHash, timingSafeEqual } from 'node:crypto'
import Router from '@koa/router'
import type { Context } from 'koa'
import {
  decodeCardBatch,
  type CardDecodePolicy,
  type CardItemRejection,
  type CardRejection,
} from '../../../sensors/protocols/cards'
import type { Role } from '../../contracts/auth'
import { RateLimiter } from '../../platform/auth/rate-limit'
import { sessionCookie, type SessionStore } from '../../platform/auth/sessions'
import { AppError, errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import type { CardFeedService } from '../../modules/cards/card-feed.service'
import type { RejectionLog } from '../hj212/rejection-log'

export interface IngestAuthDeps {
  /** devices' bearer token (INGEST_TOKEN); unset: staff sessions only */
  token?: string | undefined
  sessions: SessionStore
  rejections: RejectionLog
}

const staff: readonly Role[] = ['park_admin', 'operator']
const digest = (s: string) => createHash('sha256').update(s).digest()

/**
 * The auth of the device ingest endpoints, as POST /api/v1/ingest/readings: `Authorization: Bearer <token>`
 * or a park_admin / operator session; 20 failures a minute from one peer → 429. Refusals are counted.
 */
export function ingestAuth(d: IngestAuthDeps) {
  const expected = d.token ? digest(d.token) : null
  const failures = new RateLimiter(20, 60_000)
  const refuse = (ctx: Context, r: CardRejection) =>
    d.rejections.record({ reason: r.reason, peer: ctx.ip, ip: ctx.ip, detail: r.message })
  const denied = (ctx: Context, message: string, err: AppError) => {
    refuse(ctx, { reason: 'unauthorized', message })
    return failures.take(ctx.ip) ? err : errors.rateLimited()
  }
  const authorise = async (ctx: Context): Promise<void> => {
    const header = ctx.get('authorization')
    if (header) {
      const m = /^Bearer\s+(\S{1,200})$/i.exec(header)
      if (m && expected && timingSafeEqual(digest(m[1]!), expected)) return
      throw denied(
        ctx,
        'wrong or unknown bearer token',
        new AppError(401, 'auth.invalid_token', 'wrong or unknown ingest token'),
      )
    }
    const user = await d.sessions.resolve(ctx.cookies.get(sessionCookie))
    if (!user) throw denied(ctx, 'no token and no session', errors.unauthenticated())
    if (!staff.includes(user.role))
      throw denied(
        ctx,
        `a ${user.role} session may not send device data`,
        errors.forbidden('only park admins, operators and devices with the ingest token send device data'),
      )
  }
  /** the JSON body; refusals of a body that is not JSON or too large are counted */
  const body = async (ctx: Context): Promise<unknown> => {
    try {
      return await readJson(ctx)
    } catch (err) {
      const tooLarge = (err as { status?: number }).status === 413
      refuse(ctx, { reason: tooLarge ? 'too_large' : 'bad_json', message: (err as Error).message })
      throw err
    }
  }
  return { authorise, body, refuse }
}

export const bodyErrorIds: Partial<Record<CardRejection['reason'], string>> = {
  bad_json: 'validation.bad_json',
  too_large: 'validation.too_large',
}

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
