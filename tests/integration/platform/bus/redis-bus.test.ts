// RedisBus against a real Redis (db 13 by default, unique stream names; nothing else is touched).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { BusEntry, Subscription } from '../../../../server/platform/bus/bus'
import { RedisBus } from '../../../../server/platform/bus/redis-bus'
import {
  connectTestRedis,
  testRedisUrl,
  uniqueStreamName,
  type TestRedisClient,
} from '../../../helpers/services'

const fast = { blockMs: 100, retryMs: 50 }
const deadline = { timeout: 10_000, interval: 25 }

let raw: TestRedisClient
let bus: RedisBus
const keys: string[] = []
const subs: Subscription[] = []

beforeAll(async () => {
  raw = await connectTestRedis()
  bus = await RedisBus.connect(testRedisUrl())
})
afterAll(async () => {
  await Promise.all(subs.map((s) => s.stop()))
  await bus?.close()
  if (keys.length) await raw?.del(keys)
  raw?.destroy()
})

const stream = (prefix = 'cpt:test') => {
  const name = uniqueStreamName(prefix)
  keys.push(name)
  return name
}
const payloads = <T>(entries: BusEntry<T>[]) => entries.map((e) => e.payload)
const pending = async (s: string, group: string) => (await raw.xPending(s, group)).pending
const waitForGroup = (s: string, group: string) =>
  vi.waitFor(async () => expect((await raw.xInfoGroups(s)).map((g) => g.name)).toContain(group), deadline)
// TCP connections this process holds open (the bus's client and blocking readers among them)
const openSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length
/** The socket count once sockets closed by earlier tests are gone (unchanged over 200 ms). */
async function settledSockets(): Promise<number> {
  let last = -1
  let stable = 0
  while (stable < 4) {
    const now = openSockets()
    stable = now === last ? stable + 1 : 0
    last = now
    await new Promise((r) => setTimeout(r, 50))
  }
  return last
}

/** Starts a tail and returns once it provably receives (markers published until one arrives). */
async function readyTail(b: RedisBus, s: string) {
  const seen: unknown[] = []
  let marker = false
  const sub = b.tail<unknown>(
    s,
    (es) => {
      for (const p of payloads(es)) {
        if (p === '__marker__') marker = true
        else seen.push(p)
      }
    },
    fast,
  )
  subs.push(sub)
  await vi.waitFor(
    async () => {
      if (!marker) await b.publish(s, '__marker__')
      expect(marker).toBe(true)
    },
    { ...deadline, interval: 100 },
  )
  return { seen, sub }
}

/** Makes `id` pending at `consumer` of `group`, as if that consumer read it and died. */
async function leavePending(s: string, group: string, consumer: string, idleMs?: number) {
  await raw.xGroupCreate(s, group, '$', { MKSTREAM: true })
  const id = await raw.xAdd(s, '*', { data: JSON.stringify({ left: consumer }) })
  await raw.xReadGroup(group, consumer, { key: s, id: '>' }, { COUNT: 1 })
  if (idleMs) await raw.sendCommand(['XCLAIM', s, group, consumer, '0', id, 'IDLE', String(idleMs)])
  return id
}

