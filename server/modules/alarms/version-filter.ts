/**
 * Drops repeated and stale alarm messages: the outbox relay delivers at least once, so the same
 * (alarm id, version) can arrive twice, and two relays may publish out of order. Keeps the newest version
 * per alarm, for at most `max` alarms (the oldest remembered are forgotten first).
 */
export class VersionFilter {
  private readonly latest = new Map<string, number>()
  constructor(private readonly max = 50_000) {}

  /** true when (id, version) is newer than anything seen for id */
  accept(id: string, version: number): boolean {
    const seen = this.latest.get(id)
    if (seen !== undefined && version <= seen) return false
    this.latest.delete(id) // re-insert: Map order is the eviction order
    this.latest.set(id, version)
    if (this.latest.size > this.max) this.latest.delete(this.latest.keys().next().value!)
    return true
  }
}
