import type { AlarmDetail, AlarmListQuery, Alarm, FloodState } from '../../contracts/alarms'
import type { Db, DbScope } from '../../platform/db/db'
import { errors } from '../../platform/http/errors'
import { defaultFlood, defaultPositions, type FloodConfig, type OperatorPosition } from './alarm-config'
import { toAlarm } from './alarm-row'
import { findById, listAlarms, transitionsOf } from './alarms.repository'
import { floodAt } from './flood'
import { annunciationTimes, topAlarm } from './flood.repository'

/** Replayed history for the flood state: long enough to see a flood start and end (12 windows). */
const historyWindows = 12

/** The read side of alarms, always under the caller's row-level-security scope. */
export class AlarmQueries {
  constructor(
    private readonly db: Db,
    private readonly positions: readonly OperatorPosition[] = defaultPositions,
    private readonly flood: FloodConfig = defaultFlood,
    private readonly clock: () => number = Date.now,
  ) {}

  list(scope: DbScope, query: AlarmListQuery): Promise<Alarm[]> {
    return this.db.tx(scope, async (q) => (await listAlarms(q, query)).map(toAlarm))
  }

  get(scope: DbScope, id: string): Promise<AlarmDetail> {
    return this.db.tx(scope, async (q) => {
      const row = await findById(q, id)
      if (!row) throw errors.notFound('alarm', id)
      return { ...toAlarm(row), events: await transitionsOf(q, id) }
    })
  }

  /** Flood state per operator position, computed from the audit trail (the same on every node). */
  floodStates(scope: DbScope): Promise<FloodState[]> {
    const now = this.clock()
    const since = new Date(now - historyWindows * this.flood.windowMs)
    return this.db.tx(scope, async (q) => {
      const out: FloodState[] = []
      for (const p of this.positions) {
        const status = floodAt(await annunciationTimes(q, since, p.enterprises), now, this.flood)
        const top = await topAlarm(q, p.enterprises)
        out.push({
          position: p.id,
          name: p.name,
          in_flood: status.inFlood,
          count: status.count,
          window_s: this.flood.windowMs / 1000,
          since: status.since === null ? null : new Date(status.since).toISOString(),
          top: top ? toAlarm(top) : null,
        })
      }
      return out
    })
  }
}
