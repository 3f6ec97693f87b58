import { describe, expect, it } from 'vitest'
import {
  distanceM,
  glideFraction,
  lerpLonLat,
  snapDistanceM,
  TagMotion,
} from '../../../../client/twin/tag-motion'

describe('glideFraction', () => {
  it.each([
    [0, 0, 1000, 0],
    [500, 0, 1000, 0.5],
    [1000, 0, 1000, 1],
    [1500, 0, 1000, 1],
    [-10, 0, 1000, 0],
    [5, 0, 0, 1],
  ])('now=%d start=%d duration=%d → %d', (now, start, duration, expected) => {
    expect(glideFraction(now, start, duration)).toBeCloseTo(expected, 10)
  })
})

describe('lerpLonLat', () => {
  it('writes into the result object', () => {
    const out = { lon: 0, lat: 0 }
    const r = lerpLonLat({ lon: 120.9, lat: 31.9 }, { lon: 121.0, lat: 32.0 }, 0.25, out)
    expect(r).toBe(out)
    expect(out.lon).toBeCloseTo(120.925, 10)
    expect(out.lat).toBeCloseTo(31.925, 10)
  })
})

describe('distanceM', () => {
  it('is about 111 km per degree of latitude and shrinks with cos(lat) in longitude', () => {
    expect(distanceM({ lon: 121, lat: 31 }, { lon: 121, lat: 32 })).toBeCloseTo(111_320, -1)
    const east = distanceM({ lon: 121, lat: 32 }, { lon: 121.001, lat: 32 })
    expect(east).toBeCloseTo(111.32 * Math.cos((32 * Math.PI) / 180), 1)
  })
})

describe('TagMotion', () => {
  const step = 0.001 // about 100 m: a glide, not a jump

  it('starts still at its first position', () => {
    const m = new TagMotion(120.95, 31.95)
    expect(m.step(0)).toBe(false)
    expect(m.displayed).toEqual({ lon: 120.95, lat: 31.95 })
  })

  it('glides linearly to a new sample over the duration, then stops', () => {
    const m = new TagMotion(120.95, 31.95, 1000)
    m.retarget(120.95 + step, 31.95, 10_000)
    expect(m.isMoving).toBe(true)
    expect(m.step(10_500)).toBe(true)
    expect(m.displayed.lon).toBeCloseTo(120.95 + step / 2, 10)
    expect(m.step(11_000)).toBe(false)
    expect(m.displayed.lon).toBeCloseTo(120.95 + step, 10)
    expect(m.isMoving).toBe(false)
  })

  it('retargets from where it is drawn, not from the old target', () => {
    const m = new TagMotion(120.95, 31.95, 1000)
    m.retarget(120.95 + step, 31.95, 0)
    m.retarget(120.95 + step, 31.95 + step, 500) // halfway along x when the next sample arrives
    expect(m.displayed.lon).toBeCloseTo(120.95 + step / 2, 10)
    m.step(1000)
    expect(m.displayed.lon).toBeCloseTo(120.95 + (step * 3) / 4, 10)
    expect(m.displayed.lat).toBeCloseTo(31.95 + step / 2, 10)
    m.step(1500)
    expect(m.displayed).toEqual({ lon: 120.95 + step, lat: 31.95 + step })
  })

  it('jumps instead of gliding across the park', () => {
    const m = new TagMotion(120.9, 31.9)
    const far = 120.9 + (snapDistanceM * 2) / 94_000
    m.retarget(far, 31.9, 0)
    expect(m.isMoving).toBe(false)
    expect(m.displayed.lon).toBe(far)
  })
})
