import { z } from 'zod'

// Annual park evaluation (园区年度安全风险评估) per 《化工园区安全风险排查治理导则》 (应急〔2023〕123号): the
// checklist, grade bands, evaluations with their scored items, deductions, the next-year plan (一园一策) and the
// comparison with the previous year. Points on the wire are numbers with at most one decimal (7.5); the server
// keeps them as integer tenths, so every total is exact.

export const grades = ['A', 'B', 'C', 'D'] as const
export type Grade = (typeof grades)[number]

export const evaluationStatuses = ['draft', 'submitted', 'approved'] as const
export type EvaluationStatus = (typeof evaluationStatuses)[number]

export const evaluationStatusNames: Record<EvaluationStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交', en: 'Submitted' },
  approved: { zh: '已批准', en: 'Approved' },
}

export interface GradeBand {
  grade: Grade
  /** lowest total of the band, points (one decimal) */
  min_points: number
  label: string
  label_en: string
  consequence: string
}

/** The 2023 defaults: < 60 A, 60–< 70 B, 70–< 85 C, ≥ 85 D. */
export const defaultGradeBands: readonly GradeBand[] = [
  { grade: 'A', min_points: 0, label: '高安全风险', label_en: 'high safety risk', consequence: '' },
  { grade: 'B', min_points: 60, label: '较高安全风险', label_en: 'fairly high safety risk', consequence: '' },
  { grade: 'C', min_points: 70, label: '一般安全风险', label_en: 'moderate safety risk', consequence: '' },
  { grade: 'D', min_points: 85, label: '较低安全风险', label_en: 'low safety risk', consequence: '' },
]

/** Grade colours (badge, charts): A red, B orange, C yellow, D blue, as the usual risk colours. */
export const gradeColours: Record<Grade, string> = {
  A: '#e5484d',
  B: '#f59e0b',
  C: '#eab308',
  D: '#3b82f6',
}

/**
 * Points (a number with at most one decimal) as integer tenths; null when it is not such a number. 7.5 → 75,
 * 59.9 → 599; 0.15 → null. Floating error of one decimal input (0.1 + 0.2) is tolerated, not a second decimal.
 */
export function toTenths(points: number): number | null {
  if (!Number.isFinite(points)) return null
  const t = Math.round(points * 10)
  return Math.abs(points * 10 - t) < 1e-6 ? t : null
}

/** Tenths as points for the wire (75 → 7.5). */
export const fromTenths = (tenths: number) => tenths / 10

/** Tenths as display text with one decimal (599 → "59.9", 600 → "60.0"). */
export function formatTenths(tenths: number): string {
  const sign = tenths < 0 ? '-' : ''
  const a = Math.abs(tenths)
  return `${sign}${Math.floor(a / 10)}.${a % 10}`
}

/**
 * The grade of a total (tenths): the band with the highest minimum at or below the total. Integer comparison, so
 * 599 (59.9) is A and 600 (60) is B with the 2023 bands.
 */
export function gradeOfTenths(
  totalTenths: number,
  bands: readonly { grade: Grade; min_points: number }[],
): Grade {
  let best: { grade: Grade; min: number } | null = null
  for (const b of bands) {
    const min = toTenths(b.min_points) ?? Math.round(b.min_points * 10)
    if (min <= totalTenths && (!best || min > best.min)) best = { grade: b.grade, min }
  }
  return best?.grade ?? 'A'
}

/** A points value on the wire: 0–100, at most one decimal. */
export const points = z
  .number()
  .min(0)
  .max(100)
  .refine((n) => toTenths(n) !== null, 'at most one decimal')

const id32 = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'letters, digits, _ . - (1–32)')
const docId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a document id')
const isRealDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}
export const evalDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine(isRealDay, 'not a calendar day')

export const scoringOption = z
  .object({
    key: id32,
    condition: z.string().trim().min(1).max(500),
    condition_en: z.string().trim().max(500).optional(),
    points,
  })
  .strict()
export type ScoringOption = z.infer<typeof scoringOption>

/** How an item is scored: pick one option, or deduct per finding from the item's maximum. */
export const scoring = z.discriminatedUnion('method', [
  z
    .object({
      method: z.literal('options'),
      options: z
        .array(scoringOption)
        .min(1)
        .max(10)
        .refine((o) => new Set(o.map((x) => x.key)).size === o.length, 'option keys must differ'),
    })
    .strict(),
  z
    .object({
      method: z.literal('deduction'),
      rule: z.string().trim().min(1).max(500),
      rule_en: z.string().trim().max(500).optional(),
      per_finding: points.refine((n) => n > 0, 'must be above 0'),
    })
    .strict(),
])
export type Scoring = z.infer<typeof scoring>

export const checklistItemBody = z
  .object({
    element_id: id32,
    seq: z.number().int().min(1).max(999),
    item_no: z.string().trim().min(1).max(20),
    content: z.string().trim().min(1).max(1000),
    content_en: z.string().trim().max(1000).nullable().optional(),
    scoring,
    evidence: z.string().trim().max(1000).default(''),
    max_points: points.refine((n) => n > 0, 'must be above 0'),
    active: z.boolean().default(true),
  })
  .strict()
export type ChecklistItemBody = z.infer<typeof checklistItemBody>

