// The shared group committer's weights and backpressure (its grouping, ordering and failure handling are
// covered by tests/unit/server/ingest/hj212/group-commit.test.ts through the HJ 212 re-export).
import { describe, expect, it } from 'vitest'
import { GroupCommitter } from '../../../../../server/ingest/shared/group-commit'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A commit that waits for release() before it returns; records its groups. */
function gated() {
  const groups: number[][] = []
  let open: () => void = () => undefined
  let gate = new Promise<void>((r) => (open = r))
  return {
    groups,
    commit: async (items: number[]) => {
      groups.push([...items])
      await gate
      return items.map((i) => i)
    },
    release() {
      open()
    },
    close() {
      gate = new Promise<void>((r) => (open = r))
    },
  }
}

describe('GroupCommitter (shared): weights', () => {
  it('caps a group by weight, not by item count, and always takes at least one item', async () => {
    const groups: number[][] = []
    const g = new GroupCommitter(
      async (items: number[]) => {
        groups.push([...items])
        return items
      },
      { maxBatch: 10, maxInFlight: 1, weight: (n) => n },
    )
    await Promise.all([4, 4, 4, 30, 1].map((n) => g.submit(n)))
    // 4 + 4 fit, the third 4 would pass 10; 30 alone passes it but goes on its own
    expect(groups).toEqual([[4, 4], [4], [30], [1]])
  })
})

describe('GroupCommitter (shared): backpressure', () => {
  it('is full past maxQueued, calls onPressure, and room() waits until the queue drained to resumeAt', async () => {
    const c = gated()
    const pressure: boolean[] = []
    const g = new GroupCommitter(c.commit, {
      maxBatch: 2,
      maxInFlight: 1,
      maxWaitMs: 0,
      maxQueued: 4,
      resumeAt: 2,
      onPressure: (full) => pressure.push(full),
    })
    const all = [1, 2, 3, 4, 5, 6, 7].map((i) => g.submit(i))
    await sleep(5)
    // [1, 2] is being committed; 5 wait, more than 4
    expect(g.load).toEqual({ queued: 5, committing: 2 })
    expect(g.full).toBe(true)
    expect(pressure).toEqual([true])
    expect(g.stats.pauses).toBe(1)
    let roomAt: number | null = null
    const room = g.room().then(() => (roomAt = g.load.queued))
    c.release()
    await Promise.all(all)
    await room
    // room came once no more than resumeAt waited, and the pressure was lifted once
    expect(roomAt).not.toBeNull()
    expect(roomAt!).toBeLessThanOrEqual(2)
    expect(pressure).toEqual([true, false])
    expect(g.full).toBe(false)
    expect(c.groups.flat()).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('has room at once while not full, and bounds the queue when callers wait for room', async () => {
    const c = gated()
    const g = new GroupCommitter(c.commit, { maxBatch: 1, maxInFlight: 1, maxWaitMs: 0, maxQueued: 3 })
    await g.room() // not full: resolves at once
    let maxQueued = 0
    let submitted = 0
    const producer = (async () => {
      const pending: Promise<number>[] = []
      for (let i = 0; i < 50; i++) {
        if (g.full) await g.room()
        pending.push(g.submit(i))
        submitted++
        maxQueued = Math.max(maxQueued, g.load.queued)
      }
      return Promise.all(pending)
    })()
    await sleep(10)
    // the producer stopped: one in flight, the queue one past its limit, nothing more taken
    expect(submitted).toBe(5)
    expect(g.full).toBe(true)
    c.release()
    expect((await producer).length).toBe(50)
    expect(maxQueued).toBeLessThanOrEqual(4)
    expect(g.stats.pauses).toBeGreaterThanOrEqual(1)
  })
})
