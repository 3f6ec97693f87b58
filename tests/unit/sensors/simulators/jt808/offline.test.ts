// What the simulated terminal does while it cannot deliver: buffer fixes, back off reconnects.
import { describe, expect, it } from 'vitest'
import { backoffMs } from '../../../../../sensors/simulators/jt808/backoff'
import { FixBuffer } from '../../../../../sensors/simulators/jt808/fix-buffer'

const fix = (s: number) => ({ lat: 1, lon: 1, time: new Date(Date.UTC(2026, 0, 1, 0, 0, s)) })
const seconds = (b: FixBuffer) => b.takeAll().map((f) => (f.time as Date).getUTCSeconds())

describe('FixBuffer', () => {
  it('drops the oldest when full and counts them', () => {
    const b = new FixBuffer(3)
    b.push(fix(1), fix(2), fix(3), fix(4))
    expect(b.dropped).toBe(1)
    expect(seconds(b)).toEqual([2, 3, 4])
    expect(b.size).toBe(0)
  })

  it('puts undelivered fixes back in time order', () => {
    const b = new FixBuffer(10)
    b.push(fix(5), fix(6))
    b.restore([fix(1), fix(3)])
    expect(seconds(b)).toEqual([1, 3, 5, 6])
  })
})

describe('backoffMs', () => {
  it('doubles from the first delay up to the ceiling', () => {
    const opts = { initialMs: 100, maxMs: 1000 }
    expect([0, 1, 2, 3, 4, 50].map((n) => backoffMs(n, opts))).toEqual([100, 200, 400, 800, 1000, 1000])
    expect(backoffMs(0)).toBe(1000)
  })
})
