import { describe, expect, it } from 'vitest'
import type { ReadingsSeries } from '../../../../server/contracts'
import {
  chinaClock,
  chinaDateTime,
  formatValue,
  limitLines,
  linear,
  linePath,
  nearestIndex,
  niceTicks,
  seriesPoints,
  stepFor,
  timeTicks,
  valueDomain,
} from '../../../../client/shell/sensor-chart.scale'

const limits = { low_low: null, low: null, high: 25, high_high: 50 }
const hour = 3_600_000

describe('value axis', () => {
  it('niceTicks covers the range with 1/2/2.5/5 steps and no float noise', () => {
    expect(niceTicks(0, 52, 5)).toEqual({ min: 0, max: 60, step: 20, ticks: [0, 20, 40, 60] })
    expect(niceTicks(0.1, 0.72, 5).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8])
    expect(niceTicks(6.2, 8.9, 4).ticks).toEqual([6, 7, 8, 9])
    expect(niceTicks(3, 3, 4)).toMatchObject({ min: 2.6, max: 3.4 })
    expect(niceTicks(0, 0, 4).ticks).toContain(0)
  })

  it('valueDomain includes every limit so each line is drawn, and starts non-negative data at 0', () => {
    const d = valueDomain(
      [
        { t: 0, v: 3 },
        { t: 1, v: 7 },
      ],
      limits,
    )
    expect(d.min).toBe(0)
    expect(d.max).toBeGreaterThanOrEqual(50)
    expect(limitLines(limits, d).map((l) => [l.label, l.value])).toEqual([
      ['HH', 50],
      ['H', 25],
    ])
    // pH 7.0..7.4 with limits 6 and 9: both lines inside
    const ph = { low_low: null, low: 6, high: 9, high_high: null }
    const dp = valueDomain(
      [
        { t: 0, v: 7 },
        { t: 1, v: 7.4 },
        { t: 2, v: null },
      ],
      ph,
    )
    expect(dp.min).toBeLessThanOrEqual(6)
    expect(dp.max).toBeGreaterThanOrEqual(9)
    expect(limitLines(ph, dp).map((l) => l.label)).toEqual(['H', 'L'])
    expect(valueDomain([], null)).toMatchObject({ min: 0, max: 1 })
  })

  it('limitLines leaves out limits outside the axis', () => {
    expect(limitLines(limits, { min: 0, max: 30 }).map((l) => l.label)).toEqual(['H'])
    expect(limitLines(null, { min: 0, max: 30 })).toEqual([])
  })
})

describe('time axis (China Standard Time)', () => {
  it('puts ticks on round China-time clock positions', () => {
    // 2026-11-28 08:07 to 14:07 China time (00:07..06:07 UTC): 6 h → hourly ticks at 09:00…14:00
    const from = Date.parse('2026-11-28T00:07:00Z')
    const ticks = timeTicks(from, from + 6 * hour, 6)
    expect(ticks.map(chinaClock)).toEqual(['09:00', '10:00', '11:00', '12:00', '13:00', '14:00'])
    const day = timeTicks(from, from + 24 * hour, 6)
    expect(day.map(chinaClock)).toEqual(['12:00', '18:00', '00:00', '06:00'])
    expect(timeTicks(from, from + hour, 5).map(chinaClock)).toEqual(['08:15', '08:30', '08:45', '09:00'])
    expect(timeTicks(from, from, 5)).toEqual([])
  })

  it('formats China time whatever the browser zone', () => {
    expect(chinaClock(Date.parse('2026-11-28T16:05:00Z'))).toBe('00:05')
    expect(chinaDateTime(Date.parse('2026-11-28T16:05:09Z'))).toBe('11-29 00:05:09')
  })

  it('asks raw data up to 6 hours and minute averages beyond', () => {
    expect(stepFor(6 * hour)).toBe('raw')
    expect(stepFor(6 * hour + 1)).toBe('minute')
  })
})

describe('series', () => {
  const head = {
    sensor: { id: 's', name: 's', unit: null, code: null, enterprise_id: null, thresholds: {} },
    kind: 'rtd' as const,
    from: '2026-11-28T00:00:00Z',
    to: '2026-11-28T01:00:00Z',
  }

  it('reads raw values and bucket averages, in time order', () => {
    const raw: ReadingsSeries = {
      ...head,
      step: 'raw',
      truncated: false,
      points: [
        { t: '2026-11-28T00:01:00Z', value: 2, flag: 'N', stats: null },
        { t: '2026-11-28T00:00:00Z', value: 1, flag: 'N', stats: null },
      ],
    }
    expect(seriesPoints(raw).map((p) => p.v)).toEqual([1, 2])
    const minute: ReadingsSeries = {
      ...head,
      step: 'minute',
      buckets: [{ t: '2026-11-28T00:00:00Z', avg: 4.5, min: 4, max: 5, count: 2 }],
    }
    expect(seriesPoints(minute)).toEqual([{ t: Date.parse('2026-11-28T00:00:00Z'), v: 4.5 }])
  })

  it('linePath lifts the pen on a missing value or a silence longer than maxGap', () => {
    const x = linear(0, 100, 0, 100)
    const y = linear(0, 10, 100, 0)
    const pts = [
      { t: 0, v: 0 },
      { t: 10, v: 5 },
      { t: 20, v: null },
      { t: 30, v: 10 },
      { t: 90, v: 10 },
    ]
    expect(linePath(pts, x, y)).toBe('M0.0,100.0L10.0,50.0M30.0,0.0L90.0,0.0')
    expect(linePath(pts, x, y, 30)).toBe('M0.0,100.0L10.0,50.0M30.0,0.0M90.0,0.0')
  })

  it('nearestIndex finds the closest point with a value', () => {
    const pts = [
      { t: 0, v: 1 },
      { t: 10, v: null },
      { t: 20, v: 3 },
    ]
    expect(nearestIndex(pts, 9)).toBe(0)
    expect(nearestIndex(pts, 12)).toBe(2)
    expect(nearestIndex(pts, 99)).toBe(2)
    expect(nearestIndex([], 1)).toBe(-1)
  })

  it('formatValue keeps the decimals the axis step needs', () => {
    expect(formatValue(0.34)).toBe('0.34')
    expect(formatValue(32.123)).toBe('32.1')
    expect(formatValue(0.6000000001, 0.2)).toBe('0.6')
  })
})
