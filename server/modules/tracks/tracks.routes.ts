import { Readable } from 'node:stream'
import Router from '@koa/router'
import type { Context } from 'koa'
import {
  exportFormatQuery,
  replayQuery,
  tagIdParam,
  tagZonesQuery,
  trackQuery,
  tripsQuery,
  zoneVisitsQuery,
} from '../../contracts/tracks'
import { zoneIdParam } from '../../contracts/zones'
import type { Db } from '../../platform/db/db'
import { stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse } from '../../platform/http/validate'
import { attachmentHeader, csvChunks } from './csv-writer'
import { tagZonesCsv, trackCsv, tripsCsv, zoneVisitsCsv, type CsvTable } from './tracks.csv'
import { TracksService } from './tracks.service'
import { VisitsService } from './visits.service'

/**
 * Trajectory reads (closed-area.md, "trips and stops", "reports", "replay"):
 *   GET /api/v1/tags/:id/track?from&to&simplify=<m>   GeoJSON LineString with per-vertex times and speeds
 *   GET /api/v1/tags/:id/trips?from&to[&options]      trips and stops (Traccar defaults)
 *   GET /api/v1/tags/:id/zones?from&to                time in each zone (visits, total, first enter, last exit)
 *   GET /api/v1/zones/:id/visits?from&to              each visit of the zone, with totals per tag kind
 *   GET /api/v1/replay?from&to&tags=a,b|kind=…         columnar, delta-encoded tracks of many tags (≤ 1 h)
 * The first four also answer CSV (`format=csv`, or `Accept: text/csv` without `format`).
 * Row-level security limits an enterprise account to what it may see; an unseen tag or zone is a 404.
 */
export function tracksRoutes(db: Db, service = new TracksService(db), visits = new VisitsService(db)) {
  const router = new Router({ prefix: '/api/v1' })
  const tagId = (raw: string | undefined) => {
    const id = raw ?? ''
    if (!tagIdParam.safeParse(id).success) throw errors.notFound('tag', id.slice(0, 64))
    return id
  }
  router.get('/tags/:id/track', async (ctx) => {
    const id = tagId(ctx.params.id)
    const csv = wantsCsv(ctx)
    const q = parse(trackQuery, ctx.query)
    const scope = stateOf(ctx).scope
    if (csv) sendCsv(ctx, trackCsv(id, q, await service.trackVertices(scope, id, q)))
    else ctx.body = await service.track(scope, id, q)
  })
  router.get('/tags/:id/trips', async (ctx) => {
    const id = tagId(ctx.params.id)
    const csv = wantsCsv(ctx)
    const report = await service.trips(stateOf(ctx).scope, id, parse(tripsQuery, ctx.query))
    if (csv) sendCsv(ctx, tripsCsv(report))
    else ctx.body = report
  })
  router.get('/tags/:id/zones', async (ctx) => {
    const id = tagId(ctx.params.id)
    const csv = wantsCsv(ctx)
    const report = await visits.tagZones(stateOf(ctx).scope, id, parse(tagZonesQuery, ctx.query))
    if (csv) sendCsv(ctx, tagZonesCsv(report))
    else ctx.body = report
  })
  router.get('/zones/:id/visits', async (ctx) => {
    const id = ctx.params.id ?? ''
    if (!zoneIdParam.safeParse(id).success) throw errors.notFound('zone', id.slice(0, 64))
    const csv = wantsCsv(ctx)
    const report = await visits.zoneVisits(stateOf(ctx).scope, id, parse(zoneVisitsQuery, ctx.query))
    if (csv) sendCsv(ctx, zoneVisitsCsv(report))
    else ctx.body = report
  })
  router.get('/replay', async (ctx) => {
    ctx.body = await service.replay(stateOf(ctx).scope, parse(replayQuery, ctx.query))
  })
  return router
}

/** `format=csv|json` decides; without it, an Accept header that prefers text/csv over JSON. */
function wantsCsv(ctx: Context): boolean {
  const { format } = parse(exportFormatQuery, { format: ctx.query.format })
  if (format) return format === 'csv'
  return ctx.accepts('application/json', 'text/csv') === 'text/csv'
}

function sendCsv(ctx: Context, t: CsvTable): void {
  ctx.set('Content-Disposition', attachmentHeader(t.filename))
  ctx.set('Cache-Control', 'private, no-store')
  ctx.type = 'text/csv; charset=utf-8'
  ctx.body = Readable.from(csvChunks(t.header, t.rows))
}
