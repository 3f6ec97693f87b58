import { z } from 'zod'
import type { Point, Polygon } from './geo'

// Admission assessment (准入评估) of a new enterprise or a new project: REST bodies and answers of
// /api/v1/admissions, the checklist items, their outcomes and the verdict rule the server and the client share.

/** 新建企业 / 新建项目 (of an existing enterprise) */
export const admissionKinds = ['enterprise', 'project'] as const
export type AdmissionKind = (typeof admissionKinds)[number]

/**
 * The checklist: (a) industrial policy, (b) inside the park and (b') in a zone whose planned use allows chemical
 * production, (c) safety distance, (d) major-hazard screening (GB 18218), (e) key-supervised processes.
 */
export const admissionCheckKeys = [
  'industrial_policy',
  'location_in_park',
  'planned_use',
  'safety_distance',
  'major_hazard',
  'supervised_process',
] as const
export type AdmissionCheckKey = (typeof admissionCheckKeys)[number]

export const admissionCheckNames: Record<AdmissionCheckKey, { zh: string; en: string }> = {
  industrial_policy: {
    zh: '产业政策（淘汰类/限制类目录）',
    en: 'Industrial policy (eliminated / restricted catalogue)',
  },
  location_in_park: { zh: '选址位于园区边界内', en: 'Location inside the park boundary' },
  planned_use: { zh: '规划用途允许化工生产', en: 'Planned land use allows chemical production' },
  safety_distance: { zh: '安全距离', en: 'Safety distance' },
  major_hazard: { zh: '重大危险源辨识（GB 18218）', en: 'Major hazard screening (GB 18218)' },
  supervised_process: { zh: '重点监管危险化工工艺', en: 'Key-supervised hazardous processes' },
}

/** pass 符合 / conditional 有条件 / fail 不符合 / manual 需人工核查 (no data to decide automatically) */
export const admissionOutcomes = ['pass', 'conditional', 'fail', 'manual'] as const
export type AdmissionOutcome = (typeof admissionOutcomes)[number]
export const admissionOutcomeNames: Record<AdmissionOutcome, { zh: string; en: string }> = {
  pass: { zh: '符合', en: 'Pass' },
  conditional: { zh: '有条件', en: 'Conditional' },
  fail: { zh: '不符合', en: 'Fail' },
  manual: { zh: '待人工核查', en: 'Manual check' },
}

/** 准予 / 有条件准予 / 不予准入 */
export const admissionVerdicts = ['pass', 'conditional', 'refuse'] as const
export type AdmissionVerdict = (typeof admissionVerdicts)[number]
export const admissionVerdictNames: Record<AdmissionVerdict, { zh: string; en: string }> = {
  pass: { zh: '准予准入', en: 'Admit' },
  conditional: { zh: '有条件准入', en: 'Admit with conditions' },
  refuse: { zh: '不予准入', en: 'Refuse' },
}
export const admissionVerdictColour: Record<AdmissionVerdict, string> = {
  pass: '#3fb950',
  conditional: '#d29922',
  refuse: '#f85149',
}
export const admissionOutcomeColour: Record<AdmissionOutcome, string> = {
  pass: '#3fb950',
  conditional: '#d29922',
  fail: '#f85149',
  manual: '#8aa0b8',
}

/** Planned land use of a zone (规划用途). */
export const plannedUses = [
  'chemical',
  'storage_logistics',
  'public_service',
  'green_buffer',
  'reserved',
  'residential',
] as const
export type PlannedUse = (typeof plannedUses)[number]
export const plannedUseNames: Record<PlannedUse, { zh: string; en: string }> = {
  chemical: { zh: '化工生产用地', en: 'Chemical production' },
  storage_logistics: { zh: '仓储物流用地', en: 'Storage and logistics' },
  public_service: { zh: '公共服务设施用地', en: 'Public services' },
  green_buffer: { zh: '绿化隔离带', en: 'Green buffer' },
  reserved: { zh: '预留发展用地', en: 'Reserved land' },
  residential: { zh: '居住用地', en: 'Residential' },
}

