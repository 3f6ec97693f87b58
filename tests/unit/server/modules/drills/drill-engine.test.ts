// The drill engine on the shipped scripts over the demo park (zones from the emergency module's models) and on
// a tiny hand-made world where every number can be worked out by hand.
import { describe, expect, it } from 'vitest'
import { loadDrillScripts, parseDrillScript, type DrillScript } from '../../../../../scenes/drills'
import {
  eligibleMusterPoints,
  simulate,
  stateAt,
  type DrillAction,
  type DrillWorld,
} from '../../../../../server/modules/drills/drill-engine'
import { applyControl, clockTime, startClock } from '../../../../../server/modules/drills/drill-clock'
import {
  evaluateDrill,
  reportCsv,
  reportMarkdown,
} from '../../../../../server/modules/drills/drill-evaluation'
import { buildRoadGraph } from '../../../../../sensors/simulators/tags/road-graph'
import { haversineM, offsetM } from '../../../../../sensors/simulators/tags/geo'
import { parkWorld } from './park-world'

let seq = 0
const act = (kind: DrillAction['kind'], t_s: number, note: string | null = null): DrillAction => ({
  seq: ++seq,
  kind,
  t_s,
  note,
  by: 'op1',
  at: '2026-03-11T08:00:00.000Z',
})
/** Every operator step done on time (at its at_s). */
const onTime = (s: DrillScript) =>
  s.steps.filter((st) => st.actor === 'operator').map((st) => act(st.kind as DrillAction['kind'], st.at_s))

