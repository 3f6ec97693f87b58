import { describe, expect, it } from 'vitest'
import { transitionBody, type HdAction, type HdState } from '../../../../../server/contracts/hidden-dangers'
import {
  actorOf,
  allowedActions,
  closedOnTime,
  isOverdue,
  nextState,
  overdueConditions,
  refusal,
  transitions,
  type HdFacts,
} from '../../../../../server/modules/hidden-dangers/hd-workflow'
import { photoStagesOpen } from '../../../../../server/modules/hidden-dangers/hd-photos'

const general = (state: HdState): HdFacts => ({ state, grade: 'general', listed: false, has_plan: false })
const major = (state: HdState, more: Partial<HdFacts> = {}): HdFacts => ({
  state,
  grade: 'major',
  listed: false,
  has_plan: false,
  ...more,
})
const approval = {
  application_ref: '销号申请〔2026〕1号',
  applied_on: '2026-11-20',
  regulator: '园区应急管理局',
  approval_ref: '园应急批〔2026〕9号',
  approved_on: '2026-11-25',
}

describe('hidden danger closed loop (transition table)', () => {
  it('walks a 一般 hidden danger from found to closed with the right actor at each step', () => {
    const path: [HdAction, 'park' | 'enterprise', HdState][] = [
      ['order', 'park', 'ordered'],
      ['start', 'enterprise', 'rectifying'],
      ['request_acceptance', 'enterprise', 'acceptance_requested'],
      ['send_back', 'park', 'rectifying'],
      ['request_acceptance', 'enterprise', 'acceptance_requested'],
      ['verify', 'park', 'closed'],
    ]
    let state: HdState = 'found'
    for (const [action, actor, to] of path) {
      expect(refusal(general(state), action, actor)).toBeNull()
      state = nextState({ state }, action)
      expect(state).toBe(to)
    }
    expect(allowedActions(general('closed'), 'park')).toEqual([])
    expect(allowedActions(general('closed'), 'enterprise')).toEqual([])
  })

  it('offers each role exactly its steps', () => {
    expect(allowedActions(general('found'), 'park')).toEqual(['order'])
    expect(allowedActions(general('found'), 'enterprise')).toEqual([])
    expect(allowedActions(general('ordered'), 'enterprise')).toEqual(['start'])
    expect(allowedActions(general('acceptance_requested'), 'park')).toEqual(['verify', 'send_back'])
    expect(allowedActions(general('acceptance_requested'), 'enterprise')).toEqual([])
    expect(allowedActions(major('found'), 'park')).toEqual(['order', 'supervise', 'plan'])
    expect(allowedActions(major('found', { listed: true }), 'park')).toEqual(['order', 'plan'])
    expect(allowedActions(major('rectifying', { has_plan: true }), 'enterprise')).toEqual([
      'request_acceptance',
      'plan',
    ])
    expect(allowedActions(general('found'), null)).toEqual([])
    expect(actorOf('screen')).toBeNull()
    expect(actorOf('operator')).toBe('park')
    expect(actorOf('enterprise_user')).toBe('enterprise')
  })

  it('refuses the wrong actor with 403 and an illegal state with 409 and a clear id', () => {
    expect(refusal(general('acceptance_requested'), 'verify', 'enterprise')).toEqual({
      status: 403,
      id: 'forbidden',
      message: 'only park staff may verify',
    })
    expect(refusal(general('found'), 'verify', 'park')).toEqual({
      status: 409,
      id: 'hidden_danger.illegal_transition',
      message: 'cannot verify a hidden danger that is found (not yet ordered)',
    })
    expect(refusal(general('closed'), 'send_back', 'park')?.id).toBe('hidden_danger.illegal_transition')
    expect(refusal(general('found'), 'start', 'enterprise')?.id).toBe('hidden_danger.illegal_transition')
    expect(refusal(general('found'), 'supervise', 'park')?.id).toBe('hidden_danger.not_major')
    expect(refusal(major('ordered', { listed: true }), 'supervise', 'park')?.id).toBe(
      'hidden_danger.already_listed',
    )
    expect(refusal(major('closed'), 'supervise', 'park')?.id).toBe('hidden_danger.illegal_transition')
  })

  it('needs a governance plan before a 重大 one is rectified, and the regulator to close it', () => {
    expect(refusal(major('ordered'), 'start', 'enterprise')?.id).toBe(
      'hidden_danger.governance_plan_required',
    )
    expect(refusal(major('ordered', { has_plan: true }), 'start', 'enterprise')).toBeNull()
    const verify = (a?: typeof approval) =>
      transitionBody.parse({ action: 'verify', ...(a ? { regulator_approval: a } : {}) })
    expect(refusal(major('acceptance_requested'), 'verify', 'park', verify())?.id).toBe(
      'hidden_danger.regulator_approval_required',
    )
    expect(refusal(major('acceptance_requested'), 'verify', 'park', verify(approval))).toBeNull()
    expect(refusal(general('acceptance_requested'), 'verify', 'park', verify())).toBeNull()
    // an approval dated before its application is bad input
    expect(
      transitionBody.safeParse({
        action: 'verify',
        regulator_approval: { ...approval, approved_on: '2026-11-01' },
      }).success,
    ).toBe(false)
  })

  it('every transition starts from open states and changes state only where the loop says', () => {
    for (const [action, t] of Object.entries(transitions)) {
      expect(t.from).not.toContain('closed')
      if (t.to === null) expect(nextState({ state: 'ordered' }, action as HdAction)).toBe('ordered')
    }
  })
})

