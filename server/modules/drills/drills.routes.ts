import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import { drillActionBody, drillControl, drillReportFormat, drillRunStartBody } from '../../contracts/drills'
import { stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import type { DrillsService } from './drills.service'

/** Parses a body; a failure is a 400 that lists every reason (field: message; …) and names the first field. */
async function body<S extends z.ZodType>(ctx: Context, schema: S) {
  const r = schema.safeParse(await readJson(ctx))
  if (r.success) return r.data as z.output<S>
  const issues = r.error.issues
  const reasons = issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
  const field = issues[0]!.path.length ? issues[0]!.path.join('.') : undefined
  throw errors.validation(reasons.join('; '), field)
}

const actor = (ctx: Context) => ({ scope: stateOf(ctx).scope, username: stateOf(ctx).user.username })

/**
 * /api/v1/drills: the drill scripts, and runs of them with a server-kept clock. Every signed-in account reads;
 * the read-only screen cannot start, steer or end a run (requireSession refuses its POSTs). Enterprise accounts
 * see and run only drills at their own assets (row-level security on assets and drill_runs).
 */
export function drillsRoutes(svc: DrillsService) {
  const router = new Router({ prefix: '/api/v1/drills' })

  router.get('/', (ctx) => {
    ctx.body = svc.list()
  })
  router.get('/runs', async (ctx) => {
    ctx.body = await svc.runs(stateOf(ctx).scope)
  })
  router.get('/runs/:run', async (ctx) => {
    ctx.body = await svc.get(stateOf(ctx).scope, ctx.params.run!)
  })
  router.get('/runs/:run/zones', async (ctx) => {
    ctx.body = await svc.zones(stateOf(ctx).scope, ctx.params.run!)
  })
  router.post('/runs/:run/control', async (ctx) => {
    ctx.body = await svc.control(stateOf(ctx).scope, ctx.params.run!, await body(ctx, drillControl))
  })
  router.post('/runs/:run/actions', async (ctx) => {
    ctx.status = 201
    ctx.body = await svc.action(actor(ctx), ctx.params.run!, await body(ctx, drillActionBody))
  })
  router.post('/runs/:run/end', async (ctx) => {
    ctx.body = await svc.end(stateOf(ctx).scope, ctx.params.run!)
  })
  router.get('/runs/:run/report', async (ctx) => {
    const f = drillReportFormat.safeParse(ctx.query.format ?? 'json')
    if (!f.success) throw errors.validation('format: md, csv or json', 'format')
    const r = await svc.report(stateOf(ctx).scope, ctx.params.run!, f.data)
    ctx.type = r.type
    if (f.data !== 'json')
      ctx.set('content-disposition', `attachment; filename="drill-${ctx.params.run}.${f.data}"`)
    ctx.body = r.body
  })
  // the script last: '/runs' is not a drill id
  router.get('/:id', (ctx) => {
    ctx.body = svc.script(ctx.params.id!)
  })
  router.post('/:id/runs', async (ctx) => {
    ctx.status = 201
    ctx.body = await svc.start(actor(ctx), ctx.params.id!, await body(ctx, drillRunStartBody))
  })
  return router
}
