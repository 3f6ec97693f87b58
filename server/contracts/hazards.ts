import { z } from 'zod'

// Major hazard sources (重大危险源, GB 18218-2018): REST bodies and answers of /api/v1/hazards. Quantities in
// tonnes; days YYYY-MM-DD (park days, China Standard Time). Every name here starts with `mh`/`Mh` (major hazard) so
// that it sits beside the other contracts without clashing.

/** 一级 (most severe) … 四级; a unit with S < 1 is not a major hazard and has no grade (null). */
export const mhGrades = ['一级', '二级', '三级', '四级'] as const
export type MhGrade = (typeof mhGrades)[number]
export const mhGradeEn: Record<MhGrade, string> = {
  一级: 'Grade I',
  二级: 'Grade II',
  三级: 'Grade III',
  四级: 'Grade IV',
}
/** storage unit (tank farm inside one dike, or a warehouse) / production unit (a process building) */
export const mhUnitKinds = ['storage', 'production'] as const
export type MhUnitKind = (typeof mhUnitKinds)[number]
/** Q source: GB 18218 table 1 (named) / by hazard class (table 2) / not a GB 18218 substance */
export const mhBases = ['named', 'class', 'none'] as const
export type MhBasis = (typeof mhBases)[number]
/** 包保责任人: 主要负责人 / 技术负责人 / 操作负责人 */
export const mhRoles = ['principal', 'technical', 'operational'] as const
export type MhRole = (typeof mhRoles)[number]
export const mhRoleZh: Record<MhRole, string> = {
  principal: '主要负责人',
  technical: '技术负责人',
  operational: '操作负责人',
}
/**
 * Default check intervals of the 包保 persons, days: quarterly / monthly / weekly. Common practice (the 2021
 * 包保责任制办法 as commonly applied), configurable per unit: not a value from the confirmed domain notes.
 */
export const mhDefaultIntervalDays: Record<MhRole, number> = { principal: 90, technical: 30, operational: 7 }

const isRealDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}
export const mhDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine(isRealDay, 'not a calendar day')

const tonnes = (max: number) =>
  z.number().finite().min(0, 'a quantity cannot be negative').max(max, `at most ${max} t`)

/** One chemical of a grading request: by catalogue name (zh or en, or an alias) or by CAS number. */
export const mhGradeItem = z
  .object({
    chemical: z.string().trim().min(1, 'name or CAS of the chemical').max(200),
    q_t: tonnes(10_000_000),
  })
  .strict()

/** POST /api/v1/hazards/grade: the GB 18218 calculator. */
export const mhGradeBody = z
  .object({
    items: z.array(mhGradeItem).min(1, 'at least one chemical').max(200),
    exposed_people: z.number().int('a whole number of people').min(0, 'cannot be negative').max(10_000_000),
  })
  .strict()
export type MhGradeBody = z.infer<typeof mhGradeBody>

/** One chemical's share of an assessment. */
export interface MhItemResult {
  /** catalogue id; null when the product is not in the catalogue (a tank with an unknown product) */
  chemical_id: string | null
  name: string
  name_en: string | null
  cas: string | null
  q_t: number
  /** critical quantity Q; null: not a GB 18218 substance (contributes nothing) */
  Q_t: number | null
  beta: number | null
  /** q/Q (0 for a substance that is not regulated) */
  ratio: number
  /** β·q/Q */
  weighted: number
  basis: MhBasis | null
  unconfirmed: boolean
  /** where q came from: a tank asset id, or 'unit' (entered inventory), or 'request' */
  source: string
}

/** Identification and grading (the answer of /grade, and each unit's current assessment). */
export interface MhAssessment {
  /** S = Σ q/Q; S ≥ 1: a major hazard source */
  S: number
  /** R = α · Σ β·q/Q */
  R: number
  alpha: number
  grade: MhGrade | null
  major: boolean
  exposed_people: number
  items: MhItemResult[]
}

