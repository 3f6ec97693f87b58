import { describe, expect, it } from 'vitest'
import {
  reconcileSystemAlarms,
  type SystemAlarmSink,
  type SystemCondition,
} from '../../../../../server/modules/alarms/system-conditions'

function recordingSink() {
  const calls: string[] = []
  const sink: SystemAlarmSink = {
    raise: async (a) => {
      calls.push(`raise ${a.source_id} ${a.rule} ${a.priority} ${a.t}`)
    },
    clear: async (s, r, t) => {
      calls.push(`clear ${s} ${r} ${t}`)
    },
  }
  return { sink, calls }
}

const cond = (source_id: string, rule: string): SystemCondition => ({
  source_id,
  rule,
  message: `${source_id} ${rule}`,
  priority: 'low',
})

describe('reconcileSystemAlarms', () => {
  const now = new Date('2026-11-29T08:00:00Z')

  it('raises new conditions, keeps alarmed ones, clears those that no longer hold', async () => {
    const { sink, calls } = recordingSink()
    const r = await reconcileSystemAlarms(
      sink,
      [cond('licence:1', 'expiring'), cond('licence:2', 'expired')],
      [
        { source_id: 'licence:2', rule: 'expired' },
        { source_id: 'licence:3', rule: 'expiring' },
      ],
      now,
    )
    expect(r).toEqual({ active: 2, raised: 1, cleared: 1 })
    expect(calls).toEqual([
      'raise licence:1 expiring low 2026-11-29T08:00:00.000Z',
      'clear licence:3 expiring 2026-11-29T08:00:00.000Z',
    ])
  })

  it('tells rules of one source apart', async () => {
    const { sink, calls } = recordingSink()
    const r = await reconcileSystemAlarms(
      sink,
      [cond('plan:1', 'drill_overdue')],
      [{ source_id: 'plan:1', rule: 'drill_due' }],
      now,
    )
    expect(r).toEqual({ active: 1, raised: 1, cleared: 1 })
    expect(calls.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
      'raise plan:1 drill_overdue',
      'clear plan:1 drill_due',
    ])
  })

  it('does nothing when conditions and open alarms agree', async () => {
    const { sink, calls } = recordingSink()
    const r = await reconcileSystemAlarms(sink, [cond('a', 'x')], [{ source_id: 'a', rule: 'x' }], now)
    expect(r).toEqual({ active: 1, raised: 0, cleared: 0 })
    expect(calls).toEqual([])
  })
})
