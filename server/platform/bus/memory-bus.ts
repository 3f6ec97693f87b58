import { deadLetterStream, type Bus, type BusEntry, type ConsumeOptions, type Subscription } from './bus'
import { DeliveryTracker } from './delivery'

interface Group {
  next: number // index into the stream of the next never-delivered entry
  pending: Map<string, BusEntry>
  inFlight: Set<string> // held by a consumer's running handler: not to be handed to another
  wakers: Set<() => void>
}

interface Stream {
  entries: BusEntry[]
  base: number // how many entries were trimmed off the front
  groups: Map<string, Group>
  tails: Set<(entries: BusEntry[]) => void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** In-process bus for a single node: same delivery semantics as the Redis Streams bus. */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const
  private readonly streams = new Map<string, Stream>()
  private readonly caches = new Map<string, Map<string, string>>()
  private lastMs = 0
  private seq = 0
  private closed = false

  constructor(private readonly maxLen = 50_000) {}

  private stream(name: string): Stream {
    let s = this.streams.get(name)
    if (!s) {
      s = { entries: [], base: 0, groups: new Map(), tails: new Set() }
      this.streams.set(name, s)
    }
    return s
  }

  private nextId(): string {
    const now = Date.now()
    if (now > this.lastMs) {
      this.lastMs = now
      this.seq = 0
    } else this.seq++
    return `${this.lastMs}-${this.seq}`
  }

  async publish(name: string, payload: unknown): Promise<string> {
    if (this.closed) throw new Error('bus closed')
    const s = this.stream(name)
    // JSON round trip: consumers get a copy, exactly as over Redis
    const entry: BusEntry = { id: this.nextId(), payload: JSON.parse(JSON.stringify(payload)) }
    s.entries.push(entry)
    this.trim(s)
    for (const g of s.groups.values()) for (const w of g.wakers) w()
    for (const t of s.tails) queueMicrotask(() => t([entry]))
    return entry.id
  }

  // Trim only what every group has already been handed (pending entries are kept in the group).
  private trim(s: Stream): void {
    const over = s.entries.length - this.maxLen
    if (over <= 0) return
    let cut = over
    for (const g of s.groups.values()) cut = Math.min(cut, g.next - s.base)
    if (cut <= 0) return
    s.entries.splice(0, cut)
    s.base += cut
  }

  private take(s: Stream, group: Group, batch: number, tracker: DeliveryTracker): BusEntry[] {
    const retry: BusEntry[] = []
    const limit = tracker.retryBatch ?? batch
    for (const e of group.pending.values()) {
      if (retry.length >= limit) break
      if (!group.inFlight.has(e.id)) retry.push(e)
    }
    if (retry.length) return retry
    tracker.drained()
    const start = group.next - s.base
    const fresh = s.entries.slice(start, start + batch)
    group.next += fresh.length
    for (const e of fresh) group.pending.set(e.id, e)
    return fresh
  }

  consume<T>(
    name: string,
    groupName: string,
    _consumer: string,
    handler: (entries: BusEntry<T>[]) => Promise<void>,
    opts: ConsumeOptions = {},
  ): Subscription {
    const s = this.stream(name)
    let g = s.groups.get(groupName)
    if (!g) {
      // like XGROUP CREATE … $ : a new group starts with entries published from now on
      g = { next: s.base + s.entries.length, pending: new Map(), inFlight: new Set(), wakers: new Set() }
      s.groups.set(groupName, g)
    }
    const group = g
    const tracker = new DeliveryTracker(opts)
    let running = true
    let wake: (() => void) | null = null
    const loop = async () => {
      while (running && !this.closed) {
        const work = this.take(s, group, opts.batch ?? 100, tracker)
        if (work.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve
            group.wakers.add(resolve)
            setTimeout(resolve, opts.blockMs ?? 1000)
          })
          if (wake) group.wakers.delete(wake)
          continue
        }
        for (const e of work) group.inFlight.add(e.id)
        try {
          await handler(work as BusEntry<T>[])
          tracker.succeeded(work)
          for (const e of work) group.pending.delete(e.id)
        } catch (err) {
          for (const dead of tracker.failed(work, err)) {
            await this.publish(deadLetterStream(name), {
              id: dead.id,
              payload: dead.payload,
              error: String(err),
            })
            group.pending.delete(dead.id)
            opts.onDeadLetter?.(dead, err)
          }
          await sleep(tracker.retryDelayMs)
        } finally {
          for (const e of work) group.inFlight.delete(e.id)
        }
      }
    }
    const done = loop()
    return {
      stop: async () => {
        running = false
        wake?.()
        await done
      },
    }
  }

  tail<T>(name: string, handler: (entries: BusEntry<T>[]) => void): Subscription {
    const s = this.stream(name)
    const h = handler as (entries: BusEntry[]) => void
    s.tails.add(h)
    return { stop: async () => void s.tails.delete(h) }
  }

  async setLatest(key: string, values: Record<string, unknown>): Promise<void> {
    let m = this.caches.get(key)
    if (!m) this.caches.set(key, (m = new Map()))
    for (const [f, v] of Object.entries(values)) m.set(f, JSON.stringify(v))
  }

  async getLatest<T>(key: string): Promise<Record<string, T>> {
    const out: Record<string, T> = {}
    for (const [f, v] of this.caches.get(key) ?? []) out[f] = JSON.parse(v) as T
    return out
  }

  async getLatestFields<T>(key: string, fields: string[]): Promise<Record<string, T>> {
    const m = this.caches.get(key)
    const out: Record<string, T> = {}
    for (const f of fields) {
      const v = m?.get(f)
      if (v !== undefined) out[f] = JSON.parse(v) as T
    }
    return out
  }

  async ping(): Promise<boolean> {
    return !this.closed
  }

  async close(): Promise<void> {
    this.closed = true
    for (const s of this.streams.values()) for (const g of s.groups.values()) for (const w of g.wakers) w()
  }
}
