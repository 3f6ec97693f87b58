import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PositionSample } from '../../../../../server/contracts'
import { cacheKeys, streams } from '../../../../../server/platform/bus/bus'
import { MemoryBus } from '../../../../../server/platform/bus/memory-bus'
import type { Db } from '../../../../../server/platform/db/db'
import { createLogger } from '../../../../../server/platform/logger'
import { startPositionWriter } from '../../../../../server/modules/tags/positions.writer'

const sample = (tag: string, t: string, lon: number): PositionSample => ({
  tag_id: tag,
  t,
  lon,
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
    expect(cache.A!.lon).toBe(1)
    expect(cache.B!.lon).toBe(3)
    await bus.publish(streams.positions, { stored: true, samples: [sample('A', '2026-11-29T00:00:11Z', 4)] })
    await vi.waitFor(async () =>
      expect((await bus.getLatest<PositionSample>(cacheKeys.latestPositions)).A!.lon).toBe(4),
    )
  })
})