describe('drill engine on the shipped drills', () => {
  const scripts = loadDrillScripts()
  const worlds = new Map(scripts.map((s) => [s.id, parkWorld(s)]))

  it('is deterministic: the same script, actions and time give the same state', () => {
    for (const s of scripts) {
      const w = worlds.get(s.id)!
      const a = stateAt(s, w, onTime(s), 700)
      const b = stateAt(s, parkWorld(s), onTime(s), 700)
      expect(b).toEqual(a)
    }
  })

  it('a different seed places people differently', () => {
    const s = scripts[0]!
    const other = { ...s, seed: s.seed + 1 }
    expect(stateAt(other, worlds.get(s.id)!, [], 0).people).not.toEqual(
      stateAt(s, worlds.get(s.id)!, [], 0).people,
    )
  })

  it.each([[1], [10]])('fires steps at their drill times at ×%i', (speed) => {
    const s = scripts[0]!
    const w = worlds.get(s.id)!
    const clock = startClock(1_000_000, speed)
    const at = (wallMs: number) => stateAt(s, w, [], clockTime(clock, wallMs, 1800))
    const detector = s.steps.find((st) => st.kind === 'detector_alarm')!
    const wallOf = (t: number) => 1_000_000 + (t * 1000) / speed
    expect(at(wallOf(detector.at_s) - 50).steps[1]!.status).toBe('pending')
    expect(at(wallOf(detector.at_s)).steps[1]).toMatchObject({ status: 'fired', effect_s: detector.at_s })
    const shift = s.steps.findIndex((st) => st.kind === 'wind_shift')
    expect(at(wallOf(s.steps[shift]!.at_s) - 50).phase).toBe(0)
    const after = at(wallOf(s.steps[shift]!.at_s))
    expect(after.steps[shift]!.status).toBe('fired')
    expect(after.phase).toBe(1)
    expect(after.weather.wind_from_deg).toBe(0)
    expect(at(wallOf(5000)).finished).toBe(true)
  })

  it('the clock pauses, changes speed and seeks within the drill', () => {
    let c = startClock(0, 1)
    expect(clockTime(c, 10_000, 100)).toBe(10)
    c = applyControl(c, { op: 'pause' }, 10_000, 100)
    expect(clockTime(c, 60_000, 100)).toBe(10)
    c = applyControl(c, { op: 'speed', speed: 20 }, 60_000, 100)
    c = applyControl(c, { op: 'play' }, 60_000, 100)
    expect(clockTime(c, 61_000, 100)).toBe(30)
    c = applyControl(c, { op: 'seek', t_s: 5 }, 61_000, 100)
    expect(clockTime(c, 61_000, 100)).toBe(5)
    expect(clockTime(c, 70_000, 100)).toBe(100)
  })

  it.each(['chlorine-leak', 'solvent-pool-fire', 'lpg-vce'])(
    '%s: with every step on time, responsive survivors walk the roads to upwind muster points',
    (id) => {
      const s = scripts.find((x) => x.id === id)!
      const w = worlds.get(id)!
      const sim = simulate(s, w, onTime(s), 1e9)
      const start = simulate(s, w, [], 0)
      const mustered = sim.people.filter((p) => p.status === 'mustered')
      const responsive = sim.people.filter((p) => !p.unresponsive)
      expect(mustered.length).toBeGreaterThanOrEqual(responsive.length - 1)
      for (const p of mustered) {
        const m = w.musterPoints.find((x) => x.id === p.muster)!
        expect(haversineM(p.lonLat, m.lonLat)).toBeLessThan(0.5)
        expect(p.arrived_s!).toBeGreaterThan(p.depart_s!)
        // 1.4 m/s: never faster than walking the straight line from where they started
        const from = start.people.find((x) => x.id === p.id)!.lonLat
        expect(haversineM(from, m.lonLat) / (p.arrived_s! - p.depart_s!)).toBeLessThanOrEqual(1.4 + 1e-9)
      }
      // the unresponsive never move
      for (const p of sim.people.filter((x) => x.unresponsive)) expect(p.depart_s).toBeNull()
      // steps all on time
      expect(sim.steps.filter((x) => x.actor === 'operator').every((x) => x.status === 'on_time')).toBe(true)
      // in the last phase, everyone who left after the last wind shift went to an eligible (upwind) point
      const last = w.phases.at(-1)!
      const ok = new Set(eligibleMusterPoints(w, last).map((m) => m.id))
      for (const p of mustered) if (p.depart_s! >= last.from_s) expect(ok.has(p.muster!)).toBe(true)
    },
  )

  it('the LPG ignition kills whoever is still in the 8 psi zone, nobody when all are out', () => {
    const s = scripts.find((x) => x.id === 'lpg-vce')!
    const w = worlds.get(s.id)!
    const sim = simulate(s, w, onTime(s), 1e9)
    const casualties = sim.people.filter((p) => p.status === 'casualty')
    expect(casualties.every((p) => p.casualty_s === 360)).toBe(true)
    expect(casualties.every((p) => p.unresponsive)).toBe(true)
  })

  it('an action after its deadline is late, a missing one missed; people still evacuate (director injects)', () => {
    const s = scripts[0]!
    const w = worlds.get(s.id)!
    const evac = s.steps.find((st) => st.kind === 'evacuate')!
    const sim = simulate(s, w, [act('alarm_notify', 100), act('note', 40, 'called E01')], 1e9)
    const byKind = Object.fromEntries(sim.steps.map((x) => [x.kind, x]))
    expect(byKind.alarm_notify).toMatchObject({ status: 'late', action_t_s: 100, lateness_s: 100 - 80 })
    expect(byKind.declare_incident).toMatchObject({ status: 'missed', action_t_s: null })
    expect(byKind.evacuate).toMatchObject({ status: 'missed', effect_s: evac.expected_by_s })
    expect(sim.extras.map((a) => a.kind)).toEqual(['note'])
    expect(sim.people.some((p) => p.depart_s !== null && p.depart_s >= evac.expected_by_s!)).toBe(true)
    // before the deadline, without an action, the step is due, not yet missed
    const mid = simulate(s, w, [], 120)
    expect(mid.steps.find((x) => x.kind === 'evacuate')!.status).toBe('due')
    expect(simulate(s, w, [], 200).steps.find((x) => x.kind === 'evacuate')!.status).toBe('overdue')
  })

  it('keeps the state payload compact', () => {
    const s = scripts[0]!
    const st = stateAt(s, worlds.get(s.id)!, onTime(s), 600)
    expect(st.people[0]).toHaveLength(4)
    expect(JSON.stringify(st).length).toBeLessThan(8000)
  })
})

// ---------------------------------------------------------------- a tiny world, by hand

const A: [number, number] = [121.0, 31.0]
const B = offsetM(A, 100, 0)
const C = offsetM(A, 200, 0)
const square = (c: readonly [number, number], half: number) => {
  const ring = [
    offsetM(c, -half, -half),
    offsetM(c, half, -half),
    offsetM(c, half, half),
    offsetM(c, -half, half),
  ]
  return [...ring, ring[0]!]
}
const zone = (level: 'red' | 'orange' | 'yellow', half: number) => ({
  geometry: { type: 'Polygon' as const, coordinates: [square(A, half)] },
  properties: {
    level,
    basis: 'hand-made',
    threshold: { value: 10, unit: 'kW/m2' as const },
    reach_m: half,
    start_m: 0,
    max_half_width_m: half,
    capped: false,
    model: 'pool_fire_point_source' as const,
  },
})

