import { describe, expect, it } from 'vitest'
import {
  leakEnvelope,
  leakExposure,
  planLeak,
  type LeakPlan,
} from '../../../../../sensors/simulators/safety/leak'
import { parkSafetySensors } from '../../../../../sensors/simulators/safety/park-safety-sensors'
import { flammableLiquidCas } from '../../../../../sensors/simulators/safety/profiles'
import { msOf, park, runFor, series, START } from './harness'

const sensors = parkSafetySensors(park)
const S = 1000
const MIN = 60 * S

describe('scripted leak: plan', () => {
  it('picks, from the seed, a flammable-liquid tank with at least three combustible detectors within 60 m', () => {
    const tanks = new Set<string>()
    for (let seed = 1; seed <= 20; seed++) {
      const plan = planLeak(park, sensors, seed)!
      expect(planLeak(park, sensors, seed)).toEqual(plan)
      const tank = park.tanks.features.find((t) => t.id === plan.tankId)!
      expect(flammableLiquidCas.has(tank.properties.cas)).toBe(true)
      expect(plan.detectors.length).toBeGreaterThanOrEqual(3)
      for (const d of plan.detectors) {
        expect(d.distanceM).toBeLessThanOrEqual(60)
        expect(sensors.find((s) => s.id === d.id)?.measure).toBe('combustible')
      }
      tanks.add(plan.tankId)
    }
    expect(tanks.size).toBeGreaterThan(3)
  })

  it('takes a named tank and its options', () => {
    const plan = planLeak(park, sensors, 1, { tankId: 'T-E02-07', startAfterMs: 10 * S, peakLel: 80 })
    expect(plan).toMatchObject({ tankId: 'T-E02-07', startAfterMs: 10 * S, peakLel: 80, everyMs: 30 * MIN })
    expect(planLeak(park, sensors, 1, { tankId: 'no-such-tank' })).toBeNull()
  })

  it('rises, holds, decays to nothing and repeats every 30 min', () => {
    const plan = planLeak(park, sensors, 1)!
    const e = (ms: number) => leakEnvelope(plan, ms)
    expect(e(0)).toBe(0)
    expect(e(89 * S)).toBe(0)
    const ramp = Array.from({ length: 25 }, (_, i) => e(90 * S + i * 5 * S))
    expect(ramp).toEqual([...ramp].sort((a, b) => a - b))
    expect(e(90 * S + 2 * MIN)).toBe(1)
    expect(e(90 * S + 3 * MIN)).toBe(1)
    expect(e(90 * S + 6 * MIN)).toBeLessThan(0.1)
    expect(e(90 * S + 8 * MIN)).toBe(0)
    expect(e(90 * S + 29 * MIN)).toBe(0)
    for (const ms of [90 * S + 60 * S, 90 * S + 3 * MIN, 90 * S + 5 * MIN])
      expect(e(ms + 30 * MIN)).toBeCloseTo(e(ms), 12)
  })

  it('exposes the detectors by distance and wind: the most exposed sees the peak, farther ones less', () => {
    const plan: LeakPlan = planLeak(park, sensors, 3)!
    for (const episode of [0, 1, 2]) {
      const share = leakExposure(plan, episode)
      expect(Math.max(...share.values())).toBe(1)
      for (const v of share.values()) expect(v).toBeGreaterThan(0)
    }
  })
})

describe('scripted leak: readings', () => {
  it('takes the nearby combustible detectors through 25 %LEL to above 50 %LEL and back, 90 s after start', async () => {
    const { sim, batches } = await runFor(12 * 60, { seed: 11 })
    const plan = sim.leak!
    const by = series(batches)
    const inLeak = new Set(plan.detectors.map((d) => d.id))
    const peak = (id: string, from: number, to: number) =>
      Math.max(
        ...by
          .get(id)!
          .filter((r) => msOf(r) - START >= from && msOf(r) - START < to && r.v !== null)
          .map((r) => r.v!),
      )
    // clean air before
    for (const id of inLeak) expect(peak(id, 0, 90 * S)).toBeLessThan(5)
    // at the peak, the most exposed detector is past the second alarm, and every one is raised
    const peaks = plan.detectors.map((d) => peak(d.id, 90 * S, 90 * S + 5 * MIN))
    expect(Math.max(...peaks)).toBeGreaterThan(50)
    expect(peaks.filter((p) => p > 25).length).toBeGreaterThanOrEqual(1)
    // plume-ish: the nearer, the more (the wind decides among similar distances)
    plan.detectors.forEach((d, i) => {
      if (d.distanceM <= 30) expect(peaks[i]).toBeGreaterThan(5)
    })
    // the crossing order at the most exposed detector: 25 first, then 50, then back under 25
    const top = plan.detectors[peaks.indexOf(Math.max(...peaks))]!.id
    const rs = by.get(top)!.filter((r) => r.v !== null)
    const first = (pred: (v: number) => boolean, after = 0) =>
      rs.findIndex((r, i) => i >= after && pred(r.v!))
    const over25 = first((v) => v >= 25)
    const over50 = first((v) => v >= 50)
    const back = first((v) => v < 25, over50)
    expect(msOf(rs[over25]!) - START).toBeGreaterThan(90 * S)
    expect(over25).toBeLessThan(over50)
    expect(back).toBeGreaterThan(over50)
    // over by the end of the episode (90 s + 8 min)
    for (const id of inLeak) expect(peak(id, 90 * S + 9 * MIN, 12 * MIN)).toBeLessThan(5)
    // detectors farther away see nothing
    for (const s of sim.sensors)
      if (s.measure === 'combustible' && !inLeak.has(s.id)) expect(peak(s.id, 0, 12 * MIN)).toBeLessThan(5)
  })

  it('happens again 30 min later (configurable)', async () => {
    const { sim, batches } = await runFor(4 * 60, {
      seed: 11,
      leak: { startAfterMs: 10 * S, everyMs: 2 * MIN, rampMs: 20 * S, holdMs: 20 * S, decayMs: 40 * S },
    })
    const top = sim.leak!.detectors[0]!.id
    const rs = series(batches).get(top)!
    const episodes = [0, 1].map((k) =>
      Math.max(
        ...rs
          .filter((r) => {
            const t = msOf(r) - START - 10 * S - k * 2 * MIN
            return t >= 0 && t < 80 * S && r.v !== null
          })
          .map((r) => r.v!),
      ),
    )
    for (const p of episodes) expect(p).toBeGreaterThan(25)
  })

  it('can be switched off', async () => {
    const { sim } = await runFor(1, { leak: false })
    expect(sim.leak).toBeNull()
  })
})
