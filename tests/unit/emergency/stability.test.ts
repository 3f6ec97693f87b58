// Pasquill–Gifford stability class (Turner 1970, Workbook of Atmospheric Dispersion Estimates, Table 1, as in
// shared/domain/hazard-models.md) and the sun's elevation that decides day or night.
import { describe, expect, it } from 'vitest'
import {
  insolationOf,
  pasquillClass,
  skyAt,
  solarElevationDeg,
  type Sky,
} from '../../../server/modules/emergency/models/stability'

const day = (insolation: 'strong' | 'moderate' | 'slight'): Sky => ({ kind: 'day', insolation })
const night = (cloudOktas: number): Sky => ({ kind: 'night', cloudOktas })

describe('Pasquill table (Turner 1970, Table 1)', () => {
  // rows: wind < 2, 2–3, 3–5, 5–6, > 6 m/s; columns: strong, moderate, slight, night ≥ 4/8, night ≤ 3/8
  const rows: [number, string[]][] = [
    [1.5, ['A', 'A-B', 'B', 'E', 'F']],
    [2.5, ['A-B', 'B', 'C', 'E', 'F']],
    [4, ['B', 'B-C', 'C', 'D', 'E']],
    [5.5, ['C', 'C-D', 'D', 'D', 'D']],
    [8, ['C', 'D', 'D', 'D', 'D']],
  ]
  const skies = [day('strong'), day('moderate'), day('slight'), night(6), night(2)]
  for (const [wind, cells] of rows)
    it(`wind ${wind} m/s gives ${cells.join(' ')}`, () => {
      expect(skies.map((s) => pasquillClass(wind, s).table)).toEqual(cells)
    })

  it('takes the more stable class of a two-class cell (larger zones)', () => {
    expect(pasquillClass(1.5, day('moderate'))).toEqual({ stability: 'B', table: 'A-B' })
    expect(pasquillClass(4, day('moderate'))).toEqual({ stability: 'C', table: 'B-C' })
    expect(pasquillClass(5.5, day('moderate'))).toEqual({ stability: 'D', table: 'C-D' })
  })

  it('heavy overcast is D by day and by night', () => {
    expect(pasquillClass(1, { kind: 'overcast' }).stability).toBe('D')
    expect(skyAt(50, 8)).toEqual({ kind: 'overcast' })
    expect(skyAt(-20, 8)).toEqual({ kind: 'overcast' })
  })

  it('Turner (1970) example problem 2: an overcast night with a 7 m/s wind is class D', () => {
    expect(pasquillClass(7, skyAt(-30, 8)).stability).toBe('D')
    // a thinly overcast night at 7 m/s is D as well
    expect(pasquillClass(7, skyAt(-30, 5)).stability).toBe('D')
  })

  it('band edges: the lower bound belongs to the faster row', () => {
    expect(pasquillClass(2, day('slight')).table).toBe('C')
    expect(pasquillClass(1.99, day('slight')).table).toBe('B')
    expect(pasquillClass(6, day('moderate')).table).toBe('D')
  })

  it('night: 4/8 of cloud or more is the cloudy column', () => {
    expect(pasquillClass(1, night(4)).table).toBe('E')
    expect(pasquillClass(1, night(3)).table).toBe('F')
  })
})

describe('insolation from the sun and the cloud (documented simplification of Turner 1964)', () => {
  it('grades the sun by elevation and lowers it one step under 5/8–7/8 cloud', () => {
    expect(insolationOf(70, 0)).toBe('strong')
    expect(insolationOf(45, 2)).toBe('moderate')
    expect(insolationOf(20, 4)).toBe('slight')
    expect(insolationOf(8, 0)).toBe('slight')
    expect(insolationOf(70, 6)).toBe('moderate')
    expect(insolationOf(45, 7)).toBe('slight')
  })
  it('is night when the sun is at or below the horizon', () => {
    expect(skyAt(-0.5, 2)).toEqual({ kind: 'night', cloudOktas: 2 })
    expect(skyAt(30, 2)).toEqual({ kind: 'day', insolation: 'slight' })
  })
})

describe('solar elevation', () => {
  // the park, 31.95° N 120.95° E; local solar noon is near 04:00 UTC
  const lon = 120.95
  const lat = 31.95
  it('at the June solstice noon is 90° − latitude + 23.44°', () => {
    expect(solarElevationDeg(Date.UTC(2026, 5, 21, 3, 58), lon, lat)).toBeCloseTo(90 - lat + 23.44, 0)
  })
  it('at the March equinox noon is 90° − latitude', () => {
    // declination about −0.2° eleven hours before the 2026 equinox (20 March 14:46 UTC)
    expect(
      Math.abs(solarElevationDeg(Date.UTC(2026, 2, 20, 4, 4), lon, lat) - (90 - lat - 0.2)),
    ).toBeLessThan(0.5)
  })
  it('at the December solstice noon is 90° − latitude − 23.44°', () => {
    expect(solarElevationDeg(Date.UTC(2026, 11, 21, 3, 56), lon, lat)).toBeCloseTo(90 - lat - 23.44, 0)
  })
  it('is below the horizon at local midnight', () => {
    expect(solarElevationDeg(Date.UTC(2026, 5, 21, 16, 0), lon, lat)).toBeLessThan(-30)
  })
})
