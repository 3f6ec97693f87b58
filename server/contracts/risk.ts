import { z } from 'zod'
import { riskColors, type RiskColor } from './park'

// 风险分级管控 (risk-graded control): risk units (风险单元), risk points (风险点) with their LEC assessments, the
// park's colour bands and the four-colour risk map (四色图). The LEC tables and the D → colour rule live here so
// the server and the browser's live assessment dialog compute the same thing.
// /work/shared/domain/safety-standards.md "Dual prevention": D = L × E × C.

export { riskColors, type RiskColor }

export interface LecOption {
  value: number
  zh: string
  en: string
}

/** L — likelihood of an accident (事故发生的可能性) */
export const lOptions: readonly LecOption[] = [
  { value: 10, zh: '完全可以预料', en: 'expected' },
  { value: 6, zh: '相当可能', en: 'quite possible' },
  { value: 3, zh: '可能，但不经常', en: 'possible but unusual' },
  { value: 1, zh: '可能性小，完全意外', en: 'unlikely' },
  { value: 0.5, zh: '很不可能，可以设想', en: 'very unlikely' },
  { value: 0.2, zh: '极不可能', en: 'extremely unlikely' },
  { value: 0.1, zh: '实际不可能', en: 'practically impossible' },
]
/** E — frequency of exposure (暴露于危险环境的频繁程度) */
export const eOptions: readonly LecOption[] = [
  { value: 10, zh: '连续暴露', en: 'continuous' },
  { value: 6, zh: '每天工作时间内暴露', en: 'daily' },
  { value: 3, zh: '每周一次或偶然暴露', en: 'weekly / occasional' },
  { value: 2, zh: '每月一次暴露', en: 'monthly' },
  { value: 1, zh: '每年几次暴露', en: 'a few times a year' },
  { value: 0.5, zh: '非常罕见地暴露', en: 'very rare' },
]
/** C — consequence (发生事故产生的后果) */
export const cOptions: readonly LecOption[] = [
  { value: 100, zh: '大灾难，许多人死亡', en: 'catastrophe, many deaths' },
  { value: 40, zh: '灾难，数人死亡', en: 'several deaths' },
  { value: 15, zh: '非常严重，一人死亡', en: 'one death' },
  { value: 7, zh: '严重，重伤', en: 'serious injury' },
  { value: 3, zh: '重大，致残', en: 'disability' },
  { value: 1, zh: '引人注目，需要救护', en: 'needs first aid' },
]

const values = (o: readonly LecOption[]) => o.map((x) => x.value)
const oneOf = (o: readonly LecOption[], what: string) =>
  z.number().refine((v) => values(o).includes(v), `${what}: one of ${values(o).join(', ')}`)

/** D = L × E × C, rounded to 2 decimals (0.1 × 0.5 × 1 = 0.05 is the smallest). */
export function lecD(l: number, e: number, c: number): number {
  return Math.round(l * e * c * 100) / 100
}

/** The standard's danger levels of D (危险程度), not configurable. */
export const dangerLevels = [
  { above: 320, zh: '极其危险，不能继续作业', en: 'extremely dangerous, stop work' },
  { above: 160, zh: '高度危险，需立即整改', en: 'high, rectify at once' },
  { above: 70, zh: '显著危险，需要整改', en: 'significant, needs rectification' },
  { above: 20, zh: '一般危险，需要注意', en: 'moderate, needs attention' },
  { above: -1, zh: '稍有危险，可以接受', en: 'low, acceptable' },
] as const
export type DangerLevel = (typeof dangerLevels)[number]

export function dangerLevel(d: number): DangerLevel {
  return dangerLevels.find((x) => d > x.above) ?? dangerLevels[dangerLevels.length - 1]!
}

/** One colour band (usual mapping, configurable by the park admin). */
export interface RiskBand {
  colour: RiskColor
  /** the band holds D strictly above this (blue: 0) */
  d_above: number
  label: string
  label_en: string
  /** 管控层级 */
  control_level: string
  control_level_en: string
  updated_by?: string | null
  updated_at?: string
}

/** The document's defaults: > 320 red, > 160 orange, > 70 yellow, else blue. */
export const defaultBands: readonly RiskBand[] = [
  {
    colour: 'red',
    d_above: 320,
    label: '重大风险',
    label_en: 'Major risk',
    control_level: '公司级',
    control_level_en: 'Company',
  },
  {
    colour: 'orange',
    d_above: 160,
    label: '较大风险',
    label_en: 'High risk',
    control_level: '部门(车间)级',
    control_level_en: 'Department',
  },
  {
    colour: 'yellow',
    d_above: 70,
    label: '一般风险',
    label_en: 'Moderate risk',
    control_level: '班组级',
    control_level_en: 'Team',
  },
  {
    colour: 'blue',
    d_above: 0,
    label: '低风险',
    label_en: 'Low risk',
    control_level: '岗位级',
    control_level_en: 'Post',
  },
]

