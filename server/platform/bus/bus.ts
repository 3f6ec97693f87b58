// The message bus between ingest, workers and realtime (DESIGN.md): Redis Streams, or an in-process
// implementation with the same semantics when no REDIS_URL is set.

export interface BusEntry<T = unknown> {
  id: string
  payload: T
}

export interface ConsumeOptions {
  /** max entries handed to the handler at once */
  batch?: number
  /** how long a read blocks waiting for new entries, ms */
  blockMs?: number
  /** delay before an entry whose handler failed is delivered again, ms */
  retryMs?: number
  /** deliveries of one entry (handled alone) before it is moved to `<stream>:dead` */
  maxDeliveries?: number
  /** errors that say "try later" (database down) never count towards maxDeliveries */
  isTransient?: (error: unknown) => boolean
  /** told about each dead-lettered entry (raise a system alarm, log) */
  onDeadLetter?: (entry: BusEntry, error: unknown) => void
}

export interface Subscription {
  stop(): Promise<void>
}

export interface Bus {
  readonly kind: 'redis' | 'memory'
  /** Appends one entry to a stream; returns its id. */
  publish(stream: string, payload: unknown): Promise<string>
  /**
   * Work-queue consumption through a consumer group: each entry goes to one consumer of the group
   * and is acknowledged only after the handler resolves (so it must be durable by then). Entries
   * pending from an earlier run are delivered again first.
   */
  consume<T>(
    stream: string,
    group: string,
    consumer: string,
    handler: (entries: BusEntry<T>[]) => Promise<void>,
    opts?: ConsumeOptions,
  ): Subscription
  /** Broadcast: every subscriber sees every entry published after it subscribed (no ack). */
  tail<T>(stream: string, handler: (entries: BusEntry<T>[]) => void, opts?: ConsumeOptions): Subscription
  /** Latest state per key (the live cache): a hash of field → JSON. */
  setLatest(key: string, values: Record<string, unknown>): Promise<void>
  getLatest<T>(key: string): Promise<Record<string, T>>
  /** Only the named fields of the live cache (absent ones are left out). */
  getLatestFields<T>(key: string, fields: string[]): Promise<Record<string, T>>
  ping(): Promise<boolean>
  close(): Promise<void>
}

/** Stream names, one place. */
export const streams = {
  /** positions as devices and simulators report them (JT/T 808 ingest: already stored) */
  positions: 'positions',
  /** positions the writer accepted (filtered, stored, in time order per tag): realtime and zones read these */
  positionsAccepted: 'positions.accepted',
  /** readings of one HJ 212 upload, published after its commit (alarm engine, realtime) */
  readingsRecorded: 'readings.recorded',
  /** alarm transitions relayed from the outbox after their commit (at-least-once: drop by outbox_id) */
  alarms: 'alarms',
} as const

export const deadLetterStream = (stream: string) => `${stream}:dead`

export const cacheKeys = {
  latestPositions: 'live:positions',
} as const