function tinyWorld(): DrillWorld {
  const node = (id: string, c: readonly [number, number]) => ({
    type: 'Feature' as const,
    id,
    properties: {},
    geometry: { type: 'Point' as const, coordinates: [c[0], c[1]] as [number, number] },
  })
  const road = (
    id: string,
    from: string,
    to: string,
    a: readonly [number, number],
    b: readonly [number, number],
  ) => ({
    type: 'Feature' as const,
    id,
    properties: {
      from_node: from,
      to_node: to,
      name: id,
      name_en: id,
      width_m: 7,
      speed_limit_kmh: 30,
      road_class: 'branch' as const,
    },
    geometry: { type: 'LineString' as const, coordinates: [a, b] as [number, number][] },
  })
  const graph = buildRoadGraph(
    { type: 'FeatureCollection', features: [node('A', A), node('B', B), node('C', C)] },
    { type: 'FeatureCollection', features: [road('AB', 'A', 'B', A, B), road('BC', 'B', 'C', B, C)] },
  )
  return {
    graph,
    usable: new Set(['A', 'B', 'C']),
    musterPoints: [{ id: 'M', name: '集合点', name_en: 'Muster', lonLat: C, nodeId: 'C', capacity: 10 }],
    source: A,
    phases: [
      {
        from_s: 0,
        weather: { wind_speed_ms: 2, wind_from_deg: 90, stability: 'D' },
        zones: [zone('yellow', 80), zone('orange', 65), zone('red', 50)],
      },
    ],
  }
}

const tinyScript = (unresponsive = 0) =>
  parseDrillScript({
    id: 'tiny',
    title: { zh: '小演练', en: 'Tiny drill' },
    seed: 7,
    scenario: {
      asset_id: 'T-X',
      chemical_id: 'toluene',
      kind: 'pool_fire',
      weather: { wind_speed_ms: 2, wind_from_deg: 90, stability: 'D' },
    },
    participants: {
      walk_speed_ms: 1,
      reaction_s: [0, 0],
      red_exposure_limit_s: 1000,
      groups: [{ id: 'g', label: { zh: '组', en: 'Group' }, count: 2, radius_m: [0, 0], unresponsive }],
    },
    camera: [
      { t_s: 0, lon: 121, lat: 31, height_m: 500, heading_deg: 350, pitch_deg: -30 },
      { t_s: 100, lon: 121.002, lat: 31, height_m: 1500, heading_deg: 10, pitch_deg: -60 },
    ],
    steps: [
      { at_s: 0, kind: 'release', actor: 'system', label: { zh: '泄漏', en: 'Release' }, payload: {} },
      {
        at_s: 10,
        kind: 'detector_alarm',
        actor: 'system',
        label: { zh: '报警', en: 'Alarm' },
        payload: { sensor_id: 'GD-X' },
      },
      {
        at_s: 10,
        kind: 'alarm_notify',
        actor: 'operator',
        expected_by_s: 30,
        label: { zh: '通知', en: 'Notify' },
        payload: {},
      },
      {
        at_s: 20,
        kind: 'declare_incident',
        actor: 'operator',
        expected_by_s: 40,
        label: { zh: '响应', en: 'Declare' },
        payload: {},
      },
      {
        at_s: 30,
        kind: 'evacuate',
        actor: 'operator',
        expected_by_s: 60,
        label: { zh: '疏散', en: 'Evacuate' },
        payload: {},
      },
      {
        at_s: 200,
        kind: 'headcount',
        actor: 'operator',
        expected_by_s: 250,
        label: { zh: '清点', en: 'Headcount' },
        payload: {},
      },
      { at_s: 300, kind: 'end', actor: 'system', label: { zh: '结束', en: 'End' }, payload: {} },
    ],
  })

