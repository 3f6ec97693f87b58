import type { RejectionCounters } from '../../contracts'
import type { Bus } from '../../platform/bus/bus'
import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { liveKeys } from '../../modules/environment/live-keys'
import { insertRejection } from '../../modules/environment/rejections.repository'
import { PeerLimiter } from './peer-limiter'
import { printable } from './printable'

export interface RejectionInput {
  reason: string
  /** `ip:port`, stored with the row */
  peer: string
  /** the budget key: the IP, so reconnecting does not buy a fresh budget */
  ip: string
  mn?: string | undefined
  detail: string
  raw?: string | undefined
}

export interface RejectionLogOptions {
  protocol: string
  node: string
  db: Db
  bus: Bus
  log: Logger
  limiter?: PeerLimiter
  /** row inserts in flight at most; beyond, rows are skipped (the counters still count) */
  maxInFlight?: number
  /** counters reach the live cache at most this often */
  flushMs?: number
}

/**
 * Counts every rejected input by reason (in memory, published to the live cache for GET
 * /api/v1/ingest/rejections) and writes a rate-limited sample of them to ingest_rejections. Never throws and
 * never waits: a rejection must not slow the connection that produced it.
 */
export class RejectionLog {
  readonly since = new Date().toISOString()
  private readonly byReason: Record<string, number> = {}
  private total = 0
  private readonly writes = new Set<Promise<void>>()
  private flushTimer: NodeJS.Timeout | null = null
  private readonly heartbeat: NodeJS.Timeout
  private readonly limiter: PeerLimiter
  private readonly maxInFlight: number
  private readonly flushMs: number

  constructor(private readonly o: RejectionLogOptions) {
    this.limiter = o.limiter ?? new PeerLimiter()
    this.maxInFlight = o.maxInFlight ?? 32
    this.flushMs = o.flushMs ?? 500
    void this.flush()
    // counters are refreshed even when nothing changes, so readers can tell a live node from a stopped one
    this.heartbeat = setInterval(() => void this.flush(), 30_000)
    this.heartbeat.unref()
  }

  record(r: RejectionInput): void {
    this.total++
    this.byReason[r.reason] = (this.byReason[r.reason] ?? 0) + 1
    this.flushTimer ??= setTimeout(() => void this.flush(), this.flushMs)
    this.o.log.debug({ protocol: this.o.protocol, ...r, raw: undefined }, 'ingest rejected input')
    if (this.writes.size >= this.maxInFlight || !this.limiter.allow(r.ip)) return
    const row = {
      protocol: this.o.protocol,
      reason: r.reason,
      peer: printable(r.peer, 64),
      mn: r.mn === undefined ? null : printable(r.mn, 64),
      detail: printable(r.detail, 500),
      raw_excerpt: r.raw === undefined ? null : printable(r.raw, 200),
    }
    const write = this.o.db
      .tx(systemScope, (q) => insertRejection(q, row))
      .catch((err: unknown) => this.o.log.warn({ err }, 'rejection row not written'))
      .finally(() => this.writes.delete(write))
    this.writes.add(write)
  }

  counters(): RejectionCounters {
    return {
      protocol: this.o.protocol,
      node: this.o.node,
      since: this.since,
      updated_at: new Date().toISOString(),
      total: this.total,
      by_reason: { ...this.byReason },
    }
  }

  private async flush(): Promise<void> {
    this.flushTimer = null
    try {
      await this.o.bus.setLatest(liveKeys.ingestRejections, {
        [`${this.o.protocol}@${this.o.node}`]: this.counters(),
      })
    } catch (err) {
      this.o.log.warn({ err }, 'rejection counters not published')
    }
  }

  /** Waits for rows being written and publishes the final counters. */
  async stop(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer)
    clearInterval(this.heartbeat)
    await Promise.all(this.writes)
    await this.flush()
  }
}
