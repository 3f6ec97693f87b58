import type { AlarmPriority } from '../../contracts/alarms'
import { systemScope, type Db } from '../../platform/db/db'
import { activeHazwasteAlarms, listFacilities, stockPositions } from './hazwaste.repository'
import { hazwasteConditions, parkDay } from './hazwaste.rules'
import { facilityStocks, positionAges } from './hazwaste.summary'

/**
 * What the check needs of the alarm engine: AlarmEngine's raiseSystemAlarm / clearSystemAlarm fit it
 * (`{ raise: (a) => engine.raiseSystemAlarm(a), clear: (s, r, t) => engine.clearSystemAlarm(s, r, t) }`).
 */
export interface HazwasteAlarmSink {
  raise(a: {
    source_type: 'system'
    source_id: string
    rule: string
    message: string
    priority: AlarmPriority
    t?: string
    enterprise_id?: string | null
    props?: Record<string, unknown>
  }): Promise<unknown>
  clear(sourceId: string, rule: string, t?: string): Promise<unknown>
}

export interface HazwasteCheckResult {
  /** conditions that hold now */
  active: number
  raised: number
  cleared: number
}

const key = (sourceId: string, rule: string) => `${sourceId}\u0000${rule}`

/**
 * The hourly worker job: stock over a facility's permitted limit, a batch stored over one year, and the
 * 30-day advance warning. A condition already alarmed (open, condition active) is not raised again; an
 * alarmed condition that no longer holds returns to normal.
 */
export async function checkHazwaste(
  db: Db,
  alarms: HazwasteAlarmSink,
  now: Date = new Date(),
): Promise<HazwasteCheckResult> {
  const { conditions, open } = await db.tx(systemScope, async (q) => {
    const facilities = await listFacilities(q, {})
    const positions = await stockPositions(q)
    return {
      conditions: hazwasteConditions(
        facilityStocks(facilities, positions),
        positionAges(positions),
        parkDay(now.getTime()),
      ),
      open: await activeHazwasteAlarms(q),
    }
  })
  const t = now.toISOString()
  const alarmed = new Set(open.map((a) => key(a.source_id, a.rule)))
  const holding = new Set(conditions.map((c) => key(c.source_id, c.rule)))
  let raised = 0
  let cleared = 0
  for (const c of conditions) {
    if (alarmed.has(key(c.source_id, c.rule))) continue
    await alarms.raise({ source_type: 'system', t, ...c })
    raised++
  }
  for (const a of open) {
    if (holding.has(key(a.source_id, a.rule))) continue
    await alarms.clear(a.source_id, a.rule, t)
    cleared++
  }
  return { active: conditions.length, raised, cleared }
}
