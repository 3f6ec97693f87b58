// Positions taken while the terminal cannot deliver them (blind area, no connection), sent later as
// 0x0704 batches. Bounded like a real terminal's flash: the oldest go first when it is full.
import type { LocationInput } from '../../protocols/jt808'

export class FixBuffer {
  private fixes: LocationInput[] = []
  dropped = 0

  constructor(private readonly max: number) {}

  get size(): number {
    return this.fixes.length
  }

  push(...fixes: LocationInput[]): void {
    this.fixes.push(...fixes)
    this.trim()
  }

  /** Puts undelivered fixes back ahead of newer ones, keeping time order. */
  restore(fixes: readonly LocationInput[]): void {
    if (!fixes.length) return
    this.fixes = [...fixes, ...this.fixes].sort((a, b) => time(a) - time(b))
    this.trim()
  }

  takeAll(): LocationInput[] {
    const all = this.fixes
    this.fixes = []
    return all
  }

  private trim(): void {
    const over = this.fixes.length - this.max
    if (over <= 0) return
    this.fixes.splice(0, over)
    this.dropped += over
  }
}

const time = (f: LocationInput): number =>
  typeof f.time === 'string' ? Date.parse(f.time) : f.time.getTime()
