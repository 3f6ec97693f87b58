// Editing emergency plans in the browser (应急预案编制、评审、备案、修订、演练): who may change which plan, which steps
// a plan allows, the REST bodies built from the forms, and the form field a server 400 names.
import { afterEach, describe, expect, it } from 'vitest'
import type { PlanDetail } from '../../../../server/contracts/emergency-plans'
import {
  drillBody,
  newPlanBody,
  newVersionBody,
  planPatchBody,
} from '../../../../server/contracts/emergency-plans'
import {
  attachableAssets,
  buildDraftPatch,
  buildDrill,
  buildFiling,
  buildNewPlan,
  buildReview,
  buildRevision,
  canEditPlan,
  canWritePlans,
  formFieldOf,
  newPlanForm,
  parseExperts,
  planActions,
  planFormOf,
  withKind,
  withOwner,
} from '../../../../client/centers/emergency/plan-edit-model'
import { setLocale } from '../../../../client/shell/i18n/i18n'
import { buildingB01, monitorMP1, tankT01 } from '../park-data.fixture'

const admin = { role: 'park_admin' as const, enterprise_id: null }
const e01 = { role: 'enterprise_user' as const, enterprise_id: 'E01' }
const operator = { role: 'operator' as const, enterprise_id: null }
const screen = { role: 'screen' as const, enterprise_id: null }
const today = '2026-03-15'

const detail = (over: Partial<PlanDetail> = {}): PlanDetail => ({
  id: 'P1',
  series_id: 'P1',
  enterprise_id: 'E01',
  title: '氯气泄漏专项应急预案',
  title_en: null,
  kind: 'special',
  domain: 'safety',
  level: 'enterprise',
  version: 2,
  status: 'filed',
  expert_review: null,
  filed_at: '2025-01-10',
  filing_authority: '市应急管理局',
  valid_to: '2028-01-10',
  drill_interval_months: 12,
  last_drill_at: null,
  next_drill_due: '2026-01-10',
  document_ref: '应急备〔2025〕3号',
  drill_state: 'overdue',
  revision_state: 'ok',
  asset_count: 1,
  created_by: 'admin',
  created_at: '2025-01-01T00:00:00Z',
  updated_by: null,
  updated_at: '2025-01-01T00:00:00Z',
  body: '# 总则',
  assets: [{ id: 'T-E01-01', kind: 'tank', name: '1#氯储罐', name_en: null, enterprise_id: 'E01' }],
  drills: [],
  versions: [],
  ...over,
})

afterEach(() => setLocale('zh-CN'))

describe('who edits which plan', () => {
  it('lets park admins write every plan, enterprise accounts their own, the others read', () => {
    expect(canWritePlans('park_admin')).toBe(true)
    expect(canWritePlans('enterprise_user')).toBe(true)
    expect(canWritePlans('operator')).toBe(false)
    expect(canWritePlans('screen')).toBe(false)
    expect(canWritePlans(null)).toBe(false)
    expect(canEditPlan(admin, { enterprise_id: null })).toBe(true)
    expect(canEditPlan(admin, { enterprise_id: 'E02' })).toBe(true)
    expect(canEditPlan(e01, { enterprise_id: 'E01' })).toBe(true)
    expect(canEditPlan(e01, { enterprise_id: 'E02' })).toBe(false)
    expect(canEditPlan(e01, { enterprise_id: null })).toBe(false)
    expect(canEditPlan({ role: 'enterprise_user', enterprise_id: null }, { enterprise_id: null })).toBe(false)
    expect(canEditPlan(operator, { enterprise_id: null })).toBe(false)
    expect(canEditPlan(screen, { enterprise_id: 'E01' })).toBe(false)
    expect(canEditPlan(null, { enterprise_id: 'E01' })).toBe(false)
  })

  it('offers the steps of the status: draft → reviewed → filed, drills and revisions on the version in force', () => {
    const review = {
      date: '2025-01-05',
      experts: [{ name: '张工' }],
      opinions: '同意',
      conclusion: 'passed' as const,
    }
    expect(planActions(admin, { enterprise_id: null, status: 'draft', expert_review: null })).toEqual({
      edit: true,
      review: true,
      file: false,
      revise: false,
      drill: false,
    })
    expect(planActions(admin, { enterprise_id: null, status: 'draft', expert_review: review })).toMatchObject(
      {
        file: true,
      },
    )
    expect(
      planActions(admin, {
        enterprise_id: null,
        status: 'draft',
        expert_review: { ...review, conclusion: 'failed' },
      }),
    ).toMatchObject({ file: false, review: true })
    expect(planActions(e01, { enterprise_id: 'E01', status: 'reviewed', expert_review: review })).toEqual({
      edit: false,
      review: false,
      file: true,
      revise: true,
      drill: true,
    })
    expect(planActions(e01, { enterprise_id: 'E01', status: 'filed', expert_review: review })).toEqual({
      edit: false,
      review: false,
      file: false,
      revise: true,
      drill: true,
    })
    const none = { edit: false, review: false, file: false, revise: false, drill: false }
    expect(planActions(admin, { enterprise_id: null, status: 'superseded', expert_review: review })).toEqual(
      none,
    )
    expect(planActions(e01, { enterprise_id: 'E02', status: 'filed', expert_review: review })).toEqual(none)
    expect(planActions(operator, { enterprise_id: null, status: 'draft', expert_review: null })).toEqual(none)
  })
})

