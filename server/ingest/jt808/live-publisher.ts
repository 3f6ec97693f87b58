// Hands stored positions to the live pipeline (bus `positions` stream, marked stored so the writer
// only refreshes the live cache). The rows are already durable and answered, so a slow or absent
// bus must not stall the terminals: publications run in the background, bounded in number, and
// the overflow is dropped and counted (reliability-security.md §4: shed telemetry, never block).
import type { PositionSample } from '../../contracts'
import { streams, type Bus } from '../../platform/bus/bus'
import type { Logger } from '../../platform/logger'
import type { PositionBatch } from '../../modules/tags/positions.writer'
import type { Jt808Stats } from './jt808.stats'

export class LivePublisher {
  private readonly inFlight = new Set<Promise<void>>()

  constructor(
    private readonly bus: Bus,
    private readonly stats: Jt808Stats,
    private readonly log: Logger,
    private readonly maxInFlight = 256,
  ) {}

  publish(samples: PositionSample[]): void {
    if (!samples.length) return
    const n = samples.length
    if (this.inFlight.size >= this.maxInFlight) {
      this.stats.positions.publishDropped += n
      return
    }
    const batch: PositionBatch = { samples, stored: true }
    const p = this.bus.publish(streams.positions, batch).then(
      () => void (this.stats.positions.published += n),
      (err: unknown) => {
        this.stats.positions.publishDropped += n
        this.log.warn({ err, n }, 'stored positions not published live')
      },
    )
    this.inFlight.add(p)
    void p.finally(() => this.inFlight.delete(p))
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.inFlight])
  }
}