export interface MhChemical {
  id: string
  name: string
  name_en: string
  cas: string | null
  aliases: string[]
  hazard_class: string | null
  q_t: number | null
  beta: number | null
  basis: MhBasis
  unconfirmed: boolean
  note: string | null
  updated_by: string | null
  updated_at: string
}

const cas = z.string().regex(/^\d{2,7}-\d{2}-\d$/, 'a CAS number like 7782-50-5')
const hazardClass = z
  .string()
  .regex(/^(J[1-5]|W([1-9]|1[01])(\.[1-4])?)$/, 'a hazard class J1…J5 or W1.1…W11')
const criticalQ = z.number().finite().gt(0, 'Q must be above 0').max(1_000_000)
const beta = z.number().finite().gt(0, 'β must be above 0').max(100)

/** POST /api/v1/hazards/chemicals (park admin). Q and β default to the hazard class's when left out. */
export const mhNewChemicalBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    name_en: z.string().trim().min(1).max(200),
    cas: cas.nullish(),
    aliases: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
    hazard_class: hazardClass.nullish(),
    q_t: criticalQ.nullish(),
    beta: beta.nullish(),
    basis: z.enum(mhBases),
    unconfirmed: z.boolean().optional(),
    note: z.string().max(1000).nullish(),
  })
  .strict()
export type MhNewChemicalBody = z.infer<typeof mhNewChemicalBody>

/** PATCH /api/v1/hazards/chemicals/:id (park admin). */
export const mhChemicalPatch = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    name_en: z.string().trim().min(1).max(200).optional(),
    cas: cas.nullish(),
    aliases: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
    hazard_class: hazardClass.nullish(),
    q_t: criticalQ.nullish(),
    beta: beta.nullish(),
    basis: z.enum(mhBases).optional(),
    unconfirmed: z.boolean().optional(),
    note: z.string().max(1000).nullish(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
export type MhChemicalPatch = z.infer<typeof mhChemicalPatch>

/** A 包保 person with the state of their periodic check. */
export interface MhResponsible {
  role: MhRole
  person_name: string
  position: string | null
  phone: string | null
  interval_days: number
  assigned_on: string
  last_check_on: string | null
  /** one interval after the last check, else after assignment */
  next_due: string
  overdue: boolean
}

export interface MhCheck {
  id: string
  role: MhRole
  checked_by: string
  checked_on: string
  findings: string
  issues_found: boolean
  recorded_by: string | null
  recorded_at: string
}

export interface MhStoredAssessment {
  id: string
  S: number
  R: number
  alpha: number
  exposed_people: number
  grade: MhGrade | null
  reason: string
  assessed_by: string | null
  assessed_at: string
}

/** A production or storage unit with its assessment computed now from current inventories. */
export interface MhUnit {
  id: string
  enterprise_id: string
  asset_id: string
  asset_kind: string
  unit_kind: MhUnitKind
  name: string
  name_en: string | null
  /** declared by the enterprise; null: the suggestion is used */
  exposed_people: number | null
  /** the server's count of people in other enterprises' staffed buildings within 500 m */
  exposed_suggested: number | null
  /** 'declared' | 'suggested': which number α came from */
  exposed_source: 'declared' | 'suggested'
  assessment: MhAssessment
  registered_grade: MhGrade | null
  registered_on: string | null
  record_no: string | null
  /** the computed grade differs from the one on record (re-register) */
  grade_changed: boolean
  responsibles: MhResponsible[]
  overdue_checks: number
}

export interface MhSensor {
  id: string
  kind: string
  name: string
  name_en: string | null
  measure: string
  unit: string | null
  asset_id: string | null
}

export interface MhActiveAlarm {
  id: string
  source_id: string
  rule: string
  priority: string
  state: string
  message: string
  raised_at: string
}

export interface MhUnitDetail extends MhUnit {
  history: MhStoredAssessment[]
  checks: MhCheck[]
  sensors: MhSensor[]
  alarms: MhActiveAlarm[]
}

/** GET /api/v1/hazards/by-asset/:id: the unit of a tank farm, a tank (its farm's) or a building. */
export interface MhAssetAnswer {
  asset_id: string
  unit: MhUnitDetail | null
}

const boolText = z.enum(['true', 'false'])
export const mhUnitQuery = z
  .object({
    enterprise: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    grade: z.enum(mhGrades).optional(),
    major: boolText.optional(),
    kind: z.enum(mhUnitKinds).optional(),
  })
  .strict()
export type MhUnitQuery = z.infer<typeof mhUnitQuery>

const assetId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'an asset id')
const people = z.number().int('a whole number of people').min(0, 'cannot be negative').max(10_000_000)

