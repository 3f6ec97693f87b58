// Every rejection is counted in memory (stats().rejections). When the shared table ingest_rejections
// exists (created by another migration; looked up once at start), a rate-limited sample of them is
// also written there, so operators can see what a misbehaving terminal sends. That table's exact
// shape is not ours: the insert uses only the columns it finds, typed as it finds them, and turns
// itself off at the first failure.
import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { bump, type Jt808RejectReason, type Jt808Stats } from './jt808.stats'
import { TokenBucket } from './token-bucket'

export interface Rejection {
  reason: Jt808RejectReason
  /** remote address:port */
  peer: string
  terminal?: string | null
  detail: string
  raw?: Buffer | null
}

/** Bytes of the offending frame kept as evidence. */
const EXCERPT_BYTES = 64
const WANTED = ['at', 'protocol', 'reason', 'peer', 'mn', 'detail', 'raw_excerpt'] as const
type Column = (typeof WANTED)[number]

export class RejectionLog {
  private columns: Map<Column, string> | null = null
  private writing: Promise<void> | null = null
  private readonly bucket: TokenBucket

  constructor(
    private readonly db: Db,
    private readonly stats: Jt808Stats,
    private readonly log: Logger,
    rate = { perSecond: 1, burst: 20 },
  ) {
    this.bucket = new TokenBucket(rate.perSecond, rate.burst)
  }

  /** Looks for ingest_rejections once; without it (or without INSERT on it) only counters are kept. */
  async init(): Promise<boolean> {
    try {
      const found = await this.db.tx(systemScope, async (q) => {
        const r = await q.query<{ name: string; type: string }>(
          `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
             FROM pg_attribute a
            WHERE a.attrelid = to_regclass('ingest_rejections') AND a.attnum > 0 AND NOT a.attisdropped
              AND has_table_privilege(a.attrelid, 'INSERT')`,
        )
        return r.rows
      })
      const cols = new Map<Column, string>()
      for (const c of found)
        if ((WANTED as readonly string[]).includes(c.name)) cols.set(c.name as Column, c.type)
      this.columns = cols.has('reason') ? cols : null
    } catch (err) {
      this.log.warn({ err }, 'ingest_rejections lookup failed; rejections are only counted')
      this.columns = null
    }
    return this.columns !== null
  }

  record(r: Rejection): void {
    bump(this.stats.rejections, r.reason)
    this.log.debug(
      { reason: r.reason, peer: r.peer, terminal: r.terminal, detail: r.detail },
      'jt808 rejection',
    )
    // one insert at a time and a token per row: a flood costs the database nothing
    if (!this.columns || this.writing || !this.bucket.take()) return
    const cols = this.columns
    this.writing = this.insert(cols, r)
      .catch((err: unknown) => {
        this.columns = null
        this.log.warn({ err }, 'writing to ingest_rejections failed; rejections are only counted from now on')
      })
      .finally(() => {
        this.writing = null
      })
  }

  /** Resolves once the row being written (if any) is done. */
  async idle(): Promise<void> {
    await this.writing
  }

  private async insert(cols: Map<Column, string>, r: Rejection): Promise<void> {
    const values: Record<Column, unknown> = {
      at: new Date(),
      protocol: 'jt808',
      reason: r.reason,
      peer: r.peer,
      mn: r.terminal ?? null,
      detail: r.detail,
      raw_excerpt: r.raw ? r.raw.subarray(0, EXCERPT_BYTES) : null,
    }
    const names = [...cols.keys()]
    const params = names.map((n) => asColumn(values[n], cols.get(n)!))
    const sql = `INSERT INTO ingest_rejections (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`
    await this.db.tx(systemScope, (q) => q.query(sql, params))
  }
}

/** A value in the form the column's type accepts. */
function asColumn(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null
  if (Buffer.isBuffer(v)) return type === 'bytea' ? v : v.toString('hex')
  if (type === 'json' || type === 'jsonb') return JSON.stringify(v)
  if (type === 'inet' && typeof v === 'string') return v.replace(/^\[?([^\]]*?)\]?:\d+$/, '$1')
  return v
}
