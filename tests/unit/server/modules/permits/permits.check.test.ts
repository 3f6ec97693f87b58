// The spot-check flags as system conditions: one per permit or filing, priority by flag, the enterprise named.
import { describe, expect, it } from 'vitest'
import { spotCheckConditions } from '../../../../../server/modules/permits/permits.check'

describe('spotCheckConditions', () => {
  it('makes one condition per flag with the source work_permit:<id>', () => {
    const c = spotCheckConditions([
      {
        flag: 'filed_no_permit',
        ref_id: 'WF-1',
        enterprise_id: 'E16',
        work_type: 'hot_work',
        place: '合成车间',
        window_from: '2026-11-28T00:00:00.000Z',
        window_to: '2026-11-28T08:00:00.000Z',
        number: null,
      },
      {
        flag: 'expired_open',
        ref_id: 'WP-2',
        enterprise_id: 'E05',
        work_type: 'height',
        place: '框架',
        window_from: '2026-11-28T00:00:00.000Z',
        window_to: '2026-11-28T08:00:00.000Z',
        number: 'E05-GC-20261128-001',
      },
    ])
    expect(c.map((x) => [x.source_id, x.rule, x.priority, x.enterprise_id])).toEqual([
      ['work_permit:WF-1', 'filed_no_permit', 'low', 'E16'],
      ['work_permit:WP-2', 'expired_open', 'high', 'E05'],
    ])
    expect(c[0]!.message).toContain('已报备未办证')
    expect(c[1]!.message).toContain('E05-GC-20261128-001')
    expect(c[1]!.message).toContain('高处作业')
  })
})
