import type { BusEntry, ConsumeOptions } from './bus'

/**
 * Failure bookkeeping shared by both buses. After a batch fails its entries are retried one at a time,
 * so one entry that can never be stored (a poison entry) is isolated; once it has failed alone
 * `maxDeliveries` times it is dead-lettered instead of blocking the stream behind it forever.
 */
export class DeliveryTracker {
  private readonly attempts = new Map<string, number>()
  private isolating = false
  private consecutiveFailures = 0
  readonly max: number

  constructor(private readonly opts: ConsumeOptions) {
    this.max = opts.maxDeliveries ?? 5
  }

  /** wait before the next retry: doubles per consecutive failure, at most 30 s */
  get retryDelayMs(): number {
    const base = this.opts.retryMs ?? 1000
    return Math.min(base * 2 ** Math.max(0, this.consecutiveFailures - 1), 30_000)
  }

  /** how many pending entries to take on the next retry read */
  get retryBatch(): number | null {
    return this.isolating ? 1 : null
  }

  /** no more pending entries: back to full batches */
  drained(): void {
    this.isolating = false
  }

  succeeded(entries: BusEntry[]): void {
    this.consecutiveFailures = 0
    for (const e of entries) this.attempts.delete(e.id)
  }

  /** Records a failed delivery; returns the entries to dead-letter now. */
  failed(entries: BusEntry[], error: unknown): BusEntry[] {
    this.consecutiveFailures++
    if (this.opts.isTransient?.(error)) return []
    if (entries.length > 1) {
      this.isolating = true
      for (const e of entries) this.attempts.set(e.id, (this.attempts.get(e.id) ?? 0) + 1)
      return []
    }
    const e = entries[0]
    if (!e) return []
    const n = (this.attempts.get(e.id) ?? 0) + 1
    if (n < this.max) {
      this.attempts.set(e.id, n)
      return []
    }
    this.attempts.delete(e.id)
    return [e]
  }
}
