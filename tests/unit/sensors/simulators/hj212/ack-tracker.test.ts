import { describe, expect, it } from 'vitest'
import { AckTracker } from '../../../../../sensors/simulators/hj212/ack-tracker'

const qns = (t: AckTracker, now: number) => t.due(now).map((p) => p.qn)

describe('AckTracker: uploads waiting for the platform’s answer', () => {
  it('sends a new upload at once and again only after the answer timeout', () => {
    const t = new AckTracker(10_000, 3)
    t.add('A', 'frame-A')
    expect(qns(t, 0)).toEqual(['A'])
    t.markSent('A', 0)
    expect(qns(t, 9_999)).toEqual([])
    expect(qns(t, 10_000)).toEqual(['A'])
  })

  it('stops once answered, and gives up after the resends', () => {
    const t = new AckTracker(1_000, 2)
    t.add('A', 'a')
    t.add('B', 'b')
    expect(t.settle('A')).toBe(true)
    expect(t.settle('A')).toBe(false)
    for (let i = 0; i < 3; i++) {
      expect(qns(t, i * 1_000)).toEqual(['B'])
      t.markSent('B', i * 1_000)
    }
    expect(qns(t, 3_000)).toEqual([])
    expect([t.size, t.dropped]).toEqual([0, 1])
  })

  it('holds a bounded backlog, dropping the oldest, and resends everything after a reconnect', () => {
    const t = new AckTracker(10_000, 3, 2)
    for (const qn of ['A', 'B', 'C']) {
      t.add(qn, qn)
      t.markSent(qn, 0)
    }
    expect([t.size, t.dropped]).toEqual([2, 1])
    expect(qns(t, 1)).toEqual([])
    t.unsendAll()
    expect(qns(t, 1)).toEqual(['B', 'C'])
  })
})