/** A reason in both languages. */
export interface AdmissionReason {
  zh: string
  en: string
}

/** A park admin's decision on an item (a manual check, or overriding the automatic outcome). */
export interface AdmissionDecision {
  outcome: Exclude<AdmissionOutcome, 'manual'>
  note: string
  by: string
  at: string
}

export interface AdmissionItem {
  key: AdmissionCheckKey
  /** the automatic outcome ('manual' when the data do not allow a decision) */
  outcome: AdmissionOutcome
  reasons: AdmissionReason[]
  /** what the rule computed (distances, S/R/grade, matched entries…) */
  data: Record<string, unknown>
  decision: AdmissionDecision | null
}

/** The outcome that counts: the park's decision when there is one, else the automatic one. */
export const effectiveOutcome = (i: Pick<AdmissionItem, 'outcome' | 'decision'>): AdmissionOutcome =>
  i.decision?.outcome ?? i.outcome

/**
 * The verdict: refuse when any item fails; conditional when any item is conditional or still needs a manual check;
 * pass when every item passes.
 */
export function verdictOf(items: readonly Pick<AdmissionItem, 'outcome' | 'decision'>[]): AdmissionVerdict {
  const outcomes = items.map(effectiveOutcome)
  if (outcomes.includes('fail')) return 'refuse'
  if (outcomes.some((o) => o === 'conditional' || o === 'manual')) return 'conditional'
  return 'pass'
}

// ---------- bodies ----------

const rowId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1–64)')
const lon = z.number().finite().min(-180).max(180)
const lat = z.number().finite().min(-90).max(90)
const position = z.tuple([lon, lat])

/** A GeoJSON Point or a Polygon (one outer ring, closed, at most 500 vertices; holes allowed). */
export const admissionLocation = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: position }).strict(),
  z
    .object({
      type: z.literal('Polygon'),
      coordinates: z
        .array(z.array(position).min(4, 'a ring needs at least 4 positions').max(500))
        .min(1, 'at least the outer ring')
        .max(20),
    })
    .strict()
    .refine(
      (p) => p.coordinates.every((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1]),
      'each ring must be closed (first position = last)',
    ),
])
export type AdmissionLocation = Point | Polygon

export const admissionProduct = z
  .object({
    /** the product's or chemical's name (zh or en) or its CAS number */
    name: z.string().trim().min(1, 'name or CAS').max(200),
    /** the largest quantity present at any time, tonnes */
    q_t: z.number().finite().min(0, 'a quantity cannot be negative').max(10_000_000),
  })
  .strict()
export type AdmissionProduct = z.infer<typeof admissionProduct>

/** POST /api/v1/admissions (park admin): the application; the answer is it with its checklist and verdict. */
export const newAdmissionBody = z
  .object({
    kind: z.enum(admissionKinds),
    /** required for a project (the existing enterprise it belongs to); absent for a new enterprise */
    enterprise_id: rowId.optional(),
    name: z.string().trim().min(1, 'required').max(200),
    applicant: z.string().trim().min(1, 'required').max(200),
    industry: z.string().trim().min(1, 'required').max(100),
    products: z.array(admissionProduct).max(100),
    processes: z
      .array(z.string().trim().min(1).max(100))
      .max(50)
      .refine((a) => new Set(a).size === a.length, 'a process is listed twice'),
    location: admissionLocation,
    /** planned investment, 万元 (10 000 CNY) */
    investment_wan: z.number().finite().min(0).max(1e9).optional(),
    /** people within 500 m outside the plant (GB 18218 α); estimated from the park's buildings when left out */
    exposed_people: z.number().int('a whole number of people').min(0).max(10_000_000).optional(),
    description: z.string().max(4000).optional(),
  })
  .strict()
  .refine((b) => (b.kind === 'project') === (b.enterprise_id !== undefined), {
    message: 'a project names its enterprise; a new enterprise has none yet',
    path: ['enterprise_id'],
  })
