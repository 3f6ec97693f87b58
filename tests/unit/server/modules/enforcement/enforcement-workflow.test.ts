// The enforcement ledger's pure transition tables with worked examples: who takes which step of a rectification
// notice and a penalty (403), what is illegal now (409), closing only with evidence, overdue, on-time rate, and
// the overdue alarm conditions.
import { describe, expect, it } from 'vitest'
import type { NoticeStepBody } from '../../../../../server/contracts/enforcement'
import {
  daysLeft,
  isOverdue,
  nextNoticeState,
  noticeActionsFor,
  noticeRefusal,
  onTimeRate,
  overdueConditions,
  penaltyActionsFor,
  penaltyRefusal,
  rectifiedOnTime,
  type NoticeFacts,
} from '../../../../../server/modules/enforcement/enforcement-workflow'

const today = '2026-03-01'
const issued: NoticeFacts = {
  state: 'issued',
  issued_on: '2026-02-01',
  deadline: '2026-03-10',
  latest_evidence: 0,
  latest_completed_on: null,
}
const submitted = (evidence: number): NoticeFacts => ({
  ...issued,
  state: 'submitted',
  latest_evidence: evidence,
  latest_completed_on: '2026-02-25',
})
const reinspect = (result: 'passed' | 'failed', extra: object = {}): NoticeStepBody => ({
  action: 'reinspect',
  inspected_on: '2026-02-28',
  inspectors: ['王海峰'],
  result,
  opinion: '',
  ...extra,
})

describe('rectification notice steps', () => {
  it('offers the enterprise its rectification and the park its re-inspection, nothing else', () => {
    expect(noticeActionsFor(issued, 'enterprise_user', today)).toEqual(['submit'])
    expect(noticeActionsFor(issued, 'operator', today)).toEqual([])
    expect(noticeActionsFor(submitted(1), 'operator', today)).toEqual(['reinspect'])
    expect(noticeActionsFor(submitted(1), 'park_admin', today)).toEqual(['reinspect'])
    expect(noticeActionsFor(submitted(1), 'enterprise_user', today)).toEqual([])
    expect(noticeActionsFor({ ...issued, state: 'closed' }, 'park_admin', today)).toEqual([])
    expect(noticeActionsFor(issued, 'screen', today)).toEqual([])
  })

  it('refuses the wrong role (403) and the wrong state (409)', () => {
    expect(noticeRefusal(issued, 'reinspect', 'enterprise_user', today)).toMatchObject({ status: 403 })
    expect(noticeRefusal(issued, 'submit', 'operator', today)).toMatchObject({ status: 403 })
    expect(noticeRefusal(issued, 'reinspect', 'operator', today)).toMatchObject({
      status: 409,
      id: 'enforcement.illegal_transition',
    })
    expect(
      noticeRefusal({ ...issued, state: 'closed' }, 'submit', 'enterprise_user', today)!.message,
    ).toContain('closed')
  })

  it('closes only with evidence; a failed re-inspection sends the notice back', () => {
    expect(noticeRefusal(submitted(0), 'reinspect', 'operator', today, reinspect('passed'))).toMatchObject({
      status: 409,
      id: 'enforcement.evidence_required',
    })
    expect(noticeRefusal(submitted(0), 'reinspect', 'operator', today, reinspect('failed'))).toBeNull()
    expect(noticeRefusal(submitted(2), 'reinspect', 'operator', today, reinspect('passed'))).toBeNull()
    expect(nextNoticeState('reinspect', 'passed')).toBe('closed')
    expect(nextNoticeState('reinspect', 'failed')).toBe('issued')
    expect(nextNoticeState('submit')).toBe('submitted')
  })

  it('checks the days of a step', () => {
    const submit = (completed_on: string): NoticeStepBody => ({
      action: 'submit',
      measures: '已整改',
      completed_on,
      evidence_document_ids: [],
    })
    expect(noticeRefusal(issued, 'submit', 'enterprise_user', today, submit('2026-03-02'))!.field).toBe(
      'completed_on',
    )
    expect(noticeRefusal(issued, 'submit', 'enterprise_user', today, submit('2026-01-31'))!.field).toBe(
      'completed_on',
    )
    expect(noticeRefusal(issued, 'submit', 'enterprise_user', today, submit('2026-03-01'))).toBeNull()
    const s = submitted(1)
    expect(
      noticeRefusal(s, 'reinspect', 'operator', today, reinspect('failed', { inspected_on: '2026-02-20' }))!
        .field,
    ).toBe('inspected_on')
    expect(
      noticeRefusal(s, 'reinspect', 'operator', today, reinspect('passed', { new_deadline: '2026-04-01' }))!
        .field,
    ).toBe('new_deadline')
    expect(
      noticeRefusal(s, 'reinspect', 'operator', today, reinspect('failed', { new_deadline: '2026-02-01' }))!
        .field,
    ).toBe('new_deadline')
    expect(
      noticeRefusal(s, 'reinspect', 'operator', today, reinspect('failed', { new_deadline: '2026-04-01' })),
    ).toBeNull()
  })
})

