import { z } from 'zod'
import type { Point } from './geo'

// Emergency plans (应急预案) and resources (应急资源): REST bodies, answers and the drill/revision due rules
// the server's reminders and the client's highlighting share. Days are YYYY-MM-DD (park days, China Standard
// Time).

/** GB/T 29639-2020: 综合预案 / 专项预案 / 现场处置方案 */
export const planKinds = ['comprehensive', 'special', 'onsite'] as const
export type PlanKind = (typeof planKinds)[number]
export const planDomains = ['safety', 'environmental', 'natural_disaster'] as const
export type PlanDomain = (typeof planDomains)[number]
/** the tier that owns the plan: 园区级 (no enterprise) / 企业级 / 车间(岗位)级 */
export const planLevels = ['park', 'enterprise', 'workshop'] as const
export type PlanLevel = (typeof planLevels)[number]
export const planStatuses = ['draft', 'reviewed', 'filed', 'superseded'] as const
export type PlanStatus = (typeof planStatuses)[number]
/** statuses of a plan in force (drill and revision reminders apply) */
export const inForce: readonly PlanStatus[] = ['reviewed', 'filed']
export const drillTypes = ['tabletop', 'functional', 'full_scale'] as const
export type DrillType = (typeof drillTypes)[number]
export const resourceKinds = ['team', 'supply', 'expert', 'shelter', 'depot'] as const
export type ResourceKind = (typeof resourceKinds)[number]
export const reviewConclusions = ['passed', 'passed_with_changes', 'failed'] as const

// safety-standards.md "Plans, drills and document validity": comprehensive or special plans drilled at least
// yearly, on-site disposal plans at least every six months; plans reviewed/revised at least every 3 years.
export const maxDrillMonths: Record<PlanKind, number> = { comprehensive: 12, special: 12, onsite: 6 }
export const revisionYears = 3
/** reminders: a drill due within 30 days is 'due'; a revision within 90 days is 'due' (park choice) */
export const drillWarnDays = 30
export const revisionWarnDays = 90

const isRealDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine(isRealDay, 'not a calendar day')

/** The park day (YYYY-MM-DD, China Standard Time, UTC+8) of an instant in ms. */
export function parkDay(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** `day` plus n calendar months, clamped to the month's end as PostgreSQL's date + interval does. */
export function addMonths(d: string, months: number): string {
  const [y, m, dd] = d.split('-').map(Number) as [number, number, number]
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12)
  const nm = total - ny * 12
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate()
  return new Date(Date.UTC(ny, nm, Math.min(dd, last))).toISOString().slice(0, 10)
}

