// Chemicals stored in the demo park's tanks. Densities are of the stored liquid near 20 °C
// (liquefied gases: saturated liquid under their own pressure). Critical quantities are the
// GB 18218-2018 values from shared/domain/safety-standards.md; null = not a named major-hazard
// substance. `detector` is what a fixed gas detector next to the tank measures (GB/T 50493-2019).
import type { TankType } from '../types'

export type ChemicalKey =
  | 'chlorine'
  | 'ammonia'
  | 'methanol'
  | 'benzene'
  | 'toluene'
  | 'lpg'
  | 'ethyleneOxide'
  | 'vinylChloride'
  | 'acetone'
  | 'ethanol'
  | 'ethylAcetate'
  | 'butadiene'
  | 'gasoline'
  | 'sulfuricAcid'
  | 'hydrochloricAcid'
  | 'causticSoda'

export interface Chemical {
  zh: string
  en: string
  cas: string
  densityTPerM3: number
  /** liquefied gases are kept under pressure: spheres or horizontal bullets, never vertical tanks */
  liquefiedGas: boolean
  criticalQuantityT: number | null
  detector: { measure: string; unit: string } | null
  tankTypes: readonly TankType[]
  /** how the stored product is named on a tank, when that differs from the GB 18218 name */
  stored?: [string, string]
}

const lel = { measure: 'combustible', unit: '%LEL' }
const ppm = (gas: string) => ({ measure: gas, unit: 'ppm' })
const liquidTanks: readonly TankType[] = ['vertical', 'horizontal']
const gasTanks: readonly TankType[] = ['spherical', 'horizontal']

export const chemicals: Record<ChemicalKey, Chemical> = {
  // chlorine: horizontal bullets only (liquid chlorine storage practice, small units)
  chlorine: {
    ...chem('氯', 'Chlorine', '7782-50-5', 1.41, true, 5, ppm('Cl2'), ['horizontal']),
    stored: ['液氯', 'Liquid chlorine'],
  },
  ammonia: chem('液氨', 'Liquid ammonia', '7664-41-7', 0.61, true, 10, ppm('NH3'), gasTanks),
  methanol: chem('甲醇', 'Methanol', '67-56-1', 0.791, false, 500, lel, liquidTanks),
  benzene: chem('苯', 'Benzene', '71-43-2', 0.879, false, 50, lel, liquidTanks),
  toluene: chem('甲苯', 'Toluene', '108-88-3', 0.867, false, 500, lel, liquidTanks),
  lpg: chem('液化石油气', 'Liquefied petroleum gas', '68476-85-7', 0.51, true, 50, lel, gasTanks),
  ethyleneOxide: chem('环氧乙烷', 'Ethylene oxide', '75-21-8', 0.87, true, 10, lel, gasTanks),
  vinylChloride: chem('氯乙烯', 'Vinyl chloride', '75-01-4', 0.91, true, 50, lel, gasTanks),
  acetone: chem('丙酮', 'Acetone', '67-64-1', 0.79, false, 500, lel, liquidTanks),
  ethanol: chem('乙醇', 'Ethanol', '64-17-5', 0.789, false, 500, lel, liquidTanks),
  ethylAcetate: chem('乙酸乙酯', 'Ethyl acetate', '141-78-6', 0.902, false, 500, lel, liquidTanks),
  butadiene: chem('1,3-丁二烯', '1,3-Butadiene', '106-99-0', 0.62, true, 5, lel, gasTanks),
  gasoline: chem('汽油', 'Gasoline', '86290-81-5', 0.74, false, 200, lel, liquidTanks),
  sulfuricAcid: chem('硫酸', 'Sulfuric acid (98%)', '7664-93-9', 1.84, false, null, null, liquidTanks),
  hydrochloricAcid: chem(
    '盐酸',
    'Hydrochloric acid (31%)',
    '7647-01-0',
    1.15,
    false,
    null,
    ppm('HCl'),
    liquidTanks,
  ),
  causticSoda: chem('液碱', 'Caustic soda solution (32%)', '1310-73-2', 1.35, false, null, null, liquidTanks),
}

function chem(
  zh: string,
  en: string,
  cas: string,
  densityTPerM3: number,
  liquefiedGas: boolean,
  criticalQuantityT: number | null,
  detector: Chemical['detector'],
  tankTypes: readonly TankType[],
): Chemical {
  return { zh, en, cas, densityTPerM3, liquefiedGas, criticalQuantityT, detector, tankTypes }
}

export function chemicalByCas(cas: string): Chemical | undefined {
  return Object.values(chemicals).find((c) => c.cas === cas)
}

/** CAS check digit: weighted sum of the other digits, weights 1, 2, 3… from the right, mod 10. */
export function casIsValid(cas: string): boolean {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas)
  if (!m) return false
  const digits = (m[1]! + m[2]!).split('').reverse()
  const sum = digits.reduce((acc, ch, i) => acc + Number(ch) * (i + 1), 0)
  return sum % 10 === Number(m[3])
}

/** the product name used on tanks and tank farms */
export const storedName = (c: Chemical): [string, string] => c.stored ?? [c.zh, c.en]
