import { z } from 'zod'
import type { Point } from './geo'

// Special work (特殊作业, GB 30871-2022): permits, their gas analyses, filings to the park (报备) and the spot-check
// flags; REST bodies and answers shared with the client. Instants are ISO-8601 with a zone; the park's local time
// is China Standard Time (Asia/Shanghai, UTC+8, no daylight saving).

/** The eight types: 动火, 受限空间, 盲板抽堵, 高处, 吊装, 临时用电, 动土, 断路. */
export const workTypes = [
  'hot_work',
  'confined_space',
  'blind_plate',
  'height',
  'lifting',
  'temporary_power',
  'excavation',
  'road_closure',
] as const
export type WorkType = (typeof workTypes)[number]

/** Short codes in permit numbers (E02-DH-20261128-001). */
export const workTypeCodes: Record<WorkType, string> = {
  hot_work: 'DH',
  confined_space: 'SX',
  blind_plate: 'MB',
  height: 'GC',
  lifting: 'DZ',
  temporary_power: 'LD',
  excavation: 'DT',
  road_closure: 'DL',
}

export const permitStatuses = [
  'draft',
  'applied',
  'approved',
  'in_work',
  'completed',
  'accepted',
  'cancelled',
] as const
export type PermitStatus = (typeof permitStatuses)[number]
/** permits whose work may be going on (shown on the twin) */
export const openStatuses: readonly PermitStatus[] = ['approved', 'in_work']

/** The lifecycle actions (server/modules/permits/permit-rules.ts holds the transition table). */
export const permitActions = ['apply', 'sign', 'approve', 'start', 'complete', 'accept', 'cancel'] as const
export type PermitAction = (typeof permitActions)[number]

/** hot work: 特级 special, 一级 first, 二级 second; height: 一级 first … 三级 third, 特级 special */
export const grades = ['special', 'first', 'second', 'third'] as const
export type Grade = (typeof grades)[number]

/** Approval levels (审批): 所在单位 unit, 安全管理部门 safety, 主要负责人或其授权人 leader. */
export const signatureLevels = ['unit', 'safety', 'leader'] as const
export type SignatureLevel = (typeof signatureLevels)[number]

/** Location facts of a hot-work point, as the applicant declares them (the server adds what geometry shows). */
export const locationFacts = [
  'fire_explosion_area',
  'running_equipment',
  'flammable_major_hazard_dike',
  'pipe_rack',
] as const
export type LocationFact = (typeof locationFacts)[number]
export type LocationFacts = Partial<Record<LocationFact, boolean>>

export const gasMeasures = ['flammable', 'oxygen', 'toxic'] as const
export type GasMeasure = (typeof gasMeasures)[number]
export const gasUnits = ['%vol', '%LEL', 'ppm', 'mg/m3'] as const
export type GasUnit = (typeof gasUnits)[number]

export const spotCheckFlags = ['filed_no_permit', 'permit_not_filed', 'expired_open'] as const
export type SpotCheckFlag = (typeof spotCheckFlags)[number]

/**
 * The rules' numbers, park-editable (work_permit_settings); shipped with safety-standards.md's values. The hot-work
 * gas pass criteria are marked unconfirmed for the 2022 text: the UI says so.
 */
export interface PermitSettings {
  /** hot work: a gas-detector alarm within this distance of an active hot-work point raises an urgent alarm */
  gas_link_radius_m: number
  /** equipment within this distance of a hot-work point that may leak flammables must be isolated (drawn) */
  isolation_radius_m: number
  /** the newest gas analysis may be at most this old when work starts, minutes */
  analysis_max_age_min: number
  /** …or this old with a recorded reason (the standard allows it in some cases) */
  analysis_max_age_extended_min: number
  flammable: {
    /** LEL boundary, %vol */
    lel_boundary_pct: number
    /** max %vol when the substance's LEL ≥ the boundary */
    max_at_or_above_boundary: number
    /** max %vol when the substance's LEL < the boundary */
    max_below_boundary: number
    /** false: not confirmed against the 2022 text */
    confirmed: boolean
  }
  oxygen: { min_pct: number; max_pct: number; enriched_max_pct: number }
  /** validity limit by hot-work grade, hours */
  hot_work_max_hours: Record<'special' | 'first' | 'second', number>
  /** validity limit of the other types, hours (a park setting, not a number of the standard) */
  other_max_hours: number
  /** night in park local time: from this hour to `night_to_hour` the next morning */
  night_from_hour: number
  night_to_hour: number
}

