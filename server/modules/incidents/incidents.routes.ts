import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import {
  closeBody,
  declareBody,
  incidentListQuery,
  maxAgeQuery,
  musterQuery,
  noteBody,
  weatherPatchBody,
} from '../../contracts/incidents'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse, readJson } from '../../platform/http/validate'
import type { IncidentsService } from './incidents.service'

/** Parses a body; a failure is a 400 that lists every reason (field: message; …) and names the first field. */
async function body<S extends z.ZodType>(ctx: Context, schema: S) {
  const r = schema.safeParse(await readJson(ctx))
  if (r.success) return r.data as z.output<S>
  const issues = r.error.issues
  const reasons = issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
  const field = issues[0]!.path.length ? issues[0]!.path.join('.') : undefined
  throw errors.validation(reasons.join('; '), field)
}

const id = (ctx: Context) => String(ctx.params.id ?? '')

/**
 * /api/v1/incidents (应急指挥): park staff (park admin, operator) declare, change the weather of, annotate and close
 * incidents; every signed-in account reads the incidents, their zones and the nearest resources; the lists of
 * people (inside, evacuation, muster headcount) and the log are the park's (admin, operator, screen).
 */
export function incidentsRoutes(svc: IncidentsService) {
  const router = new Router({ prefix: '/api/v1/incidents' })
  const staff = requireRole('park_admin', 'operator')
  const park = requireRole('park_admin', 'operator', 'screen')

  router.post('/', staff, async (ctx) => {
    ctx.body = await svc.declare(stateOf(ctx), await body(ctx, declareBody))
    ctx.status = 201
  })
  router.get('/', async (ctx) => {
    const q = parse(incidentListQuery, ctx.query)
    ctx.body = await svc.list(stateOf(ctx).scope, q.status, q.limit)
  })
  router.get('/active', async (ctx) => {
    ctx.body = await svc.list(stateOf(ctx).scope, 'active', 500)
  })
  router.get('/:id', async (ctx) => {
    ctx.body = await svc.get(stateOf(ctx).scope, id(ctx))
  })
  router.patch('/:id/weather', staff, async (ctx) => {
    ctx.body = await svc.changeWeather(stateOf(ctx), id(ctx), await body(ctx, weatherPatchBody))
  })
  router.get('/:id/inside', park, async (ctx) => {
    ctx.body = await svc.inside(stateOf(ctx).scope, id(ctx), parse(maxAgeQuery, ctx.query).max_age_s)
  })
  router.get('/:id/resources', async (ctx) => {
    ctx.body = await svc.resources(stateOf(ctx).scope, id(ctx))
  })
  router.get('/:id/evacuation', park, async (ctx) => {
    ctx.body = await svc.evacuation(stateOf(ctx).scope, id(ctx), parse(maxAgeQuery, ctx.query).max_age_s)
  })
  router.get('/:id/muster', park, async (ctx) => {
    const q = parse(musterQuery, ctx.query)
    ctx.body = await svc.muster(stateOf(ctx).scope, id(ctx), q.max_age_s, q.radius_m)
  })
  router.get('/:id/log', park, async (ctx) => {
    ctx.body = await svc.timeline(stateOf(ctx).scope, id(ctx))
  })
  router.post('/:id/log', staff, async (ctx) => {
    ctx.body = await svc.note(stateOf(ctx), id(ctx), (await body(ctx, noteBody)).text)
    ctx.status = 201
  })
  router.post('/:id/close', staff, async (ctx) => {
    ctx.body = await svc.close(stateOf(ctx), id(ctx), (await body(ctx, closeBody)).reason)
  })
  return router
}
