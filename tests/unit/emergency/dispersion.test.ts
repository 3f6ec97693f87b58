// Dispersion coefficients and wind profile. Sources:
// - CCPS (1999/2000) Guidelines for Consequence Analysis of Chemical Releases, Briggs σ (rural, urban with
//   the σz misprints corrected after Griffiths 1994) and puff σ; the expected numbers at x = 1.2 m are the
//   ones the GasDispersion.jl test suite checks its transcription of the same tables against
//   (test/utils/ccps_tests.jl) — an independent transcription of the same formulas.
// - Turner (1970) Workbook of Atmospheric Dispersion Estimates, example problem 2: class D at 3 km,
//   σy ≈ 190 m and σz ≈ 65 m read from the Pasquill–Gifford curves (Figs. 3-2, 3-3). Briggs' formulas are a
//   fit to those curves, not the curves: they agree to about 20 % there.
import { describe, expect, it } from 'vitest'
import { briggsSigmas, puffSigmas } from '../../../server/modules/emergency/models/dispersion-coefficients'
import { transportWind, windAt } from '../../../server/modules/emergency/models/wind-profile'
import type { StabilityClass } from '../../../server/modules/emergency/models/stability'

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)

describe('Briggs σ (CCPS 1999)', () => {
  const rural: [StabilityClass, number, number][] = [
    ['A', 0.2639841614254575, 0.24],
    ['B', 0.19198848103669636, 0.144],
    ['C', 0.13199208071272875, 0.09598848207318536],
    ['D', 0.09599424051834818, 0.07193528734898633],
    ['E', 0.07199568038876113, 0.03598704466392099],
    ['F', 0.04799712025917409, 0.019193090487424527],
  ]
  const urban: [StabilityClass, number, number][] = [
    ['A', 0.38390787316433456, 0.2881727481910807],
    ['B', 0.38390787316433456, 0.2881727481910807],
    ['C', 0.26393666280048, 0.24],
    ['D', 0.19195393658216728, 0.16796976816235135],
    ['E', 0.13196833140024, 0.09591371646531512],
    ['F', 0.13196833140024, 0.09591371646531512],
  ]
  it.each(rural)('rural %s at 1.2 m', (cls, sy, sz) => {
    const s = briggsSigmas(1.2, cls, 'rural')
    expect(s.sigmaY).toBeCloseTo(sy, 12)
    expect(s.sigmaZ).toBeCloseTo(sz, 12)
  })
  it.each(urban)('urban %s at 1.2 m (Griffiths-corrected σz)', (cls, sy, sz) => {
    const s = briggsSigmas(1.2, cls, 'urban')
    expect(s.sigmaY).toBeCloseTo(sy, 12)
    expect(s.sigmaZ).toBeCloseTo(sz, 12)
  })

  it('Turner (1970) problem 2: D at 3 km, within 20 % of the curve readings σy 190 m, σz 65 m', () => {
    const s = briggsSigmas(3000, 'D', 'rural')
    expect(s.sigmaY).toBeCloseTo(210.5, 0)
    expect(s.sigmaZ).toBeCloseTo(76.75, 1)
    expect(rel(s.sigmaY, 190)).toBeLessThan(0.2)
    expect(rel(s.sigmaZ, 65)).toBeLessThan(0.2)
  })

  it('is zero upwind and grows with distance in every class and terrain', () => {
    expect(briggsSigmas(0, 'D', 'rural')).toEqual({ sigmaY: 0, sigmaZ: 0 })
    expect(briggsSigmas(-5, 'F', 'urban')).toEqual({ sigmaY: 0, sigmaZ: 0 })
    for (const t of ['rural', 'urban'] as const)
      for (const c of ['A', 'B', 'C', 'D', 'E', 'F'] as const) {
        const a = briggsSigmas(100, c, t)
        const b = briggsSigmas(1000, c, t)
        expect(b.sigmaY).toBeGreaterThan(a.sigmaY)
        expect(b.sigmaZ).toBeGreaterThan(a.sigmaZ)
      }
  })

  it('spreads more in unstable air and over a city', () => {
    const x = 500
    expect(briggsSigmas(x, 'A', 'rural').sigmaZ).toBeGreaterThan(briggsSigmas(x, 'D', 'rural').sigmaZ)
    expect(briggsSigmas(x, 'D', 'rural').sigmaZ).toBeGreaterThan(briggsSigmas(x, 'F', 'rural').sigmaZ)
    expect(briggsSigmas(x, 'F', 'urban').sigmaY).toBeGreaterThan(briggsSigmas(x, 'F', 'rural').sigmaY)
  })
})

describe('CCPS puff σ', () => {
  const known: [StabilityClass, number, number][] = [
    ['A', 0.21287234847910436, 0.6879188103871441],
    ['B', 0.16556738215041453, 0.6054498545741843],
    ['C', 0.11826241582172466, 0.3869880921561032],
    ['D', 0.07095744949303479, 0.17041904657983328],
    ['E', 0.047304966328689864, 0.11258170198247626],
    ['F', 0.023523465599668385, 0.05588182287353654],
  ]
  it.each(known)('%s at 1.2 m (σx = σy)', (cls, sy, sz) => {
    const s = puffSigmas(1.2, cls)
    expect(s.sigmaY).toBeCloseTo(sy, 12)
    expect(s.sigmaX).toBe(s.sigmaY)
    expect(s.sigmaZ).toBeCloseTo(sz, 12)
  })
})

describe('power-law wind profile (CCPS 1999 exponents)', () => {
  // 3 m/s at 1 m → at 10 m: u = 3 · 10^p
  const rural: [StabilityClass, number][] = [
    ['A', 3.5246926648185886],
    ['B', 3.5246926648185886],
    ['C', 3.776776235382502],
    ['D', 4.237612633868263],
    ['E', 6.716163415705019],
    ['F', 10.644401677007265],
  ]
  const urban: [StabilityClass, number][] = [
    ['A', 4.237612633868263],
    ['B', 4.237612633868263],
    ['C', 4.754679577383341],
    ['D', 5.334838230116768],
    ['E', 7.53565929452874],
    ['F', 11.943215116604916],
  ]
  it.each(rural)('rural %s', (cls, u) => expect(windAt(3, 10, cls, 'rural', 1)).toBeCloseTo(u, 10))
  it.each(urban)('urban %s', (cls, u) => expect(windAt(3, 10, cls, 'urban', 1)).toBeCloseTo(u, 10))

  it('a plume below the 10 m anemometer travels at the 10 m speed (ISC3); above it, by the power law', () => {
    expect(transportWind(4, 0, 'F', 'rural')).toBe(4)
    expect(transportWind(4, 10, 'F', 'rural')).toBe(4)
    expect(transportWind(4, 40, 'D', 'rural')).toBeCloseTo(4 * 4 ** 0.15, 10)
  })
  it('rejects a height of zero', () => {
    expect(() => windAt(3, 0, 'D', 'rural')).toThrow(RangeError)
  })
})
