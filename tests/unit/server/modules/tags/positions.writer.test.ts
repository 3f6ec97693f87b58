import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PositionSample } from '../../../../../server/contracts'
import { cacheKeys, streams } from '../../../../../server/platform/bus/bus'
import { MemoryBus } from '../../../../../server/platform/bus/memory-bus'
import type { Db } from '../../../../../server/platform/db/db'
import { createLogger } from '../../../../../server/platform/logger'
import { startPositionWriter } from '../../../../../server/modules/tags/positions.writer'

// `k` moves the sample a few metres east: distinct, and never an impossible jump
const sample = (tag: string, t: string, k: number): PositionSample => ({
  tag_id: tag,
  t,
  lon: 118.8 + k * 1e-5,
  lat: 31.95,
  speed_kmh: 10,
  heading_deg: 90,
  source: 'jt808',
})

// Batches marked `stored` never touch the database (the ingest stored them before answering the
// device), so the live-cache rule is tested here on its own; storage is in the integration suites.
const noDatabase = {} as Db

describe('position writer live cache', () => {
  let stop: (() => Promise<void>) | null = null
  afterEach(async () => {
    await stop?.()
  })

  it('keeps the newest sample per tag, whatever order batches arrive in and whatever the offset', async () => {
    const bus = new MemoryBus()
    stop = startPositionWriter(noDatabase, bus, createLogger('silent'), 't').stop
    await bus.publish(streams.positions, {
      stored: true,
      samples: [sample('A', '2026-11-29T08:00:10+08:00', 1)],
    })
    await vi.waitFor(async () => expect(await bus.getLatest(cacheKeys.latestPositions)).toHaveProperty('A'))
    // a late catch-up batch: older in absolute time although its UTC string sorts higher
    await bus.publish(streams.positions, {
      stored: true,
      samples: [sample('A', '2026-11-29T00:00:05Z', 2), sample('B', '2026-11-29T00:00:05Z', 3)],
    })
    await vi.waitFor(async () => expect(await bus.getLatest(cacheKeys.latestPositions)).toHaveProperty('B'))
    const cache = await bus.getLatest<PositionSample>(cacheKeys.latestPositions)
    expect(cache.A!.lon).toBe(sample('A', '', 1).lon)
    expect(cache.B!.lon).toBe(sample('B', '', 3).lon)
    await bus.publish(streams.positions, { stored: true, samples: [sample('A', '2026-11-29T00:00:11Z', 4)] })
    await vi.waitFor(async () =>
      expect((await bus.getLatest<PositionSample>(cacheKeys.latestPositions)).A!.lon).toBe(
        sample('A', '', 4).lon,
      ),
    )
  })

  it('publishes only accepted samples on positions.accepted: no jump, no duplicate, no late sample', async () => {
    const bus = new MemoryBus()
    const writer = startPositionWriter(noDatabase, bus, createLogger('silent'), 't')
    stop = writer.stop
    const seen: PositionSample[] = []
    const tail = bus.tail<{ samples: PositionSample[] }>(streams.positionsAccepted, (entries) => {
      for (const e of entries) seen.push(...e.payload.samples)
    })
    try {
      await bus.publish(streams.positions, {
        stored: true,
        samples: [
          sample('A', '2026-11-29T00:00:10Z', 0),
          sample('A', '2026-11-29T00:00:10Z', 0), // duplicate
          { ...sample('A', '2026-11-29T00:00:11Z', 0), lon: 119.8 }, // 95 km in 1 s
          sample('A', '2026-11-29T00:00:12Z', 1),
        ],
      })
      // an older sample in a later batch (within one batch, samples are taken in time order)
      await bus.publish(streams.positions, {
        stored: true,
        samples: [sample('A', '2026-11-29T00:00:09Z', 2)],
      })
      await vi.waitFor(() => expect(writer.counts().late).toBe(1))
      expect(seen.map((s) => s.t)).toEqual(['2026-11-29T00:00:10Z', '2026-11-29T00:00:12Z'])
      expect(writer.counts()).toMatchObject({ accepted: 2, duplicate: 1, jump: 1, late: 1 })
    } finally {
      await tail.stop()
    }
  })
})
