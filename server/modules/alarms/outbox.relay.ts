import type { Bus } from '../../platform/bus/bus'
import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { claimPending, markPublished } from './outbox.repository'

export interface OutboxRelayOptions {
  /** rows per transaction */
  batch?: number
  /** poll period when idle, ms (wake() shortens it for commits made in this process) */
  pollMs?: number
  /** a bus that does not answer within this is treated as down: the batch is retried later */
  publishTimeoutMs?: number
  /**
   * Called after a batch was published and before it is marked. Tests throw here to stand for a crash
   * between the two: the rows stay unmarked and are published again (at-least-once).
   */
  beforeMark?: (ids: string[]) => Promise<void>
}

export interface OutboxRelay {
  /** publish now instead of at the next poll */
  wake(): void
  stop(): Promise<void>
  readonly published: number
}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bus did not answer within ${ms} ms`)), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Worker role: publishes committed outbox rows to the bus stream named by their topic, in id order, and
 * marks them published (reliability-security.md promise 1). A crash between publishing and marking publishes a row again, so
 * delivery is at-least-once and every consumer drops duplicates by `outbox_id` (or alarm id + version).
 * Rows are locked with FOR UPDATE SKIP LOCKED, so several workers can run side by side.
 */
export function startOutboxRelay(db: Db, bus: Bus, log: Logger, opts: OutboxRelayOptions = {}): OutboxRelay {
  const batch = opts.batch ?? 100
  const pollMs = opts.pollMs ?? 250
  const timeoutMs = opts.publishTimeoutMs ?? 5_000
  let running = true
  let published = 0
  let wakeUp: (() => void) | null = null
  let woken = false

  const relayBatch = () =>
    db.tx(systemScope, async (q) => {
      const rows = await claimPending(q, batch)
      for (const r of rows) {
        await within(bus.publish(r.topic, { ...r.payload, outbox_id: r.id }), timeoutMs)
      }
      const ids = rows.map((r) => r.id)
      if (ids.length && opts.beforeMark) await opts.beforeMark(ids)
      if (ids.length) await markPublished(q, ids)
      return ids.length
    })

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || !running) return resolve()
      const timer = setTimeout(resolve, ms)
      wakeUp = () => {
        clearTimeout(timer)
        resolve()
      }
    }).finally(() => {
      wakeUp = null
      woken = false
    })

  const loop = async () => {
    let failures = 0
    while (running) {
      try {
        const n = await relayBatch()
        published += n
        failures = 0
        if (n < batch) await pause(pollMs)
      } catch (err) {
        failures++
        log.warn({ err, failures }, 'outbox relay: batch not published; retrying')
        await pause(Math.min(1000 * 2 ** (failures - 1), 30_000))
      }
    }
  }
  const done = loop()
  return {
    wake: () => {
      woken = true
      wakeUp?.()
    },
    stop: async () => {
      running = false
      wakeUp?.()
      await done
    },
    get published() {
      return published
    },
  }
}
