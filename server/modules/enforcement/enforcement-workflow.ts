import type { AlarmPriority } from '../../contracts/alarms'
import type { Role } from '../../contracts/auth'
import { dayDiff } from '../../contracts/documents'
import type {
  NoticeAction,
  NoticeState,
  NoticeStepBody,
  PenaltyAction,
  PenaltyStatus,
} from '../../contracts/enforcement'

// The enforcement ledger's steps as pure transition tables (建设指南 law-enforcement sub-functions: inspection plans,
// records, penalties, rectification notices, re-inspection).
//
// Rectification notice (责令限期整改): issued (待整改) → the enterprise submits its rectification record with evidence
// (提交整改) → submitted → the park re-inspects (复查): passed → closed (销案), failed → back to issued (退回, the
// deadline may be extended). A notice closes ONLY with a passed re-inspection of a record that has evidence.
// Penalty (行政处罚): decided → executed (执行完毕) | under_review (复议/诉讼) → decided (维持) | revoked (撤销).
// Park staff (park_admin, operator) issue and re-inspect; penalties are the park admin's; enterprises rectify.

export interface Step<S extends string> {
  from: readonly S[]
  to: S
  by: readonly Role[]
}

const park: readonly Role[] = ['park_admin', 'operator']

export const noticeTransitions: Record<NoticeAction, Step<NoticeState>> = {
  submit: { from: ['issued'], to: 'submitted', by: ['enterprise_user'] },
  // the state after a re-inspection depends on its result (closed / issued)
  reinspect: { from: ['submitted'], to: 'closed', by: park },
}

export const penaltyTransitions: Record<PenaltyAction, Step<PenaltyStatus>> = {
  execute: { from: ['decided'], to: 'executed', by: ['park_admin'] },
  review: { from: ['decided'], to: 'under_review', by: ['park_admin'] },
  uphold: { from: ['under_review'], to: 'decided', by: ['park_admin'] },
  revoke: { from: ['decided', 'under_review'], to: 'revoked', by: ['park_admin'] },
}

/** A refused step: 403 (not this role's step), 409 (not now, stable id) or 400 (inconsistent input). */
export interface Refusal {
  status: 400 | 403 | 409
  id: string
  field?: string
  message: string
}

const noticeStateText: Record<NoticeState, string> = {
  issued: 'awaiting rectification',
  submitted: 'awaiting re-inspection',
  closed: 'closed',
}
const roleText = (roles: readonly Role[]) =>
  roles.map((r) => (r === 'enterprise_user' ? "the enterprise's own account" : r)).join(' or ')

/** What the rules look at of a notice. */
export interface NoticeFacts {
  state: NoticeState
  issued_on: string
  deadline: string
  /** evidence documents of the latest rectification record (0 when none) */
  latest_evidence: number
  /** completion day of the latest rectification record */
  latest_completed_on: string | null
}

/**
 * Whether `role` may take `action` on the notice now; with a body, whether the body fits the step (evidence to
 * close, days not in the future, a new deadline not in the past). null: allowed.
 */
export function noticeRefusal(
  n: NoticeFacts,
  action: NoticeAction,
  role: Role,
  today: string,
  body?: NoticeStepBody,
): Refusal | null {
  const t = noticeTransitions[action]
  if (!t.by.includes(role))
    return { status: 403, id: 'forbidden', message: `only ${roleText(t.by)} may ${action} a notice` }
  if (!t.from.includes(n.state))
    return {
      status: 409,
      id: 'enforcement.illegal_transition',
      message: `cannot ${action} a notice that is ${noticeStateText[n.state]}`,
    }
  if (!body) return null
  if (body.action === 'submit') {
    if (body.completed_on > today)
      return {
        status: 400,
        id: 'validation',
        field: 'completed_on',
        message: `completed_on: ${body.completed_on} is in the future`,
      }
    if (body.completed_on < n.issued_on)
      return {
        status: 400,
        id: 'validation',
        field: 'completed_on',
        message: `completed_on: before the notice was issued (${n.issued_on})`,
      }
  }
  if (body.action === 'reinspect') {
    if (body.inspected_on > today)
      return {
        status: 400,
        id: 'validation',
        field: 'inspected_on',
        message: `inspected_on: ${body.inspected_on} is in the future`,
      }
    if (n.latest_completed_on && body.inspected_on < n.latest_completed_on)
      return {
        status: 400,
        id: 'validation',
        field: 'inspected_on',
        message: `inspected_on: before the rectification was completed (${n.latest_completed_on})`,
      }
    if (body.result === 'passed' && n.latest_evidence === 0)
      return {
        status: 409,
        id: 'enforcement.evidence_required',
        message:
          'a notice closes only with evidence: the rectification record has no evidence document; fail the re-inspection to send it back',
      }
    if (body.result === 'passed' && body.new_deadline)
      return {
        status: 400,
        id: 'validation',
        field: 'new_deadline',
        message: 'new_deadline: only a failed re-inspection sets a new deadline',
      }
    if (body.new_deadline && body.new_deadline < today)
      return {
        status: 400,
        id: 'validation',
        field: 'new_deadline',
        message: `new_deadline: ${body.new_deadline} is in the past`,
      }
  }
  return null
}

