import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PositionSample } from '../../../../../server/contracts/live'
import { createManualClock } from '../../../../../sensors/simulators/clock'
import { startTagSimulator } from '../../../../../sensors/simulators/tags/run-tags'
import { miniPark } from '../../../../fixtures/mini-park'

describe('startTagSimulator', () => {
  const park = miniPark()
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('publishes one batch per period until stopped', async () => {
    const batches: PositionSample[][] = []
    const runner = startTagSimulator({ park, count: 12, periodMs: 500, publish: (s) => void batches.push(s) })
    expect(runner.tags).toHaveLength(12)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(batches).toHaveLength(4)
    expect(batches.every((b) => b.length === 12)).toBe(true)
    runner.stop()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(batches).toHaveLength(4)
  })

  it('skips ticks while a slow publish is pending, never overlapping', async () => {
    const clock = { now: () => Date.now() }
    let inFlight = 0
    let maxInFlight = 0
    const times: string[] = []
    const runner = startTagSimulator({
      park,
      count: 5,
      clock,
      publish: async (s) => {
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        times.push(s[0]!.t)
        await new Promise((r) => setTimeout(r, 2_500))
        inFlight--
      },
    })
    await vi.advanceTimersByTimeAsync(10_000)
    runner.stop()
    expect(maxInFlight).toBe(1)
    // ticks at 1 s, 4 s, 7 s, 10 s: each publish takes 2.5 s, so two ticks in three are skipped
    expect(times).toHaveLength(4)
    expect(new Set(times).size).toBe(4)
  })

  it('keeps running after a failing publish and reports the error', async () => {
    const errors: unknown[] = []
    let calls = 0
    const runner = startTagSimulator({
      park,
      count: 3,
      clock: createManualClock(),
      onError: (e) => errors.push(e),
      publish: () => {
        calls++
        if (calls === 1) throw new Error('bus down')
      },
    })
    await vi.advanceTimersByTimeAsync(3_000)
    runner.stop()
    expect(calls).toBe(3)
    expect(errors).toHaveLength(1)
  })
})
