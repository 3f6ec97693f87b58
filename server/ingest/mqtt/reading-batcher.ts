import type { ItemRejection, SafetyReading } from '../../../sensors/protocols/safety'
import type { SensorReadingsService } from '../../modules/sensors/sensor-readings.service'
import type { Logger } from '../../platform/logger'

export interface BatcherOptions {
  /** how long the first message of a batch waits for others; default 50 ms */
  windowMs?: number
  /** a batch this large is stored at once; default 2000 readings */
  maxReadings?: number
  /**
   * a batch of this many messages is stored at once; default 250. Keep it under the broker's in-flight
   * window (the ingest's receive maximum), or the window fills while the batch waits.
   */
  maxMessages?: number
  /** first retry delay after a failed store (doubling up to 30 s); default 1 s */
  retryMs?: number
  /** on stop, how long a batch being stored may take before it is abandoned; default 5 s */
  stopGraceMs?: number
}

export interface BatcherStats {
  batches: number
  stored: number
  duplicates: number
  failures: number
}

interface Part {
  readings: readonly SafetyReading[]
  resolve: (rejected: ItemRejection[]) => void
  reject: (err: Error) => void
}

/**
 * Coalesces the readings of MQTT messages that arrive together into one store call (one transaction), one
 * batch at a time so that readings reach the bus in arrival order. A failed store is retried until it
 * succeeds or the batcher stops; memory stays bounded because the messages are not answered meanwhile and
 * the broker sends no more than its in-flight window.
 */
export class ReadingBatcher {
  private pending: Part[] = []
  private pendingReadings = 0
  private timer: NodeJS.Timeout | null = null
  private chain: Promise<void> = Promise.resolve()
  private stopped = false
  private wake: (() => void) | null = null
  readonly stats: BatcherStats = { batches: 0, stored: 0, duplicates: 0, failures: 0 }

  constructor(
    private readonly service: SensorReadingsService,
    private readonly log: Logger,
    private readonly o: BatcherOptions = {},
  ) {}

  /** Resolves with the registry's refusals (indexes into `readings`) once the others are stored. */
  add(readings: readonly SafetyReading[]): Promise<ItemRejection[]> {
    if (this.stopped) return Promise.reject(new Error('batcher stopped'))
    if (!readings.length) return Promise.resolve([])
    return new Promise((resolve, reject) => {
      this.pending.push({ readings, resolve, reject })
      this.pendingReadings += readings.length
      if (
        this.pendingReadings >= (this.o.maxReadings ?? 2000) ||
        this.pending.length >= (this.o.maxMessages ?? 250)
      )
        this.cut()
      else this.timer ??= setTimeout(() => this.cut(), this.o.windowMs ?? 50)
    })
  }

  private cut(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const parts = this.pending
    this.pending = []
    this.pendingReadings = 0
    if (parts.length) this.chain = this.chain.then(() => this.flush(parts))
  }

  private async flush(parts: Part[]): Promise<void> {
    const all = parts.flatMap((p) => p.readings)
    for (let delay = this.o.retryMs ?? 1_000; ; delay = Math.min(delay * 2, 30_000)) {
      if (this.stopped) return parts.forEach((p) => p.reject(new Error('batcher stopped')))
      try {
        const out = await this.service.store(all, 'mqtt')
        this.stats.batches++
        this.stats.stored += out.stored
        this.stats.duplicates += out.duplicates
        let start = 0
        for (const p of parts) {
          const end = start + p.readings.length
          p.resolve(
            out.rejected
              .filter((r) => r.index >= start && r.index < end)
              .map((r) => ({ ...r, index: r.index - start })),
          )
          start = end
        }
        return
      } catch (err) {
        this.stats.failures++
        this.log.error({ err, readings: all.length, retryInMs: delay }, 'mqtt readings not stored; retrying')
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay)
          this.wake = () => (clearTimeout(timer), resolve())
        })
        this.wake = null
      }
    }
  }

  /** Stores what is pending, then refuses new readings; a batch still failing is abandoned (not answered). */
  async stop(): Promise<void> {
    this.cut()
    const done = this.chain
    let timer: NodeJS.Timeout | undefined
    await Promise.race([done, new Promise((r) => (timer = setTimeout(r, this.o.stopGraceMs ?? 5_000)))])
    clearTimeout(timer)
    this.stopped = true
    this.wake?.()
    await done
  }
}
