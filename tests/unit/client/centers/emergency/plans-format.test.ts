import { afterEach, describe, expect, it } from 'vitest'
import type { EmergencyPlan } from '../../../../../server/contracts/emergency-plans'
import {
  planDueText,
  planMeta,
  planUrgency,
  sortPlans,
} from '../../../../../client/centers/emergency/plan-viewer'
import { countByKind, resourceSummary } from '../../../../../client/centers/emergency/resources.panel'
import { setLocale } from '../../../../../client/shell/i18n/i18n'

const plan = (over: Partial<EmergencyPlan>): EmergencyPlan => ({
  id: 'P',
  series_id: 'P',
  enterprise_id: null,
  title: '综合应急预案',
  title_en: null,
  kind: 'comprehensive',
  domain: 'safety',
  level: 'park',
  version: 1,
  status: 'filed',
  expert_review: null,
  filed_at: '2025-01-01',
  filing_authority: '市应急管理局',
  valid_to: '2028-01-01',
  drill_interval_months: 12,
  last_drill_at: null,
  next_drill_due: '2026-09-01',
  document_ref: null,
  drill_state: 'ok',
  revision_state: 'ok',
  asset_count: 0,
  created_by: null,
  created_at: '2025-01-01T00:00:00.000Z',
  updated_by: null,
  updated_at: '2025-01-01T00:00:00.000Z',
  ...over,
})

describe('plan formatting', () => {
  afterEach(() => setLocale('zh-CN'))

  it('shows the most pressing reminder, else the next drill', () => {
    expect(planDueText(plan({}))).toBe('下次演练 2026-09-01')
    expect(planDueText(plan({ drill_state: 'due' }))).toBe('演练将到期 2026-09-01')
    expect(planDueText(plan({ drill_state: 'due', revision_state: 'overdue' }))).toBe('修订逾期 2028-01-01')
    expect(planDueText(plan({ drill_state: 'overdue', revision_state: 'overdue' }))).toBe(
      '演练逾期 2026-09-01',
    )
    expect(planDueText(plan({ next_drill_due: null, drill_state: 'none' }))).toBe('未定演练')
    setLocale('en')
    expect(planDueText(plan({ drill_state: 'overdue' }))).toBe('Drill overdue 2026-09-01')
    expect(planMeta(plan({ kind: 'onsite', level: 'workshop', version: 3 }))).toBe(
      'On-site disposal · Workshop · Filed · v3',
    )
  })

  it('labels kind, level, status and version in Chinese by default', () => {
    expect(planMeta(plan({ kind: 'special', status: 'reviewed', version: 2 }))).toBe(
      '专项预案 · 园区级 · 已评审 · v2',
    )
  })

  it('sorts overdue, then due, then park before enterprise plans', () => {
    const rows = [
      plan({ id: 'ok-ent', enterprise_id: 'E01', title: 'a' }),
      plan({ id: 'due', revision_state: 'due', title: 'b' }),
      plan({ id: 'ok-park', title: 'c' }),
      plan({ id: 'over', enterprise_id: 'E02', drill_state: 'overdue', title: 'd' }),
    ]
    expect(sortPlans(rows).map((p) => p.id)).toEqual(['over', 'due', 'ok-park', 'ok-ent'])
    expect(planUrgency(plan({ drill_state: 'ok', revision_state: 'due' }))).toBe('due')
  })
})

describe('resource formatting', () => {
  it('counts every kind', () => {
    expect(countByKind([{ kind: 'team' }, { kind: 'team' }, { kind: 'expert' }])).toEqual({
      team: 2,
      supply: 0,
      expert: 1,
      shelter: 0,
      depot: 0,
    })
  })
  it('summarises each kind from its props', () => {
    expect(
      resourceSummary({ kind: 'team', props: { size: 45, leader: '周振华', phone: '0513-83500119' } }),
    ).toBe('45 人 · 周振华 · 0513-83500119')
    expect(resourceSummary({ kind: 'supply', props: { quantity: 40, unit: '套' } })).toBe('40 套')
    expect(resourceSummary({ kind: 'shelter', props: { capacity: 800 } })).toBe('容纳 800 人')
    expect(resourceSummary({ kind: 'expert', props: { specialty: '消防', title: null } })).toBe('消防')
    expect(resourceSummary({ kind: 'depot', props: { items: ['吸附棉 2 t', 3] } })).toBe('吸附棉 2 t')
  })
})
