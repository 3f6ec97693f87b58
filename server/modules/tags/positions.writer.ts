import type { PositionSample } from '../../contracts'
import { cacheKeys, streams, type Bus, type Subscription } from '../../platform/bus/bus'
import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { isTransientDbError } from '../../platform/db/errors'
import { PositionFilter, type FilterCounts, type PositionFilterOptions } from './position-filter'
import { insertPositions } from './tags.repository'

export interface PositionBatch {
  samples: PositionSample[]
  /**
   * Already in the database: ingest that answers devices only after commit (JT/T 808) stores first
   * and publishes afterwards; the writer then only filters what goes live.
   */
  stored?: boolean
}

export interface PositionWriterOptions {
  filter?: Partial<PositionFilterOptions>
  /** where accepted samples are published (default streams.positionsAccepted) */
  acceptedStream?: string
}

export interface PositionWriter extends Subscription {
  /** filter verdicts since start */
  counts(): FilterCounts
}

/**
 * Worker: filters position batches from the bus (position-filter.ts), stores what is accepted or late in
 * PostGIS (unless already stored), updates the live cache with accepted samples and publishes them on
 * `positions.accepted` for realtime and zones. Stream entries are acknowledged only after all of that (a
 * crash before redelivers them: the filter is rolled back and the natural key drops what was stored).
 */
export function startPositionWriter(
  db: Db,
  bus: Bus,
  log: Logger,
  consumer: string,
  opts: PositionWriterOptions = {},
): PositionWriter {
  const filter = new PositionFilter(opts.filter)
  const acceptedStream = opts.acceptedStream ?? streams.positionsAccepted
  const sub = bus.consume<PositionBatch>(
    streams.positions,
    'position-writer',
    consumer,
    async (entries) => {
      const stored = new Set<PositionSample>()
      const samples: PositionSample[] = []
      for (const e of entries)
        for (const s of e.payload.samples ?? []) {
          samples.push(s)
          if (e.payload.stored) stored.add(s)
        }
      const judged = filter.judge(samples)
      try {
        const toStore = judged.results
          .filter((r) => (r.verdict === 'accepted' || r.verdict === 'late') && !stored.has(r.sample))
          .map((r) => r.sample)
        const accepted = judged.results.filter((r) => r.verdict === 'accepted').map((r) => r.sample)
        if (toStore.length) await db.tx(systemScope, (q) => insertPositions(q, toStore))
        // latest per tag: a sample replaces the cached one only if it is newer (another writer, or a
        // sample with another UTC offset, must not move a tag back)
        const latest = new Map<string, PositionSample>()
        for (const s of accepted) {
          const prev = latest.get(s.tag_id)
          if (!prev || Date.parse(prev.t) < Date.parse(s.t)) latest.set(s.tag_id, s)
        }
        const cached = await bus.getLatestFields<PositionSample>(cacheKeys.latestPositions, [
          ...latest.keys(),
        ])
        for (const [id, s] of latest) {
          const c = cached[id]
          if (c && Date.parse(c.t) >= Date.parse(s.t)) latest.delete(id)
        }
        if (latest.size) await bus.setLatest(cacheKeys.latestPositions, Object.fromEntries(latest))
        if (accepted.length) await bus.publish(acceptedStream, { samples: accepted })
      } catch (err) {
        judged.rollback()
        log.error({ err, n: samples.length }, 'position batch not stored; will retry')
        throw err
      }
    },
    {
      batch: 50,
      isTransient: isTransientDbError,
      onDeadLetter: (entry, err) => log.error({ err, entry: entry.id }, 'position batch dead-lettered'),
    },
  )
  return { stop: () => sub.stop(), counts: () => ({ ...filter.counts }) }
}
