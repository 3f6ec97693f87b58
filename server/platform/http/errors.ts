import type { Context, Next } from 'koa'
import type { Logger } from '../logger'
import type { ErrorBody } from '../../contracts/errors'

/** An error with a stable id; its message is shown to the user only for 4xx. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

// Error factories (outline habit): one place for ids and statuses.
export const errors = {
  validation: (message: string, field?: string) => new AppError(400, 'validation', message, field),
  badJson: () => new AppError(400, 'validation.bad_json', 'request body is not valid JSON'),
  unsupportedMedia: () => new AppError(415, 'unsupported_media_type', 'send application/json'),
  unauthenticated: () => new AppError(401, 'auth.required', 'sign in first'),
  invalidCredentials: () => new AppError(401, 'auth.invalid_credentials', 'wrong username or password'),
  locked: (until: Date) =>
    new AppError(429, 'auth.locked', `too many failed sign-ins; locked until ${until.toISOString()}`),
  rateLimited: () => new AppError(429, 'rate_limited', 'too many requests, slow down'),
  forbidden: (message = 'not allowed for your role') => new AppError(403, 'forbidden', message),
  readOnly: () => new AppError(403, 'forbidden.read_only', 'this account is read-only'),
  notFound: (what: string, id: string) => new AppError(404, `${what}.not_found`, `${what} ${id} not found`),
  routeNotFound: () => new AppError(404, 'not_found', 'no such endpoint'),
  conflict: (id: string, message: string) => new AppError(409, id, message),
}

function body(id: string, message: string, field?: string): ErrorBody {
  return { error: field ? { id, message, field } : { id, message } }
}

/** The one error middleware at the top: JSON errors, no stack traces, 5xx logged. */
export function errorMiddleware(log: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next()
    } catch (err) {
      if (err instanceof AppError) {
        ctx.status = err.status
        ctx.body = body(err.id, err.message, err.field)
        return
      }
      const e = err as { status?: number; expose?: boolean; message?: string }
      const status = typeof e.status === 'number' && e.status >= 400 && e.status < 600 ? e.status : 500
      if (status < 500) {
        ctx.status = status
        ctx.body = body(`http.${status}`, e.expose && e.message ? e.message : 'bad request')
        return
      }
      log.error({ err, path: ctx.path, method: ctx.method }, 'request failed')
      ctx.status = 500
      ctx.body = body('internal', 'internal error')
    }
  }
}
