import { createClient } from 'redis'
import type { Bus, BusEntry, ConsumeOptions, Subscription } from './bus'

const makeClient = (url: string) => createClient({ url })
type Client = ReturnType<typeof makeClient>
type StreamReply = { name: string; messages: { id: string; message: Record<string, string> }[] }[] | null

const toEntries = <T>(messages: { id: string; message: Record<string, string> }[]): BusEntry<T>[] =>
  messages.map((m) => ({ id: m.id, payload: JSON.parse(m.message.data ?? 'null') as T }))

/**
 * Redis Streams bus (reliability-security.md §6): consumers read their own pending entries (`0`)
 * before new ones (`>`), reclaim entries stuck at a dead consumer with XAUTOCLAIM, and never NOACK.
 * Blocking reads get their own connection each.
 */
export class RedisBus implements Bus {
  readonly kind = 'redis' as const
  private readonly readers = new Set<Client>()
  private closed = false

  private constructor(
    private readonly client: Client,
    private readonly maxLen: number,
  ) {}

  static async connect(url: string, maxLen = 100_000): Promise<RedisBus> {
    const client = makeClient(url)
    client.on('error', () => undefined) // reconnects by itself; ping() reports the state
    await client.connect()
    return new RedisBus(client, maxLen)
  }

  /** A second connection for the Socket.IO adapter or other blocking users. */
  async duplicate(): Promise<Client> {
    const c = this.client.duplicate()
    c.on('error', () => undefined)
    await c.connect()
    this.readers.add(c)
    return c
  }

  async publish(stream: string, payload: unknown): Promise<string> {
    return this.client.xAdd(
      stream,
      '*',
      { data: JSON.stringify(payload) },
      {
        TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: this.maxLen },
      },
    )
  }

  consume<T>(
    stream: string,
    group: string,
    consumer: string,
    handler: (entries: BusEntry<T>[]) => Promise<void>,
    opts: ConsumeOptions = {},
  ): Subscription {
    const batch = opts.batch ?? 100
    let running = true
    const loop = async () => {
      const reader = await this.duplicate()
      try {
        await reader.xGroupCreate(stream, group, '$', { MKSTREAM: true })
      } catch (err) {
        if (!String(err).includes('BUSYGROUP')) throw err
      }
      let cursor = '0' // own pending entries first, then new ones
      let lastClaim = 0
      while (running && !this.closed) {
        try {
          let entries: BusEntry<T>[] = []
          if (Date.now() - lastClaim > 30_000) {
            lastClaim = Date.now()
            const claimed = await reader.xAutoClaim(stream, group, consumer, 60_000, '0-0', { COUNT: batch })
            entries = toEntries<T>(
              claimed.messages.filter((m): m is NonNullable<typeof m> => m !== null) as never,
            )
          }
          if (entries.length === 0) {
            const res = (await reader.xReadGroup(
              group,
              consumer,
              { key: stream, id: cursor },
              {
                COUNT: batch,
                BLOCK: cursor === '>' ? (opts.blockMs ?? 2000) : undefined,
              },
            )) as unknown as StreamReply
            const msgs = res?.[0]?.messages ?? []
            if (cursor === '0' && msgs.length === 0) cursor = '>'
            entries = toEntries<T>(msgs)
          }
          if (entries.length === 0) continue
          await handler(entries)
          await reader.xAck(
            stream,
            group,
            entries.map((e) => e.id),
          )
        } catch {
          if (!running || this.closed) break
          cursor = '0' // redeliver what is pending after a failure
          await new Promise((r) => setTimeout(r, opts.retryMs ?? 1000))
        }
      }
    }
    const done = loop().catch(() => undefined)
    return {
      stop: async () => {
        running = false
        await done
      },
    }
  }

  tail<T>(
    stream: string,
    handler: (entries: BusEntry<T>[]) => void,
    opts: ConsumeOptions = {},
  ): Subscription {
    let running = true
    const loop = async () => {
      const reader = await this.duplicate()
      let cursor = '$'
      while (running && !this.closed) {
        try {
          const res = (await reader.xRead(
            { key: stream, id: cursor },
            {
              COUNT: opts.batch ?? 500,
              BLOCK: opts.blockMs ?? 2000,
            },
          )) as unknown as StreamReply
          const msgs = res?.[0]?.messages ?? []
          if (msgs.length === 0) continue
          cursor = msgs[msgs.length - 1]!.id
          handler(toEntries<T>(msgs))
        } catch {
          if (!running || this.closed) break
          await new Promise((r) => setTimeout(r, 1000))
        }
      }
    }
    const done = loop().catch(() => undefined)
    return {
      stop: async () => {
        running = false
        await done
      },
    }
  }

  async setLatest(key: string, values: Record<string, unknown>): Promise<void> {
    const flat: Record<string, string> = {}
    for (const [f, v] of Object.entries(values)) flat[f] = JSON.stringify(v)
    if (Object.keys(flat).length) await this.client.hSet(key, flat)
  }

  async getLatest<T>(key: string): Promise<Record<string, T>> {
    const raw = await this.client.hGetAll(key)
    const out: Record<string, T> = {}
    for (const [f, v] of Object.entries(raw)) out[f] = JSON.parse(v) as T
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
    // blocking readers wake within their BLOCK time; closing them ends the loops now
    for (const r of this.readers) r.destroy()
    this.readers.clear()
    this.client.destroy()
  }
}
