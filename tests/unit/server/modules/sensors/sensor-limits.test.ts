import { describe, expect, it } from 'vitest'
import { effectiveLimits, thresholdOrderError } from '../../../../../server/modules/sensors/sensor-limits'
import { firstDayKept } from '../../../../../server/modules/sensors/retention'

describe('thresholdOrderError', () => {
  it.each([
    [{}, null],
    [{ high: 50 }, null],
    [{ low: 6, high: 9 }, null],
    [{ low_low: 1, low: 1, high: 2, high_high: 2 }, null],
    [{ low: 9, high: 6 }, 'thresholds.high'],
    [{ low: 6, high: 6 }, 'thresholds.high'],
    [{ high: 50, high_high: 40 }, 'thresholds.high_high'],
    [{ low_low: 5, low: 4 }, 'thresholds.low'],
    [{ low_low: 10, high: 5 }, 'thresholds.high'],
    [{ low: 10, high_high: 5 }, 'thresholds.high_high'],
  ])('%j → %s', (t, field) => {
    expect(thresholdOrderError(t)?.field ?? null).toBe(field)
  })
})

describe('effectiveLimits', () => {
  it('gives a gas detector without limits the GB/T 50493 set points', () => {
    expect(effectiveLimits({ kind: 'gas_detector', measure: 'combustible', thresholds: {} })).toEqual({
      low_low: null,
      low: null,
      high: 25,
      high_high: 50,
      source: 'default',
    })
    expect(effectiveLimits({ kind: 'gas_detector', measure: 'O2', thresholds: {} })).toMatchObject({
      low: 19.5,
      high: 23.5,
      source: 'default',
    })
  })
  it('uses the sensor’s own limits when it has any', () => {
    expect(
      effectiveLimits({ kind: 'gas_detector', measure: 'combustible', thresholds: { high: 20 } }),
    ).toEqual({
      low_low: null,
      low: null,
      high: 20,
      high_high: null,
      source: 'sensor',
    })
  })
  it('has no limits for unparseable thresholds or a channel without any', () => {
    const none = { low_low: null, low: null, high: null, high_high: null, source: null }
    expect(
      effectiveLimits({ kind: 'hj212_channel', measure: 'wastewater', thresholds: { high: 'x' } }),
    ).toEqual(none)
    expect(
      effectiveLimits({ kind: 'hj212_channel', measure: 'wastewater', thresholds: { source: 'p' } }),
    ).toEqual(none)
    expect(effectiveLimits({ kind: 'gas_detector', measure: 'argon', thresholds: {} })).toEqual(none)
  })
})

describe('firstDayKept', () => {
  it('keeps whole UTC days, never less than the days asked for', () => {
    expect(firstDayKept(30, new Date('2026-11-28T10:00:00Z'))).toBe('2026-10-29')
    expect(firstDayKept(1, new Date('2026-11-28T00:00:00Z'))).toBe('2026-11-27')
  })
})
