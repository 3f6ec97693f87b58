import type { PositionSample, PositionsFrame } from '../../server/contracts'

/** Sample time in ms since the epoch; NaN for an unparsable time sorts as oldest. */
export function sampleTimeMs(sample: PositionSample): number {
  const ms = Date.parse(sample.t)
  return Number.isNaN(ms) ? -Infinity : ms
}

/** True when `candidate` should replace `current` (newer, or same time: the later arrival wins). */
export function isNewer(candidate: PositionSample, current: PositionSample | null | undefined): boolean {
  return !current || sampleTimeMs(candidate) >= sampleTimeMs(current)
}

/** Keeps the newest sample per tag in `into`; returns how many tags changed. */
export function mergeNewest(into: Map<string, PositionSample>, samples: Iterable<PositionSample>): number {
  let changed = 0
  for (const sample of samples) {
    if (!isNewer(sample, into.get(sample.tag_id))) continue
    into.set(sample.tag_id, sample)
    changed++
  }
  return changed
}

/** Schedules `flush` to run once later (setTimeout in the browser, manual in tests). */
export type Scheduler = (flush: () => void) => void

/**
 * Coalesces streamed frames by tag id so the UI sees one update per tag per flush, however many
 * frames arrived in between (traccar-web habit).
 */
export class FrameBatcher {
  private pending = new Map<string, PositionSample>()
  private scheduled = false

  constructor(
    private readonly deliver: (batch: ReadonlyMap<string, PositionSample>) => void,
    private readonly schedule: Scheduler,
  ) {}

  push(frame: Pick<PositionsFrame, 'samples'>): void {
    mergeNewest(this.pending, frame.samples)
    if (this.scheduled || this.pending.size === 0) return
    this.scheduled = true
    this.schedule(() => this.flush())
  }

  flush(): void {
    this.scheduled = false
    if (this.pending.size === 0) return
    const batch = this.pending
    this.pending = new Map()
    this.deliver(batch)
  }

  get pendingCount(): number {
    return this.pending.size
  }
}
