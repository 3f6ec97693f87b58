import { describe, expect, it } from 'vitest'
import { createPrng } from '../../../../../sensors/simulators/prng'
import { PROFILES } from '../../../../../sensors/simulators/hj212/profiles'
import { ValueModel } from '../../../../../sensors/simulators/hj212/values'

const water = PROFILES.wastewater
const gas = PROFILES.waste_gas
const samples = (m: ValueModel, n: number) => Array.from({ length: n }, () => m.sample())

describe('ValueModel', () => {
  it('gives the same values for the same seed, and other values for another seed', () => {
    const a = samples(new ValueModel(water, createPrng(7)), 50)
    const b = samples(new ValueModel(water, createPrng(7)), 50)
    const c = samples(new ValueModel(water, createPrng(8)), 50)
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
  })

  it('stays within each pollutant’s normal range, around its typical value, with no episodes', () => {
    const m = new ValueModel(water, createPrng(1), { pExceed: 0, pMaintenance: 0 })
    const all = samples(m, 2000)
    for (const [i, p] of water.entries()) {
      const values = all.map((s) => s[i]!.value)
      expect(Math.min(...values)).toBeGreaterThanOrEqual(p.min)
      expect(Math.max(...values)).toBeLessThanOrEqual(p.max)
      const mean = values.reduce((x, y) => x + y, 0) / values.length
      expect(Math.abs(mean - p.mean)).toBeLessThan(p.sd / 2)
    }
    expect(all.flat().every((s) => s.flag === 'N')).toBe(true)
    // COD 20–35 mg/L, NH3-N 0.5–3 mg/L, pH 7–8 (the brief's typical values)
    expect(water.find((p) => p.code === 'w01018')).toMatchObject({ min: 20, max: 35 })
    expect(water.find((p) => p.code === 'w21003')).toMatchObject({ min: 0.5, max: 3 })
    expect(water.find((p) => p.code === 'w01001')).toMatchObject({ min: 7, max: 8 })
  })

  it('has seeded exceedance episodes: a pollutant above its limit for a few readings', () => {
    const m = new ValueModel(gas, createPrng(3), { pExceed: 0.05, pMaintenance: 0 })
    const so2 = samples(m, 1000).map((s) => s.find((v) => v.code === 'a21026')!.value)
    const over = so2.filter((v) => v > 100) // default SO2 threshold of migration 0005
    expect(over.length).toBeGreaterThan(0)
    expect(over.length).toBeLessThan(so2.length / 5)
    const again = samples(new ValueModel(gas, createPrng(3), { pExceed: 0.05, pMaintenance: 0 }), 1000)
    expect(again.map((s) => s.find((v) => v.code === 'a21026')!.value)).toEqual(so2)
  })

  it('flags every value M during a maintenance episode', () => {
    const all = samples(new ValueModel(water, createPrng(5), { pExceed: 0, pMaintenance: 0.05 }), 500)
    const maintained = all.filter((s) => s[0]!.flag === 'M')
    expect(maintained.length).toBeGreaterThan(0)
    expect(maintained.every((s) => s.every((v) => v.flag === 'M'))).toBe(true)
  })

  it('summarises interval data: min ≤ avg ≤ max, flow volume and pollutant loads as Cou', () => {
    const m = new ValueModel(water, createPrng(9), { pExceed: 0, pMaintenance: 0 })
    const minute = m.interval(60)
    for (const s of minute) {
      expect(s.min).toBeLessThanOrEqual(s.avg)
      expect(s.avg).toBeLessThanOrEqual(s.max)
    }
    const flow = minute.find((s) => s.code === 'w00000')!
    const cod = minute.find((s) => s.code === 'w01018')!
    expect(flow.cou).toBeCloseTo(flow.avg * 60 * 1e-3, 9) // L/s over 60 s → m³
    expect(cod.cou).toBeCloseTo(cod.avg * flow.cou! * 1e-3, 9) // mg/L × m³ → kg
    expect(minute.find((s) => s.code === 'w01001')!.cou).toBeUndefined() // pH has no load
  })
})
