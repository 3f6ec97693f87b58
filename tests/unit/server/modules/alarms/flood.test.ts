import { describe, expect, it } from 'vitest'
import { FloodDetector, floodAt } from '../../../../../server/modules/alarms/flood'

const MIN = 60_000
const times = (n: number, startMs: number, stepMs: number) =>
  Array.from({ length: n }, (_, i) => startMs + i * stepMs)

describe('alarm flood per operator position (ISA-18.2)', () => {
  it.each<[string, number[], number, boolean, number]>([
    ['10 alarms in 10 min are no flood', times(10, 0, 30_000), 5 * MIN, false, 10],
    ['the 11th within 10 min starts it', times(11, 0, 30_000), 5 * MIN + 1, true, 11],
    ['11 spread over 20 min are no flood', times(11, 0, 2 * MIN), 20 * MIN, false, 5],
    ['still 5 in the window: the flood holds (hysteresis)', times(11, 0, 10_000), 10 * MIN + 55_000, true, 5],
    ['fewer than 5 in the window ends it', times(11, 0, 10_000), 10 * MIN + 65_000, false, 4],
  ])('%s', (_name, ts, now, inFlood, count) => {
    const s = floodAt(ts, now)
    expect(s.inFlood).toBe(inFlood)
    expect(s.count).toBe(count)
  })

  it('reports start and end once each, with the time and count', () => {
    const d = new FloodDetector()
    const changes = times(11, 0, 1000).map((t) => d.add(t))
    expect(changes.slice(0, 10).every((c) => c === null)).toBe(true)
    expect(changes[10]).toEqual({ type: 'flood_started', at: 10_000, count: 11 })
    expect(d.add(12_000)).toBeNull()
    expect(d.state).toMatchObject({ inFlood: true, since: 10_000, count: 12 })
    // the window slides past the first 8 (up to t = 7 s): 4 remain (8, 9, 10, 12 s)
    expect(d.evaluate(10 * MIN + 7_000)).toEqual({ type: 'flood_ended', at: 10 * MIN + 7_000, count: 4 })
    expect(d.evaluate(10 * MIN + 8_000)).toBeNull()
  })

  it('a flood that ended between alarms is over in the replay too', () => {
    const burst = times(12, 0, 1000)
    const later = times(6, 30 * MIN, 1000) // 6 alarms: above the end threshold, below the start
    expect(floodAt([...burst, ...later], 30 * MIN + 6_000).inFlood).toBe(false)
    expect(floodAt(burst, 5 * MIN).since).toBe(10_000) // the 11th alarm
  })

  it('takes a configured window and thresholds', () => {
    const d = new FloodDetector({ windowMs: 1000, startAbove: 2, endBelow: 1 })
    d.add(0)
    d.add(100)
    expect(d.add(200)?.type).toBe('flood_started')
    expect(d.evaluate(1200)?.type).toBe('flood_ended')
  })
})