/** The steps `role` may take on the notice now (what the workflow dialog offers). */
export function noticeActionsFor(n: NoticeFacts, role: Role, today: string): NoticeAction[] {
  return (Object.keys(noticeTransitions) as NoticeAction[]).filter(
    (a) => noticeRefusal(n, a, role, today) === null,
  )
}

/** The state after a step: a re-inspection closes (passed) or sends back (failed). */
export function nextNoticeState(action: NoticeAction, result?: 'passed' | 'failed'): NoticeState {
  if (action === 'reinspect') return result === 'passed' ? 'closed' : 'issued'
  return noticeTransitions[action].to
}

export function penaltyRefusal(status: PenaltyStatus, action: PenaltyAction, role: Role): Refusal | null {
  const t = penaltyTransitions[action]
  if (!t.by.includes(role))
    return { status: 403, id: 'forbidden', message: `only ${roleText(t.by)} may ${action} a penalty` }
  if (!t.from.includes(status))
    return {
      status: 409,
      id: 'enforcement.illegal_transition',
      message: `cannot ${action} a penalty that is ${status.replace('_', ' ')}`,
    }
  return null
}

export function penaltyActionsFor(status: PenaltyStatus, role: Role): PenaltyAction[] {
  return (Object.keys(penaltyTransitions) as PenaltyAction[]).filter(
    (a) => penaltyRefusal(status, a, role) === null,
  )
}

/** Past the deadline (a park day) and not closed. */
export function isOverdue(n: { state: NoticeState; deadline: string }, today: string): boolean {
  return n.state !== 'closed' && n.deadline < today
}

/** Days to the deadline (negative: overdue); null once closed. */
export function daysLeft(n: { state: NoticeState; deadline: string }, today: string): number | null {
  return n.state === 'closed' ? null : dayDiff(today, n.deadline)
}

/** On time: the accepted rectification was completed on or before the deadline. */
export function rectifiedOnTime(completedOn: string, deadline: string): boolean {
  return completedOn <= deadline
}

/** closed on time / closed, rounded to 0.1 %; null when nothing is closed. */
export function onTimeRate(closedOnTime: number, closed: number): number | null {
  return closed === 0 ? null : Math.round((closedOnTime / closed) * 1000) / 1000
}

export const overdueRule = 'rectification_overdue'
export const enforcementSource = (noticeId: string) => `enforcement:${noticeId}`

export interface NoticeCondition {
  source_id: string
  rule: string
  priority: AlarmPriority
  enterprise_id: string
  message: string
  props: Record<string, unknown>
}

/** The overdue notices (整改逾期): one high alarm each, for the notice's enterprise. */
export function overdueConditions(
  notices: readonly {
    id: string
    enterprise_id: string
    notice_no: string
    state: NoticeState
    deadline: string
  }[],
  today: string,
): NoticeCondition[] {
  return notices
    .filter((n) => isOverdue(n, today))
    .map((n) => ({
      source_id: enforcementSource(n.id),
      rule: overdueRule,
      priority: 'high',
      enterprise_id: n.enterprise_id,
      message: `责令限期整改逾期 / rectification notice ${n.notice_no} overdue since ${n.deadline}`,
      props: { notice_id: n.id, notice_no: n.notice_no, deadline: n.deadline, state: n.state },
    }))
}
