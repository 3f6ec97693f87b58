import type { z } from 'zod'
import type { Me, Role } from '../../../server/contracts/auth'
import {
  day,
  maxDrillMonths,
  parkDay,
  reviewConclusions,
  type drillBody,
  type DrillType,
  type EmergencyPlan,
  type newPlanBody,
  type newVersionBody,
  type PlanDetail,
  type PlanDomain,
  type PlanKind,
  type PlanLevel,
  type planPatchBody,
} from '../../../server/contracts/emergency-plans'
import type { AssetFeature } from '../../../server/contracts/park'
import { getLocale, type Locale } from '../../shell/i18n/i18n'

// Editing emergency plans (应急预案编制、评审、备案、修订、演练记录) in the browser: who may write which plan, the
// forms as typed (strings), the REST bodies built from them with the same limits as server/contracts, and which
// form field a server 400 names. Pure: the dialogs live in plan-editor.ts.

export type NewPlanInput = z.input<typeof newPlanBody>
export type PlanPatchInput = z.input<typeof planPatchBody>
export type NewVersionInput = z.input<typeof newVersionBody>
export type DrillInput = z.input<typeof drillBody>

const text = {
  'zh-CN': {
    required: '必填',
    tooLong: '不超过 {n} 字',
    badDay: '请填写日期（YYYY-MM-DD）',
    future: '不能晚于今天',
    interval: '1–{max} 的整数（{kind}至少每 {max} 个月演练一次）',
    experts: '至少一名专家；每行一名：姓名，职称，单位',
    participants: '参演人数为正整数',
    afterFiling: '须晚于备案日期',
    ownerLevel: '园区级预案不属于企业；企业预案为企业级或车间级',
  },
  en: {
    required: 'required',
    tooLong: 'at most {n} characters',
    badDay: 'a date (YYYY-MM-DD)',
    future: 'not after today',
    interval: 'whole months 1–{max} (a {kind} is drilled at least every {max} months)',
    experts: 'at least one expert; one a line: name, title, organisation',
    participants: 'participants: a whole number above 0',
    afterFiling: 'must be after the filing date',
    ownerLevel: 'a park plan has no enterprise; an enterprise plan is enterprise or workshop level',
  },
} as const satisfies Record<Locale, Record<string, string>>
export type PlanEditTextKey = keyof (typeof text)['en']

const kindName: Record<Locale, Record<PlanKind, string>> = {
  'zh-CN': { comprehensive: '综合预案', special: '专项预案', onsite: '现场处置方案' },
  en: { comprehensive: 'comprehensive plan', special: 'special plan', onsite: 'on-site disposal plan' },
}

function te(key: PlanEditTextKey, vars: Record<string, string | number> = {}, locale = getLocale()): string {
  return text[locale][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''))
}

/** Park admins keep every plan, enterprise accounts their own (the server's `writer` and RLS). */
export const canWritePlans = (role: Role | null | undefined) =>
  role === 'park_admin' || role === 'enterprise_user'

/** Whether this account may change this plan: a park admin any, an enterprise account its enterprise's. */
export function canEditPlan(
  me: Pick<Me, 'role' | 'enterprise_id'> | null,
  plan: Pick<EmergencyPlan, 'enterprise_id'>,
): boolean {
  if (!me) return false
  if (me.role === 'park_admin') return true
  return me.role === 'enterprise_user' && me.enterprise_id !== null && plan.enterprise_id === me.enterprise_id
}

export interface PlanActions {
  /** change the draft in place */
  edit: boolean
  /** record the expert review (评审): draft → reviewed */
  review: boolean
  /** record the filing (备案): → filed */
  file: boolean
  /** start a new version (修订) of the version in force */
  revise: boolean
  /** record a drill held (演练) against the version in force */
  drill: boolean
}

