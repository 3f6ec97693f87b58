import { describe, expect, it } from 'vitest'
import { isTankType, tankPlacement } from '../../../../client/twin/tank-placement'

describe('tankPlacement', () => {
  it('scales a vertical tank by (d, d, h) with its centre at mid-height', () => {
    const p = tankPlacement({ tank_type: 'vertical', diameter_m: 20, height_m: 16 })
    expect(p).toMatchObject({
      model: 'vertical',
      scale: [20, 20, 16],
      rotation_deg: 0,
      centre_height_m: 8,
      top_m: 16,
    })
  })

  it('scales a spherical tank uniformly, centre on its legs', () => {
    const p = tankPlacement({ tank_type: 'spherical', diameter_m: 12, height_m: 12 })
    expect(p.scale).toEqual([12, 12, 12])
    expect(p.centre_height_m).toBeCloseTo(7.8, 10) // 0.65 d: bottom at 0.15 d + radius
    expect(p.top_m).toBeCloseTo(13.8, 10)
  })

  it.each([
    [90, 0],
    [0, 90],
    [45, 45],
    [180, 270],
    [135, 315],
  ])('turns a horizontal tank with axis bearing %d° by %d° from east', (axis, rotation) => {
    const p = tankPlacement({ tank_type: 'horizontal', diameter_m: 3, height_m: 12, axis_deg: axis })
    expect(p.scale).toEqual([12, 3, 3])
    expect(p.rotation_deg).toBeCloseTo(rotation, 10)
    expect(p.centre_height_m).toBeCloseTo(2.1, 10)
  })

  it('falls back to sane sizes for missing dimensions', () => {
    const p = tankPlacement({ tank_type: 'vertical', diameter_m: Number.NaN, height_m: -1 })
    expect(p.scale).toEqual([10, 10, 10])
  })

  it('recognises tank types', () => {
    expect(isTankType('spherical')).toBe(true)
    expect(isTankType('cone')).toBe(false)
  })
})
