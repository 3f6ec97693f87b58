import { keyProcesses } from '../../geodata/lib/industries'
import { z } from 'zod'
import { day } from './emergency-plans'

// Construction projects and their "三同时" stages (建设项目安全设施"三同时"): REST bodies and answers. The stage rules
// (order, trial-run window, documents acceptance needs) are the server's (server/modules/projects/project-rules.ts).
// Days are park days (YYYY-MM-DD, UTC+8).

/** 新建 / 扩建 / 改建 */
export const projectTypes = ['new', 'expansion', 'renovation'] as const
export type ProjectType = (typeof projectTypes)[number]

export const projectStatuses = ['planned', 'in_progress', 'completed', 'suspended'] as const
export type ProjectStatus = (typeof projectStatuses)[number]

/** The four stages in order: 设计审查 → 施工 → 试生产 → 竣工验收 */
export const stageKinds = ['design_review', 'construction', 'trial_run', 'acceptance'] as const
export type StageKind = (typeof stageKinds)[number]

export const stageNames: Record<StageKind, { zh: string; en: string }> = {
  design_review: { zh: '设计审查', en: 'Design review' },
  construction: { zh: '施工', en: 'Construction' },
  trial_run: { zh: '试生产', en: 'Trial run' },
  acceptance: { zh: '竣工验收', en: 'Acceptance' },
}

export const stageStates = ['pending', 'in_progress', 'completed'] as const
export type StageState = (typeof stageStates)[number]

export const stageResults = ['passed', 'passed_with_conditions', 'failed'] as const
export type StageResult = (typeof stageResults)[number]

/** Trial operation of a hazardous-chemical project: 30 days to 1 year (safety-standards.md). */
export const trialMinDays = 30
export const trialMaxMonths = 12

/** The 18 key-supervised hazardous processes (重点监管危险化工工艺), as the geodata names them. */
export const supervisedProcesses = keyProcesses

const rowId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not an id')
const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an enterprise id')
const lon = z.number().finite().min(-180).max(180)
const lat = z.number().finite().min(-90).max(90)
const position = z.tuple([lon, lat]).or(z.tuple([lon, lat, z.number().finite()]))

/** A Point or a Polygon (one closed outer ring, no holes needed) in EPSG:4326. */
export const projectGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: position }).strict(),
  z
    .object({
      type: z.literal('Polygon'),
      coordinates: z
        .array(
          z
            .array(position)
            .min(4, 'a ring has at least 4 positions')
            .max(500)
            .refine(
              (r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1],
              'a ring must be closed (first position = last)',
            ),
        )
        .min(1)
        .max(10),
    })
    .strict(),
])
export type ProjectGeometry = z.infer<typeof projectGeometry>

const optionalText = (max: number) => z.string().trim().max(max).nullish()

export const newProjectBody = z
  .object({
    /** park accounts name the enterprise; enterprise accounts may give only their own */
    enterprise_id: enterpriseId.optional(),
    name: z.string().trim().min(1, 'is required').max(200),
    name_en: optionalText(200),
    project_type: z.enum(projectTypes),
    hazardous_chemical: z.boolean().default(false),
    supervised_processes: z
      .array(z.enum(supervisedProcesses))
      .max(18)
      .refine((a) => new Set(a).size === a.length, 'no repeated processes')
      .default([]),
    major_hazard: z.boolean().default(false),
    /** default: a point on the enterprise's parcel */
    location: projectGeometry.optional(),
    investment_wan_yuan: z.number().finite().min(0).max(100_000_000).nullish(),
    description: z.string().trim().max(4000).default(''),
  })
  .strict()
export type NewProjectBody = z.infer<typeof newProjectBody>

export const projectPatchBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    name_en: optionalText(200),
    project_type: z.enum(projectTypes).optional(),
    hazardous_chemical: z.boolean().optional(),
    supervised_processes: z
      .array(z.enum(supervisedProcesses))
      .max(18)
      .refine((a) => new Set(a).size === a.length, 'no repeated processes')
      .optional(),
    major_hazard: z.boolean().optional(),
    location: projectGeometry.optional(),
    investment_wan_yuan: z.number().finite().min(0).max(100_000_000).nullish(),
    description: z.string().trim().max(4000).optional(),
    /** suspend (停建) or resume; completed follows the acceptance */
    suspended: z.boolean().optional(),
  })
  .strict()
export type ProjectPatchBody = z.infer<typeof projectPatchBody>

/**
 * PUT /api/v1/projects/:id/stages/:stage — the stage's record as it should be (fields left out keep their value,
 * null clears). Completing a stage = actual_end with a passing result.
 */
export const stageBody = z
  .object({
    planned_start: day.nullish(),
    planned_end: day.nullish(),
    actual_start: day.nullish(),
    actual_end: day.nullish(),
    document_id: rowId.nullish(),
    authority: z.string().trim().min(1).max(200).nullish(),
    result: z.enum(stageResults).nullish(),
    note: optionalText(2000),
  })
  .strict()
  .refine((b) => !b.planned_start || !b.planned_end || b.planned_end >= b.planned_start, {
    message: 'must not be before planned_start',
    path: ['planned_end'],
  })
  .refine((b) => !b.actual_start || !b.actual_end || b.actual_end >= b.actual_start, {
    message: 'must not be before actual_start',
    path: ['actual_end'],
  })
export type StageBody = z.infer<typeof stageBody>

const flag = z.enum(['true', 'false']).optional()
export const projectQuery = z
  .object({
    enterprise: enterpriseId.optional(),
    status: z.enum(projectStatuses).optional(),
    /** the stage in progress (the first not completed) */
    stage: z.enum(stageKinds).optional(),
    hazardous_chemical: flag,
    /** trial run past one year without acceptance */
    overdue: flag,
  })
  .strict()
export type ProjectQuery = z.infer<typeof projectQuery>

export interface StageDocument {
  id: string
  title: string
  doc_type: string
  /** the current version (for its view / download URL), null before the first upload */
  version_id: string | null
  filename: string | null
}

export interface ProjectStage {
  stage: StageKind
  seq: number
  state: StageState
  planned_start: string | null
  planned_end: string | null
  actual_start: string | null
  actual_end: string | null
  document_id: string | null
  /** the linked document as the caller may see it (null when none or not visible) */
  document: StageDocument | null
  authority: string | null
  result: StageResult | null
  note: string | null
  updated_by: string | null
  updated_at: string
}

export interface Project {
  id: string
  enterprise_id: string
  enterprise_name: string
  name: string
  name_en: string | null
  project_type: ProjectType
  hazardous_chemical: boolean
  supervised_processes: string[]
  major_hazard: boolean
  location: ProjectGeometry
  /** [lon, lat] of a point on the location (label, camera) */
  anchor: [number, number]
  investment_wan_yuan: number | null
  description: string
  status: ProjectStatus
  /** the first stage not completed (null: all done) */
  current_stage: StageKind | null
  /** completed stages, 0–4 */
  completed_stages: number
  /** days the trial run has lasted (to its end, or to today while running); null before it starts */
  trial_days: number | null
  /** trial run started more than one year ago and no acceptance yet */
  trial_overdue: boolean
  stages: ProjectStage[]
  updated_at: string
}

export interface ProjectDetail extends Project {
  /** documents owned by this project in the store (to link to a stage) */
  documents: StageDocument[]
  /** whether the caller may edit this project and its stages */
  can_edit: boolean
}
