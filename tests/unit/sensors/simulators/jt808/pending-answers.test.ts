import { describe, expect, it } from 'vitest'
import { PendingAnswers } from '../../../../../sensors/simulators/jt808/pending-answers'

const out = (serial: number, msgId = 0x0200) => ({ serial, msgId, frame: Buffer.of(serial) })
const fix = { lat: 1, lon: 1, time: '2026-01-01T00:00:00Z' }

describe('PendingAnswers (JT/T 808 超时重传)', () => {
  it('resends after T(1), then waits T(n+1) = T(n) × (n+1), then gives up', () => {
    const p = new PendingAnswers(1000, 3)
    p.add(out(1), 0, [fix])
    expect(p.due(999)).toEqual({ resend: [], expired: [] })
    const first = p.due(1000)
    expect(first.resend.map((x) => [x.attempts, x.waitMs, x.dueAt])).toEqual([[2, 2000, 3000]])
    expect(p.due(2999).resend).toEqual([])
    expect(p.due(3000).resend.map((x) => [x.attempts, x.waitMs, x.dueAt])).toEqual([[3, 6000, 9000]])
    const last = p.due(9000)
    expect(last.resend).toEqual([])
    expect(last.expired.map((x) => x.fixes)).toEqual([[fix]])
    expect(p.size).toBe(0)
  })

  it('forgets what the platform answered, by serial and id', () => {
    const p = new PendingAnswers(1000, 3)
    p.add(out(1), 0)
    p.add(out(1, 0x0002), 0)
    expect(p.answer(1, 0x0100)).toBeNull()
    expect(p.answer(1, 0x0200)?.serial).toBe(1)
    expect(p.answer(1, 0x0200)).toBeNull()
    expect(p.size).toBe(1)
  })

  it('hands everything back, oldest first, when the connection is gone', () => {
    const p = new PendingAnswers(1000, 3)
    p.add(out(1), 0)
    p.add(out(2), 10)
    expect(p.drain().map((x) => x.serial)).toEqual([1, 2])
    expect(p.size).toBe(0)
  })
})