export type NewAdmissionBody = z.infer<typeof newAdmissionBody>

/** POST /api/v1/admissions/:id/items/:key/decision (park admin): decide a manual item or override one. */
export const admissionDecisionBody = z
  .object({
    outcome: z.enum(['pass', 'conditional', 'fail']),
    note: z.string().trim().min(1, 'say why').max(2000),
  })
  .strict()
export type AdmissionDecisionBody = z.infer<typeof admissionDecisionBody>

export const admissionQuery = z
  .object({
    verdict: z.enum(admissionVerdicts).optional(),
    enterprise: rowId.optional(),
    q: z.string().trim().max(100).optional(),
  })
  .strict()
export type AdmissionQuery = z.infer<typeof admissionQuery>

export interface AdmissionSettings {
  min_distance_m: number
  /** true while the minimum distance is the shipped placeholder (100 m) */
  distance_is_placeholder: boolean
  chemical_uses: PlannedUse[]
  conditional_uses: PlannedUse[]
  updated_by: string | null
  updated_at: string
}
export const admissionSettingsBody = z
  .object({
    min_distance_m: z.number().finite().gt(0).max(10_000).optional(),
    chemical_uses: z.array(z.enum(plannedUses)).max(plannedUses.length).optional(),
    conditional_uses: z.array(z.enum(plannedUses)).max(plannedUses.length).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
  .refine(
    (b) =>
      !b.chemical_uses ||
      !b.conditional_uses ||
      !b.chemical_uses.some((u) => b.conditional_uses!.includes(u)),
    { message: 'a use is either allowed or conditional, not both', path: ['conditional_uses'] },
  )
export type AdmissionSettingsBody = z.infer<typeof admissionSettingsBody>

export const catalogueKinds = ['process', 'product'] as const
export const catalogueLevels = ['eliminated', 'restricted'] as const
export interface AdmissionCatalogueEntry {
  id: string
  kind: (typeof catalogueKinds)[number]
  name: string
  aliases: string[]
  /** 淘汰类 / 限制类 */
  level: (typeof catalogueLevels)[number]
  basis: string
  /** an example shipped with the platform, not an official entry */
  example: boolean
  note: string | null
  updated_by: string | null
  updated_at: string
}
export const catalogueEntryBody = z
  .object({
    kind: z.enum(catalogueKinds),
    name: z.string().trim().min(1).max(200),
    aliases: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
    level: z.enum(catalogueLevels),
    basis: z.string().trim().min(1, 'the catalogue and item number').max(300),
    note: z.string().trim().max(1000).nullish(),
  })
  .strict()
export type CatalogueEntryBody = z.infer<typeof catalogueEntryBody>

/** PUT /api/v1/admissions/zones/:id/planned-use (park admin) */
export const plannedUseBody = z.object({ planned_use: z.enum(plannedUses).nullable() }).strict()
export type PlannedUseBody = z.infer<typeof plannedUseBody>

export interface AdmissionSummary {
  id: string
  kind: AdmissionKind
  enterprise_id: string | null
  name: string
  applicant: string
  industry: string
  verdict: AdmissionVerdict
  /** outcomes per item (decisions applied) */
  outcomes: Record<AdmissionCheckKey, AdmissionOutcome>
  assessed_at: string
  created_by: string | null
  created_at: string
}

export interface AdmissionApplication extends AdmissionSummary {
  products: AdmissionProduct[]
  processes: string[]
  location: AdmissionLocation
  investment_wan: number | null
  exposed_people: number | null
  description: string
  items: AdmissionItem[]
  assessed_by: string | null
  /** assessment runs, newest first */
  history: { at: string; by: string | null; verdict: AdmissionVerdict }[]
}

/** Path of the printable report (server-rendered HTML). */
export const admissionReportUrl = (id: string) => `/api/v1/admissions/${encodeURIComponent(id)}/report.html`