describe('penalty steps', () => {
  it('are the park admin’s, forward only', () => {
    expect(penaltyActionsFor('decided', 'park_admin')).toEqual(['execute', 'review', 'revoke'])
    expect(penaltyActionsFor('under_review', 'park_admin')).toEqual(['uphold', 'revoke'])
    expect(penaltyActionsFor('executed', 'park_admin')).toEqual([])
    expect(penaltyActionsFor('decided', 'operator')).toEqual([])
    expect(penaltyRefusal('decided', 'execute', 'enterprise_user')).toMatchObject({ status: 403 })
    expect(penaltyRefusal('revoked', 'execute', 'park_admin')).toMatchObject({
      status: 409,
      id: 'enforcement.illegal_transition',
    })
  })
})

describe('overdue, on time and the alarm', () => {
  it('is overdue the day after the deadline while not closed', () => {
    const n = { state: 'issued' as const, deadline: '2026-02-28' }
    expect(isOverdue(n, '2026-02-28')).toBe(false)
    expect(isOverdue(n, today)).toBe(true)
    expect(isOverdue({ ...n, state: 'submitted' }, today)).toBe(true)
    expect(isOverdue({ ...n, state: 'closed' }, today)).toBe(false)
    expect(daysLeft(n, today)).toBe(-1)
    expect(daysLeft({ ...n, deadline: '2026-03-08' }, today)).toBe(7)
    expect(daysLeft({ ...n, state: 'closed' }, today)).toBeNull()
  })

  it('rates on-time rectification: completed on or before the deadline, over the closed ones', () => {
    expect(rectifiedOnTime('2026-02-28', '2026-02-28')).toBe(true)
    expect(rectifiedOnTime('2026-03-01', '2026-02-28')).toBe(false)
    expect(onTimeRate(3, 4)).toBe(0.75)
    expect(onTimeRate(2, 3)).toBe(0.667)
    expect(onTimeRate(0, 0)).toBeNull()
  })

  it('raises one high alarm per overdue notice for its enterprise', () => {
    const c = overdueConditions(
      [
        { id: 'RN-1', enterprise_id: 'E07', notice_no: '责改001', state: 'issued', deadline: '2026-02-20' },
        { id: 'RN-2', enterprise_id: 'E08', notice_no: '责改002', state: 'issued', deadline: '2026-03-20' },
        { id: 'RN-3', enterprise_id: 'E09', notice_no: '责改003', state: 'closed', deadline: '2026-01-20' },
      ],
      today,
    )
    expect(c).toEqual([
      {
        source_id: 'enforcement:RN-1',
        rule: 'rectification_overdue',
        priority: 'high',
        enterprise_id: 'E07',
        message: expect.stringContaining('责令限期整改逾期'),
        props: { notice_id: 'RN-1', notice_no: '责改001', deadline: '2026-02-20', state: 'issued' },
      },
    ])
  })
})
