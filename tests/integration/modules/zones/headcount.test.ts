// The zone headcount rule (区域超员) in the geofence worker on real PostgreSQL + PostGIS and Redis with the seeded
// park: positions through the position writer into the zone engine; three people in the Z04 restricted circle
// whose limit is 2 raise exactly one `zone_headcount:Z04`, which returns to normal when one walks out; a
// restart in either state rebuilds the counts from PostGIS (zone_events, positions, open alarms) and raises
// nothing again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PositionSample } from '../../../../server/contracts'
import { upsertTags } from '../../../../server/modules/tags/tags.repository'
import type { HeadcountRule } from '../../../../server/modules/zones/headcount'
import {
  resolveLimits,
  zoneHeadcountRule,
  zoneLimitRows,
} from '../../../../server/modules/zones/headcount.rule'
import { systemScope } from '../../../../server/platform/db/db'
import { eventually } from '../../../helpers/http'
import { log, startGeofenceStack, type GeofenceStack } from './geofence-stack'

const z04 = [120.954057, 31.9379976] as const // 液氯储存区警戒区, circle r = 120 m, E01
const mLon = 1 / (111_195 * Math.cos((z04[1] * Math.PI) / 180))
const crew = ['HC1', 'HC2', 'HC3']

describe('zone headcount rule (PostgreSQL + Redis, seeded park)', () => {
  let stack: GeofenceStack
  let rule: HeadcountRule | null = null
  // device times: increasing per tag, in the recent past
  let clock = Date.now() - 60 * 60_000
  const sample = (tag: string, eastM: number): PositionSample => ({
    tag_id: tag,
    t: new Date((clock += 30_000)).toISOString(), // 30 s apart: a walk, never a jump
    lon: z04[0] + eastM * mLon,
    lat: z04[1],
    speed_kmh: 4,
    heading_deg: 90,
    source: 'test',
  })
  const headcount = () => stack.alarms(`rule = 'zone_headcount:Z04'`)
  const settle = () => new Promise((r) => setTimeout(r, 1_500)) // several tag-rule ticks (300 ms)

  beforeAll(async () => {
    stack = await startGeofenceStack('cpt_headcount', (db) => {
      const h = zoneHeadcountRule(db, log, { onDelayS: 1, offDelayS: 1 })
      rule = h.rule
      return [h]
    })
    const db = stack.ts.server.db
    // E01's own staff: authorised in Z04, so the only alarm is the headcount
    await db.tx(systemScope, (q) =>
      upsertTags(
        q,
        crew.map((id) => ({ id, kind: 'staff' as const, label: `E01 巡检 ${id}`, enterprise_id: 'E01' })),
      ),
    )
    await stack.sql(
      `UPDATE zones SET props = props || '{"max_headcount": 2}', updated_at = now() WHERE id = 'Z04'`,
    )
    await stack.worker().reloadTagRules()
  })
  afterAll(async () => {
    await stack?.close()
  })

  it('takes a zone’s own limit, else its zone type’s default from migration 0016', async () => {
    const { limits, warnings } = resolveLimits(
      await stack.ts.server.db.tx(systemScope, (q) => zoneLimitRows(q)),
    )
    const of = (id: string) => limits.find((l) => l.zoneId === id)?.limit
    expect(warnings).toEqual([])
    expect(of('Z04')).toBe(2)
    expect(of('Z11')).toBe(6) // restricted
    expect(of('Z01')).toBe(15) // tank farm
    expect(of('Z47')).toBe(80) // construction
    expect(of('Z44')).toBeUndefined() // a speed zone has no headcount
    expect(rule!.limitsOf().find((l) => l.zoneId === 'Z04')?.limit).toBe(2)
  })

  it('raises exactly one zone_headcount alarm for three people in Z04, kept across a restart', async () => {
    for (const id of crew) await stack.publish([sample(id, -400)])
    for (const id of crew) await stack.publish([sample(id, -20), sample(id, 0)])
    await eventually(async () => (await headcount()).length === 1, 15_000)
    await settle()
    expect(await headcount()).toEqual([
      expect.objectContaining({
        source_type: 'zone',
        source_id: 'Z04',
        state: 'unack',
        priority: 'high',
        condition_active: true,
        last_value: 3,
        limit_value: 2,
        count: 1,
        enterprise_id: 'E01',
      }),
    ])
    const [enters] = await stack.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM zone_events WHERE zone_id = 'Z04' AND event = 'enter' AND tag_id = ANY($1)`,
      [crew],
    )
    expect(enters!.n).toBe(3)

    // restart: membership from zone_events, freshness from positions, the open alarm from alarms
    await stack.restart()
    expect(rule!.count('Z04')).toBe(3)
    expect(rule!.active('Z04')).toBe(true)
    await settle()
    expect((await headcount()).map((a) => [a.state, a.count])).toEqual([['unack', 1]])
  })

  it('returns it to normal when one walks out, and raises nothing after another restart', async () => {
    await stack.publish([sample('HC3', 200), sample('HC3', 400)])
    await eventually(async () => (await headcount())[0]?.state === 'rtn_unack', 15_000)
    expect(await headcount()).toEqual([
      expect.objectContaining({ state: 'rtn_unack', condition_active: false, count: 1 }),
    ])
    await stack.restart()
    expect(rule!.count('Z04')).toBe(2)
    expect(rule!.active('Z04')).toBe(false)
    // the two still inside keep reporting: at the limit, not over it
    await stack.publish([sample('HC1', 5), sample('HC2', -5)])
    await settle()
    expect((await headcount()).map((a) => [a.state, a.count])).toEqual([['rtn_unack', 1]])
  })
})
