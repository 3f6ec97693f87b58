// Threat zones: LOC footprints (half-width y(x) = σy √(2 ln(C0/LOC)), reach where C0 = LOC), their
// orientation by the wind (meteorological: wind FROM; the plume goes downwind), the 10 km cap, circles for
// fires and explosions, and the dense-gas flag (Britter & McQuaid 1988 criteria).
import { bearing, booleanPointInPolygon, distance, point, polygon as turfPolygon } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { briggsSigmas } from '../../../server/modules/emergency/models/dispersion-coefficients'
import { denseGasCheck, gasDensity } from '../../../server/modules/emergency/models/dense-gas'
import { circleRing, footprint, halfWidth } from '../../../server/modules/emergency/models/footprint'
import { plumeConcentration } from '../../../server/modules/emergency/models/gaussian-plume'
import { distanceForFlux, heatReleaseRateKw } from '../../../server/modules/emergency/models/pool-fire'
import {
  computeZones,
  ZoneInputError,
  type ZoneRequest,
} from '../../../server/modules/emergency/models/threat-zones'
import { ppmToGm3, psiToKpa } from '../../../server/modules/emergency/models/units'
import { distanceForOverpressure, tntEquivalentKg } from '../../../server/modules/emergency/models/vce'
import { downwindUnit, plumeToEastNorth } from '../../../server/modules/emergency/models/zone-geometry'
import { chlorine, hydrogen, lpg, methanol } from './fixtures'

