// Who may send device data over HTTP (POST /api/v1/ingest/*): devices with the ingest token, or park staff.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context } from 'koa'
import type { Role } from '../../contracts/auth'
import { RateLimiter } from '../../platform/auth/rate-limit'
import { sessionCookie, type SessionStore } from '../../platform/auth/sessions'
import { AppError, errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import type { RejectionLog } from '../shared/rejection-log'

/** a counted refusal: a reason code of the protocol and a message */
export interface Refusal {
  reason: string
  message: string
}

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
  const refuse = (ctx: Context, r: Refusal, source?: string) =>
    d.rejections.record({ reason: r.reason, peer: ctx.ip, ip: ctx.ip, mn: source, detail: r.message })
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

export const bodyErrorIds: Partial<Record<string, string>> = {
  bad_json: 'validation.bad_json',
  too_large: 'validation.too_large',
}
