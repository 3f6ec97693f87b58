import { afterEach, describe, expect, it, vi } from 'vitest'
import type { BusEntry, Subscription } from '../../../../../server/platform/bus/bus'
import { MemoryBus } from '../../../../../server/platform/bus/memory-bus'

// Short block/retry times keep the loops quick; waits poll with a deadline (vi.waitFor), never sleep.
const fast = { blockMs: 20, retryMs: 30 }

interface Gate {
  promise: Promise<void>
  open(): void
}
function gate(): Gate {
  let open!: () => void
  const promise = new Promise<void>((r) => (open = r))
  return { promise, open }
}
const payloads = <T>(entries: BusEntry<T>[]) => entries.map((e) => e.payload)
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

let bus: MemoryBus
const subs: Subscription[] = []
afterEach(async () => {
  await bus.close()
  await Promise.all(subs.splice(0).map((s) => s.stop()))
})

describe('MemoryBus.consume', () => {
  it('delivers entries published after the group exists, not earlier ones, as JSON copies', async () => {
    bus = new MemoryBus()
    await bus.publish('s', { n: 0 })
    const seen: BusEntry<{ n: number; at?: string }>[] = []
    subs.push(
      bus.consume<{ n: number; at?: string }>('s', 'g', 'c1', async (es) => void seen.push(...es), fast),
    )
    const original = { n: 1, at: new Date(0) }
    const id1 = await bus.publish('s', original)
    const id2 = await bus.publish('s', { n: 2 })
    await vi.waitFor(() => expect(seen).toHaveLength(2))
    expect(seen.map((e) => e.id)).toEqual([id1, id2])
    expect(payloads(seen)).toEqual([{ n: 1, at: '1970-01-01T00:00:00.000Z' }, { n: 2 }])
    original.n = 99
    expect(seen[0]!.payload.n).toBe(1)
  })

  it('gives ids that increase even within one millisecond', async () => {
    bus = new MemoryBus()
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => bus.publish('s', i)))
    const key = (id: string) => id.split('-').map(Number) as [number, number]
    for (let i = 1; i < ids.length; i++) {
      const [a, b] = [key(ids[i - 1]!), key(ids[i]!)]
      expect(a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])).toBe(true)
    }
  })

  it('redelivers an entry whose handler failed, after retryMs', async () => {
    bus = new MemoryBus()
    const deliveries: number[] = []
    let failures = 0
    subs.push(
      bus.consume<number>(
        's',
        'g',
        'c1',
        async (es) => {
          deliveries.push(...payloads(es))
          if (failures++ === 0) throw new Error('database down')
        },
        fast,
      ),
    )
    await bus.publish('s', 7)
    await vi.waitFor(() => expect(deliveries).toEqual([7, 7]))
  })

  it('does not deliver an entry again once its handler resolved', async () => {
    bus = new MemoryBus()
    const deliveries: number[] = []
    subs.push(bus.consume<number>('s', 'g', 'c1', async (es) => void deliveries.push(...payloads(es)), fast))
    await bus.publish('s', 1)
    await vi.waitFor(() => expect(deliveries).toEqual([1]))
    await pause(10 * fast.blockMs) // many loop turns in which a redelivery would show
    await bus.publish('s', 2)
    await vi.waitFor(() => expect(deliveries).toEqual([1, 2]))
  })

  it('hands entries left pending by a stopped consumer to the next consumer of the group first', async () => {
    bus = new MemoryBus()
    const first = bus.consume('s', 'g', 'c1', async () => Promise.reject(new Error('crash')), fast)
    await bus.publish('s', 'a')
    await pause(3 * fast.retryMs)
    await first.stop()
    const seen: string[] = []
    subs.push(bus.consume<string>('s', 'g', 'c1', async (es) => void seen.push(...payloads(es)), fast))
    await bus.publish('s', 'b')
    await vi.waitFor(() => expect(seen).toEqual(['a', 'b']))
  })

  it('gives each entry to one consumer of a group, and every group its own copy', async () => {
    bus = new MemoryBus()
    const seen = { a: [] as number[], b: [] as number[], c: [] as number[] }
    for (const [group, consumer] of [
      ['g1', 'a'],
      ['g1', 'b'],
      ['g2', 'c'],
    ] as const) {
      subs.push(
        bus.consume<number>(
          's',
          group,
          consumer,
          async (es) => void seen[consumer].push(...payloads(es)),
          fast,
        ),
      )
    }
    const sent = Array.from({ length: 10 }, (_, i) => i)
    for (const n of sent) await bus.publish('s', n)
    await vi.waitFor(() => {
      expect([...seen.a, ...seen.b].sort((x, y) => x - y)).toEqual(sent)
      expect(seen.c).toEqual(sent)
    })
  })

  it('does not hand an entry that one consumer is still handling to another consumer of the group', async () => {
    bus = new MemoryBus()
    const slow = gate()
    const seenA: number[] = []
    const seenB: number[] = []
    subs.push(
      bus.consume<number>(
        's',
        'g',
        'a',
        async (es) => {
          seenA.push(...payloads(es))
          await slow.promise
        },
        fast,
      ),
    )
    await bus.publish('s', 1)
    await vi.waitFor(() => expect(seenA).toEqual([1]))
    subs.push(bus.consume<number>('s', 'g', 'b', async (es) => void seenB.push(...payloads(es)), fast))
    await pause(10 * fast.blockMs) // b polls every blockMs: enough turns to steal the entry
    slow.open()
    expect(seenB).toEqual([])
  })

  it('never trims entries a group has not been handed yet', async () => {
    bus = new MemoryBus(3)
    const held = gate()
    const seen: number[] = []
    subs.push(
      bus.consume<number>(
        's',
        'g',
        'c1',
        async (es) => {
          seen.push(...payloads(es))
          await held.promise
        },
        { ...fast, batch: 2 },
      ),
    )
    for (let i = 0; i < 20; i++) await bus.publish('s', i)
    held.open()
    await vi.waitFor(() => expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i)))
  })

  it('stops promptly and ends its loop when the bus closes', async () => {
    bus = new MemoryBus()
    const sub = bus.consume('s', 'g', 'c1', async () => undefined, { blockMs: 60_000 })
    await bus.close()
    await expect(sub.stop()).resolves.toBeUndefined()
    await expect(bus.publish('s', 1)).rejects.toThrow('bus closed')
    expect(await bus.ping()).toBe(false)
  })
})

