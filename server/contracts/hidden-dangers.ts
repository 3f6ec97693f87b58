import { z } from 'zod'
import { day } from './emergency-plans'

// 隐患排查治理 (hidden-danger investigation and rectification): REST bodies and answers. The closed loop and who
// may take each step are the server's transition table (server/modules/hidden-dangers/hd-workflow.ts); a detail
// answer lists the steps the caller may take now (`actions`). Days are park days (YYYY-MM-DD, UTC+8).

/** 一般隐患 (small, fixed at once) / 重大隐患 (needs stoppage or time; governance plan, 挂牌督办, regulator closes) */
export const hdGrades = ['general', 'major'] as const
export type HdGrade = (typeof hdGrades)[number]
export const hdStates = ['found', 'ordered', 'rectifying', 'acceptance_requested', 'closed'] as const
export type HdState = (typeof hdStates)[number]
/** the steps: a state change, or (supervise, plan) a record on the hidden danger */
export const hdActions = [
  'order',
  'start',
  'request_acceptance',
  'verify',
  'send_back',
  'supervise',
  'plan',
] as const
export type HdAction = (typeof hdActions)[number]
export const hdCategories = ['equipment', 'process', 'electrical', 'fire', 'management', 'other'] as const
export type HdCategory = (typeof hdCategories)[number]
export const hdSources = ['self_check', 'park_inspection', 'regulator', 'report'] as const
export type HdSource = (typeof hdSources)[number]
export const photoStages = ['finding', 'rectification'] as const
export type PhotoStage = (typeof photoStages)[number]

/** photos: at most this many per hidden danger, each at most maxPhotoBytes, JPEG / PNG / WebP */
export const maxPhotos = 6
export const maxPhotoBytes = 5 * 1024 * 1024
export const photoTypes = ['image/jpeg', 'image/png', 'image/webp'] as const

const text = (max: number) => z.string().trim().min(1, 'is required').max(max)
const optionalText = (max: number) => z.string().trim().max(max).nullish()
const rowId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not an id')
const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an enterprise id')

export const newHiddenDangerBody = z
  .object({
    /** park accounts name the enterprise; enterprise accounts may give only their own */
    enterprise_id: enterpriseId.optional(),
    title: text(200),
    description: z.string().trim().max(4000).default(''),
    location: optionalText(200),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    risk_point_id: rowId.nullish(),
    grade: z.enum(hdGrades),
    category: z.enum(hdCategories).default('other'),
    /** default: self_check for an enterprise account, park_inspection for the park */
    source: z.enum(hdSources).optional(),
  })
  .strict()
  .refine((b) => (b.lon === undefined) === (b.lat === undefined), {
    message: 'give both lon and lat, or neither',
    path: ['lon'],
  })
export type NewHiddenDangerBody = z.infer<typeof newHiddenDangerBody>

/** 重大隐患治理方案: goal, measures, funds, people, deadline, safety measures, contingency plan */
export const governancePlan = z
  .object({
    goal: text(2000),
    measures: text(4000),
    /** 治理经费 in 万元 */
    funds_wan_yuan: z.number().min(0).max(1_000_000),
    people: text(1000),
    deadline: day,
    safety_measures: text(4000),
    contingency: text(4000),
  })
  .strict()
export type GovernancePlan = z.infer<typeof governancePlan>

/** The regulator's approval of the enterprise's written closing application (重大隐患销号). */
export const regulatorApproval = z
  .object({
    application_ref: text(200),
    applied_on: day,
    regulator: text(200),
    approval_ref: text(200),
    approved_on: day,
  })
  .strict()
  .refine((a) => a.approved_on >= a.applied_on, {
    message: 'approved before the application',
    path: ['approved_on'],
  })
export type RegulatorApproval = z.infer<typeof regulatorApproval>

export const transitionBody = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('order'),
      owner: text(100),
      deadline: day,
      requirement: optionalText(2000),
      /** re-grade while ordering (classification) */
      grade: z.enum(hdGrades).optional(),
    })
    .strict(),
  z.object({ action: z.literal('start'), note: optionalText(2000) }).strict(),
  z
    .object({ action: z.literal('request_acceptance'), rectification: text(4000), note: optionalText(2000) })
    .strict(),
  z
    .object({
      action: z.literal('verify'),
      note: optionalText(2000),
      regulator_approval: regulatorApproval.optional(),
    })
    .strict(),
  z.object({ action: z.literal('send_back'), reason: text(2000) }).strict(),
  z.object({ action: z.literal('supervise'), listing_ref: text(200), note: optionalText(2000) }).strict(),
  z.object({ action: z.literal('plan'), governance_plan: governancePlan }).strict(),
])
export type TransitionBody = z.infer<typeof transitionBody>

const flag = z.enum(['true', 'false']).optional()
export const hdQuery = z
  .object({
    state: z.enum([...hdStates, 'open']).optional(),
    grade: z.enum(hdGrades).optional(),
    enterprise: enterpriseId.optional(),
    overdue: flag,
    listed: flag,
  })
  .strict()
export type HdQuery = z.infer<typeof hdQuery>

export interface HiddenDanger {
  id: string
  enterprise_id: string
  enterprise_name: string
  title: string
  description: string
  location: string | null
  lon: number | null
  lat: number | null
  risk_point_id: string | null
  grade: HdGrade
  category: HdCategory
  source: HdSource
  state: HdState
  found_at: string
  found_by: string
  owner: string | null
  deadline: string | null
  requirement: string | null
  rectification: string | null
  listed_at: string | null
  listing_ref: string | null
  sent_back_count: number
  closed_at: string | null
  closed_on_time: boolean | null
  /** past the deadline and not closed (park day) */
  overdue: boolean
  photo_count: number
  updated_at: string
}

export interface HdEvent {
  id: string
  action: HdAction | 'report' | 'photo'
  from_state: HdState | null
  to_state: HdState
  actor: string
  actor_role: string
  note: string | null
  detail: Record<string, unknown>
  at: string
}

export interface HdPhoto {
  id: string
  stage: PhotoStage
  filename: string
  content_type: string
  size_bytes: number
  uploaded_by: string
  uploaded_at: string
}

export interface HiddenDangerDetail extends HiddenDanger {
  governance_plan: GovernancePlan | null
  regulator_approval: RegulatorApproval | null
  events: HdEvent[]
  photos: HdPhoto[]
  /** the steps the caller may take now */
  actions: HdAction[]
  /** photo stages the caller may upload to now (none when the limit is reached) */
  photo_stages: PhotoStage[]
}

export interface GradeCounts {
  general: number
  major: number
}

/** Per-enterprise statistics: open / closed / overdue by grade, on-time closure rate (closed on time / closed). */
export interface HdEnterpriseStats {
  enterprise_id: string
  enterprise_name: string
  open: GradeCounts
  closed: GradeCounts
  overdue: GradeCounts
  /** open 重大 hidden dangers listed for supervision */
  listed: number
  closed_on_time: number
  /** null when nothing is closed yet */
  on_time_rate: number | null
}

export interface HdStats {
  enterprises: HdEnterpriseStats[]
  total: Omit<HdEnterpriseStats, 'enterprise_id' | 'enterprise_name'>
}
