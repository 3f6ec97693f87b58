import Router from '@koa/router'
import { z } from 'zod'
import { stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse } from '../../platform/http/validate'
import type { Db } from '../../platform/db/db'
import * as repo from './weather.repository'

const stationId = /^[A-Za-z0-9_-]{1,64}$/
const observationsQuery = z.strictObject({
  /** from this instant on (ISO 8601); default the last 24 hours */
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1440).default(120),
})

/**
 * /api/v1/weather (气象站): every signed-in account reads the park's weather stations — the newest observation of
 * each (GET /stations, what an incident declared with `{ source: 'station' }` takes) and a station's recent
 * observations (GET /stations/:id/observations, oldest first).
 */
export function weatherRoutes(db: Db, clock: () => number = Date.now) {
  const router = new Router({ prefix: '/api/v1/weather' })
  router.get('/stations', async (ctx) => {
    ctx.body = await db.tx(stateOf(ctx).scope, (q) => repo.latestOfStations(q))
  })
  router.get('/stations/:id/observations', async (ctx) => {
    const id = String(ctx.params.id ?? '')
    if (!stationId.test(id)) throw errors.notFound('weather_station', id.slice(0, 64))
    const q = parse(observationsQuery, ctx.query)
    const since = q.since ? new Date(q.since).toISOString() : new Date(clock() - 24 * 3_600_000).toISOString()
    const rows = await db.tx(stateOf(ctx).scope, async (tx) => {
      if (!(await repo.stationExists(tx, id))) throw errors.notFound('weather_station', id)
      return repo.stationObservations(tx, id, since, q.limit)
    })
    ctx.body = rows
  })
  return router
}
