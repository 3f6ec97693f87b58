import { describe, expect, it } from 'vitest'
import { tagKinds } from '../../../../../server/contracts/live'
import { createPrng } from '../../../../../sensors/simulators/prng'
import { jiangsuPlate, planKinds, tagLabel } from '../../../../../sensors/simulators/tags/tag-identities'

describe('tag identities', () => {
  it.each([1, 5, 12, 50, 60, 61, 500])('plans exactly %i kinds', (count) => {
    const kinds = planKinds(count)
    expect(kinds).toHaveLength(count)
    if (count >= 5) expect(new Set(kinds).size).toBe(tagKinds.length)
  })

  it('writes Jiangsu plates with at most two letters in the serial', () => {
    const rng = createPrng(3)
    for (let i = 0; i < 200; i++) {
      const plate = jiangsuPlate(rng)
      expect(plate).toMatch(/^苏[A-HJ-N]·[0-9A-HJ-NP-Z]{5}$/)
      expect(plate.slice(3).replace(/[0-9]/g, '').length).toBeLessThanOrEqual(2)
    }
  })

  it('labels hazmat trucks as yellow plates and masks people', () => {
    const rng = createPrng(4)
    expect(tagLabel('hazmat_vehicle', rng)).toMatch(/^苏.·.{5}（黄）$/)
    expect(tagLabel('visitor', rng)).toMatch(/^访客·.\*.$/)
    expect(tagLabel('contractor', rng)).toMatch(/^.+·.\*.$/)
  })
})