export const permitSettingsDefaults: PermitSettings = {
  gas_link_radius_m: 15,
  isolation_radius_m: 15,
  analysis_max_age_min: 30,
  analysis_max_age_extended_min: 60,
  flammable: {
    lel_boundary_pct: 4,
    max_at_or_above_boundary: 0.5,
    max_below_boundary: 0.2,
    confirmed: false,
  },
  oxygen: { min_pct: 19.5, max_pct: 21, enriched_max_pct: 23.5 },
  hot_work_max_hours: { special: 8, first: 8, second: 72 },
  other_max_hours: 72,
  night_from_hour: 18,
  night_to_hour: 8,
}

const positive = z.number().positive().max(100_000)
export const permitSettingsPatch = z
  .object({
    gas_link_radius_m: positive.max(500).optional(),
    isolation_radius_m: positive.max(500).optional(),
    analysis_max_age_min: z.number().int().min(1).max(240).optional(),
    analysis_max_age_extended_min: z.number().int().min(1).max(240).optional(),
    flammable: z
      .object({
        lel_boundary_pct: positive.max(100),
        max_at_or_above_boundary: positive.max(100),
        max_below_boundary: positive.max(100),
        confirmed: z.boolean(),
      })
      .strict()
      .optional(),
    oxygen: z
      .object({ min_pct: positive.max(100), max_pct: positive.max(100), enriched_max_pct: positive.max(100) })
      .strict()
      .optional(),
    hot_work_max_hours: z
      .object({ special: positive.max(720), first: positive.max(720), second: positive.max(720) })
      .strict()
      .optional(),
    other_max_hours: positive.max(720).optional(),
    night_from_hour: z.number().int().min(0).max(23).optional(),
    night_to_hour: z.number().int().min(0).max(23).optional(),
  })
  .strict()
export type PermitSettingsPatch = z.infer<typeof permitSettingsPatch>

/** Lower explosive limits (%vol) of common park substances, used when an analysis gives none. */
export const knownLelPct: Record<string, number> = {
  甲烷: 5,
  天然气: 5,
  氢气: 4,
  丙烷: 2.1,
  液化石油气: 1.5,
  汽油: 1.4,
  苯: 1.2,
  甲苯: 1.1,
  甲醇: 6,
  乙醇: 3.3,
  丙酮: 2.5,
  乙酸乙酯: 2.0,
  '1,3-丁二烯': 1.1,
  环氧乙烷: 3,
  氯乙烯: 3.6,
  氨: 15,
}

/** One day of the park's work calendar (holiday: rest day; workday: a make-up working weekend day). */
export interface CalendarDay {
  day: string
  kind: 'holiday' | 'workday'
  name: string
}

/** A reason of a computed grade, in both languages. */
export interface GradeReason {
  code: string
  zh: string
  en: string
}

export interface GradeResult {
  grade: Grade | null
  reasons: GradeReason[]
  /** the longest window allowed for that grade, hours */
  max_hours: number
  /** the window asked for, hours */
  window_hours: number
}

const instant = z.iso.datetime({ offset: true, message: 'an ISO-8601 instant with a zone' })
const rowId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not an id')
const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an enterprise id')
const name = z.string().trim().min(1, 'is required').max(100)
export const lonLat = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
  .describe('[lon, lat] in degrees')

const factsBody = z
  .object({
    fire_explosion_area: z.boolean().optional(),
    running_equipment: z.boolean().optional(),
    flammable_major_hazard_dike: z.boolean().optional(),
    pipe_rack: z.boolean().optional(),
  })
  .strict()

/** What the grade depends on: POST /permits/preview answers the grade and the window limit before applying. */
export const gradeBody = z
  .object({
    enterprise_id: enterpriseId.nullish(),
    work_type: z.enum(workTypes),
    position: lonLat,
    facts: factsBody.default({}),
    height_m: z.number().min(0).max(500).nullish(),
    window_from: instant,
    window_to: instant,
  })
  .strict()
export type GradeBody = z.infer<typeof gradeBody>

export const newPermitBody = gradeBody
  .extend({
    method: z.string().trim().max(200).nullish(),
    content: z.string().trim().min(1, 'is required').max(2000),
    place: z.string().trim().min(1, 'is required').max(200),
    applicant_unit: z.string().trim().min(1, 'is required').max(200),
    applicant: name,
    responsible: name,
    workers: z.array(name).min(1, 'at least one worker').max(50),
    guardian: name,
    hazards: z.string().trim().max(4000).default(''),
    safety_measures: z
      .array(
        z.object({ measure: z.string().trim().min(1, 'is required').max(500), confirmed_by: name }).strict(),
      )
      .max(50)
      .default([]),
    linked_permits: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
    oxygen_enriched: z.boolean().default(false),
    extended_analysis_reason: z.string().trim().min(1).max(500).nullish(),
    filing_id: rowId.nullish(),
  })
  .strict()
export type NewPermitBody = z.infer<typeof newPermitBody>

