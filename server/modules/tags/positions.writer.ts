import type { PositionSample } from '../../contracts'
import { cacheKeys, streams, type Bus, type Subscription } from '../../platform/bus/bus'
import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { isTransientDbError } from '../../platform/db/errors'
import { insertPositions } from './tags.repository'

export interface PositionBatch {
  samples: PositionSample[]
  /**
   * Already in the database: ingest that answers devices only after commit (JT/T 808) stores first
   * and publishes afterwards; the writer then only refreshes the live cache.
   */
  stored?: boolean
}

/**
 * Worker: stores position batches from the bus in PostGIS (unless marked stored), then updates the
 * live cache; the stream entries are acknowledged only after both (a crash before that redelivers
 * them, and the natural key drops what was already stored).
 */
export function startPositionWriter(db: Db, bus: Bus, log: Logger, consumer: string): Subscription {
  return bus.consume<PositionBatch>(
    streams.positions,
    'position-writer',
    consumer,
    async (entries) => {
      const samples = entries.flatMap((e) => e.payload.samples ?? [])
      const toStore = entries.filter((e) => !e.payload.stored).flatMap((e) => e.payload.samples ?? [])
      try {
        if (toStore.length) await db.tx(systemScope, (q) => insertPositions(q, toStore))
      } catch (err) {
        log.error({ err, n: toStore.length }, 'position batch not stored; will retry')
        throw err
      }
      // latest per tag: a sample replaces the cached one only if it is newer (a late 0x0704 catch-up
      // or a redelivered entry must not move a tag back)
      const latest = new Map<string, PositionSample>()
      for (const s of samples) {
        const prev = latest.get(s.tag_id)
        if (!prev || Date.parse(prev.t) < Date.parse(s.t)) latest.set(s.tag_id, s)
      }
      const cached = await bus.getLatestFields<PositionSample>(cacheKeys.latestPositions, [...latest.keys()])
      for (const [id, s] of latest) {
        const c = cached[id]
        if (c && Date.parse(c.t) >= Date.parse(s.t)) latest.delete(id)
      }
      if (latest.size) await bus.setLatest(cacheKeys.latestPositions, Object.fromEntries(latest))
    },
    {
      batch: 50,
      isTransient: isTransientDbError,
      onDeadLetter: (entry, err) => log.error({ err, entry: entry.id }, 'position batch dead-lettered'),
    },
  )
}
