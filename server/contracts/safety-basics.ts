import { z } from 'zod'
import { creditCodeIsValid } from '../../geodata/lib/credit-code'
import { keyProcesses } from '../../geodata/lib/industries'
import { daysBetween, day, parkDay } from './emergency-plans'
import type { RiskColor } from './park'

// 安全基础管理 (basic safety management): enterprise records, administrative licences, start-up / shutdown / major
// overhaul records (开停车和大检修), contractors (承包商) and the park's basic information. REST bodies, answers and the
// pure status rules the server's reminders and the client's highlighting share. Days are YYYY-MM-DD park days
// (China Standard Time), instants ISO-8601.

export { keyProcesses, creditCodeIsValid, parkDay }

/** The 18 key-supervised hazardous processes (重点监管危险化工工艺), as the geodata names them. */
export type KeyProcess = (typeof keyProcesses)[number]

/** 安全生产许可证 / 危险化学品经营许可证 / 危险化学品安全使用许可证 / 危险化学品登记证 / 排污许可证 / other */
export const licenceKinds = [
  'safety_production',
  'hazchem_operation',
  'hazchem_use',
  'hazchem_registration',
  'pollutant_discharge',
  'other',
] as const
export type LicenceKind = (typeof licenceKinds)[number]

/**
 * Longest validity of each kind in years: the safety production licence and the hazardous-chemical licences are
 * issued for 3 years (safety-standards.md), the discharge permit for 5; 'other' is bounded only loosely.
 */
export const licenceMaxYears: Record<LicenceKind, number> = {
  safety_production: 3,
  hazchem_operation: 3,
  hazchem_use: 3,
  hazchem_registration: 3,
  pollutant_discharge: 5,
  other: 10,
}

export const licenceStatuses = ['valid', 'expiring', 'expired', 'cancelled'] as const
export type LicenceStatus = (typeof licenceStatuses)[number]

/** Defaults of the park's settings (safety_basics_settings). */
export const defaultLicenceWarnDays = 90
export const defaultParkOverhaulLimit = 3

/**
 * A licence against today: cancelled stays cancelled; past its last valid day it is expired; within `warnDays`
 * (inclusive) of it expiring; else valid. The last day (valid_to) is still valid.
 */
export function licenceStatus(
  l: { valid_to: string; cancelled?: boolean },
  today: string,
  warnDays: number = defaultLicenceWarnDays,
): LicenceStatus {
  if (l.cancelled) return 'cancelled'
  const left = daysBetween(today, l.valid_to)
  if (left < 0) return 'expired'
  return left <= warnDays ? 'expiring' : 'valid'
}

export const operationKinds = ['startup', 'shutdown', 'overhaul'] as const
export type OperationKind = (typeof operationKinds)[number]
export const operationStatuses = ['planned', 'in_progress', 'completed', 'cancelled'] as const
export type OperationStatus = (typeof operationStatuses)[number]
/** statuses that occupy their window (take part in overlap checks) */
export const activeOperationStatuses: readonly OperationStatus[] = ['planned', 'in_progress']
/** longest planned window of one record (a major overhaul rarely exceeds a few months) */
export const maxOperationDays = 180

export const standardizationGrades = ['1', '2', '3', 'none'] as const

// ---------- shared field schemas ----------

const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an enterprise id')
export const rowId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not an id')
/** '' and null → null; undefined stays undefined (a patch leaves the field alone). */
const blankToNull = (s: string | null | undefined) => (s === undefined ? undefined : s ? s : null)
const text = (max: number) => z.string().trim().min(1, 'is required').max(max)
const optionalText = (max: number) => z.string().trim().max(max).nullish().transform(blankToNull)
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+() -]{5,20}$/, 'a phone number (digits, + ( ) - and spaces, 5–20)')
const optionalPhone = z
  .union([phone, z.literal('')])
  .nullish()
  .transform(blankToNull)
const instant = z.iso.datetime({ offset: true, error: 'an ISO-8601 instant with a zone' })

/** 统一社会信用代码, checked with the GB 32100 (and GB 11714) check characters. */
export const creditCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(creditCodeIsValid, 'not a valid unified social credit code (GB 32100 check character)')