describe('RedisBus', () => {
  it('answers ping', async () => {
    expect(await bus.ping()).toBe(true)
  })

  it('round-trips JSON payloads through a consumer group and acknowledges them', async () => {
    const s = stream()
    const seen: BusEntry[] = []
    subs.push(bus.consume(s, 'g', 'c1', async (es) => void seen.push(...es), fast))
    await waitForGroup(s, 'g')
    const sent = [
      { n: 1, name: '储罐区', nested: { a: [1, null, true] } },
      'text',
      42,
      null,
      { at: new Date(0) },
    ]
    const ids = []
    for (const p of sent) ids.push(await bus.publish(s, p))
    await vi.waitFor(() => expect(seen).toHaveLength(sent.length), deadline)
    expect(seen.map((e) => e.id)).toEqual(ids)
    expect(payloads(seen)).toEqual(JSON.parse(JSON.stringify(sent)))
    await vi.waitFor(async () => expect(await pending(s, 'g')).toBe(0), deadline)
  })

  it('acknowledges only after the handler resolved', async () => {
    const s = stream()
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const seen: unknown[] = []
    subs.push(
      bus.consume(
        s,
        'g',
        'c1',
        async (es) => {
          seen.push(...payloads(es))
          await held
        },
        fast,
      ),
    )
    await waitForGroup(s, 'g')
    await bus.publish(s, 'slow')
    await vi.waitFor(() => expect(seen).toEqual(['slow']), deadline)
    expect(await pending(s, 'g')).toBe(1)
    release()
    await vi.waitFor(async () => expect(await pending(s, 'g')).toBe(0), deadline)
  })

  it('delivers again an entry whose handler threw, then acknowledges it', async () => {
    const s = stream()
    const deliveries: unknown[] = []
    subs.push(
      bus.consume(
        s,
        'g',
        'c1',
        async (es) => {
          deliveries.push(...payloads(es))
          if (deliveries.length === 1) throw new Error('database down')
        },
        fast,
      ),
    )
    await waitForGroup(s, 'g')
    await bus.publish(s, { k: 1 })
    await vi.waitFor(() => expect(deliveries).toEqual([{ k: 1 }, { k: 1 }]), deadline)
    await vi.waitFor(async () => expect(await pending(s, 'g')).toBe(0), deadline)
  })

  it('a restarted consumer first gets its own pending entries (cursor 0)', async () => {
    const s = stream()
    await leavePending(s, 'g', 'c1')
    const seen: unknown[] = []
    subs.push(bus.consume(s, 'g', 'c1', async (es) => void seen.push(...payloads(es)), fast))
    await vi.waitFor(() => expect(seen).toEqual([{ left: 'c1' }]), deadline)
    await bus.publish(s, 'new')
    await vi.waitFor(() => expect(seen).toEqual([{ left: 'c1' }, 'new']), deadline)
    await vi.waitFor(async () => expect(await pending(s, 'g')).toBe(0), deadline)
  })

  // XAUTOCLAIM takes entries idle ≥ 60 s; XCLAIM … IDLE back-dates the entry instead of waiting.
  it('reclaims an entry stuck at a dead consumer (XAUTOCLAIM), and leaves a live one alone', async () => {
    const s = stream()
    const stuck = await leavePending(s, 'g', 'dead', 120_000)
    const busy = await raw.xAdd(s, '*', { data: JSON.stringify({ left: 'busy' }) })
    await raw.xReadGroup('g', 'busy', { key: s, id: '>' }, { COUNT: 1 })
    const seen: BusEntry[] = []
    subs.push(bus.consume(s, 'g', 'alive', async (es) => void seen.push(...es), fast))
    await vi.waitFor(() => expect(seen.map((e) => e.id)).toEqual([stuck]), deadline)
    expect(seen[0]!.payload).toEqual({ left: 'dead' })
    await vi.waitFor(async () => {
      const left = await raw.xPendingRange(s, 'g', '-', '+', 10)
      expect(left.map((p) => [p.id, p.consumer])).toEqual([[busy, 'busy']])
    }, deadline)
  })

  // A pending entry that was trimmed (MAXLEN) or deleted comes back from XREADGROUP … 0 as [id, nil].
  // XAUTOCLAIM drops such entries from the pending list whatever their idle time, and the consumer
  // runs it when it starts and then every 30 s.
  it('keeps consuming after a restart when one of its pending entries was deleted', async () => {
    const s = stream()
    const gone = await leavePending(s, 'g', 'c1')
    await raw.xDel(s, gone)
    const seen: unknown[] = []
    subs.push(bus.consume(s, 'g', 'c1', async (es) => void seen.push(...payloads(es)), fast))
    await bus.publish(s, 'after')
    await vi.waitFor(() => expect(seen).toEqual(['after']), deadline)
  })

  it('keeps consuming when an entry is deleted while pending after a failed handler', async () => {
    const s = stream()
    const seen: unknown[] = []
    subs.push(
      bus.consume(
        s,
        'g',
        'c1',
        async (es) => {
          seen.push(...payloads(es))
          if (payloads(es).includes('doomed')) throw new Error('database down')
        },
        fast,
      ),
    )
    await waitForGroup(s, 'g')
    const doomed = await bus.publish(s, 'doomed')
    await vi.waitFor(() => expect(seen).toContain('doomed'), deadline)
    await raw.xDel(s, doomed) // as MAXLEN ~ trimming does to a backlog while the database is down
    await bus.publish(s, 'after')
    await vi.waitFor(() => expect(seen).toContain('after'), deadline)
  })

  // reliability-security.md §6: "dead-letter after N deliveries with a system alarm". An entry the
  // handler can never store (bad payload, constraint violation) must not stop the stream behind it.
  it('does not let an entry whose handler always fails block the entries after it', async () => {
    const s = stream()
    const stored: unknown[] = []
    subs.push(
      bus.consume(
        s,
        'g',
        'c1',
        async (es) => {
          if (payloads(es).includes('poison')) throw new Error('violates a constraint')
          stored.push(...payloads(es))
        },
        { ...fast, batch: 1 },
      ),
    )
    await waitForGroup(s, 'g')
    await bus.publish(s, 'poison')
    await bus.publish(s, 'good')
    await vi.waitFor(() => expect(stored).toEqual(['good']), deadline)
  })

  it('a new group gets an entry published right after consume() returned', async () => {
    const s = stream()
    const seen: unknown[] = []
    subs.push(bus.consume(s, 'g', 'c1', async (es) => void seen.push(...payloads(es)), fast))
    await bus.publish(s, 'first')
    await vi.waitFor(() => expect(seen).toEqual(['first']), deadline)
  })

  it('tail sees entries published after it started, not earlier ones, on every subscriber', async () => {
    const s = stream()
    await bus.publish(s, 'before')
    const a = await readyTail(bus, s)
    const b = await readyTail(bus, s)
    await bus.publish(s, { n: 1 })
    await bus.publish(s, { n: 2 })
    await vi.waitFor(() => {
      expect(a.seen).toEqual([{ n: 1 }, { n: 2 }])
      expect(b.seen).toEqual([{ n: 1 }, { n: 2 }])
    }, deadline)
    await a.sub.stop()
    await bus.publish(s, { n: 3 })
    await vi.waitFor(() => expect(b.seen).toHaveLength(3), deadline)
    expect(a.seen).toHaveLength(2)
  })

  it('tail sees an entry published right after tail() returned', async () => {
    const s = stream()
    const seen: unknown[] = []
    subs.push(bus.tail(s, (es) => void seen.push(...payloads(es)), fast))
    await bus.publish(s, 'first')
    await vi.waitFor(() => expect(seen).toEqual(['first']), deadline)
  })

  it('keeps the latest value per field as JSON', async () => {
    const key = stream('cpt:test:latest')
    await bus.setLatest(key, { T1: { lon: 118.8, lat: 32.2 }, T2: 'x' })
    await bus.setLatest(key, { T1: { lon: 118.9, lat: 32.3 } })
    await bus.setLatest(key, {})
    expect(await bus.getLatest(key)).toEqual({ T1: { lon: 118.9, lat: 32.3 }, T2: 'x' })
    expect(await bus.getLatest(stream('cpt:test:none'))).toEqual({})
  })
})

