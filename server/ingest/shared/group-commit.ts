// Group commit: items submitted from many connections within a few milliseconds (or while the previous group is
// being committed) are stored by one call (one transaction), so the cost of a commit (round trips, WAL flush) is
// shared instead of paid per packet. Used by HJ 212 (uploads) and JT/T 808 (location reports).

export interface GroupCommitOptions<I = unknown> {
  /** weight of one group at most (items, or what `weight` counts); default 500 */
  maxBatch?: number
  /** how long the first item of an idle committer waits for company, ms; default 2 */
  maxWaitMs?: number
  /** groups being committed at once; default 2 (the next group fills while one commits) */
  maxInFlight?: number
  /** tries of a whole group for errors `retryable` accepts; default 3 */
  attempts?: number
  retryable?: (err: unknown) => boolean
  /** pause before try n + 1 is n × this, ms; default 50 */
  backoffMs?: number
  /** what an item counts towards maxBatch and maxQueued (e.g. the positions of a report); default 1 */
  weight?: (item: I) => number
  /**
   * Backpressure: once the weight waiting for a group (not yet being committed) exceeds this, `full` is true
   * and `room()` waits, until it is back at `resumeAt`. Submitting is never refused: callers that can wait
   * (a connection that can stop reading its socket) await room() first. Default: unbounded.
   */
  maxQueued?: number
  /** weight at which a full committer takes more again; default maxQueued / 2 */
  resumeAt?: number
  /** called when the committer becomes full (true) and when it has room again (false) */
  onPressure?: (full: boolean) => void
}

export interface GroupCommitStats {
  groups: number
  items: number
  /** largest group so far (items) */
  largest: number
  /** groups whose commit failed (every item rejected, or retried one by one) */
  failedGroups: number
  /** times the queue passed maxQueued (readers were asked to wait) */
  pauses: number
}

interface Pending<I, R> {
  item: I
  weight: number
  resolve: (r: R) => void
  reject: (e: unknown) => void
}

type Settled<R> = { ok: true; r: R } | { ok: false; e: unknown }

/**
 * Collects submitted items into groups and hands each group to `commit`, which returns one result per item,
 * in order. A submitter's promise settles only after its group's commit (and `after`) finished: the caller
 * acts on durable data only. Groups are settled in the order they were formed, even when two commit at once,
 * so results (and `after`, e.g. publishing the group's events) keep submission order.
 *
 * Failure: a group is retried as a whole for retryable errors. Any other error of a group of several items
 * re-runs each item as a group of its own, so one item the store refuses (a poison packet) fails alone;
 * its promise rejects, and the others still get their results.
 */
export class GroupCommitter<I, R> {
  readonly stats: GroupCommitStats = { groups: 0, items: 0, largest: 0, failedGroups: 0, pauses: 0 }
  private readonly queue: Pending<I, R>[] = []
  private queuedWeight = 0
  private timer: NodeJS.Timeout | null = null
  private inFlight = 0
  private inFlightWeight = 0
  /** settles after the last formed group has settled: the next one settles after it */
  private tail: Promise<void> = Promise.resolve()
  private readonly idle = new Set<() => void>()
  private isFull = false
  private roomWaiters: (() => void)[] = []
  private readonly maxBatch: number
  private readonly maxWaitMs: number
  private readonly maxInFlight: number
  private readonly attempts: number
  private readonly retryable: (err: unknown) => boolean
  private readonly backoffMs: number
  private readonly weigh: (item: I) => number
  private readonly maxQueued: number
  private readonly resumeAt: number
  private readonly onPressure: (full: boolean) => void