export const processList = z
  .array(z.enum(keyProcesses, 'one of the 18 key-supervised hazardous processes'))
  .max(18)
  .refine((a) => new Set(a).size === a.length, 'a process is listed twice')

// ---------- settings ----------

export interface SafetyBasicsSettings {
  licence_warn_days: number
  park_overhaul_limit: number
  updated_by: string | null
  updated_at: string
}
export const settingsBody = z
  .object({
    licence_warn_days: z.number().int('whole days').min(1).max(365).optional(),
    park_overhaul_limit: z.number().int('a whole number').min(1).max(100).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
export type SettingsBody = z.infer<typeof settingsBody>

// ---------- enterprise records ----------

export const safetyEngineer = z
  .object({
    name: text(50),
    certificate_no: text(50),
    expires_on: day,
    specialty: optionalText(50),
  })
  .strict()
export type SafetyEngineer = z.output<typeof safetyEngineer>

export const profileBody = z
  .object({
    legal_representative: optionalText(50),
    main_responsible: optionalText(50),
    main_responsible_phone: optionalPhone,
    safety_director: optionalText(50),
    safety_director_phone: optionalPhone,
    safety_staff_count: z.number().int('a whole number').min(0).max(100_000),
    safety_engineers: z
      .array(safetyEngineer)
      .max(200)
      .refine(
        (a) => new Set(a.map((e) => e.certificate_no)).size === a.length,
        'a certificate number is listed twice',
      )
      .default([]),
    employees: z.number().int('a whole number').min(0).max(1_000_000).nullish(),
    established_on: day.nullish(),
    address: optionalText(200),
    standardization_grade: z.enum(standardizationGrades).nullish(),
    /** the enterprise row itself (enterprises table) */
    credit_code: creditCode.optional(),
    processes: processList.optional(),
    /** park accounts only */
    risk: z.enum(['red', 'orange', 'yellow', 'blue']).optional(),
  })
  .strict()
  .refine((b) => b.employees == null || b.safety_staff_count <= b.employees, {
    message: 'cannot exceed the number of employees',
    path: ['safety_staff_count'],
  })
export type ProfileBody = z.output<typeof profileBody>

export interface EnterpriseProfile {
  legal_representative: string | null
  main_responsible: string | null
  main_responsible_phone: string | null
  safety_director: string | null
  safety_director_phone: string | null
  safety_staff_count: number
  safety_engineers: SafetyEngineer[]
  employees: number | null
  established_on: string | null
  address: string | null
  standardization_grade: (typeof standardizationGrades)[number] | null
  updated_by: string | null
  updated_at: string | null
}

export interface EnterpriseRecord {
  id: string
  name: string
  name_en: string
  industry: string
  industry_en: string
  risk: RiskColor
  credit_code: string
  processes: string[]
}

/** GET /api/v1/enterprises/:id/profile: the enterprise's record and what the details panel shows of it. */
export interface EnterpriseRecordDetail {
  enterprise: EnterpriseRecord
  /** null: no profile entered yet */
  profile: EnterpriseProfile | null
  licences: Licence[]
  /** current and planned start-up / shutdown / overhaul records */
  operations: OperationRecord[]
  contractor_count: number
  blacklisted_contractors: number
}

// ---------- licences ----------

const licenceFields = {
  kind: z.enum(licenceKinds),
  title: optionalText(100),
  number: text(100),
  issuer: text(200),
  scope: text(2000),
  valid_from: day,
  valid_to: day,
  note: optionalText(2000),
}
export const newLicenceBody = z.object({ enterprise_id: enterpriseId.optional(), ...licenceFields }).strict()
export type NewLicenceBody = z.output<typeof newLicenceBody>
export const licencePatchBody = z
  .object({
    title: licenceFields.title,
    number: licenceFields.number.optional(),
    issuer: licenceFields.issuer.optional(),
    scope: licenceFields.scope.optional(),
    valid_from: day.optional(),
    valid_to: day.optional(),
    note: licenceFields.note,
    cancelled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
export type LicencePatchBody = z.output<typeof licencePatchBody>

export const licenceQuery = z
  .object({
    enterprise: enterpriseId.optional(),
    kind: z.enum(licenceKinds).optional(),
    status: z.enum(licenceStatuses).optional(),
    /** expiring or expired, cancelled left out */
    due: z.enum(['true', 'false']).optional(),
  })
  .strict()
export type LicenceQuery = z.infer<typeof licenceQuery>

export interface Licence {
  id: string
  enterprise_id: string
  kind: LicenceKind
  title: string | null
  number: string
  issuer: string
  scope: string
  valid_from: string
  valid_to: string
  cancelled: boolean
  note: string | null
  /** computed against today and the park's warning window */
  status: LicenceStatus
  days_left: number
  created_by: string | null
  updated_by: string | null
  updated_at: string
}

// ---------- start-up / shutdown / overhaul ----------

const operationFields = {
  kind: z.enum(operationKinds),
  unit: text(100),
  asset_id: rowId.nullish(),
  planned_start: instant,
  planned_end: instant,
  responsible_person: text(50),
  responsible_phone: optionalPhone,
  safety_measures: z.array(text(500)).min(1, 'at least one safety measure').max(50),
  note: optionalText(2000),
}
export const newOperationBody = z
  .object({ enterprise_id: enterpriseId.optional(), ...operationFields })
  .strict()
export type NewOperationBody = z.output<typeof newOperationBody>
export const operationPatchBody = z
  .object({
    unit: operationFields.unit.optional(),
    planned_start: instant.optional(),
    planned_end: instant.optional(),
    responsible_person: operationFields.responsible_person.optional(),
    responsible_phone: operationFields.responsible_phone,
    safety_measures: operationFields.safety_measures.optional(),
    note: operationFields.note,
    status: z.enum(operationStatuses).optional(),
    actual_start: instant.nullish(),
    actual_end: instant.nullish(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
export type OperationPatchBody = z.output<typeof operationPatchBody>

export const operationQuery = z
  .object({
    enterprise: enterpriseId.optional(),
    kind: z.enum(operationKinds).optional(),
    status: z.enum(operationStatuses).optional(),
    /** records whose planned window overlaps [from, to) */
    from: instant.optional(),
    to: instant.optional(),
    /** only records with a conflict warning */
    conflicts: z.enum(['true', 'false']).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'must be after from',
    path: ['to'],
  })
export type OperationQuery = z.infer<typeof operationQuery>

/** 装置时间重叠 (same enterprise and unit) / 园区同时大检修超限 (more than the park allows at once) */
export type OperationWarning =
  | { kind: 'unit_overlap'; with_id: string; with_kind: OperationKind; from: string; to: string }
  | { kind: 'park_limit'; peak: number; limit: number; at: string }

export interface OperationRecord {
  id: string
  enterprise_id: string
  kind: OperationKind
  unit: string
  asset_id: string | null
  planned_start: string
  planned_end: string
  actual_start: string | null
  actual_end: string | null
  responsible_person: string
  responsible_phone: string | null
  safety_measures: string[]
  status: OperationStatus
  note: string | null
  warnings: OperationWarning[]
  created_by: string | null
  updated_by: string | null
  updated_at: string
}

// ---------- contractors ----------

export const qualification = z.object({ name: text(100), number: text(100), expires_on: day }).strict()
export type Qualification = z.output<typeof qualification>

const contractorFields = {
  name: text(200),
  credit_code: creditCode.nullish(),
  contact_person: optionalText(50),
  phone: optionalPhone,
  service_scope: text(500),
  qualifications: z.array(qualification).max(50).default([]),
}
export const newContractorBody = z
  .object({ enterprise_id: enterpriseId.optional(), ...contractorFields })
  .strict()
export type NewContractorBody = z.output<typeof newContractorBody>
export const contractorPatchBody = z
  .object({
    name: contractorFields.name.optional(),
    credit_code: contractorFields.credit_code,
    contact_person: contractorFields.contact_person,
    phone: contractorFields.phone,
    service_scope: contractorFields.service_scope.optional(),
    qualifications: z.array(qualification).max(50).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
export type ContractorPatchBody = z.output<typeof contractorPatchBody>

export const blacklistBody = z.object({ reason: text(500) }).strict()

export const personBody = z
  .object({
    name: text(50),
    job: optionalText(50),
    phone: optionalPhone,
    trained_on: day.nullish(),
    training_valid_to: day.nullish(),
    certificate_no: optionalText(100),
    certificate_expires: day.nullish(),
  })
  .strict()
  .refine((p) => !p.training_valid_to || (p.trained_on && p.training_valid_to > p.trained_on), {
    message: 'needs trained_on, and must be after it',
    path: ['training_valid_to'],
  })
  .refine((p) => !p.certificate_no === !p.certificate_expires, {
    message: 'certificate number and expiry go together',
    path: ['certificate_expires'],
  })
export type PersonBody = z.output<typeof personBody>

export const entryBody = z
  .object({
    work: text(500),
    area: optionalText(200),
    valid_from: day,
    valid_to: day,
    person_ids: z
      .array(rowId)
      .min(1, 'at least one person')
      .max(500)
      .refine((a) => new Set(a).size === a.length, 'a person is listed twice'),
  })
  .strict()
  .refine((b) => b.valid_to >= b.valid_from, { message: 'must not be before valid_from', path: ['valid_to'] })
export type EntryBody = z.output<typeof entryBody>

export const entryDecisionBody = z
  .object({ status: z.enum(['approved', 'rejected']), note: optionalText(500) })
  .strict()
export type EntryDecisionBody = z.output<typeof entryDecisionBody>

export const contractorQuery = z
  .object({
    enterprise: enterpriseId.optional(),
    blacklisted: z.enum(['true', 'false']).optional(),
    /** name or credit code contains */
    q: z.string().trim().max(100).optional(),
  })
  .strict()
export type ContractorQuery = z.infer<typeof contractorQuery>

export interface ContractorPerson {
  id: string
  contractor_id: string
  name: string
  job: string | null
  phone: string | null
  trained_on: string | null
  training_valid_to: string | null
  certificate_no: string | null
  certificate_expires: string | null
  /** computed: training valid today */
  trained: boolean
}

export interface ContractorEntry {
  id: string
  contractor_id: string
  work: string
  area: string | null
  valid_from: string
  valid_to: string
  person_ids: string[]
  status: 'requested' | 'approved' | 'rejected'
  decided_by: string | null
  decided_at: string | null
  decision_note: string | null
  created_by: string | null
  created_at: string
}

export interface Contractor {
  id: string
  enterprise_id: string
  name: string
  credit_code: string | null
  contact_person: string | null
  phone: string | null
  service_scope: string
  qualifications: Qualification[]
  blacklisted: boolean
  blacklist_reason: string | null
  blacklisted_at: string | null
  blacklisted_by: string | null
  people_count: number
  /** computed: qualifications past their expiry today */
  expired_qualifications: number
  updated_at: string
}

export interface ContractorDetail extends Contractor {
  people: ContractorPerson[]
  entries: ContractorEntry[]
}

// ---------- park basic information ----------

export interface ParkChemical {
  chemical: string
  chemical_en: string | null
  cas: string | null
  tanks: number
  enterprises: number
  inventory_t: number
  capacity_m3: number
}

export interface ParkProcess {
  process: string
  enterprises: number
  enterprise_ids: string[]
}

/** GET /api/v1/park/basics (in the caller's scope: an enterprise account sees its own part). */
export interface ParkBasics {
  name: string
  name_en: string
  /** ST_Area of the boundary on the geography (spheroid), km² and hectares */
  area_km2: number
  area_ha: number
  perimeter_km: number
  enterprise_count: number
  enterprises_by_risk: Record<RiskColor, number>
  enterprises: (Pick<EnterpriseRecord, 'id' | 'name' | 'name_en' | 'industry' | 'risk' | 'processes'> & {
    licences_due: number
  })[]
  chemicals: ParkChemical[]
  /** the supervised processes run in the park, most enterprises first */
  processes: ParkProcess[]
  licences: Record<LicenceStatus, number>
  overhauls_now: number
  settings: SafetyBasicsSettings
}