const source: [number, number] = [120.9541939, 31.9379553]
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)
const shoelace = (ring: number[][]) =>
  ring.slice(0, -1).reduce((s, p, i) => s + p[0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * p[1]!, 0) / 2

const toxic = (over: Partial<ZoneRequest> = {}): ZoneRequest => ({
  source,
  chemical: chlorine,
  scenario: 'toxic',
  rateGs: 1000,
  releaseHeightM: 0,
  terrain: 'rural',
  weather: { windMs: 3, windFromDeg: 0, stability: 'D' },
  ...over,
})

describe('footprint of a level of concern', () => {
  const s = (x: number) => briggsSigmas(x, 'D', 'rural')
  const c0 = (x: number) => plumeConcentration({ qGs: 1000, uMs: 3, hM: 0, ...s(x), yM: 0, zM: 0 })
  const sy = (x: number) => s(x).sigmaY
  const loc = ppmToGm3(20, 70.9)

  it('reaches to where the centreline falls to the LOC, and is y = σy √(2 ln(C0/LOC)) wide', () => {
    const fp = footprint(c0, sy, loc)!
    expect(rel(c0(fp.reachM), loc)).toBeLessThan(1e-6)
    expect(fp.startM).toBe(0)
    expect(fp.capped).toBe(false)
    // every vertex lies on the contour C(x, y, 0) = LOC (or on the axis at the ends)
    for (const [x, y] of fp.ring)
      if (x > 0 && Math.abs(y) > 0) {
        const c = plumeConcentration({ qGs: 1000, uMs: 3, hM: 0, ...s(x), yM: y, zM: 0 })
        expect(rel(c, loc)).toBeLessThan(1e-9)
        expect(Math.abs(y)).toBeCloseTo(halfWidth(c0(x), sy(x), loc), 9)
      }
  })
  it('is a closed counter-clockwise ring symmetric about the axis', () => {
    const fp = footprint(c0, sy, loc)!
    expect(fp.ring[0]).toEqual(fp.ring[fp.ring.length - 1])
    expect(shoelace(fp.ring)).toBeGreaterThan(0)
    const ys = fp.ring.map(([, y]) => y)
    expect(Math.max(...ys)).toBeCloseTo(-Math.min(...ys), 9)
    expect(Math.max(...ys)).toBeCloseTo(fp.maxHalfWidthM, 9)
  })
  it('is cut at the model limit and says so', () => {
    const fp = footprint(c0, sy, loc / 1e4, { capM: 10_000 })!
    expect(fp.capped).toBe(true)
    expect(fp.reachM).toBe(10_000)
  })
  it('is null when the level is never reached', () => {
    expect(footprint(c0, sy, 1e9)).toBeNull()
  })
  it('starts downwind of an elevated release', () => {
    const c0h = (x: number) => plumeConcentration({ qGs: 1000, uMs: 3, hM: 40, ...s(x), yM: 0, zM: 0 })
    const fp = footprint(c0h, sy, ppmToGm3(2, 70.9))!
    expect(fp.startM).toBeGreaterThan(100)
    expect(rel(c0h(fp.startM), ppmToGm3(2, 70.9))).toBeLessThan(1e-6)
  })
})

describe('wind orientation (wind FROM, plume goes downwind)', () => {
  it('unit vectors: from north → south, from west → east', () => {
    const [e0, n0] = downwindUnit(0)
    expect(e0).toBeCloseTo(0, 12)
    expect(n0).toBeCloseTo(-1, 12)
    const [e1, n1] = downwindUnit(270)
    expect(e1).toBeCloseTo(1, 12)
    expect(n1).toBeCloseTo(0, 12)
  })
  it('the crosswind y axis is to the left of downwind', () => {
    const [e, n] = plumeToEastNorth([0, 1], 270) // downwind east → left is north
    expect(e).toBeCloseTo(0, 12)
    expect(n).toBeCloseTo(1, 12)
  })
  for (const windFrom of [0, 45, 90, 200, 270, 333])
    it(`wind from ${windFrom}°: the zone tip lies downwind at the reach`, () => {
      const r = computeZones(toxic({ weather: { windMs: 3, windFromDeg: windFrom, stability: 'D' } }))
      const red = r.features.find((f) => f.properties.level === 'red')!
      const ring = red.geometry.coordinates[0]!
      const far = ring.reduce((a, p) =>
        distance(source, p as number[], { units: 'meters' }) >
        distance(source, a as number[], { units: 'meters' })
          ? p
          : a,
      )
      const d = distance(source, far as number[], { units: 'meters' })
      expect(rel(d, red.properties.reach_m)).toBeLessThan(0.005)
      const b = (bearing(source, far as number[]) + 360) % 360
      const expected = (windFrom + 180) % 360
      expect(Math.min(Math.abs(b - expected), 360 - Math.abs(b - expected))).toBeLessThan(0.5)
      expect(shoelace(ring as number[][])).toBeGreaterThan(0)
      // a point just downwind of the source is inside, one just upwind is not
      const [de, dn] = downwindUnit(windFrom)
      const m = 1 / 111_195
      const inside = point([
        source[0] + (de * 50 * m) / Math.cos((source[1] * Math.PI) / 180),
        source[1] + dn * 50 * m,
      ])
      const outside = point([
        source[0] - (de * 50 * m) / Math.cos((source[1] * Math.PI) / 180),
        source[1] - dn * 50 * m,
      ])
      const poly = turfPolygon(red.geometry.coordinates as number[][][])
      expect(booleanPointInPolygon(inside, poly)).toBe(true)
      expect(booleanPointInPolygon(outside, poly)).toBe(false)
    })
})

describe('toxic zones', () => {
  it('chlorine 1 kg/s, D, 3 m/s: nested red ⊂ orange ⊂ yellow from AEGL-3/2/1, drawn yellow first', () => {
    const r = computeZones(toxic())
    expect(r.model).toBe('gaussian_plume')
    expect(r.levels.map((l) => [l.level, l.basis, l.threshold.value])).toEqual([
      ['red', 'AEGL-3', 20],
      ['orange', 'AEGL-2', 2],
      ['yellow', 'AEGL-1', 0.5],
    ])
    const [red, orange, yellow] = r.levels
    expect(red!.reach_m).toBeLessThan(orange!.reach_m)
    expect(orange!.reach_m).toBeLessThan(yellow!.reach_m)
    expect(r.features.map((f) => f.properties.level)).toEqual(['yellow', 'orange', 'red'])
    expect(r.figures.transport_wind_ms).toBe(3)
  })
  it('flags chlorine as a dense gas and puts that first among the limits', () => {
    const r = computeZones(toxic())
    expect(r.dense_gas?.dense).toBe(true)
    expect(r.limits[0]!.id).toBe('dense_gas')
    expect(r.limits.map((l) => l.id)).toEqual(
      expect.arrayContaining(['gaussian.cap', 'gaussian.near_field', 'plume.steady']),
    )
  })
  it('an instantaneous release uses the puff footprint; a long one is cut at 10 km', () => {
    const r = computeZones(
      toxic({ rateGs: null, massKg: 5000, weather: { windMs: 2, windFromDeg: 90, stability: 'F' } }),
    )
    expect(r.model).toBe('gaussian_puff')
    expect(r.levels.every((l) => l.capped && l.reach_m === 10_000)).toBe(true)
    expect(r.limits.map((l) => l.id)).toContain('puff.peak')
  })
  it('falls back to ERPG and IDLH, and takes a user level', () => {
    const c = { ...chlorine, aegl1_ppm: null, aegl2_ppm: null, aegl3_ppm: null, erpg2_ppm: null }
    const r = computeZones(toxic({ chemical: c, locOverride: { yellow: 0.2 } }))
    expect(r.levels.map((l) => l.basis)).toEqual(['ERPG-3', 'IDLH', 'user'])
  })
  it('refuses a chemical without any toxic level', () => {
    expect(() => computeZones(toxic({ chemical: hydrogen }))).toThrow(ZoneInputError)
  })
  it('a level not reached has no polygon but is listed', () => {
    const r = computeZones(toxic({ chemical: methanol, rateGs: 0.1 }))
    const red = r.levels.find((l) => l.level === 'red')!
    expect(red.reached).toBe(false)
    expect(r.features.some((f) => f.properties.level === 'red')).toBe(false)
  })
})

describe('flash fire', () => {
  it('has a red 60 % LEL and a yellow 10 % LEL zone, no orange', () => {
    const r = computeZones(toxic({ chemical: lpg, scenario: 'flash_fire', rateGs: 5000 }))
    expect(r.levels.map((l) => [l.level, l.basis, l.threshold.value])).toEqual([
      ['red', '60% LEL', 12_600],
      ['yellow', '10% LEL', 2100],
    ])
    expect(r.levels[0]!.reach_m).toBeLessThan(r.levels[1]!.reach_m)
  })
})

describe('pool fire', () => {
  it('gives circles at the 10 / 5 / 2 kW/m² distances of the point source', () => {
    const r = computeZones(
      toxic({ chemical: methanol, scenario: 'pool_fire', rateGs: null, poolAreaM2: 300 }),
    )
    const q = heatReleaseRateKw({
      burningRateKgM2s: 0.017,
      heatOfCombustionMjKg: 20,
      areaM2: 300,
      kBetaPerM: 100,
    })
    expect(r.figures.heat_release_kw).toBe(Math.round(q))
    for (const l of r.levels) expect(l.reach_m).toBeCloseTo(distanceForFlux(q, l.threshold.value), 1)
    const red = r.features.find((f) => f.properties.level === 'red')!.geometry.coordinates[0]!
    for (const p of red)
      expect(distance(source, p as number[], { units: 'meters' })).toBeCloseTo(r.levels[0]!.reach_m, 0)
  })
  it('a zone never ends inside the pool', () => {
    const r = computeZones(toxic({ chemical: methanol, scenario: 'pool_fire', poolAreaM2: 5000 }))
    const d = Math.sqrt((4 * 5000) / Math.PI)
    expect(r.levels[0]!.reach_m).toBeGreaterThanOrEqual(Math.floor((d / 2) * 10) / 10)
  })
  it('needs a burning rate and a pool', () => {
    expect(() => computeZones(toxic({ scenario: 'pool_fire', poolAreaM2: 100 }))).toThrow(/burning rate/)
    expect(() => computeZones(toxic({ chemical: methanol, scenario: 'pool_fire' }))).toThrow(/pool_area_m2/)
  })
})

describe('vapour-cloud explosion', () => {
  it('gives circles at the 8 / 3.5 / 1 psi distances of the TNT equivalent', () => {
    const r = computeZones(toxic({ chemical: lpg, scenario: 'vce', rateGs: null, massKg: 2000 }))
    const w = tntEquivalentKg(2000, 46, 0.05)
    expect(r.figures.tnt_kg).toBeCloseTo(w, 1)
    expect(r.levels.map((l) => l.reach_m)).toEqual(
      [8, 3.5, 1].map((psi) => Math.round(distanceForOverpressure(psiToKpa(psi), w) * 10) / 10),
    )
    expect(r.limits[0]!.text).toMatch(/TNT equivalence \(yield 5%/)
  })
  it('needs a mass', () => {
    expect(() => computeZones(toxic({ chemical: lpg, scenario: 'vce', rateGs: null }))).toThrow(/mass_kg/)
  })
})

describe('dense-gas check (Britter & McQuaid 1988)', () => {
  it('air-density check: ideal gas ρ = PM/RT (air at 25 °C ≈ 1.184 kg/m³)', () => {
    expect(gasDensity(28.965, 298.15)).toBeCloseTo(1.184, 3)
  })
  it('chlorine vapour at its boiling point, 1 kg/s in 3 m/s: (g₀′q₀/D)^{1/3}/u ≈ 0.88 ≥ 0.15', () => {
    const v = denseGasCheck({ mwGmol: 70.9, boilingPointC: -34, rateGs: 1000, windMs: 3, liquefiedGas: true })
    expect(v.dense).toBe(true)
    expect(v.criterion).toBeCloseTo(0.88, 2)
    expect(v.releaseDensityKgM3).toBeCloseTo(3.61, 2)
  })
  it('compressed hydrogen is buoyant; a small methanol leak is passive', () => {
    expect(denseGasCheck({ mwGmol: 2.016, boilingPointC: -252.9, rateGs: 1000, windMs: 3 }).dense).toBe(false)
    expect(denseGasCheck({ mwGmol: 32.04, boilingPointC: 64.7, rateGs: 0.1, windMs: 5 }).dense).toBe(false)
  })
  it('a liquefied gas that boils below ambient is flagged even when its vapour is light (cold ammonia)', () => {
    const v = denseGasCheck({
      mwGmol: 17.03,
      boilingPointC: -33.3,
      rateGs: 1000,
      windMs: 3,
      liquefiedGas: true,
    })
    expect(v.dense).toBe(true)
    expect(v.reason).toMatch(/aerosol/)
  })
  it('instantaneous criterion √(g₀′V₀^{1/3})/u ≥ 0.2', () => {
    // chlorine vapour at ambient (3 × air): 1 t in 3 m/s
    const v = denseGasCheck({ mwGmol: 70.9, boilingPointC: -34, massG: 1e6, windMs: 3 })
    expect(v.threshold).toBe(0.2)
    expect(v.releaseDensityKgM3).toBeCloseTo(2.898, 2)
    expect(v.dense).toBe(true)
  })
})

describe('circle rings', () => {
  it('are closed, counter-clockwise and of the given radius', () => {
    const ring = circleRing(100, 32)
    expect(ring).toHaveLength(33)
    expect(ring[0]).toEqual(ring[32])
    expect(shoelace(ring)).toBeGreaterThan(0)
    for (const [x, y] of ring) expect(Math.hypot(x, y)).toBeCloseTo(100, 9)
  })
})
