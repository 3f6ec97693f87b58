import { describe, expect, it } from 'vitest'
import type { PositionSample, TagKind } from '../../../../../server/contracts/live'
import { HeadcountRule, type ZoneLimit } from '../../../../../server/modules/zones/headcount'
import { resolveLimits, type ZoneLimitRow } from '../../../../../server/modules/zones/headcount.rule'
import type { AlarmAction, TagInfo } from '../../../../../server/modules/zones/zone-rules'

const t0 = Date.parse('2026-11-27T02:00:00Z')
const limit = (zoneId: string, max: number): ZoneLimit => ({
  zoneId,
  name: `罐区 ${zoneId}`,
  zoneType: 'tank_farm',
  enterpriseId: 'E01',
  limit: max,
  location: { lon: 120.95, lat: 31.94 },
})

/** A rule on a fake zone engine: `inside` says who the engine has inside which zone. */
function harness(opts: { onDelayS?: number; offDelayS?: number; staleS?: number } = {}) {
  let now = t0
  const inside = new Map<string, string[]>()
  const rule = new HeadcountRule({ onDelayS: 30, offDelayS: 60, staleS: 600, ...opts, clock: () => now })
  rule.setLimits([limit('Z1', 2), limit('Z2', 1)])
  rule.attach({ zonesOf: (id) => inside.get(id) ?? [], tagIds: () => [...inside.keys()] })
  const kinds = new Map<string, TagKind | null>()
  const tag = (id: string): TagInfo => ({
    id,
    kind: kinds.has(id) ? kinds.get(id)! : 'staff',
    label: id,
    enterprise_id: null,
  })
  const s = (id: string): PositionSample => ({
    tag_id: id,
    t: new Date(now).toISOString(),
    lon: 120.95,
    lat: 31.94,
    speed_kmh: 1,
    heading_deg: null,
    source: 't',
  })
  return {
    rule,
    kinds,
    at: (sec: number) => (now = t0 + sec * 1000),
    /** the tag reports from these zones (the engine already moved it) */
    report: (id: string, zones: string[]) => {
      inside.set(id, zones)
      return rule.process(s(id), tag(id))
    },
    engine: inside,
  }
}
const kinds = (acts: AlarmAction[]) =>
  acts.map((a) => (a.type === 'raise' ? ['raise', a.input.rule, a.input.value] : ['rtn', a.rule, a.value]))