/** The steps a plan allows this account now (the service's rules: forward only, drills on the version in force). */
export function planActions(
  me: Pick<Me, 'role' | 'enterprise_id'> | null,
  plan: Pick<EmergencyPlan, 'enterprise_id' | 'status' | 'expert_review'>,
): PlanActions {
  const none = { edit: false, review: false, file: false, revise: false, drill: false }
  if (!canEditPlan(me, plan)) return none
  const passed = !!plan.expert_review && plan.expert_review.conclusion !== 'failed'
  switch (plan.status) {
    case 'draft':
      return { ...none, edit: true, review: true, file: passed }
    case 'reviewed':
      return { ...none, file: true, revise: true, drill: true }
    case 'filed':
      return { ...none, revise: true, drill: true }
    default:
      return none
  }
}

/** What the plan form holds (strings as typed; assets as chosen). */
export interface PlanForm {
  /** '' is a park-level plan */
  enterprise_id: string
  kind: PlanKind
  domain: PlanDomain
  level: PlanLevel
  title: string
  title_en: string
  drill_interval_months: string
  valid_to: string
  document_ref: string
  asset_ids: string[]
  body: string
}

/** A new plan: an enterprise account's own enterprise-level plan, else a park-level one; a comprehensive plan. */
export function newPlanForm(me: Pick<Me, 'role' | 'enterprise_id'> | null): PlanForm {
  const own = me?.role === 'enterprise_user' ? (me.enterprise_id ?? '') : ''
  return {
    enterprise_id: own,
    kind: 'comprehensive',
    domain: 'safety',
    level: own ? 'enterprise' : 'park',
    title: '',
    title_en: '',
    drill_interval_months: String(maxDrillMonths.comprehensive),
    valid_to: '',
    document_ref: '',
    asset_ids: [],
    body: '',
  }
}

/** The form of an existing version (edit a draft, or the start of a revision). */
export function planFormOf(p: PlanDetail): PlanForm {
  return {
    enterprise_id: p.enterprise_id ?? '',
    kind: p.kind,
    domain: p.domain,
    level: p.level,
    title: p.title,
    title_en: p.title_en ?? '',
    drill_interval_months: String(p.drill_interval_months),
    valid_to: p.valid_to ?? '',
    document_ref: p.document_ref ?? '',
    asset_ids: p.assets.map((a) => a.id),
    body: p.body,
  }
}

/** The owner changed: a park plan is park level; an enterprise plan leaves the park level for 企业级. */
export function withOwner(f: PlanForm, enterpriseId: string): PlanForm {
  const level: PlanLevel = !enterpriseId ? 'park' : f.level === 'park' ? 'enterprise' : f.level
  return { ...f, enterprise_id: enterpriseId, level, asset_ids: enterpriseId ? [] : f.asset_ids }
}

/** The kind changed: the drill interval is kept within the kind's longest (on-site plans every 6 months). */
export function withKind(f: PlanForm, kind: PlanKind): PlanForm {
  const max = maxDrillMonths[kind]
  const n = Number(f.drill_interval_months)
  return {
    ...f,
    kind,
    drill_interval_months: Number.isInteger(n) && n >= 1 && n <= max ? String(n) : String(max),
  }
}

/** A body, or the field to fix and why. */
export type FormResult<B> = { body: B } | { field: string; message: string }

const isDay = (s: string) => day.safeParse(s).success
const opt = (s: string) => (s.trim() ? s.trim() : null)

function common(f: PlanForm): FormResult<Omit<NewPlanInput, 'kind' | 'domain' | 'level'>> {
  if (!f.title.trim()) return { field: 'title', message: te('required') }
  if (f.title.trim().length > 200) return { field: 'title', message: te('tooLong', { n: 200 }) }
  if (f.title_en.trim().length > 200) return { field: 'title_en', message: te('tooLong', { n: 200 }) }
  const max = maxDrillMonths[f.kind]
  const n = Number(f.drill_interval_months)
  if (!f.drill_interval_months.trim() || !Number.isInteger(n) || n < 1 || n > max)
    return {
      field: 'drill_interval_months',
      message: te('interval', { max, kind: kindName[getLocale()][f.kind] }),
    }
  if (f.valid_to.trim() && !isDay(f.valid_to.trim())) return { field: 'valid_to', message: te('badDay') }
  if (f.document_ref.trim().length > 200) return { field: 'document_ref', message: te('tooLong', { n: 200 }) }
  return {
    body: {
      title: f.title.trim(),
      title_en: opt(f.title_en),
      drill_interval_months: n,
      valid_to: opt(f.valid_to),
      document_ref: opt(f.document_ref),
      asset_ids: [...new Set(f.asset_ids)],
      body: f.body,
    },
  }
}