describe('RedisBus.close', () => {
  it('ends consume and tail loops and closes every connection', async () => {
    const before = await settledSockets()
    const b = await RedisBus.connect(testRedisUrl())
    const s = stream()
    const consumer = b.consume(s, 'g', 'c1', async () => undefined, { blockMs: 30_000 })
    await waitForGroup(s, 'g')
    const tail = await readyTail(b, s)
    expect(openSockets()).toBeGreaterThan(before)
    await b.close()
    await Promise.all([consumer.stop(), tail.sub.stop()])
    expect(await b.ping()).toBe(false)
    await vi.waitFor(() => expect(openSockets()).toBe(before), deadline)
  })

  it('stop() gives back the connection its loop used', async () => {
    const b = await RedisBus.connect(testRedisUrl())
    try {
      const before = await settledSockets()
      const s = stream()
      const consumer = b.consume(s, 'g', 'c1', async () => undefined, fast)
      await waitForGroup(s, 'g')
      const tail = await readyTail(b, s)
      expect(openSockets()).toBe(before + 2)
      await Promise.all([consumer.stop(), tail.sub.stop()])
      await vi.waitFor(() => expect(openSockets()).toBe(before), { ...deadline, timeout: 3_000 })
    } finally {
      await b.close()
    }
  })

  it('leaves no connection open when closed while a consumer is still connecting', async () => {
    const before = await settledSockets()
    const b = await RedisBus.connect(testRedisUrl())
    const consumer = b.consume(stream(), 'g', 'c1', async () => undefined, fast)
    await b.close()
    await consumer.stop()
    await vi.waitFor(() => expect(openSockets()).toBe(before), deadline)
  })
})
