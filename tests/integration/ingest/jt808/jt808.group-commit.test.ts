// Group commit of location reports (issue 4) against the real listener, PostgreSQL + PostGIS and Redis: reports of
// many connections in one transaction, answers only once it committed, failed commits answering nobody with
// success and leaving nothing behind, resends stored once, and backpressure (reading stops while the queue is
// full, and resumes). A test seam of the listener runs inside each group's transaction after its INSERT, just
// before COMMIT: it records the group, holds it, or fails it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnswerResult, MsgId, type Jt808Message } from '../../../../sensors/protocols/jt808'
import { enrolledTagId } from '../../../../server/ingest/jt808/jt808.enrolment'
import type { Jt808Listener } from '../../../../server/ingest/jt808/jt808.listener'
import type { LocationReport } from '../../../../server/ingest/jt808/jt808.locations'
import { eventually } from '../../../helpers/http'
import { fixAt, recent, registerAndAuthenticate, startStack, terminal, type Stack } from './setup'
import { WireClient } from './wire-client'

type Hook = (reports: readonly LocationReport[]) => void | Promise<void>
const noop: Hook = () => undefined
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A hook that holds every group in its transaction until release(). */
function holdAll() {
  let release: () => void = () => undefined
  const gate = new Promise<void>((r) => (release = r))
  let held = 0
  const hook: Hook = async () => {
    held++
    await gate
  }
  return { hook, release: () => release(), held: () => held }
}