describe('the plan form', () => {
  it('starts a park plan for the park, an enterprise plan for an enterprise account', () => {
    expect(newPlanForm(admin)).toMatchObject({
      enterprise_id: '',
      level: 'park',
      drill_interval_months: '12',
    })
    expect(newPlanForm(e01)).toMatchObject({ enterprise_id: 'E01', level: 'enterprise' })
  })

  it('follows the owner (level) and the kind (drill interval within the kind’s longest)', () => {
    const f = newPlanForm(admin)
    const ent = withOwner({ ...f, asset_ids: ['G1'] }, 'E01')
    expect(ent).toMatchObject({ enterprise_id: 'E01', level: 'enterprise', asset_ids: [] })
    expect(withOwner({ ...ent, level: 'workshop' }, 'E02').level).toBe('workshop')
    expect(withOwner(ent, '').level).toBe('park')
    expect(withKind(f, 'onsite').drill_interval_months).toBe('6')
    expect(withKind({ ...f, drill_interval_months: '3' }, 'onsite').drill_interval_months).toBe('3')
    expect(withKind({ ...f, drill_interval_months: 'x' }, 'special').drill_interval_months).toBe('12')
  })

  it('builds a new draft the server schema accepts', () => {
    const f = {
      ...withOwner(newPlanForm(admin), 'E01'),
      kind: 'onsite' as const,
      title: '  氯储罐泄漏现场处置方案 ',
      drill_interval_months: '6',
      valid_to: '2029-01-01',
      asset_ids: ['T-E01-01', 'T-E01-01'],
      body: '## 处置步骤',
    }
    const built = buildNewPlan(f)
    expect(built).toEqual({
      body: {
        enterprise_id: 'E01',
        kind: 'onsite',
        domain: 'safety',
        level: 'enterprise',
        status: 'draft',
        title: '氯储罐泄漏现场处置方案',
        title_en: null,
        drill_interval_months: 6,
        valid_to: '2029-01-01',
        document_ref: null,
        asset_ids: ['T-E01-01'],
        body: '## 处置步骤',
      },
    })
    expect(newPlanBody.safeParse((built as { body: unknown }).body).success).toBe(true)
    expect(buildNewPlan({ ...newPlanForm(admin), title: '园区综合应急预案' })).toMatchObject({
      body: { enterprise_id: null, level: 'park' },
    })
  })

  it('names the field to fix', () => {
    const f = { ...newPlanForm(admin), title: '预案' }
    expect(buildNewPlan({ ...f, title: ' ' })).toMatchObject({ field: 'title' })
    expect(buildNewPlan({ ...f, title: 'x'.repeat(201) })).toMatchObject({ field: 'title' })
    expect(buildNewPlan({ ...f, kind: 'onsite', drill_interval_months: '12' })).toMatchObject({
      field: 'drill_interval_months',
      message: expect.stringContaining('6'),
    })
    expect(buildNewPlan({ ...f, drill_interval_months: '1.5' })).toMatchObject({
      field: 'drill_interval_months',
    })
    expect(buildNewPlan({ ...f, valid_to: '2026-02-30' })).toMatchObject({ field: 'valid_to' })
    expect(buildNewPlan({ ...f, level: 'enterprise' })).toMatchObject({ field: 'level' })
    expect(buildNewPlan({ ...f, enterprise_id: 'E01', level: 'park' })).toMatchObject({ field: 'level' })
  })

  it('edits a draft and starts a revision from the version in force', () => {
    const p = detail()
    const f = planFormOf(p)
    expect(f).toMatchObject({ enterprise_id: 'E01', asset_ids: ['T-E01-01'], drill_interval_months: '12' })
    const patch = buildDraftPatch({ ...f, title: '氯气泄漏专项应急预案（修订）' })
    expect(patch).toMatchObject({ body: { title: '氯气泄漏专项应急预案（修订）', asset_ids: ['T-E01-01'] } })
    expect(planPatchBody.safeParse((patch as { body: unknown }).body).success).toBe(true)
    const rev = buildRevision({ ...f, body: '# 总则（2026 版）' })
    expect(rev).toEqual({
      body: {
        title: '氯气泄漏专项应急预案',
        title_en: null,
        drill_interval_months: 12,
        asset_ids: ['T-E01-01'],
        body: '# 总则（2026 版）',
        status: 'draft',
      },
    })
    expect(newVersionBody.safeParse((rev as { body: unknown }).body).success).toBe(true)
  })
})

