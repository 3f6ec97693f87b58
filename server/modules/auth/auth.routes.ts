import Router from '@koa/router'
import { loginBody } from '../../contracts/auth'
import { sessionCookie } from '../../platform/auth/sessions'
import { RateLimiter } from '../../platform/auth/rate-limit'
import { errors } from '../../platform/http/errors'
import { parseBody } from '../../platform/http/validate'
import { stateOf } from '../../platform/http/auth-middleware'
import { audit } from '../../platform/audit'
import type { Db } from '../../platform/db/db'
import type { SessionStore } from '../../platform/auth/sessions'
import type { AuthService } from './auth.service'

/** Public routes: sign in. */
export function publicAuthRoutes(auth: AuthService, opts: { secureCookie: boolean; maxAgeMin: number }) {
  const router = new Router({ prefix: '/api/v1/auth' })
  const perIp = new RateLimiter(30, 60_000)
  router.post('/login', async (ctx) => {
    if (!perIp.take(ctx.ip)) throw errors.rateLimited()
    const body = await parseBody(ctx, loginBody)
    const { token, me } = await auth.login(
      body.username,
      body.password,
      ctx.ip,
      ctx.get('user-agent') || null,
    )
    ctx.cookies.set(sessionCookie, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secureCookie,
      maxAge: opts.maxAgeMin * 60_000,
      overwrite: true,
    })
    ctx.body = me
  })
  return router
}

/** Session routes: who am I, sign out. */
export function sessionAuthRoutes(db: Db, sessions: SessionStore) {
  const router = new Router({ prefix: '/api/v1' })
  router.get('/me', (ctx) => {
    const { sessionId: _s, ...me } = stateOf(ctx).user
    ctx.body = me
  })
  router.post('/auth/logout', async (ctx) => {
    const { user } = stateOf(ctx)
    await sessions.destroy(user.sessionId)
    await audit(db, {
      userId: user.id,
      username: user.username,
      action: 'auth.logout',
      result: 'ok',
      ip: ctx.ip,
    })
    ctx.cookies.set(sessionCookie, null)
    ctx.status = 204
  })
  return router
}
