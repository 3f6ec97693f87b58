// Split-message reassembly (JT/T 808-2019 §4.4 消息头 分包: attribute bit 13, pkgTotal/pkgNo; the parts of
// one message carry consecutive serials, so pkgNo 1's serial names the set). Memory is capped by
// set count and held bytes; the oldest set goes first, and sets still incomplete after the
// timeout are dropped (we do not ask for missing parts with 0x8003).
import type { Jt808Header } from './header'

export interface ReassemblerOptions {
  /** drop a set this long after its first part arrived; default 60 s */
  timeoutMs?: number
  /** sets held at once (across all terminals of a listener); default 64 */
  maxSets?: number
  /** body bytes held at once; default 1 MiB */
  maxBytes?: number
  /** largest pkgTotal accepted; default 256 (a 256 KiB message) */
  maxParts?: number
  now?: () => number
}

export type ReassemblyResult =
  | { status: 'pending'; received: number; total: number }
  /** header of part 1 with split cleared and bodyLength set to the whole body; pass to decodeBody */
  | { status: 'complete'; header: Jt808Header; body: Buffer }
  | { status: 'duplicate' }
  | { status: 'rejected'; detail: string }

export interface ReassemblerStats {
  completed: number
  duplicates: number
  rejected: number
  /** sets dropped after the timeout */
  expired: number
  /** sets dropped to stay under maxSets / maxBytes */
  evicted: number
}

interface PartSet {
  createdAt: number
  total: number
  parts: Map<number, { header: Jt808Header; body: Buffer }>
  bytes: number
}

export class Jt808Reassembler {
  readonly stats: ReassemblerStats = { completed: 0, duplicates: 0, rejected: 0, expired: 0, evicted: 0 }
  private readonly sets = new Map<string, PartSet>()
  private heldBytes = 0
  private readonly timeoutMs: number
  private readonly maxSets: number
  private readonly maxBytes: number
  private readonly maxParts: number
  private readonly now: () => number

  constructor(opts: ReassemblerOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 60_000
    this.maxSets = Math.max(1, opts.maxSets ?? 64)
    this.maxBytes = opts.maxBytes ?? 1 << 20
    this.maxParts = opts.maxParts ?? 256
    this.now = opts.now ?? Date.now
  }

  get pendingSets(): number {
    return this.sets.size
  }

  get pendingBytes(): number {
    return this.heldBytes
  }

  /** Adds one fragment (a decodeFrame 'fragment' message: its header and body.raw). */
  push(header: Jt808Header, body: Buffer): ReassemblyResult {
    this.sweep()
    const split = header.split
    if (!split) return this.reject('header has no split fields')
    const { total, index } = split
    if (total < 1 || total > this.maxParts || index < 1 || index > total)
      return this.reject(`part ${index} of ${total} out of range (max ${this.maxParts} parts)`)
    if (body.length > this.maxBytes) return this.reject(`part of ${body.length} bytes exceeds the cap`)
    const key = `${header.phone}|${header.msgId}|${(header.serial - index + 1) & 0xffff}`
    let set = this.sets.get(key)
    if (set && set.total !== total) return this.reject(`part says ${total} parts, its set ${set.total}`)
    if (set?.parts.has(index)) {
      this.stats.duplicates++
      return { status: 'duplicate' }
    }
    if (!set) {
      while (this.sets.size >= this.maxSets) this.evictOldest()
      set = { createdAt: this.now(), total, parts: new Map(), bytes: 0 }
      this.sets.set(key, set)
    }
    while (this.heldBytes + body.length > this.maxBytes && this.evictOldest(key));
    if (this.heldBytes + body.length > this.maxBytes) {
      this.drop(key, set)
      this.stats.evicted++
      return this.reject(`message exceeds ${this.maxBytes} bytes`)
    }
    set.parts.set(index, { header, body: Buffer.from(body) })
    set.bytes += body.length
    this.heldBytes += body.length
    if (set.parts.size < total) return { status: 'pending', received: set.parts.size, total }
    return this.complete(key, set)
  }

  /** Drops sets past the timeout; push() calls it, a listener may also call it on a timer. */
  sweep(): number {
    const cutoff = this.now() - this.timeoutMs
    let n = 0
    // Map order is creation order, so the expired sets are a prefix.
    for (const [key, set] of this.sets) {
      if (set.createdAt > cutoff) break
      this.drop(key, set)
      n++
    }
    this.stats.expired += n
    return n
  }

  private complete(key: string, set: PartSet): ReassemblyResult {
    const bodies: Buffer[] = []
    for (let i = 1; i <= set.total; i++) bodies.push(set.parts.get(i)!.body)
    const first = set.parts.get(1)!.header
    this.drop(key, set)
    this.stats.completed++
    const body = Buffer.concat(bodies)
    return { status: 'complete', header: { ...first, split: null, bodyLength: body.length }, body }
  }

  /** Evicts the oldest set other than `keep`; false when there is none. */
  private evictOldest(keep?: string): boolean {
    for (const [key, set] of this.sets) {
      if (key === keep) continue
      this.drop(key, set)
      this.stats.evicted++
      return true
    }
    return false
  }

  private drop(key: string, set: PartSet): void {
    this.sets.delete(key)
    this.heldBytes -= set.bytes
  }

  private reject(detail: string): ReassemblyResult {
    this.stats.rejected++
    return { status: 'rejected', detail }
  }
}
