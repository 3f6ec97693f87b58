import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import {
  ackBody,
  alarmClearBody,
  alarmCommentBody,
  alarmListQuery,
  optionalReasonBody,
  outOfServiceBody,
  shelveBody,
} from '../../contracts/alarms'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse, parseBody } from '../../platform/http/validate'
import type { AlarmQueries } from './alarms.queries'
import type { AlarmsService } from './alarms.service'
import type { Actor } from './lifecycle'

const alarmId = /^[1-9][0-9]{0,17}$/

function idOf(ctx: Context): string {
  const id = ctx.params.id ?? ''
  if (!alarmId.test(id)) throw errors.notFound('alarm', id.slice(0, 32))
  return id
}

/** Bodies are optional where every field is: no body (or no JSON type) reads as {}. */
async function optionalBody<S extends z.ZodType>(ctx: Context, schema: S): Promise<z.output<S>> {
  if (!ctx.request.length && !ctx.is('application/json')) return parse(schema, {})
  return parseBody(ctx, schema)
}

const actorOf = (ctx: Context): Actor => {
  const { user } = stateOf(ctx)
  return { kind: 'user', id: user.id, username: user.username, role: user.role }
}

/**
 * /api/v1/alarms: thin routes (validate → authorise → act → present). Reads and acknowledgement for every
 * signed-in role that can see the alarm (row-level security); shelving for park admins and operators,
 * removal from service for park admins (ISA-18.2); comments for every role that sees the alarm; manual clear
 * for park admins and operators, only once the condition is gone (or for latched system alarms). Screen
 * accounts are read-only globally.
 */
export function alarmsRoutes(alarms: AlarmsService, queries: AlarmQueries) {
  const router = new Router({ prefix: '/api/v1/alarms' })
  const shelvers = requireRole('park_admin', 'operator')
  const admins = requireRole('park_admin')

  router.get('/', async (ctx) => {
    ctx.body = await queries.list(stateOf(ctx).scope, parse(alarmListQuery, ctx.query))
  })
  router.get('/flood', async (ctx) => {
    ctx.body = await queries.floodStates(stateOf(ctx).scope)
  })
  router.get('/:id', async (ctx) => {
    ctx.body = await queries.get(stateOf(ctx).scope, idOf(ctx))
  })
  router.post('/:id/ack', async (ctx) => {
    const id = idOf(ctx)
    const { reason } = await optionalBody(ctx, ackBody)
    ctx.body = await alarms.act(stateOf(ctx), id, { type: 'acknowledge', by: actorOf(ctx), reason }, ctx.ip)
  })
  router.post('/:id/shelve', shelvers, async (ctx) => {
    const id = idOf(ctx)
    const { until, reason } = await parseBody(ctx, shelveBody)
    const ev = { type: 'shelve' as const, by: actorOf(ctx), until: Date.parse(until), reason }
    ctx.body = await alarms.act(stateOf(ctx), id, ev, ctx.ip)
  })
  router.post('/:id/unshelve', shelvers, async (ctx) => {
    const id = idOf(ctx)
    const { reason } = await optionalBody(ctx, optionalReasonBody)
    ctx.body = await alarms.act(stateOf(ctx), id, { type: 'unshelve', by: actorOf(ctx), reason }, ctx.ip)
  })
  // any role that can see the alarm (screen accounts are read-only: requireSession refuses their POSTs)
  router.post('/:id/comments', async (ctx) => {
    const id = idOf(ctx)
    const { text } = await parseBody(ctx, alarmCommentBody)
    ctx.status = 201
    ctx.body = await alarms.comment(stateOf(ctx), id, text, ctx.ip)
  })
  router.post('/:id/clear', shelvers, async (ctx) => {
    const id = idOf(ctx)
    const { reason } = await parseBody(ctx, alarmClearBody)
    // latched is decided by the service from the alarm's source
    const ev = { type: 'clear' as const, by: actorOf(ctx), reason, latched: false }
    ctx.body = await alarms.act(stateOf(ctx), id, ev, ctx.ip)
  })
  router.post('/:id/out-of-service', admins, async (ctx) => {
    const id = idOf(ctx)
    const { reason } = await parseBody(ctx, outOfServiceBody)
    const ev = { type: 'remove_from_service' as const, by: actorOf(ctx), reason }
    ctx.body = await alarms.act(stateOf(ctx), id, ev, ctx.ip)
  })
  router.post('/:id/return-to-service', admins, async (ctx) => {
    const id = idOf(ctx)
    const { reason } = await optionalBody(ctx, optionalReasonBody)
    ctx.body = await alarms.act(
      stateOf(ctx),
      id,
      { type: 'return_to_service', by: actorOf(ctx), reason },
      ctx.ip,
    )
  })
  return router
}
