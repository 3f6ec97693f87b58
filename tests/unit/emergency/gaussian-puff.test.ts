// Gaussian puff. Worked example: CCPS (1999), Guidelines for Consequence Analysis of Chemical Releases,
// puff example p. 101 — 1 kg released at once at ground level (0.1 kg/s for 10 s), class F, wind 2 m/s;
// the centre is 500 m downwind at t = 250 s. With the CCPS puff σ: σy = 0.02·500^0.89 = 5.05 m (the book
// prints 6.1, a known misprint, noted in the GasDispersion.jl test suite), σz = 0.05·500^0.61 = 2.21 m, and
// at the centre on the ground C = m / (√(2π) π σy² σz).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { puffSigmas } from '../../../server/modules/emergency/models/dispersion-coefficients'
import {
  puffAt,
  puffConcentration,
  puffPeakAtGround,
} from '../../../server/modules/emergency/models/gaussian-puff'

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)

describe('CCPS (1999) puff example, p. 101', () => {
  const r = puffAt({ massG: 1000, uMs: 2, hM: 0, tS: 250, stability: 'F', xM: 500, yM: 0, zM: 0 })
  it('has σy = 5.05 m and σz = 2.21 m at 500 m', () => {
    expect(r.sigmaY).toBeCloseTo(5.047929716825321, 9)
    expect(r.sigmaZ).toBeCloseTo(2.214836678536473, 9)
  })
  it('gives C = m/(√(2π) π σy² σz) ≈ 2.25 g/m³ at the centre', () => {
    const expected = 1000 / (Math.sqrt(2 * Math.PI) * Math.PI * r.sigmaY ** 2 * r.sigmaZ)
    expect(r.concentrationGm3).toBeCloseTo(expected, 9)
    expect(rel(r.concentrationGm3, 2.25)).toBeLessThan(0.01)
  })
  it('is nothing there before the puff arrives', () => {
    const early = puffAt({ massG: 1000, uMs: 2, hM: 0, tS: 50, stability: 'F', xM: 500, yM: 0, zM: 0 })
    expect(early.concentrationGm3).toBeLessThan(1e-100)
  })
})

describe('puff properties', () => {
  it('conserves mass: the integral over the half-space is m', () => {
    // the three directions factorise: one 1-D midpoint sum each, normalised by the centre value
    const s = { sigmaX: 20, sigmaY: 20, sigmaZ: 8 }
    const p = { massG: 500, uMs: 3, tS: 100, hM: 5, ...s }
    const at = (x: number, y: number, z: number) => puffConcentration({ ...p, xM: x, yM: y, zM: z })
    const d = 0.25
    const c0 = at(300, 0, 0)
    let fx = 0
    let fy = 0
    let fz = 0
    for (let u = -200; u <= 200; u += d) {
      fx += (at(300 + u, 0, 0) / c0) * d
      fy += (at(300, u, 0) / c0) * d
    }
    for (let z = d / 2; z < 100; z += d) fz += at(300, 0, z) * d
    expect(rel(fx * fy * fz, 500)).toBeLessThan(0.005)
  })
  it('the ground-level peak is the centre value when the puff is overhead', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F' as const),
        fc.double({ min: 10, max: 10_000, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        (stability, x, h) => {
          const u = 3
          const s = puffSigmas(x, stability)
          const centre = puffConcentration({
            massG: 1e5,
            uMs: u,
            tS: x / u,
            hM: h,
            xM: x,
            yM: 0,
            zM: 0,
            ...s,
          })
          const peak = puffPeakAtGround(1e5, h, s)
          if (centre === 0) expect(peak).toBe(0)
          else expect(rel(peak, centre)).toBeLessThan(1e-9)
        },
      ),
    )
  })
  it('is symmetric crosswind and along-wind about its centre', () => {
    const p = { massG: 1e4, uMs: 2, tS: 300, hM: 0, zM: 0, ...puffSigmas(600, 'D') }
    expect(puffConcentration({ ...p, xM: 620, yM: 15 })).toBeCloseTo(
      puffConcentration({ ...p, xM: 580, yM: -15 }),
      15,
    )
  })
  it('Briggs σ may be chosen instead (σx = σy)', () => {
    const r = puffAt({
      massG: 1,
      uMs: 2,
      hM: 0,
      tS: 250,
      stability: 'F',
      xM: 500,
      yM: 0,
      zM: 0,
      sigmaSet: 'briggs',
    })
    expect(r.sigmaX).toBe(r.sigmaY)
    expect(r.sigmaY).toBeCloseTo((0.04 * 500) / Math.sqrt(1.05), 9)
  })
})
