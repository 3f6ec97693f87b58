import type {
  Collector,
  LatestReading,
  ReadingsQuery,
  ReadingsSeries,
  ReadingValue,
  RejectionCounters,
  RejectionsQuery,
  RejectionsReport,
} from '../../contracts'
import type { Bus } from '../../platform/bus/bus'
import type { Db, DbScope } from '../../platform/db/db'
import { errors } from '../../platform/http/errors'
import { listChannels, listCollectors } from './collectors.repository'
import { liveKeys } from './live-keys'
import { bucketReadings, findSensor, rawReadings } from './readings.repository'
import { listRejections } from './rejections.repository'

/** Counters not refreshed for this long belong to a stopped listener (they refresh every 30 s). */
const staleCountersMs = 120_000

/** Raw points returned at most per request; a longer answer says `truncated` (ask a coarser step). */
export const maxRawPoints = 20_000

/** Read side of the environmental data path. Every query runs in the caller's scope: RLS decides. */
export class EnvironmentService {
  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
  ) {}

  async readings(scope: DbScope, sensorId: string, query: ReadingsQuery): Promise<ReadingsSeries> {
    const { step, kind, from, to } = query
    return this.db.tx(scope, async (q) => {
      const sensor = await findSensor(q, sensorId)
      // another enterprise's sensor does not exist for this user (404, not 403)
      if (!sensor) throw errors.notFound('sensor', sensorId)
      const range = { sensorId, kind, from, to }
      const head = { sensor, kind, from: new Date(from).toISOString(), to: new Date(to).toISOString() }
      if (step !== 'raw') return { ...head, step, buckets: await bucketReadings(q, range, step) }
      const points = await rawReadings(q, range, maxRawPoints + 1)
      return { ...head, step, points: points.slice(0, maxRawPoints), truncated: points.length > maxRawPoints }
    })
  }

  collectors(scope: DbScope): Promise<Collector[]> {
    return this.db.tx(scope, listCollectors)
  }

  /** Latest live value of every channel the caller may see (live cache, filled by the ingest). */
  async latest(scope: DbScope): Promise<LatestReading[]> {
    const [channels, cache] = await Promise.all([
      this.db.tx(scope, listChannels),
      this.bus.getLatest<ReadingValue>(liveKeys.readings),
    ])
    return channels.map((c) => ({ ...c, last: cache[c.sensor_id] ?? null }))
  }

  async rejections(scope: DbScope, query: RejectionsQuery): Promise<RejectionsReport> {
    const [rows, cache] = await Promise.all([
      this.db.tx(scope, (q) => listRejections(q, query.protocol, query.limit)),
      this.bus.getLatest<RejectionCounters>(liveKeys.ingestRejections),
    ])
    const fresh = Date.now() - staleCountersMs
    const counters = Object.values(cache)
      .filter((c) => Date.parse(c.updated_at) >= fresh && (!query.protocol || c.protocol === query.protocol))
      .sort((a, b) => `${a.protocol}@${a.node}`.localeCompare(`${b.protocol}@${b.node}`))
    return { counters, rows }
  }
}
