import { describe, expect, it } from 'vitest'
import { haversineM } from '../../../../../sensors/simulators/tags/geo'
import { TruckPlan } from '../../../../../sensors/simulators/hazmat/truck-plan'

const line: [number, number][] = [
  [120.9, 31.9],
  [120.91, 31.9],
  [120.91, 31.91],
]
const len1 = haversineM(line[0]!, line[1]!)
const total = len1 + haversineM(line[1]!, line[2]!)

describe('hazmat truck plan', () => {
  it('drives at its speed, waits at the parking and the destination, and ends at the route end', () => {
    const p = new TruckPlan(line, [len1 / 2, len1, total], { speedKmh: 30, parkingWaitS: 60, visitS: 100 })
    const v = 30 / 3.6
    expect(p.totalS).toBeCloseTo(total / v + 160, 3)
    const tPark = len1 / 2 / v
    expect(p.at(tPark + 30)).toMatchObject({ phase: 'parking', speedKmh: 0 })
    expect(p.at(tPark + 61)).toMatchObject({ phase: 'to_destination', speedKmh: 30 })
    const a = p.at(10)
    const b = p.at(12)
    expect(haversineM([a.lon, a.lat], [b.lon, b.lat])).toBeCloseTo(2 * v, 0)
    expect(p.at(p.totalS + 1)).toMatchObject({ phase: 'done', lon: line[2]![0] })
  })

  it('deviates off the route by the offset, inside the leg, then comes back', () => {
    const p = new TruckPlan(line, [0, len1, total], {
      speedKmh: 30,
      parkingWaitS: 0,
      visitS: 0,
      deviation: { leg: 1, at: 0.5, durationS: 60, offsetM: 80 },
    })
    const w = p.deviationWindow()!
    expect(w.endS - w.startS).toBeCloseTo(60, 6)
    const mid = p.at((w.startS + w.endS) / 2)
    expect(mid.deviating).toBe(true)
    // leg 1 (parking → destination) runs east along a parallel: the offset is north–south, 80 m
    const onRoute = [mid.lon, line[0]![1]] as const
    expect(haversineM(onRoute, [mid.lon, mid.lat])).toBeCloseTo(80, 0)
    expect(p.at(w.endS + 1).deviating).toBe(false)
    expect(p.at(w.startS - 1).deviating).toBe(false)
  })

  it('keeps to 90 % of a posted zone limit on the segments that have one, and takes longer for it', () => {
    const slowSecond = (a: [number, number]) => (a[1] > 31.9 ? 15 : null)
    const p = new TruckPlan(line, [0, 0, total], {
      speedKmh: 30,
      parkingWaitS: 0,
      visitS: 0,
      limitKmh: (a, b) => slowSecond([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]),
    })
    const v2 = 13.5 / 3.6
    expect(p.totalS).toBeCloseTo(len1 / (30 / 3.6) + (total - len1) / v2, 3)
    expect(p.at(10).speedKmh).toBe(30)
    expect(p.at(p.totalS - 10).speedKmh).toBe(13.5)
  })
})
