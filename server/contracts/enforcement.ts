import { z } from 'zod'
import { day } from './emergency-plans'

// The enforcement ledger (执法台账): inspection plans (检查计划), inspection records (检查记录), administrative penalties
// (行政处罚), rectification notices (责令限期整改指令书) with the enterprise's rectification records (整改记录, evidence
// = documents of the store) and the park's re-inspections (复查). Who may take which step is the server's table
// (server/modules/enforcement/enforcement-workflow.ts); a detail answer lists the caller's steps (`actions`).
// Days are park days (YYYY-MM-DD, UTC+8); months YYYY-MM.

export const inspectionKinds = ['planned', 'special', 'complaint', 'other'] as const
export type InspectionKind = (typeof inspectionKinds)[number]

/** 警告, 罚款, 没收违法所得, 责令停产停业, 暂扣或吊销许可证, 其他 */
export const penaltyTypes = [
  'warning',
  'fine',
  'confiscation',
  'suspension',
  'licence_revocation',
  'other',
] as const
export type PenaltyType = (typeof penaltyTypes)[number]

/** 已决定 → 已执行 | 复议/诉讼中 | 已撤销 */
export const penaltyStatuses = ['decided', 'under_review', 'executed', 'revoked'] as const
export type PenaltyStatus = (typeof penaltyStatuses)[number]
export const penaltyActions = ['execute', 'review', 'uphold', 'revoke'] as const
export type PenaltyAction = (typeof penaltyActions)[number]

/** 待整改 → 已提交整改 → 复查通过销案 (a failed re-inspection sends it back to issued) */
export const noticeStates = ['issued', 'submitted', 'closed'] as const
export type NoticeState = (typeof noticeStates)[number]
export const noticeActions = ['submit', 'reinspect'] as const
export type NoticeAction = (typeof noticeActions)[number]

const text = (max: number) => z.string().trim().min(1, 'is required').max(max)
const optionalText = (max: number) => z.string().trim().max(max).nullish()
const rowId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not an id')
const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an enterprise id')
const names = (max: number) =>
  z
    .array(text(100))
    .min(1, 'at least one')
    .max(max)
    .refine((a) => new Set(a).size === a.length, 'no repeated names')
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')

export const inspectionPlanBody = z
  .object({
    title: text(200),
    period_from: day,
    period_to: day,
    targets: z
      .array(enterpriseId)
      .max(200)
      .refine((a) => new Set(a).size === a.length, 'no repeated enterprises')
      .default([]),
    inspectors: names(50),
    focus: z.string().trim().max(2000).default(''),
  })
  .strict()
  .refine((b) => b.period_to >= b.period_from, { message: 'before period_from', path: ['period_to'] })
export type InspectionPlanBody = z.infer<typeof inspectionPlanBody>

export const inspectionBody = z
  .object({
    enterprise_id: enterpriseId,
    plan_id: rowId.nullish(),
    inspected_on: day,
    inspectors: names(50),
    kind: z.enum(inspectionKinds).default('planned'),
    findings: z.string().trim().max(8000).default(''),
    legal_basis: optionalText(2000),
    issues_found: z.number().int().min(0).max(1000).default(0),
  })
  .strict()
export type InspectionBody = z.infer<typeof inspectionBody>

export const penaltyBody = z
  .object({
    enterprise_id: enterpriseId,
    inspection_id: rowId.nullish(),
    decision_no: text(100),
    penalty_type: z.enum(penaltyTypes),
    amount_yuan: z.number().finite().min(0).max(1e11).nullish(),
    legal_basis: text(2000),
    facts: z.string().trim().max(4000).default(''),
    decided_on: day,
    document_id: rowId.nullish(),
  })
  .strict()
  .refine((b) => b.penalty_type !== 'fine' || (b.amount_yuan ?? 0) > 0, {
    message: 'a fine needs its amount',
    path: ['amount_yuan'],
  })
export type PenaltyBody = z.infer<typeof penaltyBody>

export const penaltyStepBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('execute'), executed_on: day, note: optionalText(2000) }).strict(),
  z.object({ action: z.literal('review'), note: text(2000) }).strict(),
  z.object({ action: z.literal('uphold'), note: optionalText(2000) }).strict(),
  z.object({ action: z.literal('revoke'), note: text(2000) }).strict(),
])
export type PenaltyStepBody = z.infer<typeof penaltyStepBody>

export const noticeBody = z
  .object({
    enterprise_id: enterpriseId,
    inspection_id: rowId.nullish(),
    notice_no: text(100),
    items: z.array(text(1000)).min(1, 'at least one item').max(50),
    legal_basis: optionalText(2000),
    issued_on: day,
    deadline: day,
    /** default: the signed-in user */
    issued_by: text(100).optional(),
  })
  .strict()
  .refine((b) => b.deadline >= b.issued_on, { message: 'before issued_on', path: ['deadline'] })
export type NoticeBody = z.infer<typeof noticeBody>

