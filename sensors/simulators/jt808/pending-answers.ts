// Messages a terminal has sent and the platform has not answered yet. JT/T 808 超时重传
// (TCP): after T(1) without an answer the terminal resends, waiting T(n+1) = T(n) × (n+1), and
// gives up after a number of tries. Pure; the caller passes the clock.
import type { LocationInput } from '../../protocols/jt808'
import type { OutFrame } from './terminal-frames'

export interface PendingAnswer extends OutFrame {
  /** times sent so far */
  attempts: number
  /** when the current wait ends, ms */
  dueAt: number
  waitMs: number
  /** the positions it carries, to buffer again if it never gets through */
  fixes: LocationInput[]
}

export class PendingAnswers {
  private readonly byKey = new Map<string, PendingAnswer>()

  constructor(
    private readonly timeoutMs: number,
    private readonly maxAttempts: number,
  ) {}

  get size(): number {
    return this.byKey.size
  }

  add(out: OutFrame, nowMs: number, fixes: LocationInput[] = []): void {
    const p = { ...out, attempts: 1, waitMs: this.timeoutMs, dueAt: nowMs + this.timeoutMs, fixes }
    this.byKey.set(key(out.serial, out.msgId), p)
  }

  /** The platform answered `serial`/`msgId`: forget it and return it, or null if unknown. */
  answer(serial: number, msgId: number): PendingAnswer | null {
    const k = key(serial, msgId)
    const p = this.byKey.get(k) ?? null
    this.byKey.delete(k)
    return p
  }

  /** Overdue entries: `resend` (already rescheduled) and `expired` (tries used up, removed). */
  due(nowMs: number): { resend: PendingAnswer[]; expired: PendingAnswer[] } {
    const resend: PendingAnswer[] = []
    const expired: PendingAnswer[] = []
    for (const [k, p] of this.byKey) {
      if (p.dueAt > nowMs) continue
      if (p.attempts >= this.maxAttempts) {
        this.byKey.delete(k)
        expired.push(p)
        continue
      }
      p.attempts++
      p.waitMs *= p.attempts
      p.dueAt = nowMs + p.waitMs
      resend.push(p)
    }
    return { resend, expired }
  }

  /** Everything still unanswered (the connection is gone), oldest first; the set is emptied. */
  drain(): PendingAnswer[] {
    const all = [...this.byKey.values()]
    this.byKey.clear()
    return all
  }
}

const key = (serial: number, msgId: number): string => `${msgId}:${serial}`
