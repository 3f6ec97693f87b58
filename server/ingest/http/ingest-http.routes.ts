import Router from '@koa/router'
import { decodeBatch, type DecodePolicy, type ItemRejection } from '../../../sensors/protocols/safety'
import type { SessionStore } from '../../platform/auth/sessions'
import { AppError } from '../../platform/http/errors'
import type { SensorReadingsService } from '../../modules/sensors/sensor-readings.service'
import type { RejectionLog } from '../shared/rejection-log'
import { bodyErrorIds, ingestAuth } from './ingest-auth'

export interface IngestHttpDeps {
  service: SensorReadingsService
  /** devices' bearer token (INGEST_TOKEN, or one generated at start for the in-process simulators); unset: staff sessions only */
  token?: string | undefined
  /** for the session alternative: this router is mounted before the session gate */
  sessions: SessionStore
  /** counts refusals under protocol `http` */
  rejections: RejectionLog
  decode?: Omit<DecodePolicy, 'now'>
  clock?: () => number
}

/** Body of a 200 answer: what was stored, dropped as a duplicate, and refused (by index in `readings`). */
export interface IngestAnswer {
  stored: number
  duplicates: number
  rejected: ItemRejection[]
}

/**
 * POST /api/v1/ingest/readings: the HTTP fallback of the safety-sensor MQTT topics, with the same batch JSON
 * (`{readings: [{sensor, t, v, flag?}]}`, at most 500). Per reading, not all-or-nothing: the valid readings
 * of a batch are stored in one transaction and the others listed in `rejected` with their index and reason;
 * a body that is not such a batch is a 400 and stores nothing. A resent batch stores nothing twice. Auth:
 * `Authorization: Bearer <token>`, or a park_admin / operator session; after 20 failed attempts in a minute a
 * peer gets 429. Mount it among the public routers (before the session gate), so that devices need no session.
 */
export function ingestHttpRoutes(d: IngestHttpDeps): Router {
  const router = new Router()
  const now = d.clock ?? Date.now

  const auth = ingestAuth(d)
  const refuse = auth.refuse

  router.post('/api/v1/ingest/readings', async (ctx) => {
    await auth.authorise(ctx)
    const json = await auth.body(ctx)
    const batch = decodeBatch(json, { ...d.decode, now: now() })
    if (!batch.ok) {
      refuse(ctx, batch)
      throw new AppError(400, bodyErrorIds[batch.reason] ?? 'validation', batch.message)
    }
    const decoded = batch.readings
    const out = await d.service.store(
      decoded.map((r) => r.reading),
      'http',
    )
    for (const r of batch.rejected)
      refuse(ctx, { reason: r.reason, message: `readings[${r.index}]: ${r.message}` })
    const refused = out.rejected.map((r) => {
      const item = decoded[r.index]!
      refuse(ctx, { reason: r.reason, message: `readings[${item.index}]: ${r.message}` }, item.reading.sensor)
      return { ...r, index: item.index }
    })
    const answer: IngestAnswer = {
      stored: out.stored,
      duplicates: out.duplicates,
      rejected: [...batch.rejected, ...refused].sort((a, b) => a.index - b.index),
    }
    ctx.body = answer
  })
  return router
}
