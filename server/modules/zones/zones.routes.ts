import Router from '@koa/router'
import { zoneEventsQuery, zoneIdParam } from '../../contracts/zones'
import type { Db } from '../../platform/db/db'
import { stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse } from '../../platform/http/validate'
import { listZoneEvents, zoneOccupants, zoneVisible } from './zones.repository'

/**
 * Geofence reads: who is inside a zone now and the zone-event log. Both come from `zone_events` (written by
 * the geofence worker), so every web node answers the same; row-level security limits an enterprise to
 * events of its own tags and zones.
 */
export function zonesRoutes(db: Db) {
  const router = new Router({ prefix: '/api/v1' })
  router.get('/zones/:id/occupants', async (ctx) => {
    const id = ctx.params.id ?? ''
    if (!zoneIdParam.safeParse(id).success) throw errors.notFound('zone', id.slice(0, 64))
    ctx.body = await db.tx(stateOf(ctx).scope, async (q) => {
      if (!(await zoneVisible(q, id))) throw errors.notFound('zone', id)
      return zoneOccupants(q, id)
    })
  })
  router.get('/zone-events', async (ctx) => {
    const query = parse(zoneEventsQuery, ctx.query)
    ctx.body = await db.tx(stateOf(ctx).scope, (q) => listZoneEvents(q, query))
  })
  return router
}