/** POST /emergency/plans: a draft of the form's kind, domain, level and owner. */
export function buildNewPlan(f: PlanForm): FormResult<NewPlanInput> {
  if ((f.level === 'park') !== !f.enterprise_id) return { field: 'level', message: te('ownerLevel') }
  const c = common(f)
  if ('field' in c) return c
  return {
    body: {
      enterprise_id: f.enterprise_id || null,
      kind: f.kind,
      domain: f.domain,
      level: f.level,
      status: 'draft',
      ...c.body,
    },
  }
}

/** PATCH /emergency/plans/:id of a draft: its text, deadlines and assets (kind, domain, owner are fixed). */
export function buildDraftPatch(f: PlanForm): FormResult<PlanPatchInput> {
  return common(f)
}

/**
 * POST /emergency/plans/:id/versions: the new version (a draft) with the form's text, drill interval and assets;
 * review, filing and revision deadline belong to the new version and are set when it is reviewed and filed.
 */
export function buildRevision(f: PlanForm): FormResult<NewVersionInput> {
  const c = common({ ...f, valid_to: '', document_ref: '' })
  if ('field' in c) return c
  const { title, title_en, drill_interval_months, asset_ids, body } = c.body
  return { body: { title, title_en, drill_interval_months, asset_ids, body, status: 'draft' } }
}

export interface ReviewForm {
  date: string
  /** one expert a line: name, title, organisation (，、, or tab separated) */
  experts: string
  opinions: string
  conclusion: (typeof reviewConclusions)[number]
}

export const newReviewForm = (today = parkDay(Date.now())): ReviewForm => ({
  date: today,
  experts: '',
  opinions: '',
  conclusion: 'passed',
})

/** The experts written one a line: "张三，高级工程师，某某安全评价中心". */
export function parseExperts(
  lines: string,
): { name: string; title: string | null; organisation: string | null }[] {
  return lines
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [name = '', title = '', ...org] = l.split(/\s*[,，、\t]\s*/)
      return { name: name.trim(), title: opt(title), organisation: opt(org.join('，')) }
    })
}

/**
 * PATCH of a draft with its expert review (专家评审): a passing review brings it to 'reviewed' (in force); a failed
 * one is recorded and the plan stays a draft.
 */
export function buildReview(f: ReviewForm, today = parkDay(Date.now())): FormResult<PlanPatchInput> {
  if (!isDay(f.date.trim())) return { field: 'review_date', message: te('badDay') }
  if (f.date.trim() > today) return { field: 'review_date', message: te('future') }
  const experts = parseExperts(f.experts)
  if (!experts.length || experts.length > 30 || experts.some((e) => !e.name || e.name.length > 50))
    return { field: 'experts', message: te('experts') }
  if (!f.opinions.trim()) return { field: 'opinions', message: te('required') }
  if (f.opinions.trim().length > 5000) return { field: 'opinions', message: te('tooLong', { n: 5000 }) }
  const expert_review = {
    date: f.date.trim(),
    experts,
    opinions: f.opinions.trim(),
    conclusion: f.conclusion,
  }
  return { body: f.conclusion === 'failed' ? { expert_review } : { status: 'reviewed', expert_review } }
}

export interface FilingForm {
  filed_at: string
  filing_authority: string
  /** empty: three years after filing (the service's default) */
  valid_to: string
  document_ref: string
}

export const newFilingForm = (
  p: Pick<EmergencyPlan, 'document_ref' | 'filing_authority'> | null,
  today = parkDay(Date.now()),
): FilingForm => ({
  filed_at: today,
  filing_authority: p?.filing_authority ?? '',
  valid_to: '',
  document_ref: p?.document_ref ?? '',
})

