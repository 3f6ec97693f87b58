import type { AlarmPriority } from '../../contracts/alarms'
import type { Role } from '../../contracts/auth'
import type { HdAction, HdGrade, HdState, TransitionBody } from '../../contracts/hidden-dangers'

// The closed loop of a hidden danger (隐患闭环管理) as a pure transition table, per
// /work/shared/domain/safety-standards.md "Dual prevention": found (登记, graded) → rectification ordered with owner
// and deadline (下达整改) → rectifying (整改中) → acceptance requested (申请验收) → verified and closed (验收销号)
// or sent back (退回) to rectifying. Enterprise accounts rectify their own; park staff order, verify, send back
// and list 重大 hidden dangers for supervision (挂牌督办). A 重大 one needs a governance plan (治理方案) before
// rectification starts and closes only with the regulator's approval of the written application.

/** who takes a step: park staff (park_admin, operator) or the enterprise's own account */
export type Actor = 'park' | 'enterprise'

export interface Transition {
  from: readonly HdState[]
  /** the state after the step; null: the state stays (a record on the hidden danger) */
  to: HdState | null
  by: readonly Actor[]
  /** only for this grade */
  grade?: HdGrade
}

const open: readonly HdState[] = ['found', 'ordered', 'rectifying', 'acceptance_requested']

export const transitions: Record<HdAction, Transition> = {
  order: { from: ['found'], to: 'ordered', by: ['park'] },
  start: { from: ['ordered'], to: 'rectifying', by: ['enterprise'] },
  request_acceptance: { from: ['rectifying'], to: 'acceptance_requested', by: ['enterprise'] },
  verify: { from: ['acceptance_requested'], to: 'closed', by: ['park'] },
  send_back: { from: ['acceptance_requested'], to: 'rectifying', by: ['park'] },
  supervise: { from: open, to: null, by: ['park'], grade: 'major' },
  plan: { from: ['found', 'ordered', 'rectifying'], to: null, by: ['enterprise', 'park'], grade: 'major' },
}

/** The actor of a role; the screen takes no step. */
export function actorOf(role: Role): Actor | null {
  if (role === 'park_admin' || role === 'operator') return 'park'
  if (role === 'enterprise_user') return 'enterprise'
  return null
}

/** What the rules look at on a hidden danger. */
export interface HdFacts {
  state: HdState
  grade: HdGrade
  listed: boolean
  has_plan: boolean
}

/** A refused step: `status` 403 (not this actor's step) or 409 (not now), with a stable id and a clear message. */
export interface Refusal {
  status: 403 | 409
  id: string
  message: string
}

const stateText: Record<HdState, string> = {
  found: 'found (not yet ordered)',
  ordered: 'ordered for rectification',
  rectifying: 'being rectified',
  acceptance_requested: 'awaiting acceptance',
  closed: 'closed',
}

const actorText: Record<Actor, string> = { park: 'park staff', enterprise: "the enterprise's own account" }

/**
 * Whether `actor` may take `action` on the hidden danger now (the body, when given, is checked for what the
 * step requires, e.g. the regulator's approval to close a 重大 one). null: allowed.
 */
export function refusal(
  hd: HdFacts,
  action: HdAction,
  actor: Actor | null,
  body?: TransitionBody,
): Refusal | null {
  const t = transitions[action]
  if (!actor || !t.by.includes(actor))
    return {
      status: 403,
      id: 'forbidden',
      message: `only ${t.by.map((a) => actorText[a]).join(' or ')} may ${action.replace('_', ' ')}`,
    }
  if (!t.from.includes(hd.state))
    return {
      status: 409,
      id: 'hidden_danger.illegal_transition',
      message: `cannot ${action.replace('_', ' ')} a hidden danger that is ${stateText[hd.state]}`,
    }
  if (t.grade && hd.grade !== t.grade)
    return {
      status: 409,
      id: 'hidden_danger.not_major',
      message: `${action === 'supervise' ? 'listing for supervision (挂牌督办)' : 'a governance plan'} applies to 重大 hidden dangers only`,
    }
  if (action === 'supervise' && hd.listed)
    return { status: 409, id: 'hidden_danger.already_listed', message: 'already listed for supervision' }
  if (action === 'start' && hd.grade === 'major' && !hd.has_plan)
    return {
      status: 409,
      id: 'hidden_danger.governance_plan_required',
      message: 'a 重大 hidden danger needs its governance plan (治理方案) before rectification starts',
    }
  if (action === 'verify' && hd.grade === 'major' && body?.action === 'verify' && !body.regulator_approval)
    return {
      status: 409,
      id: 'hidden_danger.regulator_approval_required',
      message:
        "a 重大 hidden danger closes only on the regulator's approval of the written application (regulator_approval)",
    }
  if (action === 'order' && body?.action === 'order' && body.grade === 'general' && hd.has_plan)
    return {
      status: 409,
      id: 'hidden_danger.has_governance_plan',
      message: 'a hidden danger with a governance plan stays 重大',
    }
  return null
}

/** The steps `actor` may take now (what the detail dialog offers). */
export function allowedActions(hd: HdFacts, actor: Actor | null): HdAction[] {
  return (Object.keys(transitions) as HdAction[]).filter((a) => refusal(hd, a, actor) === null)
}

/** The state after a step. */
export function nextState(hd: Pick<HdFacts, 'state'>, action: HdAction): HdState {
  return transitions[action].to ?? hd.state
}

/** Past the deadline (a park day) and not closed. */
export function isOverdue(hd: { state: HdState; deadline: string | null }, today: string): boolean {
  return hd.state !== 'closed' && hd.deadline !== null && hd.deadline < today
}

/** Closed on or before its deadline (the park day of closing). */
export function closedOnTime(deadline: string | null, closedDay: string): boolean | null {
  return deadline === null ? null : closedDay <= deadline
}

/** The overdue reminder (督办提醒): 重大 urgent, 一般 high. */
export interface OverdueCondition {
  source_id: string
  rule: string
  priority: AlarmPriority
  enterprise_id: string
  message: string
  props: Record<string, unknown>
}

export const overdueRule = 'hidden_danger_overdue'
export const hdSource = (id: string) => `hidden_danger:${id}`

export function overdueConditions(
  list: readonly {
    id: string
    enterprise_id: string
    title: string
    grade: HdGrade
    state: HdState
    deadline: string | null
    owner: string | null
  }[],
  today: string,
): OverdueCondition[] {
  return list
    .filter((hd) => isOverdue(hd, today))
    .map((hd) => ({
      source_id: hdSource(hd.id),
      rule: overdueRule,
      priority: hd.grade === 'major' ? 'urgent' : 'high',
      enterprise_id: hd.enterprise_id,
      message: `${hd.grade === 'major' ? '重大隐患' : '隐患'}整改逾期督办 / ${hd.grade === 'major' ? 'major ' : ''}hidden danger overdue since ${hd.deadline}: ${hd.title}`,
      props: {
        hidden_danger_id: hd.id,
        grade: hd.grade,
        deadline: hd.deadline,
        owner: hd.owner,
        state: hd.state,
      },
    }))
}