export const gasAnalysisBody = z
  .object({
    taken_at: instant,
    point: z.string().trim().min(1, 'is required').max(200),
    substance: z.string().trim().min(1, 'is required').max(100),
    measure: z.enum(gasMeasures),
    value: z.number().min(0).max(1_000_000),
    unit: z.enum(gasUnits),
    lel_pct: z.number().positive().max(100).nullish(),
    limit_value: z.number().positive().max(1_000_000).nullish(),
    analyst: name,
  })
  .strict()
export type GasAnalysisBody = z.infer<typeof gasAnalysisBody>

/** Body of POST /permits/:id/actions/:action (fields by action: sign level+name; cancel reason; …). */
export const actionBody = z
  .object({
    level: z.enum(signatureLevels).optional(),
    name: name.optional(),
    reason: z.string().trim().min(1, 'is required').max(500).optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .strict()
export type ActionBody = z.infer<typeof actionBody>

export const newFilingBody = z
  .object({
    enterprise_id: enterpriseId.nullish(),
    work_type: z.enum(workTypes),
    place: z.string().trim().min(1, 'is required').max(200),
    position: lonLat.nullish(),
    window_from: instant,
    window_to: instant,
    contact: z.string().trim().max(100).nullish(),
    note: z.string().trim().max(2000).nullish(),
  })
  .strict()
export type NewFilingBody = z.infer<typeof newFilingBody>

const flag = (v: unknown) => (v === 'true' ? true : v === 'false' ? false : v)
export const permitQuery = z
  .object({
    status: z.enum(permitStatuses).optional(),
    type: z.enum(workTypes).optional(),
    enterprise: enterpriseId.optional(),
    /** true: approved or in work (the twin's icons) */
    active: z.preprocess(flag, z.boolean()).optional(),
  })
  .strict()
export type PermitQuery = z.infer<typeof permitQuery>

export interface Signature {
  level: SignatureLevel
  name: string
  at: string
  by: string
}

export interface WorkPermit {
  id: string
  number: string
  enterprise_id: string
  enterprise_name: string | null
  work_type: WorkType
  status: PermitStatus
  grade: Grade | null
  grade_reasons: GradeReason[]
  facts: LocationFacts & { derived?: LocationFact[] }
  height_m: number | null
  method: string | null
  content: string
  place: string
  position: Point
  window_from: string
  window_to: string
  applicant_unit: string
  applicant: string
  responsible: string
  workers: string[]
  guardian: string
  filing_id: string | null
  started_at: string | null
  completed_at: string | null
  /** spot-check flags that hold now (permit_not_filed, expired_open) */
  flags: SpotCheckFlag[]
  created_at: string
  updated_at: string
}

export interface GasAnalysis {
  id: string
  taken_at: string
  point: string
  substance: string
  measure: GasMeasure
  value: number
  unit: GasUnit
  lel_pct: number | null
  limit_value: number | null
  passed: boolean
  criterion: GasCriterion
  analyst: string
  /** minutes before the work started (or before now while not started) */
  age_min: number
}

export interface GasCriterion {
  rule: string
  min?: number
  max?: number
  unit: string
  /** not confirmed against the 2022 text */
  unconfirmed?: boolean
}

export interface PermitEvent {
  id: string
  at: string
  kind: string
  by_user: string | null
  detail: Record<string, unknown>
}

export interface PermitDetail extends WorkPermit {
  hazards: string
  safety_measures: { measure: string; confirmed_by: string }[]
  linked_permits: string[]
  oxygen_enriched: boolean
  extended_analysis_reason: string | null
  signatures: Signature[]
  /** the levels this permit's grade needs before approval */
  required_signatures: SignatureLevel[]
  shift_check: { name: string; at: string } | null
  acceptance: { name: string; at: string; note: string | null } | null
  cancel_reason: string | null
  analyses: GasAnalysis[]
  events: PermitEvent[]
  /** whether the type needs a passing analysis before work starts */
  needs_gas_analysis: boolean
  /** the actions the caller may take now */
  actions: PermitAction[]
  filing: WorkFiling | null
}

export interface WorkFiling {
  id: string
  enterprise_id: string
  enterprise_name: string | null
  work_type: WorkType
  place: string
  position: Point | null
  window_from: string
  window_to: string
  contact: string | null
  note: string | null
  status: 'filed' | 'withdrawn'
  filed_by: string | null
  filed_at: string
  /** permits linked to it (not cancelled) */
  permit_ids: string[]
}

export interface SpotCheck {
  flag: SpotCheckFlag
  /** the permit or filing concerned */
  ref_id: string
  enterprise_id: string
  work_type: WorkType
  place: string
  window_from: string
  window_to: string
  number: string | null
}