export const noticeStepBody = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('submit'),
      measures: text(8000),
      completed_on: day,
      /** documents of the store (uploaded first, owned by the enterprise or its project) */
      evidence_document_ids: z
        .array(rowId)
        .max(20)
        .refine((a) => new Set(a).size === a.length, 'no repeated documents')
        .default([]),
    })
    .strict(),
  z
    .object({
      action: z.literal('reinspect'),
      inspected_on: day,
      inspectors: names(50),
      result: z.enum(['passed', 'failed']),
      opinion: z.string().trim().max(4000).default(''),
      /** a failed re-inspection may give a new deadline */
      new_deadline: day.optional(),
    })
    .strict(),
])
export type NoticeStepBody = z.infer<typeof noticeStepBody>

const flag = z.enum(['true', 'false']).optional()
export const inspectionQuery = z
  .object({
    enterprise: enterpriseId.optional(),
    from: day.optional(),
    to: day.optional(),
  })
  .strict()
export type InspectionQuery = z.infer<typeof inspectionQuery>

export const penaltyQuery = z
  .object({
    enterprise: enterpriseId.optional(),
    status: z.enum(penaltyStatuses).optional(),
    from: day.optional(),
    to: day.optional(),
  })
  .strict()
export type PenaltyQuery = z.infer<typeof penaltyQuery>

export const noticeQuery = z
  .object({
    enterprise: enterpriseId.optional(),
    state: z.enum([...noticeStates, 'open']).optional(),
    overdue: flag,
  })
  .strict()
export type NoticeQuery = z.infer<typeof noticeQuery>

export const statsQuery = z
  .object({
    enterprise: enterpriseId.optional(),
    from: month.optional(),
    to: month.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.to >= q.from, { message: 'before from', path: ['to'] })
export type StatsQuery = z.infer<typeof statsQuery>

export interface InspectionPlan {
  id: string
  title: string
  period_from: string
  period_to: string
  targets: string[]
  inspectors: string[]
  focus: string
  /** inspections recorded against the plan */
  inspections: number
  created_by: string | null
  created_at: string
}

export interface Inspection {
  id: string
  enterprise_id: string
  enterprise_name: string
  plan_id: string | null
  inspected_on: string
  inspectors: string[]
  kind: InspectionKind
  findings: string
  legal_basis: string | null
  issues_found: number
  /** notices and penalties that cite it */
  notices: number
  penalties: number
  created_by: string | null
  created_at: string
}

export interface Penalty {
  id: string
  enterprise_id: string
  enterprise_name: string
  inspection_id: string | null
  decision_no: string
  penalty_type: PenaltyType
  amount_yuan: number | null
  legal_basis: string
  facts: string
  decided_on: string
  status: PenaltyStatus
  executed_on: string | null
  document_id: string | null
  updated_by: string | null
  updated_at: string
  /** the steps the caller may take now */
  actions: PenaltyAction[]
}

export interface RectificationNotice {
  id: string
  enterprise_id: string
  enterprise_name: string
  inspection_id: string | null
  notice_no: string
  items: string[]
  legal_basis: string | null
  issued_on: string
  issued_by: string
  deadline: string
  state: NoticeState
  sent_back_count: number
  closed_on: string | null
  closed_on_time: boolean | null
  /** past the deadline and not closed (park day) */
  overdue: boolean
  /** days to the deadline (negative: overdue); null when closed */
  days_left: number | null
  updated_at: string
}

export interface EvidenceDocument {
  id: string
  title: string
  version_id: string | null
  filename: string | null
}

export interface RectificationRecord {
  id: string
  measures: string
  completed_on: string
  evidence: EvidenceDocument[]
  submitted_by: string
  submitted_at: string
}

export interface Reinspection {
  id: string
  record_id: string
  inspected_on: string
  inspectors: string[]
  result: 'passed' | 'failed'
  opinion: string
  created_by: string
  created_at: string
}

export interface NoticeDetail extends RectificationNotice {
  records: RectificationRecord[]
  reinspections: Reinspection[]
  /** the steps the caller may take now */
  actions: NoticeAction[]
}

/** One enterprise in one month. */
export interface MonthRow {
  enterprise_id: string
  enterprise_name: string
  month: string
  inspections: number
  penalties: number
  penalty_amount_yuan: number
  notices_issued: number
  notices_closed: number
  closed_on_time: number
}

export interface EnterpriseLedgerStats {
  enterprise_id: string
  enterprise_name: string
  inspections: number
  penalties: number
  penalty_amount_yuan: number
  notices: number
  open: number
  overdue: number
  closed: number
  closed_on_time: number
  /** closed on time / closed; null when nothing is closed */
  on_time_rate: number | null
}

export interface EnforcementStats {
  from: string | null
  to: string | null
  months: MonthRow[]
  enterprises: EnterpriseLedgerStats[]
  total: Omit<EnterpriseLedgerStats, 'enterprise_id' | 'enterprise_name'>
}
