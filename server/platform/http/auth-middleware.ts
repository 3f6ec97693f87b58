import type { Context, Next } from 'koa'
import type { Role } from '../../contracts/auth'
import type { DbScope } from '../db/db'
import { scopeOf, sessionCookie, type SessionStore, type SessionUser } from '../auth/sessions'
import { errors } from './errors'

export interface AppState {
  user: SessionUser
  scope: DbScope
}

export const stateOf = (ctx: Context) => ctx.state as AppState

/** Every /api/v1 route but login and health needs a session; `screen` accounts never write. */
export function requireSession(sessions: SessionStore) {
  return async (ctx: Context, next: Next) => {
    const user = await sessions.resolve(ctx.cookies.get(sessionCookie))
    if (!user) throw errors.unauthenticated()
    if (
      user.role === 'screen' &&
      !['GET', 'HEAD', 'OPTIONS'].includes(ctx.method) &&
      ctx.path !== '/api/v1/auth/logout'
    )
      throw errors.readOnly()
    ctx.state.user = user
    ctx.state.scope = scopeOf(user)
    await next()
  }
}

export function requireRole(...roles: Role[]) {
  return async (ctx: Context, next: Next) => {
    if (!roles.includes(stateOf(ctx).user.role)) throw errors.forbidden()
    await next()
  }
}
