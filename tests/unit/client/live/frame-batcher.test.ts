import { describe, expect, it } from 'vitest'
import type { PositionSample } from '../../../../server/contracts'
import { FrameBatcher, isNewer, mergeNewest } from '../../../../client/live/frame-batcher'

const sample = (tag_id: string, second: number, lon = 120.95): PositionSample => ({
  tag_id,
  t: new Date(Date.UTC(2026, 0, 1, 8, 0, second)).toISOString(),
  lon,
  lat: 31.95,
  speed_kmh: 20,
  heading_deg: 90,
  source: 'test',
})

describe('mergeNewest', () => {
  it('keeps the newest sample per tag, whatever the arrival order', () => {
    const into = new Map<string, PositionSample>()
    expect(mergeNewest(into, [sample('a', 2), sample('b', 1), sample('a', 1)])).toBe(2)
    expect(into.get('a')?.t).toBe(sample('a', 2).t)
    expect(into.size).toBe(2)
  })

  it('lets a later arrival with the same time win', () => {
    expect(isNewer(sample('a', 1, 121), sample('a', 1, 120))).toBe(true)
    expect(isNewer(sample('a', 0), sample('a', 1))).toBe(false)
    expect(isNewer(sample('a', 0), null)).toBe(true)
  })
})

describe('FrameBatcher', () => {
  function setup() {
    const delivered: ReadonlyMap<string, PositionSample>[] = []
    const queued: (() => void)[] = []
    const batcher = new FrameBatcher(
      (b) => delivered.push(b),
      (flush) => queued.push(flush),
    )
    return { batcher, delivered, queued }
  }

  it('coalesces many frames into one batch with one entry per tag', () => {
    const { batcher, delivered, queued } = setup()
    batcher.push({ samples: [sample('a', 1), sample('b', 1)] })
    batcher.push({ samples: [sample('a', 2)] })
    batcher.push({ samples: [sample('a', 3), sample('c', 3)] })
    expect(queued).toHaveLength(1) // scheduled once
    expect(delivered).toHaveLength(0)
    queued.shift()!()
    expect(delivered).toHaveLength(1)
    const batch = delivered[0]!
    expect([...batch.keys()].sort()).toEqual(['a', 'b', 'c'])
    expect(batch.get('a')?.t).toBe(sample('a', 3).t)
    expect(batcher.pendingCount).toBe(0)
  })

  it('schedules again after a flush and ignores empty frames', () => {
    const { batcher, delivered, queued } = setup()
    batcher.push({ samples: [] })
    expect(queued).toHaveLength(0)
    batcher.push({ samples: [sample('a', 1)] })
    queued.shift()!()
    batcher.push({ samples: [sample('a', 2)] })
    expect(queued).toHaveLength(1)
    queued.shift()!()
    expect(delivered.map((b) => b.get('a')?.t)).toEqual([sample('a', 1).t, sample('a', 2).t])
  })

  it('a flush with nothing pending delivers nothing', () => {
    const { batcher, delivered } = setup()
    batcher.flush()
    expect(delivered).toHaveLength(0)
  })
})
