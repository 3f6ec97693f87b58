// Uploads waiting for the platform's CN 9014 answer. HJ 212-2017 has the 数采仪 resend an unanswered upload
// after a timeout, a limited number of times (超时时间 / 重发次数, settable by the platform); the platform's
// natural-key check turns such resends into answered duplicates.

export interface Pending {
  qn: string
  frame: string
  /** when it was last sent; null while not yet sent (no connection) */
  sentAt: number | null
  sends: number
}

export class AckTracker {
  private readonly pending = new Map<string, Pending>()
  /** uploads given up on: resends exhausted, refused, or pushed out by a full queue */
  dropped = 0

  constructor(
    private readonly timeoutMs = 10_000,
    private readonly maxResends = 3,
    private readonly maxPending = 500,
  ) {}

  get size(): number {
    return this.pending.size
  }

  add(qn: string, frame: string): void {
    if (this.pending.size >= this.maxPending) {
      // a collector stores a limited backlog; the oldest upload goes first (Map keeps insertion order)
      const oldest = this.pending.keys().next()
      if (!oldest.done) this.pending.delete(oldest.value)
      this.dropped++
    }
    this.pending.set(qn, { qn, frame, sentAt: null, sends: 0 })
  }

  /** The platform answered (9014) or refused (9011) this QN: stop resending it. */
  settle(qn: string): boolean {
    return this.pending.delete(qn)
  }

  markSent(qn: string, nowMs: number): void {
    const p = this.pending.get(qn)
    if (!p) return
    p.sentAt = nowMs
    p.sends++
  }

  /** Frames to send now: never sent, or unanswered past the timeout. Past the resends, an upload is dropped. */
  due(nowMs: number): Pending[] {
    const out: Pending[] = []
    for (const p of this.pending.values()) {
      if (p.sentAt !== null && nowMs - p.sentAt < this.timeoutMs) continue
      if (p.sends > this.maxResends) {
        this.pending.delete(p.qn)
        this.dropped++
        continue
      }
      out.push(p)
    }
    return out
  }

  /** After a reconnect every pending upload goes again at once. */
  unsendAll(): void {
    for (const p of this.pending.values()) p.sentAt = null
  }
}
