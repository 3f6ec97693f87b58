/** Fixed-window counter per key (login attempts per IP); memory is bounded by pruning old windows. */
export class RateLimiter {
  private readonly hits = new Map<string, { windowStart: number; count: number }>()
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** true when the call is allowed */
  take(key: string): boolean {
    const t = this.now()
    if (this.hits.size > 10_000) {
      for (const [k, v] of this.hits) if (t - v.windowStart >= this.windowMs) this.hits.delete(k)
    }
    const h = this.hits.get(key)
    if (!h || t - h.windowStart >= this.windowMs) {
      this.hits.set(key, { windowStart: t, count: 1 })
      return true
    }
    h.count++
    return h.count <= this.limit
  }
}
