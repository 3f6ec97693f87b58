// Gaussian plume with ground (and inversion) reflection.
// Worked example: Turner (1970), Workbook of Atmospheric Dispersion Estimates (PHS 999-AP-26), example
// problem 2 — a burning dump emits 3 g/s of nitrogen oxides; overcast night, wind 7 m/s (class D); ground
// source, no rise; concentration 3 km directly downwind: σy = 190 m, σz = 65 m from the curves,
// χ = Q / (π σy σz u) = 1.1 × 10⁻⁵ g/m³.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { briggsSigmas } from '../../../server/modules/emergency/models/dispersion-coefficients'
import {
  plumeAt,
  plumeConcentration,
  verticalTerm,
} from '../../../server/modules/emergency/models/gaussian-plume'

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)

describe('Turner (1970) example problem 2', () => {
  const base = { qGs: 3, uMs: 7, hM: 0, yM: 0, zM: 0 }
  it('with σ read from the curves gives 1.1 × 10⁻⁵ g/m³ (2 significant figures)', () => {
    const c = plumeConcentration({ ...base, sigmaY: 190, sigmaZ: 65 })
    expect(rel(c, 1.1e-5)).toBeLessThan(0.01)
  })
  it('with Briggs rural σ it is lower by the fits’ difference from the curves (about a quarter)', () => {
    const { concentrationGm3 } = plumeAt({ ...base, stability: 'D', terrain: 'rural', xM: 3000 })
    expect(concentrationGm3).toBeCloseTo(8.44e-6, 7)
    expect(rel(concentrationGm3, 1.1e-5)).toBeLessThan(0.3)
  })
})

describe('ground reflection', () => {
  it('for a ground release the ground-level centreline is Q/(π u σy σz): twice the unreflected plume', () => {
    const p = { qGs: 1000, uMs: 3, hM: 0, sigmaY: 40, sigmaZ: 20, yM: 0, zM: 0 }
    const c = plumeConcentration(p)
    expect(c).toBeCloseTo(1000 / (Math.PI * 3 * 40 * 20), 12)
    expect(c).toBeCloseTo(2 * (1000 / (2 * Math.PI * 3 * 40 * 20)), 12)
  })
  it('property: for h = 0 the vertical factor at z = 0 is exactly 2', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 5000, noNaN: true }), (sz) => {
        expect(verticalTerm(0, 0, sz)).toBe(2)
      }),
    )
  })
  it('conserves mass: ∫∫ u·C dy dz over the half-space equals Q', () => {
    const p = { qGs: 50, uMs: 4, hM: 15, sigmaY: 30, sigmaZ: 12 }
    expect(rel(massFlux(p, 150), p.qGs)).toBeLessThan(0.005)
  })
})

/** u ∫∫ C dy dz by the midpoint rule; the crosswind profile factorises, so two 1-D sums suffice. */
function massFlux(p: Omit<Parameters<typeof plumeConcentration>[0], 'yM' | 'zM'>, zTop: number) {
  const d = 0.25
  let fy = 0
  for (let y = -10 * p.sigmaY; y <= 10 * p.sigmaY; y += d)
    fy += (plumeConcentration({ ...p, yM: y, zM: 0 }) / plumeConcentration({ ...p, yM: 0, zM: 0 })) * d
  let fz = 0
  for (let z = d / 2; z < zTop; z += d) fz += plumeConcentration({ ...p, yM: 0, zM: z }) * d
  return p.uMs * fy * fz
}

describe('properties', () => {
  const stab = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F' as const)
  const terr = fc.constantFrom('rural', 'urban' as const)
  it('is symmetric crosswind', () => {
    fc.assert(
      fc.property(
        stab,
        terr,
        fc.double({ min: 10, max: 10_000, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (stability, terrain, x, y, h) => {
          const a = plumeAt({ qGs: 100, uMs: 3, hM: h, stability, terrain, xM: x, yM: y, zM: 0 })
          const b = plumeAt({ qGs: 100, uMs: 3, hM: h, stability, terrain, xM: x, yM: -y, zM: 0 })
          expect(a.concentrationGm3).toBe(b.concentrationGm3)
        },
      ),
    )
  })
  it('ground-level centreline decreases with distance beyond its maximum', () => {
    fc.assert(
      fc.property(stab, terr, fc.double({ min: 0, max: 80, noNaN: true }), (stability, terrain, h) => {
        const c = (x: number) =>
          plumeAt({ qGs: 100, uMs: 3, hM: h, stability, terrain, xM: x, yM: 0, zM: 0 }).concentrationGm3
        const xs = Array.from({ length: 300 }, (_, i) => 10 * 1.025 ** i)
        const cs = xs.map(c)
        const iMax = cs.indexOf(Math.max(...cs))
        for (let i = iMax + 1; i < cs.length; i++) expect(cs[i]!).toBeLessThanOrEqual(cs[i - 1]!)
        if (h === 0) expect(iMax).toBe(0)
      }),
    )
  })
  it('is zero upwind of the source and never negative', () => {
    expect(
      plumeAt({ qGs: 100, uMs: 3, hM: 0, stability: 'D', terrain: 'rural', xM: -10, yM: 0, zM: 0 })
        .concentrationGm3,
    ).toBe(0)
    fc.assert(
      fc.property(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (x, y, z) => {
          const c = plumeAt({
            qGs: 100,
            uMs: 3,
            hM: 20,
            stability: 'C',
            terrain: 'rural',
            xM: x,
            yM: y,
            zM: z,
          })
          expect(c.concentrationGm3).toBeGreaterThanOrEqual(0)
        },
      ),
    )
  })
})

describe('inversion lid (Turner 1970, ch. 5)', () => {
  it('raises ground-level concentrations under a low lid and conserves mass below it', () => {
    const p = { qGs: 50, uMs: 4, hM: 20, sigmaY: 60, sigmaZ: 35 }
    const ground = { ...p, yM: 0, zM: 0 }
    expect(plumeConcentration({ ...ground, mixingHeightM: 60 })).toBeGreaterThan(plumeConcentration(ground))
    expect(rel(massFlux({ ...p, mixingHeightM: 60 }, 60), p.qGs)).toBeLessThan(0.005)
  })
  it('becomes uniform below the lid once σz > 1.6 L (Turner eq. 5.3), continuous across the switch', () => {
    const L = 100
    const p = { qGs: 10, uMs: 5, hM: 30, sigmaY: 200, yM: 0, zM: 0, mixingHeightM: L }
    const uniform = 10 / (Math.sqrt(2 * Math.PI) * 200 * 5 * L)
    expect(plumeConcentration({ ...p, sigmaZ: 170 })).toBeCloseTo(uniform, 12)
    const justBelow = plumeConcentration({ ...p, sigmaZ: 159.9 })
    expect(rel(justBelow, uniform)).toBeLessThan(0.02)
    expect(plumeConcentration({ ...p, sigmaZ: 170, zM: 120 })).toBe(0)
  })
  it('agrees with Briggs σ at the matching distance', () => {
    const s = briggsSigmas(800, 'B', 'urban')
    const a = plumeAt({ qGs: 5, uMs: 2, hM: 10, stability: 'B', terrain: 'urban', xM: 800, yM: 30, zM: 1.5 })
    expect(a.concentrationGm3).toBe(plumeConcentration({ qGs: 5, uMs: 2, hM: 10, ...s, yM: 30, zM: 1.5 }))
  })
})