describe('MemoryBus.tail', () => {
  it('broadcasts every entry published after subscribing to every subscriber', async () => {
    bus = new MemoryBus()
    await bus.publish('s', 'before')
    const a: string[] = []
    const b: string[] = []
    subs.push(bus.tail<string>('s', (es) => void a.push(...payloads(es))))
    subs.push(bus.tail<string>('s', (es) => void b.push(...payloads(es))))
    await bus.publish('s', 'x')
    await bus.publish('s', 'y')
    await vi.waitFor(() => {
      expect(a).toEqual(['x', 'y'])
      expect(b).toEqual(['x', 'y'])
    })
  })

  it('sees nothing after stop', async () => {
    bus = new MemoryBus()
    const a: string[] = []
    const sub = bus.tail<string>('s', (es) => void a.push(...payloads(es)))
    await bus.publish('s', 'x')
    await vi.waitFor(() => expect(a).toEqual(['x']))
    await sub.stop()
    await bus.publish('s', 'y')
    await pause(10)
    expect(a).toEqual(['x'])
  })
})

describe('MemoryBus live cache', () => {
  it('merges fields per key and returns JSON values', async () => {
    bus = new MemoryBus()
    await bus.setLatest('live', { T1: { x: 1 }, T2: [1, 2] })
    await bus.setLatest('live', { T1: { x: 2 } })
    await bus.setLatest('other', { T3: 'z' })
    expect(await bus.getLatest('live')).toEqual({ T1: { x: 2 }, T2: [1, 2] })
    expect(await bus.getLatest('nothing')).toEqual({})
    expect(await bus.ping()).toBe(true)
  })
})
