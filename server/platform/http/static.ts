import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Context, Next } from 'koa'
import serve from 'koa-static'

/** Serves the built client; unknown non-API paths fall back to index.html (hash routing needs little). */
export function staticClient(dir: string) {
  const files = serve(dir, { index: 'index.html', maxage: 0, gzip: false })
  return async (ctx: Context, next: Next) => {
    if (ctx.path.startsWith('/api/') || ctx.path.startsWith('/socket.io')) return next()
    await files(ctx, next)
    if (
      ctx.status === 404 &&
      ctx.method === 'GET' &&
      existsSync(join(dir, 'index.html')) &&
      !ctx.path.includes('.')
    ) {
      ctx.path = '/'
      await files(ctx, next)
    }
  }
}

export async function securityHeaders(ctx: Context, next: Next) {
  await next()
  ctx.set('X-Content-Type-Options', 'nosniff')
  ctx.set('X-Frame-Options', 'DENY')
  ctx.set('Referrer-Policy', 'same-origin')
  ctx.set('Content-Security-Policy', "frame-ancestors 'none'; object-src 'none'; base-uri 'self'")
  if (ctx.path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store')
}