/** The next drill: one interval after the last drill, else after filing; null when neither is known. */
export function nextDrillDue(
  lastDrill: string | null,
  filedAt: string | null,
  months: number,
): string | null {
  const base = lastDrill ?? filedAt
  return base ? addMonths(base, months) : null
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

export type DueState = 'none' | 'ok' | 'due' | 'overdue'
/** A deadline against today: past it is overdue; within `warnDays` (inclusive) due. */
export function dueState(deadline: string | null, today: string, warnDays: number): DueState {
  if (!deadline) return 'none'
  const left = daysBetween(today, deadline)
  if (left < 0) return 'overdue'
  return left <= warnDays ? 'due' : 'ok'
}

export const expertReview = z
  .object({
    date: day,
    experts: z
      .array(
        z
          .object({
            name: z.string().trim().min(1, 'is required').max(50),
            title: z.string().trim().max(100).nullish(),
            organisation: z.string().trim().max(200).nullish(),
          })
          .strict(),
      )
      .min(1, 'at least one expert')
      .max(30),
    opinions: z.string().trim().min(1, 'is required').max(5000),
    conclusion: z.enum(reviewConclusions),
  })
  .strict()
export type ExpertReview = z.infer<typeof expertReview>

const rowId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not an id')
const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an enterprise id')
const optionalText = (max: number) => z.string().trim().max(max).nullish()

const planFields = {
  title: z.string().trim().min(1, 'is required').max(200),
  title_en: optionalText(200),
  status: z.enum(['draft', 'reviewed', 'filed']),
  expert_review: expertReview.nullish(),
  filed_at: day.nullish(),
  filing_authority: optionalText(200),
  valid_to: day.nullish(),
  drill_interval_months: z.number().int('whole months').min(1).max(12),
  last_drill_at: day.nullish(),
  document_ref: optionalText(200),
  body: z.string().max(200_000).default(''),
  asset_ids: z.array(rowId).max(200).optional(),
}

export const newPlanBody = z
  .object({
    /** null or absent: a park-level plan (park accounts only); enterprise accounts may give only their own */
    enterprise_id: enterpriseId.nullish(),
    kind: z.enum(planKinds),
    domain: z.enum(planDomains),
    level: z.enum(planLevels),
    ...planFields,
    status: planFields.status.default('draft'),
    drill_interval_months: planFields.drill_interval_months.optional(),
  })
  .strict()
export type NewPlanBody = z.infer<typeof newPlanBody>

/** Edits of the current version in place (status steps, review, filing, corrections). */
const planChanges = z
  .object({
    title: planFields.title.optional(),
    title_en: planFields.title_en,
    status: planFields.status.optional(),
    expert_review: planFields.expert_review,
    filed_at: planFields.filed_at,
    filing_authority: planFields.filing_authority,
    valid_to: planFields.valid_to,
    drill_interval_months: planFields.drill_interval_months.optional(),
    document_ref: planFields.document_ref,
    body: z.string().max(200_000).optional(),
    asset_ids: planFields.asset_ids,
  })
  .strict()
export const planPatchBody = planChanges.refine((b) => Object.keys(b).length > 0, 'nothing to change')
export type PlanPatchBody = z.infer<typeof planChanges>

/** A revision: a new version of the series; unset fields are copied from the version it revises. */
export const newVersionBody = planChanges
export type NewVersionBody = PlanPatchBody

export const drillBody = z
  .object({
    drilled_on: day,
    drill_type: z.enum(drillTypes),
    participants: z.number().int().min(1).max(100_000).nullish(),
    note: optionalText(2000),
  })
  .strict()
export type DrillBody = z.infer<typeof drillBody>

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional()
export const planQuery = z
  .object({
    kind: oneOf(planKinds),
    domain: oneOf(planDomains),
    level: oneOf(planLevels),
    status: oneOf(planStatuses),
    /** 'park' for park-level plans, else an enterprise id */
    enterprise: z.union([z.literal('park'), enterpriseId]).optional(),
    /** plans whose drill or revision is due (within the warning window) or overdue */
    due: z.enum(['due', 'overdue', 'any']).optional(),
    /** include superseded versions (history); default only the current version of each series */
    history: z.enum(['true', 'false']).optional(),
    asset: rowId.optional(),
  })
  .strict()
export type PlanQuery = z.infer<typeof planQuery>

export interface PlanAssetRef {
  id: string
  kind: string
  name: string
  name_en: string | null
  enterprise_id: string | null
}

export interface EmergencyPlan {
  id: string
  series_id: string
  enterprise_id: string | null
  title: string
  title_en: string | null
  kind: PlanKind
  domain: PlanDomain
  level: PlanLevel
  version: number
  status: PlanStatus
  expert_review: ExpertReview | null
  filed_at: string | null
  filing_authority: string | null
  valid_to: string | null
  drill_interval_months: number
  last_drill_at: string | null
  next_drill_due: string | null
  document_ref: string | null
  /** computed against today (park day): drill and revision reminders */
  drill_state: DueState
  revision_state: DueState
  asset_count: number
  created_by: string | null
  created_at: string
  updated_by: string | null
  updated_at: string
}

export interface PlanDrill {
  id: string
  drilled_on: string
  drill_type: DrillType
  participants: number | null
  note: string | null
  recorded_by: string | null
  recorded_at: string
}

export interface PlanDetail extends EmergencyPlan {
  body: string
  assets: PlanAssetRef[]
  drills: PlanDrill[]
  /** every version of the series, newest first */
  versions: Pick<EmergencyPlan, 'id' | 'version' | 'status' | 'filed_at' | 'updated_at'>[]
}

/** A plan that applies to an asset and how it is attached. */
export interface AssetPlan extends EmergencyPlan {
  via: 'asset' | 'tank_farm' | 'enterprise'
}

const coord = (min: number, max: number) => z.coerce.number().min(min).max(max)
export const resourceQuery = z
  .object({
    kind: oneOf(resourceKinds),
    enterprise: z.union([z.literal('park'), enterpriseId]).optional(),
    /** lon,lat (WGS 84 degrees) */
    near: z
      .string()
      .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, 'lon,lat in degrees')
      .optional(),
    /** metres around `near`; default 1000 */
    radius: coord(1, 50_000).optional(),
  })
  .strict()
  .transform((q, ctx) => {
    if (q.radius !== undefined && !q.near)
      ctx.addIssue({ code: 'custom', path: ['radius'], message: 'needs near=lon,lat' })
    let near: { lon: number; lat: number } | null = null
    if (q.near) {
      const [lon, lat] = q.near.split(',').map(Number) as [number, number]
      if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
        ctx.addIssue({ code: 'custom', path: ['near'], message: 'lon within ±180, lat within ±90' })
      near = { lon, lat }
    }
    return { kind: q.kind, enterprise: q.enterprise, near, radius_m: q.radius ?? 1000 }
  })
export type ResourceQuery = z.output<typeof resourceQuery>

export const newResourceBody = z
  .object({
    kind: z.enum(resourceKinds),
    name: z.string().trim().min(1, 'is required').max(200),
    name_en: optionalText(200),
    enterprise_id: enterpriseId.nullish(),
    /** [lon, lat]; required except for experts */
    position: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).nullish(),
    props: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .refine((b) => b.kind === 'expert' || b.position, {
    message: 'is required for this kind',
    path: ['position'],
  })
export type NewResourceBody = z.infer<typeof newResourceBody>

export interface EmergencyResource {
  id: string
  kind: ResourceKind
  name: string
  name_en: string | null
  enterprise_id: string | null
  geometry: Point | null
  props: Record<string, unknown>
  /** metres from `near`, when asked */
  distance_m?: number
  updated_at: string
}