export const checklistElementBody = z
  .object({
    id: id32,
    seq: z.number().int().min(1).max(999),
    name: z.string().trim().min(1).max(100),
    name_en: z.string().trim().max(100).nullable().optional(),
    max_points: points.refine((n) => n > 0, 'must be above 0'),
    confirmed: z.boolean().default(false),
    note: z.string().trim().max(1000).default(''),
    items: z
      .array(checklistItemBody.omit({ element_id: true }).extend({ id: id32 }))
      .min(1)
      .max(100),
  })
  .strict()

/** POST /api/v1/evaluation-checklist/import: the whole checklist (elements not listed are deactivated). */
export const checklistImportBody = z
  .object({ elements: z.array(checklistElementBody).min(1).max(50) })
  .strict()
export type ChecklistImportBody = z.infer<typeof checklistImportBody>

export const gradeBandsBody = z
  .object({
    bands: z
      .array(
        z
          .object({
            grade: z.enum(grades),
            min_points: points,
            label: z.string().trim().min(1).max(50).optional(),
            label_en: z.string().trim().min(1).max(50).optional(),
            consequence: z.string().trim().max(500).optional(),
          })
          .strict(),
      )
      .length(4),
  })
  .strict()
export type GradeBandsBody = z.infer<typeof gradeBandsBody>

export interface ChecklistItem {
  id: string
  element_id: string
  seq: number
  item_no: string
  content: string
  content_en: string | null
  scoring: Scoring
  evidence: string
  max_points: number
  active: boolean
}

export interface ChecklistElement {
  id: string
  seq: number
  name: string
  name_en: string | null
  max_points: number
  /** name and points confirmed against the 导则; false: a placeholder to replace with the official text */
  confirmed: boolean
  note: string
  active: boolean
  items: ChecklistItem[]
}

export interface Checklist {
  elements: ChecklistElement[]
  bands: GradeBand[]
  /** sum of the active items' maxima (must be 100 before an evaluation can be submitted) */
  total_points: number
}

export const newEvaluationBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    summary: z.string().trim().max(4000).optional(),
  })
  .strict()
export type NewEvaluationBody = z.infer<typeof newEvaluationBody>

export const evaluationPatchBody = z.object({ summary: z.string().trim().max(4000) }).strict()

/**
 * PATCH /api/v1/evaluations/:year/items/:item — a draft's item: score (or the option picked, which sets the
 * score), finding, advice, next-year plan, evidence documents (replaces the list). null clears a field.
 */
export const scoreBody = z
  .object({
    score: points.nullable().optional(),
    option_key: id32.nullable().optional(),
    finding: z.string().trim().max(2000).nullable().optional(),
    advice: z.string().trim().max(2000).nullable().optional(),
    plan_measure: z.string().trim().max(2000).nullable().optional(),
    plan_owner: z.string().trim().max(100).nullable().optional(),
    plan_deadline: evalDay.nullable().optional(),
    evidence: z
      .array(docId)
      .max(20)
      .refine((a) => new Set(a).size === a.length, 'no repeated documents')
      .optional(),
  })
  .strict()
export type ScoreBody = z.infer<typeof scoreBody>

export const returnBody = z.object({ reason: z.string().trim().min(1).max(1000) }).strict()

export interface EvidenceRef {
  document_id: string
  title: string
  doc_type: string
  doc_number: string | null
  /** id of the current version (view/download), null before an upload */
  version_id: string | null
}

export interface ItemScore {
  item_id: string
  element_id: string
  item_no: string
  content: string
  scoring: Scoring
  evidence_required: string
  max_points: number
  score: number | null
  option_key: string | null
  /** max − score when scored */
  deduction: number | null
  finding: string | null
  advice: string | null
  plan_measure: string | null
  plan_owner: string | null
  plan_deadline: string | null
  evidence: EvidenceRef[]
  /** the element is a placeholder (not confirmed) */
  placeholder: boolean
}

export interface ElementScore {
  element_id: string
  seq: number
  name: string
  confirmed: boolean
  max_points: number
  /** sum of the scored items */
  score: number
  scored: number
  items: number
}

export interface Deduction {
  item_id: string
  element_name: string
  item_no: string
  content: string
  max_points: number
  score: number
  deduction: number
  finding: string | null
  advice: string | null
  plan_measure: string | null
  plan_owner: string | null
  plan_deadline: string | null
}

export interface EvaluationSummary {
  id: string
  year: number
  status: EvaluationStatus
  total_points: number
  max_points: number
  grade: Grade
  grade_label: string
  /** items scored of item_count */
  scored: number
  item_count: number
  deduction_points: number
  summary: string
  created_by: string | null
  submitted_by: string | null
  submitted_at: string | null
  approved_by: string | null
  approved_at: string | null
  return_reason: string | null
  updated_at: string
}

export interface ElementComparison {
  element_id: string
  name: string
  score: number
  previous: number | null
  change: number | null
}

export interface ItemWorse {
  item_id: string
  item_no: string
  content: string
  score: number
  previous: number
  change: number
}

export interface Comparison {
  previous_year: number
  previous_status: EvaluationStatus
  previous_total: number
  previous_grade: Grade
  total_change: number
  elements: ElementComparison[]
  worse: ItemWorse[]
}

export interface EvaluationDetail extends EvaluationSummary {
  bands: GradeBand[]
  elements: ElementScore[]
  items: ItemScore[]
  deductions: Deduction[]
  comparison: Comparison | null
}
