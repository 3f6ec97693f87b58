import { describe, expect, it } from 'vitest'
import { createPrng, hashSeed } from '../../../../sensors/simulators/prng'

describe('prng', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createPrng(42)
    const b = createPrng(42)
    const c = createPrng(43)
    const seqA = Array.from({ length: 5 }, () => a.next())
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA)
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA)
  })

  it('keeps helpers in range', () => {
    const rng = createPrng(7)
    const ints = new Set<number>()
    let sum = 0
    let lo = 1
    let hi = 0
    const n = 20_000
    for (let i = 0; i < n; i++) {
      const x = rng.next()
      lo = Math.min(lo, x)
      hi = Math.max(hi, x)
      ints.add(rng.int(1, 6))
      sum += rng.normal(10, 2)
    }
    expect(lo).toBeGreaterThanOrEqual(0)
    expect(hi).toBeLessThan(1)
    expect([...ints].sort()).toEqual([1, 2, 3, 4, 5, 6])
    expect(sum / n).toBeCloseTo(10, 1)
    expect(() => rng.pick([])).toThrow()
  })

  it('hashes seed parts into distinct 32-bit seeds', () => {
    expect(hashSeed(1, 0)).not.toBe(hashSeed(1, 1))
    expect(hashSeed(1, 'tags')).toBe(hashSeed(1, 'tags'))
    expect(hashSeed(2, 0)).toBeLessThan(2 ** 32)
  })
})
