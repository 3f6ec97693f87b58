/**
 * Fixed-window budget per peer and overall, so that a flood of bad frames cannot fill a table or the logs:
 * each peer may spend `perPeer` per window, everyone together `total`. Memory is bounded by `maxPeers`
 * (peers beyond it get nothing until the window turns).
 */
export class PeerLimiter {
  private windowStart = Number.NEGATIVE_INFINITY
  private readonly spent = new Map<string, number>()
  private used = 0

  constructor(
    private readonly perPeer = 20,
    private readonly total = 300,
    private readonly windowMs = 60_000,
    private readonly maxPeers = 10_000,
  ) {}

  allow(peer: string, nowMs: number = Date.now()): boolean {
    if (nowMs - this.windowStart >= this.windowMs) {
      this.windowStart = nowMs
      this.spent.clear()
      this.used = 0
    }
    const n = this.spent.get(peer) ?? 0
    if (this.used >= this.total || n >= this.perPeer) return false
    if (n === 0 && this.spent.size >= this.maxPeers) return false
    this.spent.set(peer, n + 1)
    this.used++
    return true
  }
}