describe('review, filing and drills', () => {
  it('reads experts one a line with Chinese or Latin separators', () => {
    expect(parseExperts('张三，高级工程师，某某安全评价中心\n\n李四, 教授\n王五')).toEqual([
      { name: '张三', title: '高级工程师', organisation: '某某安全评价中心' },
      { name: '李四', title: '教授', organisation: null },
      { name: '王五', title: null, organisation: null },
    ])
  })

  it('brings a passed review to reviewed; a failed one stays a draft', () => {
    const f = {
      date: '2026-03-01',
      experts: '张三，高工',
      opinions: ' 同意备案 ',
      conclusion: 'passed' as const,
    }
    const ok = buildReview(f, today)
    expect(ok).toEqual({
      body: {
        status: 'reviewed',
        expert_review: {
          date: '2026-03-01',
          experts: [{ name: '张三', title: '高工', organisation: null }],
          opinions: '同意备案',
          conclusion: 'passed',
        },
      },
    })
    expect(planPatchBody.safeParse((ok as { body: unknown }).body).success).toBe(true)
    const failed = buildReview({ ...f, conclusion: 'failed' }, today)
    expect(failed).toMatchObject({ body: { expert_review: { conclusion: 'failed' } } })
    expect('body' in failed && 'status' in failed.body).toBe(false)
    expect(buildReview({ ...f, date: '2026-03-16' }, today)).toMatchObject({ field: 'review_date' })
    expect(buildReview({ ...f, experts: ' \n ' }, today)).toMatchObject({ field: 'experts' })
    expect(buildReview({ ...f, opinions: '' }, today)).toMatchObject({ field: 'opinions' })
  })

  it('files with a date, an authority and an optional revision deadline after it', () => {
    const f = { filed_at: '2026-03-10', filing_authority: '市应急管理局', valid_to: '', document_ref: '' }
    expect(buildFiling(f, today)).toEqual({
      body: { status: 'filed', filed_at: '2026-03-10', filing_authority: '市应急管理局', document_ref: null },
    })
    expect(buildFiling({ ...f, valid_to: '2029-03-10' }, today)).toMatchObject({
      body: { valid_to: '2029-03-10' },
    })
    expect(buildFiling({ ...f, valid_to: '2026-03-10' }, today)).toMatchObject({ field: 'valid_to' })
    expect(buildFiling({ ...f, filing_authority: ' ' }, today)).toMatchObject({ field: 'filing_authority' })
    expect(buildFiling({ ...f, filed_at: '2026-04-01' }, today)).toMatchObject({ field: 'filed_at' })
  })

  it('records a drill held, not one in the future', () => {
    const f = { drilled_on: '2026-03-14', drill_type: 'functional' as const, participants: '35', note: '' }
    const built = buildDrill(f, today)
    expect(built).toEqual({
      body: { drilled_on: '2026-03-14', drill_type: 'functional', participants: 35, note: null },
    })
    expect(drillBody.safeParse((built as { body: unknown }).body).success).toBe(true)
    expect(buildDrill({ ...f, participants: '' }, today)).toMatchObject({ body: { participants: null } })
    expect(buildDrill({ ...f, participants: '0' }, today)).toMatchObject({ field: 'participants' })
    expect(buildDrill({ ...f, drilled_on: '2026-03-16' }, today)).toMatchObject({ field: 'drilled_on' })
  })

  it('speaks English when the page does', () => {
    setLocale('en')
    expect(
      buildDrill({ drilled_on: 'x', drill_type: 'tabletop', participants: '', note: '' }, today),
    ).toEqual({
      field: 'drilled_on',
      message: 'a date (YYYY-MM-DD)',
    })
  })
})

describe('server errors and assets', () => {
  it('puts a server 400 next to the field it names when the form shows it', () => {
    const shown = ['title', 'valid_to', 'asset_ids', 'review_date', 'experts', 'opinions', 'conclusion']
    expect(formFieldOf('title', shown)).toBe('title')
    expect(formFieldOf('asset_ids.3', shown)).toBe('asset_ids')
    expect(formFieldOf('expert_review.date', shown)).toBe('review_date')
    expect(formFieldOf('expert_review.experts.0.name', shown)).toBe('experts')
    expect(formFieldOf('expert_review.conclusion', shown)).toBe('conclusion')
    expect(formFieldOf('expert_review', shown)).toBe('experts')
    expect(formFieldOf('filed_at', shown)).toBeNull()
    expect(formFieldOf(undefined, shown)).toBeNull()
  })

  it('offers the enterprise’s own plant for an enterprise plan, every plant for a park plan', () => {
    const other = {
      ...buildingB01,
      id: 'B-E02-01',
      properties: { ...buildingB01.properties, enterprise_id: 'E02' },
    }
    const assets = [monitorMP1, other, tankT01, buildingB01]
    const own = attachableAssets(assets, 'E01').map((a) => a.id)
    expect(own).toContain('T-E01-01')
    expect(own).not.toContain('B-E02-01')
    expect(own).not.toContain(monitorMP1.id)
    const all = attachableAssets(assets, null).map((a) => a.id)
    expect(all).toEqual(expect.arrayContaining(['T-E01-01', 'B-E02-01']))
    expect(all).not.toContain(monitorMP1.id)
  })
})