  constructor(
    private readonly commit: (items: I[]) => Promise<R[]>,
    opts: GroupCommitOptions<I> = {},
    /** runs after a group committed, in group order, before its submitters are answered; must not throw */
    private readonly after: (items: I[], results: R[]) => Promise<void> | void = () => undefined,
  ) {
    this.maxBatch = Math.max(1, opts.maxBatch ?? 500)
    this.maxWaitMs = Math.max(0, opts.maxWaitMs ?? 2)
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 2)
    this.attempts = Math.max(1, opts.attempts ?? 3)
    this.retryable = opts.retryable ?? (() => false)
    this.backoffMs = opts.backoffMs ?? 50
    this.weigh = opts.weight ?? (() => 1)
    this.maxQueued = opts.maxQueued ?? Number.POSITIVE_INFINITY
    this.resumeAt = Math.min(this.maxQueued, opts.resumeAt ?? this.maxQueued / 2)
    this.onPressure = opts.onPressure ?? (() => undefined)
  }

  /** items waiting for a group */
  get queued(): number {
    return this.queue.length
  }

  /** weight waiting for a group, and weight being committed */
  get load(): { queued: number; committing: number } {
    return { queued: this.queuedWeight, committing: this.inFlightWeight }
  }

  /** whether the queue passed maxQueued and has not yet drained to resumeAt */
  get full(): boolean {
    return this.isFull
  }

  /** Resolves at once while there is room, else once the queue has drained to resumeAt. */
  room(): Promise<void> {
    if (!this.isFull) return Promise.resolve()
    return new Promise((resolve) => this.roomWaiters.push(resolve))
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const weight = Math.max(0, this.weigh(item))
      this.queue.push({ item, weight, resolve, reject })
      this.queuedWeight += weight
      if (!this.isFull && this.queuedWeight > this.maxQueued) {
        this.isFull = true
        this.stats.pauses++
        this.onPressure(true)
      }
      this.schedule()
    })
  }

  /** Resolves once nothing is queued or being committed. */
  drained(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.add(resolve))
  }

  private schedule(): void {
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return // a finishing group flushes
    if (this.queuedWeight >= this.maxBatch) this.flush()
    else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs)
  }

  /** The next group: items up to maxBatch of weight, at least one. */
  private take(): Pending<I, R>[] {
    let n = 0
    let w = 0
    while (n < this.queue.length && (n === 0 || w + this.queue[n]!.weight <= this.maxBatch)) {
      w += this.queue[n]!.weight
      n++
    }
    this.queuedWeight -= w
    return this.queue.splice(0, n)
  }

  private checkRoom(): void {
    if (!this.isFull || this.queuedWeight > this.resumeAt) return
    this.isFull = false
    this.onPressure(false)
    const waiters = this.roomWaiters
    this.roomWaiters = []
    for (const w of waiters) w()
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return
    const group = this.take()
    const weight = group.reduce((a, p) => a + p.weight, 0)
    this.inFlight++
    this.inFlightWeight += weight
    this.stats.groups++
    this.stats.items += group.length
    this.stats.largest = Math.max(this.stats.largest, group.length)
    this.checkRoom()
    const outcome = this.run(group)
    const previous = this.tail
    this.tail = previous.then(async () => {
      const settled = await outcome
      await this.settle(group, settled)
    })
    void this.tail.finally(() => {
      this.inFlight--
      this.inFlightWeight -= weight
      // what queued while this group committed has waited long enough
      if (this.queue.length) this.flush()
      if (this.queue.length === 0 && this.inFlight === 0) {
        for (const done of this.idle) done()
        this.idle.clear()
      }
    })
    this.schedule() // more than one group queued: the next may start now
  }

  /** Per item: its result, or the error that failed it. Never rejects. */
  private async run(group: Pending<I, R>[]): Promise<Settled<R>[]> {
    const items = group.map((p) => p.item)
    try {
      const results = await this.tryCommit(items)
      return results.map((r) => ({ ok: true, r }))
    } catch (err) {
      this.stats.failedGroups++
      if (items.length === 1 || this.retryable(err)) return items.map(() => ({ ok: false, e: err }))
      // isolate: one by one, so only the items that fail by themselves are refused
      const out: Settled<R>[] = []
      for (const item of items) {
        try {
          out.push({ ok: true, r: (await this.tryCommit([item]))[0]! })
        } catch (e) {
          out.push({ ok: false, e })
        }
      }
      return out
    }
  }

  private async tryCommit(items: I[]): Promise<R[]> {
    for (let i = 1; ; i++) {
      try {
        const results = await this.commit(items)
        if (results.length !== items.length)
          throw new Error(`group commit: ${results.length} results for ${items.length} items`)
        return results
      } catch (err) {
        if (i >= this.attempts || !this.retryable(err)) throw err
        await new Promise((r) => setTimeout(r, this.backoffMs * i))
      }
    }
  }

  private async settle(group: Pending<I, R>[], settled: Settled<R>[]): Promise<void> {
    const done = group.flatMap((p, i) => {
      const s = settled[i]!
      return s.ok ? [{ p, r: s.r }] : []
    })
    try {
      if (done.length)
        await this.after(
          done.map((d) => d.p.item),
          done.map((d) => d.r),
        )
    } catch {
      // `after` must not throw; if it does, the data is still durable and the submitters are answered
    }
    group.forEach((p, i) => {
      const s = settled[i]!
      if (s.ok) p.resolve(s.r)
      else p.reject(s.e)
    })
  }
}
