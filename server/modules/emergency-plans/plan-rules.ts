import type { AlarmPriority } from '../../contracts/alarms'
import {
  addMonths,
  drillWarnDays,
  dueState,
  maxDrillMonths,
  revisionWarnDays,
  revisionYears,
  type ExpertReview,
  type PlanKind,
  type PlanLevel,
  type PlanStatus,
} from '../../contracts/emergency-plans'

// Pure rules of emergency plans: what a consistent plan version is, and which reminders hold today.
// Source of the numbers: /work/shared/domain/safety-standards.md "Plans, drills and document validity".

/** The fields the rules look at, as they will be stored. */
export interface PlanState {
  enterprise_id: string | null
  kind: PlanKind
  level: PlanLevel
  status: PlanStatus
  expert_review: ExpertReview | null
  filed_at: string | null
  filing_authority: string | null
  valid_to: string | null
  drill_interval_months: number
  last_drill_at: string | null
}

export interface RuleViolation {
  field: string
  message: string
}

const kindName: Record<PlanKind, string> = {
  comprehensive: 'a comprehensive plan',
  special: 'a special plan',
  onsite: 'an on-site disposal plan',
}

/** The first violation of a plan version, or null. `today` is the park day (no dates in the future). */
export function planViolation(p: PlanState, today: string): RuleViolation | null {
  if ((p.level === 'park') !== (p.enterprise_id === null))
    return {
      field: 'level',
      message:
        p.enterprise_id === null
          ? 'a plan without an enterprise is a park-level plan'
          : 'an enterprise plan is enterprise or workshop level',
    }
  const max = maxDrillMonths[p.kind]
  if (p.drill_interval_months > max)
    return {
      field: 'drill_interval_months',
      message: `${kindName[p.kind]} is drilled at least every ${max} months`,
    }
  for (const [field, v] of [
    ['filed_at', p.filed_at],
    ['last_drill_at', p.last_drill_at],
    ['expert_review.date', p.expert_review?.date ?? null],
  ] as const)
    if (v && v > today) return { field, message: `${v} is in the future` }
  if ((p.status === 'reviewed' || p.status === 'filed') && !p.expert_review)
    return { field: 'expert_review', message: 'a reviewed or filed plan needs its expert review' }
  if ((p.status === 'reviewed' || p.status === 'filed') && p.expert_review?.conclusion === 'failed')
    return {
      field: 'expert_review.conclusion',
      message: 'a plan that failed its review cannot come into force',
    }
  if (p.status === 'filed' && !p.filed_at)
    return { field: 'filed_at', message: 'a filed plan needs its filing date' }
  if (p.status === 'filed' && !p.filing_authority)
    return { field: 'filing_authority', message: 'a filed plan needs the authority it was filed with' }
  if (p.filed_at && p.expert_review && p.filed_at < p.expert_review.date)
    return { field: 'filed_at', message: 'filed before its expert review' }
  if (p.valid_to && p.filed_at) {
    if (p.valid_to <= p.filed_at) return { field: 'valid_to', message: 'must be after the filing date' }
    if (p.valid_to > addMonths(p.filed_at, revisionYears * 12))
      return { field: 'valid_to', message: `plans are revised at least every ${revisionYears} years` }
  }
  return null
}

/** The drill interval a new plan gets when none is given: the longest its kind allows. */
export const defaultDrillMonths = (kind: PlanKind) => maxDrillMonths[kind]

/** The revision deadline a filed plan gets when none is given: 3 years after filing. */
export const defaultValidTo = (filedAt: string | null) =>
  filedAt ? addMonths(filedAt, revisionYears * 12) : null

export const planRules = {
  drillDue: 'plan_drill_due',
  drillOverdue: 'plan_drill_overdue',
  revisionDue: 'plan_revision_due',
  revisionOverdue: 'plan_revision_overdue',
} as const

export const planSource = (seriesId: string) => `emergency_plan:${seriesId}`

export interface PlanCondition {
  source_id: string
  rule: string
  priority: AlarmPriority
  enterprise_id: string | null
  message: string
  props: Record<string, unknown>
}

export interface ReminderPlan {
  id: string
  series_id: string
  enterprise_id: string | null
  title: string
  version: number
  next_drill_due: string | null
  valid_to: string | null
}

/** The reminders that hold today for plans in force: drill due in 30 days / overdue, revision due / overdue. */
export function planConditions(plans: readonly ReminderPlan[], today: string): PlanCondition[] {
  const out: PlanCondition[] = []
  for (const p of plans) {
    const base = {
      source_id: planSource(p.series_id),
      enterprise_id: p.enterprise_id,
      props: { plan_id: p.id, series_id: p.series_id, version: p.version },
    }
    const drill = dueState(p.next_drill_due, today, drillWarnDays)
    if (drill === 'overdue' || drill === 'due')
      out.push({
        ...base,
        rule: drill === 'overdue' ? planRules.drillOverdue : planRules.drillDue,
        priority: drill === 'overdue' ? 'high' : 'low',
        message:
          drill === 'overdue'
            ? `应急预案演练逾期 / plan drill overdue since ${p.next_drill_due}: ${p.title}`
            : `应急预案演练即将到期 / plan drill due on ${p.next_drill_due}: ${p.title}`,
        props: { ...base.props, next_drill_due: p.next_drill_due },
      })
    const revision = dueState(p.valid_to, today, revisionWarnDays)
    if (revision === 'overdue' || revision === 'due')
      out.push({
        ...base,
        rule: revision === 'overdue' ? planRules.revisionOverdue : planRules.revisionDue,
        priority: revision === 'overdue' ? 'high' : 'low',
        message:
          revision === 'overdue'
            ? `应急预案修订逾期 / plan revision overdue since ${p.valid_to}: ${p.title}`
            : `应急预案即将到修订期 / plan revision due on ${p.valid_to}: ${p.title}`,
        props: { ...base.props, valid_to: p.valid_to },
      })
  }
  return out
}
