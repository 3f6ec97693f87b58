import { describe, expect, it } from 'vitest'
import {
  planConditions,
  planViolation,
  type PlanState,
} from '../../../../../server/modules/emergency-plans/plan-rules'
import { parseSupplyItem } from '../../../../../server/modules/emergency-plans/plans.seed'

const review = {
  date: '2025-12-01',
  experts: [{ name: '王建国' }],
  opinions: '同意',
  conclusion: 'passed' as const,
}
const plan = (over: Partial<PlanState> = {}): PlanState => ({
  enterprise_id: 'E01',
  kind: 'onsite',
  level: 'workshop',
  status: 'filed',
  expert_review: review,
  filed_at: '2026-01-05',
  filing_authority: '园区应急管理局',
  valid_to: '2029-01-05',
  drill_interval_months: 6,
  last_drill_at: null,
  ...over,
})
const today = '2026-05-01'

describe('planViolation (safety-standards.md: drills yearly / half-yearly, revision every 3 years)', () => {
  it('accepts a consistent filed plan', () => {
    expect(planViolation(plan(), today)).toBeNull()
  })
  it.each<[Partial<PlanState>, string]>([
    [{ drill_interval_months: 12 }, 'drill_interval_months'],
    [{ kind: 'special', drill_interval_months: 13 }, 'drill_interval_months'],
    [{ enterprise_id: null }, 'level'],
    [{ level: 'park' }, 'level'],
    [{ status: 'reviewed', expert_review: null }, 'expert_review'],
    [{ expert_review: { ...review, conclusion: 'failed' } }, 'expert_review.conclusion'],
    [{ filed_at: null }, 'filed_at'],
    [{ filing_authority: null }, 'filing_authority'],
    [{ filed_at: '2026-06-01' }, 'filed_at'],
    [{ last_drill_at: '2026-05-02' }, 'last_drill_at'],
    [{ filed_at: '2025-11-01' }, 'filed_at'],
    [{ valid_to: '2029-01-06' }, 'valid_to'],
    [{ valid_to: '2026-01-05' }, 'valid_to'],
  ])('%o → %s', (over, field) => {
    expect(planViolation(plan(over), today)?.field).toBe(field)
  })
  it('lets a special plan drill yearly and a draft go without review', () => {
    expect(planViolation(plan({ kind: 'special', drill_interval_months: 12 }), today)).toBeNull()
    expect(
      planViolation(
        plan({
          status: 'draft',
          expert_review: null,
          filed_at: null,
          filing_authority: null,
          valid_to: null,
        }),
        today,
      ),
    ).toBeNull()
  })
})

describe('planConditions', () => {
  const p = { id: 'P1', series_id: 'S1', enterprise_id: 'E01', title: '液氯泄漏现场处置方案', version: 2 }
  it('warns 30 days before the drill (low), raises when overdue (high)', () => {
    expect(planConditions([{ ...p, next_drill_due: '2026-06-01', valid_to: null }], today)).toEqual([])
    const due = planConditions([{ ...p, next_drill_due: '2026-05-31', valid_to: null }], today)
    expect(due).toEqual([
      expect.objectContaining({
        source_id: 'emergency_plan:S1',
        rule: 'plan_drill_due',
        priority: 'low',
        enterprise_id: 'E01',
      }),
    ])
    const over = planConditions([{ ...p, next_drill_due: '2026-04-30', valid_to: null }], today)
    expect(over.map((c) => [c.rule, c.priority])).toEqual([['plan_drill_overdue', 'high']])
  })
  it('warns 90 days before the revision deadline, raises after it', () => {
    expect(
      planConditions([{ ...p, next_drill_due: null, valid_to: '2026-07-30' }], today).map((c) => c.rule),
    ).toEqual(['plan_revision_due'])
    expect(planConditions([{ ...p, next_drill_due: null, valid_to: '2026-08-01' }], today)).toEqual([])
    expect(
      planConditions([{ ...p, next_drill_due: '2026-04-01', valid_to: '2026-04-01' }], today).map(
        (c) => c.rule,
      ),
    ).toEqual(['plan_drill_overdue', 'plan_revision_overdue'])
  })
})

describe('parseSupplyItem (depot inventory lines of geodata/park/facilities.geojson)', () => {
  it.each([
    ['正压式空气呼吸器 40套', ['正压式空气呼吸器', 40, '套']],
    ['吸附棉 2 t', ['吸附棉', 2, 't']],
    ['吸附棉 500 kg', ['吸附棉', 500, 'kg']],
    ['围油栏 200 m', ['围油栏', 200, 'm']],
    ['灭火器 40具', ['灭火器', 40, '具']],
  ])('%s', (line, want) => {
    expect(parseSupplyItem(line)).toEqual(want)
  })
  it('returns null without a quantity', () => {
    expect(parseSupplyItem('洗消器材')).toBeNull()
  })
})