describe('zone headcount rule', () => {
  it('raises one alarm after 30 s over the limit and returns it after 60 s at or below', () => {
    const h = harness()
    h.at(0)
    expect([...h.report('A', ['Z1']), ...h.report('B', ['Z1'])]).toEqual([])
    h.at(1)
    expect(h.report('C', ['Z1'])).toEqual([]) // 3 > 2, on-delay running
    expect(h.rule.count('Z1')).toBe(3)
    h.at(20)
    expect(h.rule.tick(t0 + 20_000)).toEqual([])
    h.at(31)
    const raised = h.report('A', ['Z1'])
    expect(raised).toEqual([
      {
        type: 'raise',
        input: expect.objectContaining({
          source_type: 'zone',
          source_id: 'Z1',
          rule: 'zone_headcount:Z1',
          t: t0 + 31_000, // onset at 1 s + the 30 s on-delay
          value: 3,
          limit: 2,
          priority: 'high',
          enterprise_id: 'E01',
          message: '罐区 Z1: 区域超员 zone headcount over limit (3 > 2)',
        }),
      },
    ])
    h.at(40)
    expect([...h.report('D', ['Z1']), ...h.rule.tick(t0 + 40_000)]).toEqual([]) // already raised
    h.at(50)
    expect([...h.report('D', []), ...h.report('C', [])]).toEqual([]) // 2 ≤ 2: off-delay running
    h.at(100)
    expect(h.rule.tick(t0 + 100_000)).toEqual([])
    h.at(110)
    const back = h.rule.tick(t0 + 110_000)
    expect(back).toEqual([
      { type: 'rtn', sourceId: 'Z1', rule: 'zone_headcount:Z1', t: t0 + 110_000, value: 2 },
    ])
    expect(h.rule.tick(t0 + 200_000)).toEqual([])
  })

  it('does not flap: a count that wobbles around the limit within the delays raises nothing twice', () => {
    const h = harness()
    h.at(0)
    h.report('A', ['Z2'])
    const acts: AlarmAction[] = []
    for (let sec = 1; sec < 300; sec += 10) {
      h.at(sec)
      acts.push(...h.report('B', sec % 20 === 1 ? ['Z2'] : []))
      acts.push(...h.rule.tick(t0 + sec * 1000))
    }
    expect(acts).toEqual([])
  })

  it('counts people only, and drops members that went silent', () => {
    const h = harness({ onDelayS: 0, offDelayS: 0 })
    h.kinds.set('T1', 'hazmat_vehicle')
    h.kinds.set('T2', 'vehicle')
    h.at(0)
    expect([...h.report('T1', ['Z2']), ...h.report('T2', ['Z2']), ...h.report('A', ['Z2'])]).toEqual([])
    expect(h.rule.count('Z2')).toBe(1)
    h.kinds.set('U', null) // an unregistered tag counts (it could be anyone)
    h.at(5)
    expect(kinds(h.report('U', ['Z2']))).toEqual([['raise', 'zone_headcount:Z2', 2]])
    // U's card dies inside: after 10 min it is no longer counted
    for (const sec of [300, 600]) {
      h.at(sec)
      expect(h.report('A', ['Z2'])).toEqual([])
    }
    h.at(606)
    expect(kinds(h.rule.tick(t0 + 606_000))).toEqual([['rtn', 'zone_headcount:Z2', 1]])
  })

  it('follows the engine between samples (schedule closures) and returns a zone that lost its limit', () => {
    const h = harness({ onDelayS: 0, offDelayS: 0 })
    h.at(0)
    h.report('A', ['Z2'])
    expect(kinds(h.report('B', ['Z2']))).toEqual([['raise', 'zone_headcount:Z2', 2]])
    h.engine.set('B', []) // the engine closed B's presence without a sample
    h.at(10)
    expect(kinds(h.rule.tick(t0 + 10_000))).toEqual([['rtn', 'zone_headcount:Z2', 1]])
    h.report('B', ['Z2'])
    h.at(20)
    expect(kinds(h.report('C', ['Z2']))).toEqual([]) // already raised again at 10 s
    h.rule.setLimits([limit('Z1', 2)])
    expect(kinds(h.rule.tick(t0 + 20_000))).toEqual([['rtn', 'zone_headcount:Z2', null]])
  })

  it('puts a failed batch back, so the retry raises the same natural key', () => {
    const h = harness({ onDelayS: 30 })
    h.at(0)
    h.report('A', ['Z2'])
    h.report('B', ['Z2'])
    h.at(40)
    const restore = h.rule.snapshot(new Set(['A']))
    const first = h.report('A', ['Z2'])
    restore()
    const again = h.report('A', ['Z2'])
    expect(first).toHaveLength(1)
    expect(again).toEqual(first)
    expect(h.rule.active('Z2')).toBe(true)
  })

  it('after a restart: an open alarm is not raised again and returns to normal when the zone empties', () => {
    const h = harness({ onDelayS: 0, offDelayS: 60 })
    h.engine.set('A', ['Z2'])
    h.engine.set('B', ['Z2'])
    const rule2 = new HeadcountRule({ onDelayS: 0, offDelayS: 60, clock: () => t0 })
    rule2.setLimits([limit('Z2', 1)])
    rule2.attach({ zonesOf: (id) => h.engine.get(id) ?? [], tagIds: () => [...h.engine.keys()] })
    rule2.seedOpen('Z2', t0 - 600_000)
    expect(rule2.memberTags().sort()).toEqual(['A', 'B'])
    rule2.seedSeen('A', t0 - 5_000, 'staff')
    rule2.seedSeen('B', t0 - 5_000, 'visitor')
    expect(rule2.count('Z2', t0)).toBe(2)
    expect(rule2.tick(t0)).toEqual([])
    // B leaves; a minute later the alarm returns to normal (never older than its raise)
    h.engine.set('B', [])
    expect(rule2.tick(t0 + 1_000)).toEqual([])
    expect(kinds(rule2.tick(t0 + 61_000))).toEqual([['rtn', 'zone_headcount:Z2', 1]])
  })
})

describe('zone headcount limits', () => {
  const row = (id: string, over: Partial<ZoneLimitRow> = {}): ZoneLimitRow => ({
    id,
    name: id,
    zone_type: 'tank_farm',
    enterprise_id: null,
    has_own: false,
    own: null,
    type_default: 15,
    lon: 120.95,
    lat: 31.94,
    ...over,
  })
  it("takes the zone's own max_headcount, else its type's default; JSON null exempts, junk is reported", () => {
    const { limits, warnings } = resolveLimits([
      row('A'),
      row('B', { has_own: true, own: 4 }),
      row('C', { has_own: true, own: null }),
      row('D', { has_own: true, own: '9' }),
      row('E', { has_own: true, own: 2.5 }),
      row('F', { zone_type: 'speed', type_default: null }),
      row('G', { zone_type: 'speed', type_default: null, has_own: true, own: 3 }),
    ])
    expect(limits.map((l) => [l.zoneId, l.limit])).toEqual([
      ['A', 15],
      ['B', 4],
      ['D', 15],
      ['E', 15],
      ['G', 3],
    ])
    expect(warnings).toEqual(['zone D: max_headcount "9" ignored', 'zone E: max_headcount 2.5 ignored'])
  })
})

describe('zone headcount rule, limits edited', () => {
  it('counts the occupants of a zone that gains a limit at once', () => {
    let now = t0
    const inside = new Map([
      ['A', ['Z9']],
      ['B', ['Z9']],
    ])
    const rule = new HeadcountRule({ onDelayS: 0, clock: () => now })
    rule.attach({ zonesOf: (id) => inside.get(id) ?? [], tagIds: () => [...inside.keys()] })
    for (const id of ['A', 'B'])
      rule.process(
        {
          tag_id: id,
          t: new Date(now).toISOString(),
          lon: 0,
          lat: 0,
          speed_kmh: 0,
          heading_deg: null,
          source: 't',
        },
        { id, kind: 'staff', label: id, enterprise_id: null },
      )
    expect(rule.count('Z9')).toBe(0)
    rule.setLimits([limit('Z9', 1)])
    expect(rule.count('Z9')).toBe(2)
    now += 1_000
    expect(rule.tick(now).map((a) => a.type)).toEqual(['raise'])
  })
})