/** POST /api/v1/hazards/units: registers a unit for a tank farm, warehouse or process building. */
export const mhNewUnitBody = z
  .object({
    asset_id: assetId,
    name: z.string().trim().min(1).max(200).optional(),
    name_en: z.string().trim().min(1).max(200).optional(),
    exposed_people: people.nullish(),
    /** production units and warehouses: their inventory (tank farms read their tanks) */
    items: z.array(mhGradeItem).max(200).optional(),
  })
  .strict()
export type MhNewUnitBody = z.infer<typeof mhNewUnitBody>

export const mhUnitPatch = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    name_en: z.string().trim().min(1).max(200).nullish(),
    exposed_people: people.nullish(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
export type MhUnitPatch = z.infer<typeof mhUnitPatch>

/** PUT /api/v1/hazards/units/:id/items: the whole inventory of a production unit or warehouse. */
export const mhItemsBody = z.object({ items: z.array(mhGradeItem).max(200) }).strict()
export type MhItemsBody = z.infer<typeof mhItemsBody>

/** PUT /api/v1/hazards/tanks/:id/inventory: a tank's current (maximum) quantity. */
export const mhTankInventoryBody = z.object({ inventory_t: tonnes(1_000_000) }).strict()
export type MhTankInventoryBody = z.infer<typeof mhTankInventoryBody>

const person = z
  .object({
    person_name: z.string().trim().min(1).max(100),
    position: z.string().trim().max(100).nullish(),
    phone: z
      .string()
      .regex(/^[0-9+() -]{3,32}$/, 'a phone number')
      .nullish(),
    interval_days: z.number().int().min(1, 'at least every day').max(366, 'at least yearly').optional(),
  })
  .strict()
/** PUT /api/v1/hazards/units/:id/responsibles: the three 包保 persons. */
export const mhResponsiblesBody = z
  .object({ principal: person, technical: person, operational: person })
  .strict()
export type MhResponsiblesBody = z.infer<typeof mhResponsiblesBody>

/** POST /api/v1/hazards/units/:id/checks: one 包保 check done. */
export const mhCheckBody = z
  .object({
    role: z.enum(mhRoles),
    checked_by: z.string().trim().min(1).max(100).optional(),
    checked_on: mhDay,
    findings: z.string().trim().min(1, 'what was checked and found').max(4000),
    issues_found: z.boolean().optional(),
  })
  .strict()
export type MhCheckBody = z.infer<typeof mhCheckBody>

/** POST /api/v1/hazards/units/:id/register: the current grade filed with the authority (备案). */
export const mhRegisterBody = z
  .object({ record_no: z.string().trim().min(1).max(100), registered_on: mhDay.optional() })
  .strict()
export type MhRegisterBody = z.infer<typeof mhRegisterBody>

/** Grade colours on the twin and in lists (red, orange, yellow, blue); grey: not a major hazard. */
export const mhGradeColour: Record<MhGrade, string> = {
  一级: '#ff3b30',
  二级: '#ff8c1a',
  三级: '#ffd21f',
  四级: '#3fa9ff',
}
export const mhNoGradeColour = '#8aa0b8'
