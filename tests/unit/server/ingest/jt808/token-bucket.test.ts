import { describe, expect, it } from 'vitest'
import { TokenBucket } from '../../../../../server/ingest/jt808/token-bucket'
import { createManualClock } from '../../../../../sensors/simulators/clock'

describe('TokenBucket', () => {
  it('allows a burst, then refills at its rate', () => {
    const clock = createManualClock()
    const b = new TokenBucket(2, 3, clock.now)
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false])
    clock.advance(499)
    expect(b.take()).toBe(false)
    clock.advance(1)
    expect([b.take(), b.take()]).toEqual([true, false])
  })

  it('never stores more than the burst', () => {
    const clock = createManualClock()
    const b = new TokenBucket(1, 2, clock.now)
    clock.advance(3_600_000)
    expect([b.take(), b.take(), b.take()]).toEqual([true, true, false])
  })
})
