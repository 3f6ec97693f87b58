import { createClient } from 'redis'
import { deadLetterStream, type Bus, type BusEntry, type ConsumeOptions, type Subscription } from './bus'
import { DeliveryTracker } from './delivery'

const makeClient = (url: string) => createClient({ url })
type Client = ReturnType<typeof makeClient>

type RawEntry = [string, string[] | null]
/** XREAD/XREADGROUP reply, RESP3 (map) or RESP2 (array); entries deleted while pending come as [id, null]. */
function parseStreamReply(reply: unknown): { live: BusEntry[]; deleted: string[] } {
  const live: BusEntry[] = []
  const deleted: string[] = []
  if (!reply) return { live, deleted }
  const streams: [string, RawEntry[]][] = Array.isArray(reply)
    ? (reply as [string, RawEntry[]][])
    : (Object.entries(reply as Record<string, RawEntry[]>) as [string, RawEntry[]][])
  for (const [, entries] of streams)
    for (const [id, fields] of entries) {
      if (!fields) {
        deleted.push(id)
        continue
      }
      const i = fields.indexOf('data')
      live.push({ id: String(id), payload: JSON.parse(i >= 0 ? String(fields[i + 1]) : 'null') })
    }
  return { live, deleted }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Redis Streams bus (reliability-security.md §6): consumers read their own pending entries (`0`)
 * before new ones (`>`), reclaim entries stuck at a dead consumer with XAUTOCLAIM, never NOACK, and
 * dead-letter an entry that keeps failing. Blocking reads get their own connection each.
 */
export class RedisBus implements Bus {
  readonly kind = 'redis' as const
  private readonly connections = new Set<Client>()
  private closed = false

  private constructor(
    private readonly client: Client,
    private readonly maxLen: number,
    private readonly onError: (err: unknown) => void,
    /** namespace of every stream and key, so several deployments (or test servers) can share a Redis */
    readonly prefix: string,
  ) {}

  static async connect(
    url: string,
    opts: { maxLen?: number; onError?: (err: unknown) => void; prefix?: string } = {},
  ): Promise<RedisBus> {
    const client = makeClient(url)
    client.on('error', () => undefined) // reconnects by itself; ping() reports the state
    await client.connect()
    return new RedisBus(client, opts.maxLen ?? 100_000, opts.onError ?? (() => undefined), opts.prefix ?? '')
  }

  /** the Redis name of a stream or key */
  key(name: string): string {
    return this.prefix ? `${this.prefix}:${name}` : name
  }

  /** A second connection (blocking readers, the Socket.IO adapter); closed with the bus. */
  async duplicate(): Promise<Client> {
    const c = this.client.duplicate()
    c.on('error', () => undefined)
    this.connections.add(c)
    await c.connect()
    if (this.closed) {
      this.release(c)
      throw new Error('bus closed')
    }
    return c
  }

  private release(c: Client): void {
    this.connections.delete(c)
    c.destroy()
  }

  async publish(stream: string, payload: unknown): Promise<string> {
    // Approximate trim: a consumer that falls behind by more than maxLen entries loses the oldest.
    return this.client.xAdd(
      this.key(stream),
      '*',
      { data: JSON.stringify(payload) },
      { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: this.maxLen } },
    )
  }

  consume<T>(
    stream: string,
    group: string,
    consumer: string,
    handler: (entries: BusEntry<T>[]) => Promise<void>,
    opts: ConsumeOptions = {},
  ): Subscription {
    const name = stream
    stream = this.key(stream)
    const batch = opts.batch ?? 100
    const tracker = new DeliveryTracker(opts)
    // Sent now on the main connection, so anything published after consume() returns is after it.
    const created = this.client.xGroupCreate(stream, group, '$', { MKSTREAM: true }).catch((err: unknown) => {
      if (!String(err).includes('BUSYGROUP')) throw err
    })
    let running = true
    let reader: Client | null = null
    const readBatch = async (cursor: string, count: number, block: number | null) => {
      const args = ['XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(count)]
      if (block !== null) args.push('BLOCK', String(block))
      return parseStreamReply(await reader!.sendCommand([...args, 'STREAMS', stream, cursor]))
    }
    const loop = async () => {
      let cursor = '0' // own pending entries first, then new ones
      let lastClaim = 0
      while (running && !this.closed) {
        try {
          if (!reader) {
            await created
            reader = await this.duplicate()
          }
          let entries: BusEntry[] = []
          if (cursor === '>' && Date.now() - lastClaim > 15_000) {
            lastClaim = Date.now()
            // entries idle for a minute at a consumer that died are taken over
            const claimed = await reader.xAutoClaim(stream, group, consumer, 60_000, '0-0', { COUNT: batch })
            if (claimed.messages.some((m) => m)) cursor = '0'
          }
          if (cursor === '0') {
            const r = await readBatch('0', tracker.retryBatch ?? batch, null)
            if (r.deleted.length) await reader.xAck(stream, group, r.deleted) // trimmed while pending
            entries = r.live
            if (entries.length === 0 && r.deleted.length === 0) {
              tracker.drained()
              cursor = '>'
            }
          } else {
            entries = (await readBatch('>', batch, opts.blockMs ?? 2000)).live
          }
          if (entries.length === 0) continue
          try {
            await handler(entries as BusEntry<T>[])
            tracker.succeeded(entries)
            await reader.xAck(
              stream,
              group,
              entries.map((e) => e.id),
            )
          } catch (err) {
            for (const dead of tracker.failed(entries, err)) {
              await this.publish(deadLetterStream(name), {
                id: dead.id,
                payload: dead.payload,
                error: String(err),
              })
              await reader.xAck(stream, group, dead.id)
              opts.onDeadLetter?.(dead, err)
            }
            cursor = '0' // what failed is still pending: read it again
            await sleep(tracker.retryDelayMs)
          }
        } catch (err) {
          if (!running || this.closed) break
          this.onError(err) // Redis unreachable, group lost: retry, never die silently
          if (reader) this.release(reader)
          reader = null
          cursor = '0'
          await sleep(1000)
        }
      }
    }
    const done = loop()
    return {
      stop: async () => {
        running = false
        if (reader) this.release(reader) // ends a blocking read at once
        await done
      },
    }
  }

  tail<T>(
    stream: string,
    handler: (entries: BusEntry<T>[]) => void,
    opts: ConsumeOptions = {},
  ): Subscription {
    stream = this.key(stream)
    // The current last id, asked now on the main connection: entries published after tail() returns
    // come after it, and every later read continues from the last id seen (no '$' gaps).
    const start = this.client
      .sendCommand(['XREVRANGE', stream, '+', '-', 'COUNT', '1'])
      .then((r) => ((r as unknown as RawEntry[])[0]?.[0] as string | undefined) ?? '0-0')
    let running = true
    let reader: Client | null = null
    const loop = async () => {
      let cursor = await start
      while (running && !this.closed) {
        try {
          reader ??= await this.duplicate()
          const reply = await reader.sendCommand([
            'XREAD',
            'COUNT',
            String(opts.batch ?? 500),
            'BLOCK',
            String(opts.blockMs ?? 2000),
            'STREAMS',
            stream,
            cursor,
          ])
          const { live } = parseStreamReply(reply)
          if (live.length === 0) continue
          cursor = live[live.length - 1]!.id
          handler(live as BusEntry<T>[])
        } catch (err) {
          if (!running || this.closed) break
          this.onError(err)
          if (reader) this.release(reader)
          reader = null
          await sleep(1000)
        }
      }
    }
    const done = loop().catch(() => undefined)
    return {
      stop: async () => {
        running = false
        if (reader) this.release(reader)
        await done
      },
    }
  }

  async setLatest(key: string, values: Record<string, unknown>): Promise<void> {
    const flat: Record<string, string> = {}
    for (const [f, v] of Object.entries(values)) flat[f] = JSON.stringify(v)
    if (Object.keys(flat).length) await this.client.hSet(this.key(key), flat)
  }

  async getLatest<T>(key: string): Promise<Record<string, T>> {
    const raw = await this.client.hGetAll(this.key(key))
    const out: Record<string, T> = {}
    for (const [f, v] of Object.entries(raw)) out[f] = JSON.parse(v) as T
    return out
  }

  async getLatestFields<T>(key: string, fields: string[]): Promise<Record<string, T>> {
    const out: Record<string, T> = {}
    if (!fields.length) return out
    const values = await this.client.hmGet(this.key(key), fields)
    fields.forEach((f, i) => {
      const v = values[i]
      if (v !== null && v !== undefined) out[f] = JSON.parse(String(v)) as T
    })
    return out
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()) === 'PONG'
    } catch {
      return false
    }
  }

  async close(): Promise<void> {
    this.closed = true
    for (const c of [...this.connections]) this.release(c)
    this.client.destroy()
  }
}