describe('deadlines and the overdue reminder', () => {
  it('is overdue only past the deadline and while open', () => {
    expect(isOverdue({ state: 'rectifying', deadline: '2026-11-28' }, '2026-11-29')).toBe(true)
    expect(isOverdue({ state: 'rectifying', deadline: '2026-11-29' }, '2026-11-29')).toBe(false)
    expect(isOverdue({ state: 'closed', deadline: '2026-11-01' }, '2026-11-29')).toBe(false)
    expect(isOverdue({ state: 'found', deadline: null }, '2026-11-29')).toBe(false)
    expect(closedOnTime('2026-11-29', '2026-11-29')).toBe(true)
    expect(closedOnTime('2026-11-28', '2026-11-29')).toBe(false)
    expect(closedOnTime(null, '2026-11-29')).toBeNull()
  })

  it('raises 重大 as urgent and 一般 as high, for the owning enterprise', () => {
    const c = overdueConditions(
      [
        {
          id: 'A',
          enterprise_id: 'E01',
          title: '液位计失准',
          grade: 'general',
          state: 'ordered',
          deadline: '2026-11-20',
          owner: '张伟',
        },
        {
          id: 'B',
          enterprise_id: 'E02',
          title: '切断阀失效',
          grade: 'major',
          state: 'rectifying',
          deadline: '2026-11-01',
          owner: '王磊',
        },
        {
          id: 'C',
          enterprise_id: 'E03',
          title: '未到期',
          grade: 'major',
          state: 'rectifying',
          deadline: '2026-12-01',
          owner: null,
        },
        {
          id: 'D',
          enterprise_id: 'E03',
          title: '已销号',
          grade: 'general',
          state: 'closed',
          deadline: '2026-11-01',
          owner: null,
        },
      ],
      '2026-11-29',
    )
    expect(c.map((x) => [x.source_id, x.rule, x.priority, x.enterprise_id])).toEqual([
      ['hidden_danger:A', 'hidden_danger_overdue', 'high', 'E01'],
      ['hidden_danger:B', 'hidden_danger_overdue', 'urgent', 'E02'],
    ])
    expect(c[1]!.message).toContain('重大隐患整改逾期督办')
  })

  it('opens photo stages by state and actor, none past the limit', () => {
    expect(photoStagesOpen('found', 'park', 0)).toEqual(['finding'])
    expect(photoStagesOpen('rectifying', 'enterprise', 2)).toEqual(['rectification'])
    expect(photoStagesOpen('rectifying', 'park', 2)).toEqual([])
    expect(photoStagesOpen('found', 'enterprise', 6)).toEqual([])
    expect(photoStagesOpen('closed', 'enterprise', 0)).toEqual([])
    expect(photoStagesOpen('found', null, 0)).toEqual([])
  })
})
