import Router from '@koa/router'
import {
  assignTagBody,
  bookingId,
  bookingsQuery,
  cancelBookingBody,
  newBookingBody,
} from '../../contracts/bookings'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse, parseBody } from '../../platform/http/validate'
import type { BookingsService } from './bookings.service'

/** Park staff and enterprise accounts write; the screen reads (requireSession refuses its writes anyway). */
const writer = requireRole('park_admin', 'operator', 'enterprise_user')

/** /api/v1/bookings: hazmat vehicle bookings (危化品车辆预约). Reads in the caller's scope (RLS). */
export function bookingsRoutes(svc: BookingsService) {
  const router = new Router({ prefix: '/api/v1/bookings' })
  const idOf = (id: string | undefined) => {
    if (!id || !bookingId.safeParse(id).success) throw errors.notFound('booking', (id ?? '').slice(0, 64))
    return id
  }
  router.get('/', async (ctx) => {
    ctx.body = await svc.list(stateOf(ctx).scope, parse(bookingsQuery, ctx.query))
  })
  router.post('/', writer, async (ctx) => {
    const body = await parseBody(ctx, newBookingBody)
    ctx.body = await svc.create(stateOf(ctx), body, ctx.ip)
    ctx.status = 201
  })
  router.get('/:id', async (ctx) => {
    ctx.body = await svc.get(stateOf(ctx).scope, idOf(ctx.params.id))
  })
  router.post('/:id/approve', writer, async (ctx) => {
    const id = idOf(ctx.params.id)
    ctx.body = await svc.approve(stateOf(ctx), id, ctx.ip)
  })
  router.post('/:id/cancel', writer, async (ctx) => {
    const id = idOf(ctx.params.id)
    ctx.body = await svc.cancel(stateOf(ctx), id, await parseBody(ctx, cancelBookingBody), ctx.ip)
  })
  router.post('/:id/enter', writer, async (ctx) => {
    const id = idOf(ctx.params.id)
    ctx.body = await svc.enter(stateOf(ctx), id, ctx.ip)
  })
  router.post('/:id/complete', writer, async (ctx) => {
    const id = idOf(ctx.params.id)
    ctx.body = await svc.complete(stateOf(ctx), id, ctx.ip)
  })
  router.put('/:id/tag', writer, async (ctx) => {
    const id = idOf(ctx.params.id)
    ctx.body = await svc.assignTag(stateOf(ctx), id, await parseBody(ctx, assignTagBody), ctx.ip)
  })
  return router
}
