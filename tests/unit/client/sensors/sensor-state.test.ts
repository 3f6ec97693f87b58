import { describe, expect, it } from 'vitest'
import {
  expectedPeriodMs,
  hasLimits,
  limitLevel,
  limitsOf,
  sensorState,
  worstState,
  type Limits,
} from '../../../../client/live/sensor-state'

const now = Date.parse('2026-11-28T08:00:00Z')
const gas: Limits = { low_low: null, low: null, high: 25, high_high: 50 }
const ph: Limits = { low_low: null, low: 6, high: 9, high_high: null }
const at = (value: number | null, flag: string | null = 'N', ageS = 5) => ({
  t: new Date(now - ageS * 1000).toISOString(),
  value,
  flag,
})

describe('sensorState', () => {
  it('judges a fresh value by its limits: HH / LL alarm, H / L warning, else normal', () => {
    expect(sensorState(at(3), gas, now, 60_000)).toEqual({ state: 'normal', level: null })
    expect(sensorState(at(25), gas, now, 60_000)).toEqual({ state: 'warn', level: 'h' })
    expect(sensorState(at(49.9), gas, now, 60_000)).toEqual({ state: 'warn', level: 'h' })
    expect(sensorState(at(50), gas, now, 60_000)).toEqual({ state: 'alarm', level: 'hh' })
    expect(sensorState(at(5.9), ph, now, 30_000)).toEqual({ state: 'warn', level: 'l' })
    expect(sensorState(at(9.2), ph, now, 30_000)).toEqual({ state: 'warn', level: 'h' })
    expect(sensorState(at(-1), { ...ph, low_low: 2 }, now, 30_000)).toEqual({ state: 'alarm', level: 'll' })
  })

  it('is normal without limits, and no_data without a value', () => {
    expect(sensorState(at(1e6), null, now, 60_000).state).toBe('normal')
    expect(sensorState(null, gas, now, 60_000).state).toBe('no_data')
    expect(sensorState(undefined, gas, now, 60_000).state).toBe('no_data')
    expect(sensorState(at(null), gas, now, 60_000).state).toBe('no_data')
  })

  it('reads the HJ 212 flag before the value: D / F / B fault, M / C maintenance', () => {
    for (const flag of ['D', 'F', 'B', 'd'])
      expect(sensorState(at(80, flag), gas, now, 60_000).state).toBe('fault')
    for (const flag of ['M', 'C'])
      expect(sensorState(at(80, flag), gas, now, 60_000).state).toBe('maintenance')
    // T (above the measuring range) still counts against the limits
    expect(sensorState(at(80, 'T'), gas, now, 60_000).state).toBe('alarm')
    expect(sensorState(at(3, 'S'), gas, now, 60_000).state).toBe('normal')
  })

  it('is stale after three expected periods without data, whatever the value', () => {
    expect(sensorState(at(80, 'N', 180), gas, now, 60_000).state).toBe('alarm')
    expect(sensorState(at(80, 'N', 181), gas, now, 60_000).state).toBe('stale')
    expect(sensorState(at(3, 'D', 3600), gas, now, 60_000).state).toBe('stale')
    expect(sensorState({ t: 'not a time', value: 1, flag: 'N' }, gas, now, 60_000).state).toBe('stale')
  })
})

describe('helpers', () => {
  it('limitLevel prefers the most severe limit crossed', () => {
    expect(limitLevel(60, gas)).toBe('hh')
    expect(limitLevel(30, gas)).toBe('h')
    expect(limitLevel(10, gas)).toBeNull()
    expect(limitLevel(10, null)).toBeNull()
  })

  it('limitsOf keeps finite numbers of a stored thresholds object only', () => {
    expect(limitsOf({ high: 50, source: 'GB 18918-2002', low: 'x', high_high: Number.NaN })).toEqual({
      low_low: null,
      low: null,
      high: 50,
      high_high: null,
    })
    expect(hasLimits(limitsOf({}))).toBe(false)
    expect(hasLimits(limitsOf({ low: 6 }))).toBe(true)
  })

  it('worstState orders alarm > warn > fault > stale > maintenance > normal > no_data', () => {
    expect(worstState(['normal', 'warn', 'fault'])).toBe('warn')
    expect(worstState(['normal', 'stale', 'maintenance'])).toBe('stale')
    expect(worstState(['no_data', 'normal'])).toBe('normal')
    expect(worstState([])).toBe('no_data')
  })

  it('expects HJ 212 real-time data every RtdInterval, minute / hour / day data per interval', () => {
    expect(expectedPeriodMs('rtd', 30)).toBe(30_000)
    expect(expectedPeriodMs(null, 10)).toBe(10_000)
    expect(expectedPeriodMs('min')).toBe(60_000)
    expect(expectedPeriodMs('hour')).toBe(3_600_000)
    expect(expectedPeriodMs('day')).toBe(86_400_000)
  })
})
