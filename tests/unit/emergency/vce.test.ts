// Vapour-cloud explosion by TNT equivalence, our convention (Crowl & Louvar, Chemical Process Safety,
// 2nd ed. 2002, §6-13 "TNT equivalency": E_TNT = 1120 cal/g = 4.686 MJ/kg, we use 4.68; ground burst,
// p_s/p_a = 1616[1+(Z/4.5)²]/√([1+(Z/0.048)²][1+(Z/0.32)²][1+(Z/1.35)²])).
// Worked examples of that section (their answers read from the scaled-overpressure chart, Fig. 6-23, so
// to the ~10 % a log-log chart allows):
//   - 1 kg of TNT, overpressure at 30 m: Z = 30 m/kg^{1/3}, p_s/p_a ≈ 0.055 → about 5.6 kPa.
//   - 1000 kg of methane (ΔHc 818.7 kJ/mol), 2 % yield, overpressure at 50 m: W ≈ 218 kg TNT,
//     Z ≈ 8.3 m/kg^{1/3}, p_s/p_a ≈ 0.25 → about 25 kPa.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  distanceForOverpressure,
  overpressureKpa,
  overpressureRatio,
  scaledDistance,
  tntEquivalentKg,
} from '../../../server/modules/emergency/models/vce'
import { kpaToPsi, psiToKpa } from '../../../server/modules/emergency/models/units'

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)

describe('Crowl & Louvar TNT-equivalency examples', () => {
  it('1 kg TNT at 30 m: about 5.6 kPa (chart 0.055 atm)', () => {
    expect(rel(overpressureRatio(30), 0.055)).toBeLessThan(0.1)
    expect(rel(overpressureKpa(30, 1), 5.6)).toBeLessThan(0.1)
  })
  it('1000 kg methane, 2 % yield, at 50 m: 218 kg TNT, Z 8.3, about 25 kPa', () => {
    const hc = 818.7 / 16.04 // MJ/kg
    const w = tntEquivalentKg(1000, hc, 0.02)
    expect(rel(w, 218)).toBeLessThan(0.01)
    expect(scaledDistance(50, w)).toBeCloseTo(8.3, 1)
    expect(rel(overpressureKpa(50, w), 25)).toBeLessThan(0.1)
  })
})

describe('TNT equivalence', () => {
  it('W = η m ΔHc / 4.68 MJ/kg', () => {
    expect(tntEquivalentKg(1000, 46.35, 0.05)).toBeCloseTo((0.05 * 1000 * 46.35) / 4.68, 12)
  })
  it('the free-air fit is half the ground-burst one', () => {
    for (const z of [0.5, 3, 30, 300])
      expect(overpressureRatio(z, 'free_air') * 2).toBeCloseTo(overpressureRatio(z), 12)
  })
  it('overpressure falls monotonically with distance and the inverse finds the distance back', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1e5, noNaN: true }),
        fc.double({ min: 1, max: 5000, noNaN: true }),
        (w, r) => {
          expect(overpressureKpa(r * 1.01, w)).toBeLessThan(overpressureKpa(r, w))
          const p = overpressureKpa(r, w)
          expect(rel(distanceForOverpressure(p, w), r)).toBeLessThan(1e-6)
        },
      ),
    )
  })
  it('zone radii: 8 psi inside 3.5 psi inside 1 psi', () => {
    const w = tntEquivalentKg(5000, 46, 0.05)
    const [r8, r35, r1] = [8, 3.5, 1].map((psi) => distanceForOverpressure(psiToKpa(psi), w))
    expect(r8!).toBeLessThan(r35!)
    expect(r35!).toBeLessThan(r1!)
    expect(kpaToPsi(overpressureKpa(r1!, w))).toBeCloseTo(1, 6)
  })
})