/** The colour of a D: the band with the highest threshold that D exceeds (blue when none). */
export function colourOf(d: number, bands: readonly Pick<RiskBand, 'colour' | 'd_above'>[]): RiskColor {
  const sorted = [...bands].sort((a, b) => b.d_above - a.d_above)
  return sorted.find((b) => d > b.d_above)?.colour ?? 'blue'
}

export const colourRank: Record<RiskColor, number> = { red: 4, orange: 3, yellow: 2, blue: 1 }

/** The highest of some colours (null for none): the four-colour map's rule for units and parcels. */
export function highestColour(colours: readonly (RiskColor | null)[]): RiskColor | null {
  let best: RiskColor | null = null
  for (const c of colours) if (c && (!best || colourRank[c] > colourRank[best])) best = c
  return best
}

const text = (max: number) => z.string().trim().min(1, 'is required').max(max)
const optionalText = (max: number) => z.string().trim().max(max).nullish()
const rowId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not an id')
const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an enterprise id')

export const bandBody = z
  .object({
    colour: z.enum(riskColors),
    d_above: z.number().min(0).max(99_999),
    label: text(50),
    label_en: text(50),
    control_level: text(50),
    control_level_en: text(50),
  })
  .strict()
/** The four bands at once (red, orange, yellow, blue), thresholds strictly falling, blue at 0. */
export const bandsBody = z.object({ bands: z.array(bandBody).length(4, 'all four colours') }).strict()
export type BandsBody = z.infer<typeof bandsBody>

export const unitTypes = ['tank_farm', 'process', 'warehouse', 'loading', 'utility', 'other'] as const
export type UnitType = (typeof unitTypes)[number]

export const newUnitBody = z
  .object({
    /** park accounts name the enterprise; enterprise accounts may give only their own */
    enterprise_id: enterpriseId.optional(),
    name: text(200),
    name_en: optionalText(200),
    unit_type: z.enum(unitTypes),
    responsible: optionalText(100),
    note: optionalText(2000),
    asset_ids: z.array(rowId).max(100).default([]),
  })
  .strict()
export type NewUnitBody = z.infer<typeof newUnitBody>

export const lecBody = z
  .object({
    l: oneOf(lOptions, 'L'),
    e: oneOf(eOptions, 'E'),
    c: oneOf(cOptions, 'C'),
    note: optionalText(2000),
  })
  .strict()
export type LecBody = z.infer<typeof lecBody>

export const newPointBody = z
  .object({
    unit_id: rowId,
    name: text(200),
    name_en: optionalText(200),
    hazard: text(1000),
    accident: optionalText(200),
    measures: z.string().trim().max(4000).default(''),
    asset_id: rowId.nullish(),
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    /** the first assessment (optional: a point may be registered before it is assessed) */
    assessment: lecBody.optional(),
  })
  .strict()
export type NewPointBody = z.infer<typeof newPointBody>

export const riskQuery = z
  .object({
    enterprise: enterpriseId.optional(),
    colour: z.enum(riskColors).optional(),
    unit: rowId.optional(),
  })
  .strict()
export type RiskQuery = z.infer<typeof riskQuery>

export interface RiskAssessment {
  id: string
  l: number
  e: number
  c: number
  d: number
  colour: RiskColor
  note: string | null
  assessed_by: string | null
  assessed_at: string
}

export interface RiskPoint {
  id: string
  unit_id: string
  unit_name: string
  enterprise_id: string
  name: string
  name_en: string | null
  hazard: string
  accident: string | null
  measures: string
  asset_id: string | null
  lon: number
  lat: number
  /** the latest assessment (null: not assessed yet) */
  current: RiskAssessment | null
}

export interface RiskPointDetail extends RiskPoint {
  /** every assessment, latest first */
  history: RiskAssessment[]
  control_level: string | null
  control_level_en: string | null
}

export interface RiskUnit {
  id: string
  enterprise_id: string
  name: string
  name_en: string | null
  unit_type: UnitType
  responsible: string | null
  note: string | null
  asset_ids: string[]
  point_count: number
  /** colour of the unit's highest current risk point (null: none assessed) */
  colour: RiskColor | null
  max_d: number | null
}

export interface RiskUnitDetail extends RiskUnit {
  points: RiskPoint[]
}

/** The four-colour map: parcels and units coloured by their highest current risk point, the points themselves. */
export interface RiskMap {
  bands: RiskBand[]
  enterprises: { enterprise_id: string; colour: RiskColor | null; max_d: number | null; points: number }[]
  units: (Pick<RiskUnit, 'id' | 'enterprise_id' | 'name' | 'name_en' | 'unit_type' | 'colour' | 'max_d'> & {
    /** exterior rings of the unit's polygon assets (tank farm dike, building footprint) */
    outlines: [number, number][][]
  })[]
  points: {
    id: string
    unit_id: string
    enterprise_id: string
    name: string
    name_en: string | null
    lon: number
    lat: number
    d: number | null
    colour: RiskColor | null
  }[]
}
