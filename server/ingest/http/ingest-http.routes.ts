import { createHash, timingSafeEqual } from 'node:crypto'
import Router from '@koa/router'
import type { Context } from 'koa'
import {
  decodeBatch,
  type DecodePolicy,
  type ItemRejection,
  type SafetyRejection,
} from '../../../sensors/protocols/safety'
import type { Role } from '../../contracts/auth'
import { RateLimiter } from '../../platform/auth/rate-limit'
import { sessionCookie, type SessionStore } from '../../platform/auth/sessions'
import { AppError, errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import type { SensorReadingsService } from '../../modules/sensors/sensor-readings.service'
import type { RejectionLog } from '../hj212/rejection-log'

export interface IngestHttpDeps {
  service: SensorReadingsService
  /** devices' bearer token (INGEST_TOKEN, or one generated at start for the in-process simulators); unset: staff sessions only */
  token?: string | undefined
  /** for the session alternative: this router is mounted before the session gate */
  sessions: SessionStore
  /** counts refusals under protocol `http` */
  rejections: RejectionLog
  decode?: Omit<DecodePolicy, 'now'>
  clock?: () => number
}

/** Body of a 200 answer: what was stored, dropped as a duplicate, and refused (by index in `readings`). */
export interface IngestAnswer {
  stored: number
  duplicates: number
  rejected: ItemRejection[]
}

const staff: readonly Role[] = ['park_admin', 'operator']
const digest = (s: string) => createHash('sha256').update(s).digest()
const bodyErrorIds: Partial<Record<SafetyRejection['reason'], string>> = {
  bad_json: 'validation.bad_json',
  too_large: 'validation.too_large',
}

/**
 * POST /api/v1/ingest/readings: the HTTP fallback of the safety-sensor MQTT topics, with the same batch JSON
 * (`{readings: [{sensor, t, v, flag?}]}`, at most 500). Per reading, not all-or-nothing: the valid readings
 * of a batch are stored in one transaction and the others listed in `rejected` with their index and reason;
 * a body that is not such a batch is a 400 and stores nothing. A resent batch stores nothing twice. Auth:
 * `Authorization: Bearer <token>`, or a park_admin / operator session; after 20 failed attempts in a minute a
 * peer gets 429. Mount it among the public routers (before the session gate), so that devices need no session.
 */
export function ingestHttpRoutes(d: IngestHttpDeps): Router {
  const router = new Router()
  const expected = d.token ? digest(d.token) : null
  const now = d.clock ?? Date.now

  const refuse = (ctx: Context, r: SafetyRejection, sensor?: string) =>
    d.rejections.record({ reason: r.reason, peer: ctx.ip, ip: ctx.ip, mn: sensor, detail: r.message })
  // a peer that keeps failing to authenticate is told to slow down (tokens are not guessed one by one)
  const failures = new RateLimiter(20, 60_000)
  const denied = (ctx: Context, message: string, err: AppError) => {
    refuse(ctx, { reason: 'unauthorized', message })
    return failures.take(ctx.ip) ? err : errors.rateLimited()
  }

  async function authorise(ctx: Context): Promise<void> {
    const header = ctx.get('authorization')
    if (header) {
      const m = /^Bearer\s+(\S{1,200})$/i.exec(header)
      // compared as digests: constant time whatever the length
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
        `a ${user.role} session may not send readings`,
        errors.forbidden('only park admins, operators and devices with the ingest token send readings'),
      )
  }

  router.post('/api/v1/ingest/readings', async (ctx) => {
    await authorise(ctx)
    let json: unknown
    try {
      json = await readJson(ctx)
    } catch (err) {
      // 413 over 1 MiB; 415 and 400: not a JSON body
      const tooLarge = (err as { status?: number }).status === 413
      refuse(ctx, { reason: tooLarge ? 'too_large' : 'bad_json', message: (err as Error).message })
      throw err
    }
    const batch = decodeBatch(json, { ...d.decode, now: now() })
    if (!batch.ok) {
      refuse(ctx, batch)
      throw new AppError(400, bodyErrorIds[batch.reason] ?? 'validation', batch.message)
    }
    const decoded = batch.readings
    const out = await d.service.store(
      decoded.map((r) => r.reading),
      'http',
    )
    for (const r of batch.rejected)
      refuse(ctx, { reason: r.reason, message: `readings[${r.index}]: ${r.message}` })
    const refused = out.rejected.map((r) => {
      const item = decoded[r.index]!
      refuse(ctx, { reason: r.reason, message: `readings[${item.index}]: ${r.message}` }, item.reading.sensor)
      return { ...r, index: item.index }
    })
    const answer: IngestAnswer = {
      stored: out.stored,
      duplicates: out.duplicates,
      rejected: [...batch.rejected, ...refused].sort((a, b) => a.index - b.index),
    }
    ctx.body = answer
  })
  return router
}
