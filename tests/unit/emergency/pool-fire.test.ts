// Pool fire, point-source radiation (NUREG-1805, Fire Dynamics Tools, ch. 5, spreadsheet
// 05.1_Heat_Flux_Calculations_Wind_Free, "point source radiation model", version 1805.0). Published
// spreadsheet cases (inputs and the heat release rate it prints):
//   A: m″ 0.039 kg/m²s, ΔHc,eff 46,000 kJ/kg, kβ 0.7 1/m, dike 9.00 ft² (0.84 m²), target at 10 ft
//      (3.048 m), χr 0.30 → Q̇ = 771.52 kW
//   B: diesel m″ 0.045, ΔHc,eff 44,400 kJ/kg, kβ 2.1, dike 2,545 ft² (236.44 m²), target at 130 ft
//      (39.624 m), χr 0.30 → Q̇ = 472,403.60 kW
// The flux at the target is then q″ = χr Q̇ / (4π R²) (NUREG-1805 eq. 5-2).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  distanceForFlux,
  heatReleaseRateKw,
  heskestadFlameHeight,
  pointSourceFlux,
  poolDiameter,
  unconfinedPoolArea,
} from '../../../server/modules/emergency/models/pool-fire'

const ft2 = 0.09290304
const ft = 0.3048
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)

describe('NUREG-1805 FDT 05.1 published cases', () => {
  it('case A: Q̇ = 771.52 kW; q″ at 10 ft = 1.98 kW/m²', () => {
    const q = heatReleaseRateKw({
      burningRateKgM2s: 0.039,
      heatOfCombustionMjKg: 46,
      areaM2: 9 * ft2,
      kBetaPerM: 0.7,
    })
    expect(rel(q, 771.52)).toBeLessThan(5e-4)
    const flux = pointSourceFlux(q, 10 * ft)
    expect(flux).toBeCloseTo((0.3 * 771.52) / (4 * Math.PI * (10 * ft) ** 2), 2)
    expect(flux).toBeCloseTo(1.98, 2)
  })
  it('case B: Q̇ = 472,403.60 kW (optically thick); q″ at 130 ft = 7.18 kW/m²', () => {
    const q = heatReleaseRateKw({
      burningRateKgM2s: 0.045,
      heatOfCombustionMjKg: 44.4,
      areaM2: 2545 * ft2,
      kBetaPerM: 2.1,
    })
    expect(rel(q, 472_403.6)).toBeLessThan(1e-5)
    expect(pointSourceFlux(q, 130 * ft)).toBeCloseTo(7.18, 2)
  })
})

describe('pool geometry and flame height', () => {
  it('the equivalent diameter of a pool is √(4A/π)', () => {
    expect(poolDiameter(Math.PI)).toBeCloseTo(2, 12)
  })
  it('Heskestad: L = 0.235 Q̇^{2/5} − 1.02 D (1 MW over 1 m: 2.70 m), never negative', () => {
    expect(heskestadFlameHeight(1000, 1)).toBeCloseTo(0.235 * 1000 ** 0.4 - 1.02, 12)
    expect(heskestadFlameHeight(1000, 1)).toBeCloseTo(2.704, 3)
    expect(heskestadFlameHeight(10, 20)).toBe(0)
  })
  it('a thin pool burns less than a thick one: 1 − e^{−kβD} < 1', () => {
    const thin = heatReleaseRateKw({
      burningRateKgM2s: 0.05,
      heatOfCombustionMjKg: 40,
      areaM2: 0.2,
      kBetaPerM: 1,
    })
    const thick = heatReleaseRateKw({
      burningRateKgM2s: 0.05,
      heatOfCombustionMjKg: 40,
      areaM2: 0.2,
      kBetaPerM: null,
    })
    expect(thin).toBeLessThan(thick)
    expect(thick).toBeCloseTo(0.05 * 40_000 * 0.2, 9)
  })
  it('an unconfined spill spreads to 1 cm (EPA RMP OCA guidance): 1 t of methanol covers 126 m²', () => {
    expect(unconfinedPoolArea(1000, 791)).toBeCloseTo(126.4, 1)
  })
})

describe('flux ↔ distance', () => {
  it('distanceForFlux inverts pointSourceFlux and the flux falls as 1/R²', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 1e7, noNaN: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        (q, flux) => {
          const r = distanceForFlux(q, flux)
          expect(rel(pointSourceFlux(q, r), flux)).toBeLessThan(1e-9)
          expect(rel(pointSourceFlux(q, 2 * r), flux / 4)).toBeLessThan(1e-9)
        },
      ),
    )
  })
})