describe('drill engine and evaluation on a tiny hand-made drill', () => {
  const w = tinyWorld()
  const actions = [act('alarm_notify', 15), act('evacuate', 30), act('declare_incident', 50)]

  it('walks 200 m at 1 m/s from the evacuation order, along the road to the muster point', () => {
    const s = tinyScript()
    const sim = simulate(s, w, actions, 300)
    for (const p of sim.people) {
      expect(p.status).toBe('mustered')
      expect(p.depart_s).toBe(30)
      expect(p.arrived_s!).toBeCloseTo(30 + haversineM(A, C), 3)
      // 30 s waiting at the source plus 50 s walking out of the 50 m red square
      expect(p.red_exposure_s).toBeGreaterThanOrEqual(79)
      expect(p.red_exposure_s).toBeLessThanOrEqual(81)
    }
    const half = stateAt(s, w, actions, 130)
    const [, lon, lat, status] = half.people[0]!
    expect(status).toBe('evacuating')
    expect(haversineM([lon, lat], B)).toBeLessThan(1)
    expect(half.exposure).toEqual({ red: 0, orange: 0, yellow: 0 })
    expect(stateAt(s, w, actions, 40).exposure.red).toBe(2)
    expect(stateAt(s, w, actions, 300).headcount).toMatchObject({
      total: 2,
      mustered: 2,
      by_muster: { M: 2 },
    })
    // camera between keyframes
    expect(half.camera.height_m).toBe(1500)
    expect(stateAt(s, w, actions, 50).camera).toMatchObject({
      height_m: 1000,
      heading_deg: 0,
      pitch_deg: -45,
    })
  })

  it('a red-zone exposure over the limit makes a casualty', () => {
    const s = tinyScript()
    const strict = { ...s, participants: { ...s.participants, red_exposure_limit_s: 20 } }
    const sim = simulate(strict, w, actions, 300)
    expect(sim.people.every((p) => p.status === 'casualty' && p.casualty_s === 20)).toBe(true)
  })

  it('evaluates times, lateness, misses and the score', () => {
    const e = evaluateDrill(tinyScript(), w, actions, 300)
    expect(e.times.detect_s).toBe(10)
    expect(e.times.alert_s).toBe(15)
    expect(e.times.declare_s).toBe(50)
    expect(e.times.evacuation_order_s).toBe(30)
    expect(e.times.evacuate_s).toBeCloseTo(haversineM(A, C), 0)
    expect(e.steps.map((s) => [s.kind, s.status, s.lateness_s])).toEqual([
      ['alarm_notify', 'on_time', null],
      ['declare_incident', 'late', 10],
      ['evacuate', 'on_time', null],
      ['headcount', 'missed', null],
    ])
    expect(e.late_steps.map((s) => s.kind)).toEqual(['declare_incident'])
    expect(e.missed_steps.map((s) => s.kind)).toEqual(['headcount'])
    expect(e.missing_at_headcount).toEqual({ at_s: 250, people: [] })
    expect(e.missing_at_end).toEqual([])
    // warning 25 + response 20 × 50 % + evacuation 35 + headcount 0
    expect(e.score.categories.map((c) => c.score)).toEqual([25, 10, 35, 0])
    expect(e.score.total).toBe(70)
    expect(e.ended_early).toBe(false)
  })

  it('names who was missing; no evacuation time while someone alive never arrived', () => {
    const e = evaluateDrill(tinyScript(1), w, actions, 300)
    expect(e.missing_at_end).toHaveLength(1)
    expect(e.missing_at_end[0]).toMatchObject({ group: 'g', status: 'waiting', unresponsive: true })
    expect(e.missing_at_headcount!.people.map((p) => p.id)).toEqual(e.missing_at_end.map((p) => p.id))
    expect(e.times.evacuate_s).toBeNull()
    expect(e.times.last_arrival_s).toBeCloseTo(30 + haversineM(A, C), 0)
  })

  it('ending early evaluates at that time: later steps are missed', () => {
    const e = evaluateDrill(tinyScript(), w, actions, 100)
    expect(e.ended_early).toBe(true)
    expect(e.evaluated_at_s).toBe(100)
    expect(e.missed_steps.map((s) => s.kind)).toEqual(['headcount'])
    expect(e.missing_at_end).toHaveLength(2)
  })

  it('exports Markdown and CSV', () => {
    const e = evaluateDrill(tinyScript(1), w, [...actions, act('note', 60, '=cmd, "quoted"')], 300)
    const md = reportMarkdown(e, {
      id: 'r1',
      started_by: 'op1',
      started_at: '2026-03-11T08:00:00Z',
      ended_at: null,
    })
    expect(md).toContain('# 演练评估报告 Drill evaluation report — 小演练 / Tiny drill')
    expect(md).toContain('| 发现 Time to detect (release → detector alarm) | 10 s |')
    expect(md).toMatch(/\| 3 \| 响应 \/ Declare \| 0:40 \| 0:50 \| 10 s \| late \|/)
    expect(md).toContain('g-02 (waiting, unresponsive)'.slice(0, 2))
    const csv = reportCsv(e)
    const lines = csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe('section,item,expected_by_s,actual_s,lateness_s,status,detail')
    expect(lines).toContain('time,detect,,10,,,release → first detector alarm')
    expect(lines).toContain('step,declare_incident,40,50,10,late,响应 / Declare')
    expect(lines.some((l) => /^missing,g-0[12],,,,waiting,g$/.test(l))).toBe(true)
    expect(lines.at(-1)).toMatch(/^score,total,,/)
  })
})
