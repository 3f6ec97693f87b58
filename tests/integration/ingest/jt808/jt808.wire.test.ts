// What TCP does to JT/T 808 frames, against the real listener: frames captured from real terminals,
// reads split at every byte and coalesced, garbage between frames, floods, batches and split messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AnswerResult,
  decodeFrame,
  encodeBatch,
  encodeFrame,
  encodeLocation,
  MsgId,
  toPositionSample,
} from '../../../../sensors/protocols/jt808'
import { createPrng } from '../../../../sensors/simulators/prng'
import { systemScope } from '../../../../server/platform/db/db'
import { enrolledTagId } from '../../../../server/ingest/jt808/jt808.enrolment'
import { loadFieldFrames } from '../../../fixtures/jt808/field-frames'
import { fixAt, recent, registerAndAuthenticate, startStack, terminal, type Stack } from './setup'
import { WireClient } from './wire-client'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('JT/T 808 listener on the wire', () => {
  let stack: Stack
  const clients: WireClient[] = []
  const open = async () => {
    const c = await WireClient.connect(stack.listener.port)
    clients.push(c)
    return c
  }
  /** A connection authenticated for `phone`. */
  const session = async (phone: string) => {
    const c = await open()
    const t = terminal(phone)
    await registerAndAuthenticate(c, t)
    return { c, t, tagId: enrolledTagId(phone.replace(/^0+/, '')) }
  }

  beforeAll(async () => {
    stack = await startStack('cpt_jt808_wire')
  })
  afterAll(async () => {
    for (const c of clients) await c.close()
    await stack?.stop()
  })

  it('answers every captured field frame with result 0 and its serial, once its terminal authenticated', async () => {
    const c = await open()
    const frames = loadFieldFrames().map((f) => {
      const res = decodeFrame(f.frame)
      if (!res.ok) throw new Error(`line ${f.line}: ${res.detail}`)
      return { ...f, header: res.message.header }
    })
    const seen = new Set<string>()
    for (const { header } of frames) {
      if (seen.has(header.terminal)) continue
      seen.add(header.terminal)
      await registerAndAuthenticate(c, terminal(header.phone, header.version))
    }
    for (const f of frames) {
      c.send(f.frame)
      const answer = await c.answer(f.header.serial, f.header.msgId)
      expect(answer.result, `line ${f.line}`).toBe(AnswerResult.ok)
    }
    // one row per usable fix and terminal (the natural key), counted with the codec itself
    const keys = new Set<string>()
    for (const { frame } of frames) {
      const res = decodeFrame(frame)
      if (!res.ok) continue
      const m = res.message
      const locs = m.kind === 'location' ? [m.body] : m.kind === 'batch' ? m.body.items : []
      for (const loc of locs) {
        const tp = toPositionSample(m.header.terminal, loc)
        if (tp) keys.add(`${tp.terminal}|${tp.sample.t}`)
      }
    }
    const [{ n }] = (await stack.server.db.query(
      systemScope,
      `SELECT count(*)::int AS n FROM positions WHERE tag_id = ANY($1::text[])`,
      [[...seen].map(enrolledTagId)],
    )) as [{ n: number }]
    expect(keys.size).toBeGreaterThanOrEqual(10)
    expect(n).toBe(keys.size)
  })

  it('reassembles a frame split at every byte boundary, escapes included', async () => {
    const { c, t, tagId } = await session('013800000001')
    const phone = t.id.phone
    let boundaries = 0
    for (let i = 0; ; i++) {
      // serial 0x7E7D escapes to four bytes, so some cuts fall inside an escape sequence
      const frame = encodeFrame(
        { msgId: MsgId.location, phone, serial: 0x7e7d },
        encodeLocation(fixAt(recent(i))),
      )
      if (i === 0) expect(frame.includes(Buffer.of(0x7d, 0x02))).toBe(true)
      const cut = i + 1
      if (cut >= frame.length) break
      await c.sendNow(frame.subarray(0, cut))
      await sleep(2)
      await c.sendNow(frame.subarray(cut))
      expect(await c.answer(0x7e7d, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
      boundaries++
    }
    expect(await stack.rows(tagId)).toBe(boundaries)
  })

  it('answers coalesced frames in order', async () => {
    const { c, t, tagId } = await session('013800000002')
    const outs = Array.from({ length: 5 }, (_, i) => t.location(fixAt(recent(i))))
    c.send(Buffer.concat(outs.map((o) => o.frame)))
    for (const o of outs) expect(await c.answer(o.serial, MsgId.location)).toMatchObject({ result: 0 })
    expect(await stack.rows(tagId)).toBe(5)
  })

  it('skips garbage between frames without answering it', async () => {
    const { c, t, tagId } = await session('013800000003')
    const before = stack.listener.stats().rejections
    const outs = Array.from({ length: 4 }, (_, i) => t.location(fixAt(recent(i))))
    const junk = Buffer.from('hello, not a frame')
    c.send(
      Buffer.concat([
        outs[0]!.frame,
        junk,
        outs[1]!.frame,
        Buffer.concat([Buffer.of(0x7e), junk, Buffer.of(0x7e)]),
        outs[2]!.frame,
        Buffer.of(0x7e, 0x7e, 0x7e),
        outs[3]!.frame,
      ]),
    )
    for (const o of outs) expect(await c.answer(o.serial, MsgId.location)).toMatchObject({ result: 0 })
    await c.expectSilence(200)
    expect(await stack.rows(tagId)).toBe(4)
    const after = stack.listener.stats().rejections
    const total = (r: typeof after) => Object.values(r).reduce((a, b) => a + b, 0)
    expect(total(after)).toBeGreaterThan(total(before))
  })

  it('closes a connection that floods garbage, and only that one', async () => {
    const good = await session('013800000004')
    const before = stack.listener.stats().connections.closedFlood
    const random = await open()
    const prng = createPrng(808)
    random.send(Buffer.from(Array.from({ length: 64 * 1024 }, () => prng.int(0, 255))))
    await random.closed
    const zeros = await open() // no 0x7E at all: never a frame, only discarded bytes
    zeros.send(Buffer.alloc(200 * 1024))
    await zeros.closed
    expect(stack.listener.stats().connections.closedFlood).toBe(before + 2)

    const loc = good.t.location(fixAt(recent(0)))
    good.c.send(loc.frame)
    expect(await good.c.answer(loc.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
    expect(good.c.destroyed).toBe(false)
  })

  it('answers every frame with a random body under a valid checksum, and stays up', async () => {
    const { c, t } = await session('013800000007')
    const prng = createPrng(20260808)
    const ids = [0x0002, 0x0003, 0x0100, 0x0102, 0x0200, 0x0704, 0x8001, 0x8100, 0x0900]
    for (let serial = 0; serial < 300; serial++) {
      const msgId = prng.pick(ids)
      const body = Buffer.from(Array.from({ length: prng.int(0, 120) }, () => prng.int(0, 255)))
      c.send(
        encodeFrame({ msgId, phone: t.id.phone, serial, version: prng.pick([2013, 2019] as const) }, body),
      )
      // every one is answered: 0x8100 for a register, 0x8001 (any result) for the rest
      await c.next(
        (m) =>
          (m.kind === 'register_answer' && m.body.serial === serial) ||
          (m.kind === 'platform_answer' && m.body.serial === serial && m.body.msgId === msgId),
      )
    }
    expect(c.destroyed).toBe(false)
    // garbage reached the database as data (plates, IMEIs, positions) without one failed statement
    expect(stack.listener.stats().rejections.handler_failed ?? 0).toBe(0)
    const hb = t.heartbeat()
    c.send(hb.frame)
    await c.answer(hb.serial, MsgId.heartbeat)
  })

  it('stores each fix of a 0x0704 batch', async () => {
    const { c, t, tagId } = await session('013800000005')
    const batch = t.batch([0, 1, 2].map((i) => fixAt(recent(i), i)))
    c.send(batch.frame)
    expect(await c.answer(batch.serial, MsgId.batch)).toMatchObject({ result: AnswerResult.ok })
    expect(await stack.rows(tagId)).toBe(3)
  })

  it('answers every part of a split 0x0704 once the whole message is stored', async () => {
    const { c, t, tagId } = await session('013800000006')
    const fixes = Array.from({ length: 60 }, (_, i) => ({
      ...fixAt(recent(i), i),
      extras: { odometerKm: i },
    }))
    const body = encodeBatch({ type: 1, items: fixes })
    const size = 500
    const total = Math.ceil(body.length / size)
    expect(total).toBeGreaterThan(2)
    const first = 0x1000
    const parts = Array.from({ length: total }, (_, i) =>
      encodeFrame(
        { msgId: MsgId.batch, phone: t.id.phone, serial: first + i, split: { total, index: i + 1 } },
        body.subarray(i * size, (i + 1) * size),
      ),
    )
    for (const p of parts.slice(0, -1)) c.send(p)
    await c.expectSilence(200) // nothing is answered before the whole message is durable
    c.send(parts[total - 1]!)
    for (let i = 0; i < total; i++)
      expect(await c.answer(first + i, MsgId.batch)).toMatchObject({ result: AnswerResult.ok })
    expect(await stack.rows(tagId)).toBe(60)
  })
})
