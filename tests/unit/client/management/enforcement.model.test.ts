// Pure helpers of the 执法台账 tab: notice colours (overdue red, due soon amber), ordering (overdue first), name
// splitting, the step forms' bodies and the on-time rate text.
import { describe, expect, it } from 'vitest'
import {
  dueSoonColour,
  lines,
  noticeColour,
  noticeStateColour,
  noticeStepBody,
  noticeStepFields,
  overdueColour,
  penaltyStepBody,
  rateText,
  sortNotices,
  splitNames,
} from '../../../../client/centers/management/enforcement/enforcement.model'

describe('notice colour and order', () => {
  it('highlights overdue red and due within 3 days amber', () => {
    expect(noticeColour({ state: 'issued', overdue: true, days_left: -2 })).toBe(overdueColour)
    expect(noticeColour({ state: 'issued', overdue: false, days_left: 3 })).toBe(dueSoonColour)
    expect(noticeColour({ state: 'submitted', overdue: false, days_left: 10 })).toBe(
      noticeStateColour.submitted,
    )
    expect(noticeColour({ state: 'closed', overdue: false, days_left: null })).toBe(noticeStateColour.closed)
  })

  it('lists overdue first, then open by deadline, then closed latest first', () => {
    const n = (
      id: string,
      state: 'issued' | 'submitted' | 'closed',
      deadline: string,
      overdue = false,
      closed_on: string | null = null,
    ) => ({
      id,
      state,
      deadline,
      overdue,
      closed_on,
    })
    const sorted = sortNotices([
      n('c1', 'closed', '2026-01-01', false, '2026-01-05'),
      n('o2', 'issued', '2026-03-20'),
      n('late', 'issued', '2026-02-20', true),
      n('o1', 'submitted', '2026-03-05'),
      n('c2', 'closed', '2026-01-10', false, '2026-02-01'),
    ])
    expect(sorted.map((x) => x.id)).toEqual(['late', 'o1', 'o2', 'c2', 'c1'])
  })
})

describe('forms', () => {
  it('splits names on ASCII and Chinese separators and textareas into lines', () => {
    expect(splitNames('张卫国, 李建华，王海峰、 陈晓东')).toEqual(['张卫国', '李建华', '王海峰', '陈晓东'])
    expect(lines('修复报警器\n\n  建立台账 \n')).toEqual(['修复报警器', '建立台账'])
  })

  it('builds the step bodies the server expects', () => {
    expect(noticeStepFields('submit').map(([k]) => k)).toEqual(['measures', 'completed_on'])
    expect(noticeStepBody('submit', { measures: '已整改', completed_on: '2026-03-01' }, ['DOC-1'])).toEqual({
      action: 'submit',
      measures: '已整改',
      completed_on: '2026-03-01',
      evidence_document_ids: ['DOC-1'],
    })
    const base = {
      inspected_on: '2026-03-01',
      inspectors: '王海峰，陈晓东',
      opinion: '',
      new_deadline: '2026-04-01',
    }
    // a passed re-inspection never carries a new deadline
    expect(noticeStepBody('reinspect', { ...base, result: 'passed' })).toEqual({
      action: 'reinspect',
      inspected_on: '2026-03-01',
      inspectors: ['王海峰', '陈晓东'],
      result: 'passed',
      opinion: '',
    })
    expect(noticeStepBody('reinspect', { ...base, result: 'failed' })).toMatchObject({
      result: 'failed',
      new_deadline: '2026-04-01',
    })
    expect(penaltyStepBody('execute', '2026-03-01')).toEqual({ action: 'execute', executed_on: '2026-03-01' })
    expect(penaltyStepBody('uphold', ' ')).toEqual({ action: 'uphold' })
    expect(penaltyStepBody('revoke', '复议撤销')).toEqual({ action: 'revoke', note: '复议撤销' })
  })

  it('writes the on-time rate as a percentage', () => {
    expect(rateText(0.75)).toBe('75%')
    expect(rateText(0.667)).toBe('66.7%')
    expect(rateText(null)).toBe('—')
  })
})