/** PATCH to 'filed' (备案) with the filing date and authority, the revision deadline and the document number. */
export function buildFiling(f: FilingForm, today = parkDay(Date.now())): FormResult<PlanPatchInput> {
  const filed = f.filed_at.trim()
  if (!isDay(filed)) return { field: 'filed_at', message: te('badDay') }
  if (filed > today) return { field: 'filed_at', message: te('future') }
  if (!f.filing_authority.trim()) return { field: 'filing_authority', message: te('required') }
  if (f.filing_authority.trim().length > 200)
    return { field: 'filing_authority', message: te('tooLong', { n: 200 }) }
  const validTo = f.valid_to.trim()
  if (validTo && !isDay(validTo)) return { field: 'valid_to', message: te('badDay') }
  if (validTo && validTo <= filed) return { field: 'valid_to', message: te('afterFiling') }
  return {
    body: {
      status: 'filed',
      filed_at: filed,
      filing_authority: f.filing_authority.trim(),
      ...(validTo ? { valid_to: validTo } : {}),
      document_ref: opt(f.document_ref),
    },
  }
}

export interface DrillForm {
  drilled_on: string
  drill_type: DrillType
  participants: string
  note: string
}

export const newDrillForm = (today = parkDay(Date.now())): DrillForm => ({
  drilled_on: today,
  drill_type: 'tabletop',
  participants: '',
  note: '',
})

/** POST /emergency/plans/:id/drills: a drill held (not in the future). */
export function buildDrill(f: DrillForm, today = parkDay(Date.now())): FormResult<DrillInput> {
  const on = f.drilled_on.trim()
  if (!isDay(on)) return { field: 'drilled_on', message: te('badDay') }
  if (on > today) return { field: 'drilled_on', message: te('future') }
  let participants: number | null = null
  if (f.participants.trim()) {
    const n = Number(f.participants)
    if (!Number.isInteger(n) || n < 1 || n > 100_000)
      return { field: 'participants', message: te('participants') }
    participants = n
  }
  if (f.note.trim().length > 2000) return { field: 'note', message: te('tooLong', { n: 2000 }) }
  return { body: { drilled_on: on, drill_type: f.drill_type, participants, note: opt(f.note) } }
}

/**
 * The form field a server 400 names (`{error:{field}}`: "asset_ids.3", "expert_review.experts.0.name", …) among
 * the fields the open form shows; null when it shows none of them (the message goes above the buttons).
 */
export function formFieldOf(serverField: string | undefined, shown: readonly string[]): string | null {
  if (!serverField) return null
  const parts = serverField.split('.')
  let field = parts[0]!
  if (field === 'expert_review') {
    const sub = parts[1]
    field =
      sub === 'date'
        ? 'review_date'
        : sub === 'experts' || sub === 'opinions' || sub === 'conclusion'
          ? sub
          : 'experts'
  }
  return shown.includes(field) ? field : null
}

/** Asset kinds a plan is attached to (not the detectors, hydrants and cameras: too many and not plan-owning). */
const attachableKinds = new Set([
  'tank',
  'tank_farm',
  'building',
  'gate',
  'parking',
  'muster_point',
  'fire_station',
  'depot',
])

export interface AssetChoice {
  id: string
  kind: string
  name: string
  name_en: string | null
  enterprise_id: string | null
}

/** The assets a plan of this owner may attach (an enterprise plan: only that enterprise's), by kind then id. */
export function attachableAssets(
  assets: readonly AssetFeature[],
  enterpriseId: string | null,
): AssetChoice[] {
  return assets
    .filter(
      (a) =>
        attachableKinds.has(a.properties.kind) &&
        (!enterpriseId || a.properties.enterprise_id === enterpriseId),
    )
    .map((a) => ({
      id: String(a.id),
      kind: a.properties.kind,
      name: a.properties.name,
      name_en: a.properties.name_en,
      enterprise_id: a.properties.enterprise_id,
    }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id, 'en', { numeric: true }))
}