describe('JT/T 808 group commit of location reports', () => {
  let stack: Stack
  let listener: Jt808Listener
  let hook: Hook = noop
  const groups: string[][] = []
  const clients: WireClient[] = []
  let phone = 0

  /** A new connection on `l` with a terminal authenticated on it. */
  const session = async (l: Jt808Listener = listener) => {
    const c = await WireClient.connect(l.port)
    clients.push(c)
    const p = `01391600${String(phone++).padStart(4, '0')}`
    const t = terminal(p)
    await registerAndAuthenticate(c, t)
    return { c, t, tagId: enrolledTagId(p.replace(/^0+/, '')) }
  }

  beforeAll(async () => {
    stack = await startStack('cpt_jt808_group')
    listener = await stack.extraListener({
      host: '127.0.0.1',
      // a long wait for company, so reports sent together surely meet in one group on a busy machine
      groupCommit: { maxWaitMs: 250, backoffMs: 5 },
      beforeLocationCommit: (reports) => {
        groups.push(reports.map((r) => r.terminal))
        return hook(reports)
      },
    })
  })
  afterAll(async () => {
    for (const c of clients) await c.close()
    await stack?.stop()
  })

  it('stores the reports of many connections in one transaction and answers each', async () => {
    const sessions = await Promise.all(Array.from({ length: 8 }, () => session()))
    groups.length = 0
    const outs = sessions.map((s, i) => s.t.location(fixAt(recent(i), i)))
    sessions.forEach((s, i) => s.c.send(outs[i]!.frame))
    for (const [i, s] of sessions.entries())
      expect(await s.c.answer(outs[i]!.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
    expect(groups).toHaveLength(1)
    expect(groups[0]!.sort()).toEqual(sessions.map((s) => s.t.id.phone.replace(/^0+/, '')).sort())
    for (const s of sessions) expect(await stack.rows(s.tagId)).toBe(1)
    const st = listener.stats().groupCommit
    expect(st.largest).toBeGreaterThanOrEqual(8)
    expect(st.reports).toBeGreaterThanOrEqual(8)
  })

  it('answers no connection before the transaction holding its report committed', async () => {
    const [a, b] = await Promise.all([session(), session()])
    const held = holdAll()
    hook = held.hook
    const la = a.t.location(fixAt(recent(0)))
    const lb = b.t.batch([1, 2, 3].map((i) => fixAt(recent(i), i)))
    a.c.send(la.frame)
    b.c.send(lb.frame)
    await eventually(async () => held.held() > 0, 10_000, 10)
    // inserted, not committed: nobody answered, nothing visible to another transaction
    await Promise.all([a.c.expectSilence(300), b.c.expectSilence(0)])
    expect(await stack.rows(a.tagId)).toBe(0)
    expect(await stack.rows(b.tagId)).toBe(0)
    hook = noop
    held.release()
    expect(await a.c.answer(la.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
    expect(await b.c.answer(lb.serial, MsgId.batch)).toMatchObject({ result: AnswerResult.ok })
    // checked the moment the answers arrive: durable before answered
    expect(await stack.rows(a.tagId)).toBe(1)
    expect(await stack.rows(b.tagId)).toBe(3)
  })

  it('a failed commit answers nobody with success and leaves no row; the resend is stored once', async () => {
    const [a, b, c] = await Promise.all([session(), session(), session()])
    hook = () => {
      throw new Error('injected: the database refused the group')
    }
    const la = a.t.location(fixAt(recent(10)))
    const lb = b.t.batch([0, 1, 2, 3, 4].map((i) => fixAt(recent(10 + i), i)))
    const lc = c.t.location(fixAt(recent(10)))
    const failedBefore = listener.stats().groupCommit.failedGroups
    a.c.send(la.frame)
    b.c.send(lb.frame)
    c.c.send(lc.frame)
    // not transient: every report is refused with result 1 (after each was tried alone too)
    expect(await a.c.answer(la.serial, MsgId.location)).toMatchObject({ result: AnswerResult.fail })
    expect(await b.c.answer(lb.serial, MsgId.batch)).toMatchObject({ result: AnswerResult.fail })
    expect(await c.c.answer(lc.serial, MsgId.location)).toMatchObject({ result: AnswerResult.fail })
    // the INSERT ran and was rolled back: not one row of any report, not part of the batch either
    for (const s of [a, b, c]) expect(await stack.rows(s.tagId)).toBe(0)
    expect(listener.stats().groupCommit.failedGroups).toBeGreaterThan(failedBefore)
    expect(listener.stats().rejections.handler_failed).toBeGreaterThanOrEqual(3)

    // the terminals resend (same frames, same serials): stored once, and once only when resent again
    hook = noop
    for (let round = 0; round < 2; round++) {
      a.c.send(la.frame)
      b.c.send(lb.frame)
      c.c.send(lc.frame)
      expect(await a.c.answer(la.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
      expect(await b.c.answer(lb.serial, MsgId.batch)).toMatchObject({ result: AnswerResult.ok })
      expect(await c.c.answer(lc.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
      expect(await stack.rows(a.tagId)).toBe(1)
      expect(await stack.rows(b.tagId)).toBe(5)
      expect(await stack.rows(c.tagId)).toBe(1)
    }
  })

  it('a transient failure (database gone) answers nothing, so the terminal resends; one row', async () => {
    const a = await session()
    let tries = 0
    hook = () => {
      tries++
      throw Object.assign(new Error('injected: connection lost'), { code: '08006' })
    }
    const la = a.t.location(fixAt(recent(20)))
    a.c.send(la.frame)
    await eventually(async () => tries >= 3, 10_000, 10) // the group is retried, then given up
    await a.c.expectSilence(300)
    expect(await stack.rows(a.tagId)).toBe(0)
    hook = noop
    a.c.send(la.frame)
    expect(await a.c.answer(la.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
    expect(await stack.rows(a.tagId)).toBe(1)
  })

  it('only the report the database refuses by itself fails; the others of its group are stored', async () => {
    const [a, b] = await Promise.all([session(), session()])
    const poison = b.t.id.phone.replace(/^0+/, '')
    hook = (reports) => {
      if (reports.some((r) => r.terminal === poison)) throw new Error('injected: refused for this terminal')
    }
    const la = a.t.location(fixAt(recent(30)))
    const lb = b.t.location(fixAt(recent(30)))
    a.c.send(la.frame)
    b.c.send(lb.frame)
    expect(await a.c.answer(la.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
    expect(await b.c.answer(lb.serial, MsgId.location)).toMatchObject({ result: AnswerResult.fail })
    expect(await stack.rows(a.tagId)).toBe(1)
    expect(await stack.rows(b.tagId)).toBe(0)
    hook = noop
  })

  it('stops reading the sockets while the queue is over its limit, resumes after, answers all in order', async () => {
    const held = holdAll()
    const small = await stack.extraListener({
      host: '127.0.0.1',
      groupCommit: { maxQueued: 4, resumeAt: 2, maxBatch: 2, maxInFlight: 1, maxWaitMs: 0 },
      beforeLocationCommit: (reports) => held.hook(reports),
    })
    const sessions = await Promise.all([session(small), session(small)])
    const outs = sessions.map((s) =>
      Array.from({ length: 12 }, (_, i) => s.t.location(fixAt(recent(40 + i)))),
    )
    for (let i = 0; i < 12; i++)
      for (const [k, s] of sessions.entries()) await s.c.sendNow(outs[k]![i]!.frame)
    await eventually(async () => small.stats().groupCommit.full, 10_000, 10)
    await sleep(300)
    const st = small.stats()
    expect(st.groupCommit).toMatchObject({ full: true, pauses: 1 })
    expect(st.groupCommit.connectionWaits).toBeGreaterThanOrEqual(1)
    // bounded: one group being committed, the queue at most one report past its limit, the rest unread
    expect(st.groupCommit.committingPositions).toBeLessThanOrEqual(2)
    expect(st.groupCommit.queuedPositions).toBeLessThanOrEqual(5)
    expect(st.messages.location ?? 0).toBeLessThan(24)
    for (const s of sessions) await s.c.expectSilence(0)

    held.release()
    for (const [k, s] of sessions.entries()) {
      // every report answered, in the order sent
      const answered: number[] = []
      for (let i = 0; i < 12; i++) {
        const m = (await s.c.next((x) => x.kind === 'platform_answer')) as Extract<
          Jt808Message,
          { kind: 'platform_answer' }
        >
        expect(m.body.result).toBe(AnswerResult.ok)
        answered.push(m.body.serial)
      }
      expect(answered).toEqual(outs[k]!.map((o) => o.serial))
      expect(await stack.rows(s.tagId)).toBe(12)
    }
    const after = small.stats()
    expect(after.groupCommit.full).toBe(false)
    expect(after.messages.location).toBe(24)
  })
})
