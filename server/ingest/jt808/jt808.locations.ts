// 0x0200 location reports and 0x0704 batches (JT/T 808 位置信息汇报 / 定位数据批量上传): store first, then answer,
// then publish live (reliability-security.md §3: a device is answered only after its data is durable, so a
// retransmit is a dropped duplicate, never a gap).
//
// Group commit (issue 4): the reports arriving from all connections within a couple of milliseconds, or while
// the previous group is being committed, are written by one multi-row INSERT in one transaction
// (shared/group-commit.ts). Each report's promise settles only once the transaction holding it committed, so a
// connection answers 0x8001 after that; a failed transaction answers none of its reports with success (the
// group is retried for transient errors, else each report alone, so only a report the database refuses by
// itself fails). The queue is bounded in positions: past `maxQueued`, connections stop reading their sockets
// until it drained (see Jt808Connection), so an overload costs latency and TCP backlog, never memory.
import { toPositionSample, type Jt808Location } from '../../../sensors/protocols/jt808'
import type { PositionSample } from '../../contracts'
import { systemScope, type Db } from '../../platform/db/db'
import { isTransientDbError } from '../../platform/db/errors'
import { insertPositions } from '../../modules/tags/tags.repository'
import { GroupCommitter, type GroupCommitOptions } from '../shared/group-commit'
import { positionProps } from './jt808.alarms'
import { classifyDeviceTime, type DeviceTimePolicy } from './jt808.device-time'
import type { Jt808Stats } from './jt808.stats'
import type { LivePublisher } from './live-publisher'

/** One report (a 0x0200, or a whole 0x0704) as it is stored: all of it in one transaction, or none. */
export interface LocationReport {
  terminal: string
  tagId: string
  samples: PositionSample[]
  props: (Record<string, unknown> | null)[]
}

/** The usable fixes of a report; unfixed and invalid ones are counted and left out. */
export function prepareReport(
  stats: Jt808Stats,
  terminal: string,
  tagId: string,
  locations: readonly Jt808Location[],
): LocationReport {
  const samples: PositionSample[] = []
  const props: (Record<string, unknown> | null)[] = []
  for (const loc of locations) {
    const tp = toPositionSample(terminal, loc)
    // an unfixed report is valid data (the terminal is alive), just not a position
    if (!tp) {
      if (loc.flags.fixed) stats.positions.invalidFix++
      else stats.positions.noFix++
      continue
    }
    samples.push({ ...tp.sample, tag_id: tagId })
    props.push(positionProps(loc))
  }
  return { terminal, tagId, samples, props }
}

export type LocationGroupOptions = Pick<
  GroupCommitOptions,
  'maxBatch' | 'maxWaitMs' | 'maxInFlight' | 'maxQueued' | 'resumeAt' | 'attempts' | 'backoffMs'
>

export const defaultLocationGroup: Required<
  Pick<LocationGroupOptions, 'maxBatch' | 'maxWaitMs' | 'maxInFlight' | 'maxQueued'>
> = {
  /** positions in one INSERT at most */
  maxBatch: 2000,
  maxWaitMs: 2,
  maxInFlight: 2,
  /** positions waiting for a group before connections stop reading */
  maxQueued: 20_000,
}

export interface LocationStoreDeps {
  db: Db
  stats: Jt808Stats
  publisher: LivePublisher
  timePolicy: DeviceTimePolicy
  now(): number
  group?: LocationGroupOptions
  /** jt808_terminals.last_seen_at is refreshed by reports at most this often per terminal; default 30 s */
  touchEveryMs?: number
  /** test seam: runs inside each group's transaction after its writes, before COMMIT (throw to fail it) */
  beforeCommit?: (reports: readonly LocationReport[]) => void | Promise<void>
}

/** Terminals remembered for the last_seen_at throttle, at most; the map is pruned past it. */
const MAX_TOUCHED = 100_000

/** Stores location reports of all connections by group commit; publishes each group live once committed. */
export class LocationStore {
  readonly committer: GroupCommitter<LocationReport, true>
  /** terminal → when its last_seen_at was last written (or is being written) by a report */
  private readonly touched = new Map<string, number>()
  private readonly touchEveryMs: number

  constructor(private readonly d: LocationStoreDeps) {
    this.touchEveryMs = d.touchEveryMs ?? 30_000
    this.committer = new GroupCommitter<LocationReport, true>(
      (reports) => this.commit(reports),
      {
        ...defaultLocationGroup,
        attempts: 3,
        backoffMs: 50,
        ...d.group,
        retryable: isTransientDbError,
        // a report without a fix still costs its terminal's touch
        weight: (r) => Math.max(1, r.samples.length),
      },
      (reports) => this.publish(reports),
    )
  }

  /** Settles once the transaction holding the report committed (rejects if it could not be stored). */
  submit(report: LocationReport): Promise<true> {
    return this.committer.submit(report)
  }

  get full(): boolean {
    return this.committer.full
  }

  room(): Promise<void> {
    return this.committer.room()
  }

  drained(): Promise<void> {
    return this.committer.drained()
  }

  private async commit(reports: LocationReport[]): Promise<true[]> {
    const samples = reports.flatMap((r) => r.samples)
    const props = reports.flatMap((r) => r.props)
    const now = Date.now()
    const touch = this.dueTouches(reports, now)
    let stored: number
    try {
      stored = await this.d.db.tx(systemScope, async (q) => {
        const n = await insertPositions(q, samples, props)
        // groups in flight touch disjoint terminals (marked when formed), so they never wait on each other
        if (touch.length)
          await q.query('UPDATE jt808_terminals SET last_seen_at = now() WHERE terminal = ANY($1::text[])', [
            touch,
          ])
        if (this.d.beforeCommit) await this.d.beforeCommit(reports)
        return n
      })
    } catch (err) {
      for (const t of touch) this.touched.delete(t)
      throw err
    }
    this.d.stats.positions.stored += stored
    this.d.stats.positions.duplicates += samples.length - stored
    return reports.map(() => true)
  }

  /** Terminals of the group whose last_seen_at is older than touchEveryMs (marked as touched now). */
  private dueTouches(reports: readonly LocationReport[], now: number): string[] {
    if (this.touched.size > MAX_TOUCHED) {
      for (const [t, at] of this.touched) if (now - at >= this.touchEveryMs) this.touched.delete(t)
      if (this.touched.size > MAX_TOUCHED) this.touched.clear()
    }
    const due = new Set<string>()
    for (const r of reports) {
      const at = this.touched.get(r.terminal)
      if (at !== undefined && now - at < this.touchEveryMs) continue
      due.add(r.terminal)
      this.touched.set(r.terminal, now)
    }
    return [...due]
  }

  /** After commit, in group order: one bus publication per group of what is fit for the live pipeline. */
  private publish(reports: LocationReport[]): void {
    const { stats, timePolicy } = this.d
    const now = this.d.now()
    const live: PositionSample[] = []
    for (const r of reports)
      for (const s of r.samples) {
        const c = classifyDeviceTime(s.t, now, timePolicy)
        if (c !== 'ok') stats.positions[c]++
        else live.push(s)
      }
    this.d.publisher.publish(live)
  }
}
