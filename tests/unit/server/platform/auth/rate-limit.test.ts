import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../../../../server/platform/auth/rate-limit'

function limiter(limit: number, windowMs: number) {
  const clock = { t: 1_000_000 }
  return { clock, rl: new RateLimiter(limit, windowMs, () => clock.t) }
}

describe('RateLimiter', () => {
  it('allows `limit` calls per window and refuses the rest', () => {
    const { rl } = limiter(3, 60_000)
    expect([1, 2, 3, 4, 5].map(() => rl.take('10.0.0.1'))).toEqual([true, true, true, false, false])
  })

  it('counts each key on its own', () => {
    const { rl } = limiter(1, 60_000)
    expect(rl.take('a')).toBe(true)
    expect(rl.take('b')).toBe(true)
    expect(rl.take('a')).toBe(false)
  })

  it.each([
    [59_999, false],
    [60_000, true],
    [120_000, true],
  ])('after %i ms a refused key is allowed: %s', (elapsed, allowed) => {
    const { rl, clock } = limiter(2, 60_000)
    rl.take('k')
    rl.take('k')
    expect(rl.take('k')).toBe(false)
    clock.t += elapsed
    expect(rl.take('k')).toBe(allowed)
  })

  it('starts a full new window after expiry (fixed window from the first call)', () => {
    const { rl, clock } = limiter(2, 1_000)
    rl.take('k')
    clock.t += 1_000
    expect([rl.take('k'), rl.take('k'), rl.take('k')]).toEqual([true, true, false])
  })

  it('keeps counting correctly once more than 10 000 keys are tracked (pruning)', () => {
    const { rl, clock } = limiter(1, 1_000)
    for (let i = 0; i < 10_002; i++) rl.take(`ip${i}`)
    expect(rl.take('ip5')).toBe(false)
    clock.t += 500
    rl.take('fresh') // triggers pruning; nothing is old enough yet
    expect(rl.take('ip5')).toBe(false)
    clock.t += 500
    expect(rl.take('ip5')).toBe(true)
  })
})
