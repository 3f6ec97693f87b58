// Property-based tests of JT/T 808 escaping, checksum and stream framing (fast-check, fixed seeds). Frames come
// from the encoder with random bodies rich in 0x7E / 0x7D, so escaping is exercised on every run.
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  checksum,
  decodeFrame,
  encodeFrame,
  escape,
  Jt808Framer,
  MAX_BODY_BYTES,
  MAX_FRAME_BYTES,
  rejectReasons,
  unescape,
  type HeaderInput,
} from '../../../../../sensors/protocols/jt808'

let framesTested = 0

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message)
}

/** bytes with flags and escapes over-represented */
const wireByte = fc.oneof(fc.constantFrom(0x7e, 0x7d, 0x01, 0x02), fc.nat(255))
const bytes = (maxLength: number) => fc.array(wireByte, { maxLength, size: 'max' }).map((a) => Buffer.from(a))

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''))

/** a message id outside the decoded set, so the body comes back raw (and must equal what was sent) */
const rawMsgId = fc.integer({ min: 0x0f00, max: 0x0fff })

const header: fc.Arbitrary<HeaderInput> = fc.oneof(
  fc.record({
    msgId: rawMsgId,
    phone: digits(12),
    serial: fc.nat(0xffff),
    version: fc.constant(2013 as const),
  }),
  fc.record({
    msgId: rawMsgId,
    phone: digits(20),
    serial: fc.nat(0xffff),
    version: fc.constant(2019 as const),
  }),
)

interface Frame {
  header: HeaderInput
  body: Buffer
  wire: Buffer
}
const frame: fc.Arbitrary<Frame> = fc
  .tuple(header, bytes(MAX_BODY_BYTES))
  .map(([h, body]) => ({ header: h, body, wire: encodeFrame(h, body) }))

function checkDecodes(f: Frame, wire: Buffer): void {
  const d = decodeFrame(wire)
  if (!d.ok) throw new Error(`valid frame rejected: ${d.reason} ${d.detail}`)
  const m = d.message
  check(m.kind === 'unknown' && m.msgId === f.header.msgId, `kind ${m.kind} msgId ${m.msgId}`)
  check(m.header.phone === f.header.phone && m.header.serial === f.header.serial, 'header differs')
  if (m.kind === 'unknown') check(m.body.raw.equals(f.body), 'body differs')
}

function chunksOf(data: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b)
  const out: Buffer[] = []
  let from = 0
  for (const p of [...points, data.length]) {
    out.push(data.subarray(from, p))
    from = p
  }
  return out
}

/** bytes the framer holds for an unfinished frame (private: read for the bound, never written) */
const held = (f: Jt808Framer) => (f as unknown as { len: number }).len

describe('JT/T 808 properties (fast-check)', () => {
  afterAll(() => {
    console.log(`jt808 property tests: ${framesTested} frames through framer + decoder`)
  })

  it('escape is reversible and leaves no flag byte', () => {
    fc.assert(
      fc.property(bytes(3000), (data) => {
        const wire = escape(data)
        check(!wire.includes(0x7e), 'escaped data holds 0x7E')
        const back = unescape(wire)
        check(back.ok && back.data.equals(data), 'unescape(escape(x)) !== x')
      }),
      { seed: 808, numRuns: 2_000 },
    )
  }, 60_000)

  it('every encoded frame decodes to its header and body, split anywhere, with garbage between', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(frame, bytes(20)), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (items, cuts) => {
          // garbage without a flag between frames: the framer yields it as a frame decodeFrame refuses
          const stream = Buffer.concat(items.flatMap(([f, g]) => [f.wire, g.filter((b) => b !== 0x7e)]))
          const framer = new Jt808Framer()
          const good: Buffer[] = []
          for (const c of chunksOf(stream, cuts)) {
            for (const r of framer.push(c)) if (r.ok) good.push(r.frame)
            check(held(framer) <= MAX_FRAME_BYTES, `framer holds ${held(framer)} bytes`)
          }
          const decoded = good.filter((g) => decodeFrame(g).ok)
          check(decoded.length === items.length, `${decoded.length} of ${items.length} frames decoded`)
          items.forEach(([f], i) => checkDecodes(f, decoded[i]!))
          framesTested += items.length
        },
      ),
      { seed: 2019, numRuns: 1_000 },
    )
  }, 60_000)

  it('one flipped bit of content is never accepted (XOR checksum)', () => {
    fc.assert(
      fc.property(frame, fc.nat(), fc.integer({ min: 0, max: 7 }), (f, at, bit) => {
        const wire = Buffer.from(f.wire)
        const i = 1 + (at % (wire.length - 2)) // not the flags
        const flipped = wire[i]! ^ (1 << bit)
        // a flip into or out of 0x7D/0x7E changes the escaping (two logical bytes): not a single-byte error
        if ([0x7d, 0x7e].includes(wire[i]!) || [0x7d, 0x7e].includes(flipped)) return
        if (i > 1 && wire[i - 1] === 0x7d) return
        wire[i] = flipped
        const d = decodeFrame(wire)
        check(!d.ok, `frame with bit ${bit} of byte ${i} flipped was accepted`)
        framesTested++
      }),
      { seed: 0x7e7e, numRuns: 5_000 },
    )
  }, 60_000)

  it('arbitrary bytes and mutated frames: never throws, refusals name a known reason, buffer bounded', () => {
    const reasons: readonly string[] = [...rejectReasons]
    const chunk = fc.oneof(
      bytes(3_000),
      frame.map((f) => f.wire),
      fc
        .tuple(frame, fc.nat(), bytes(8))
        .map(([f, at, ins]) =>
          Buffer.concat([f.wire.subarray(0, at % f.wire.length), ins, f.wire.subarray(at % f.wire.length)]),
        ),
      fc
        .integer({ min: 2_000, max: 8_000 })
        .map((n) => Buffer.concat([Buffer.of(0x7e), Buffer.alloc(n, 0x30)])),
    )
    fc.assert(
      fc.property(fc.array(chunk, { minLength: 1, maxLength: 6 }), (chunks) => {
        const framer = new Jt808Framer()
        for (const c of chunks) {
          for (const r of framer.push(c)) {
            if (!r.ok) continue
            check(r.frame.length <= MAX_FRAME_BYTES, `frame of ${r.frame.length} bytes`)
            const d = decodeFrame(r.frame)
            if (!d.ok) check(reasons.includes(d.reason), `unknown reason ${d.reason}`)
            if (!d.ok) check(!d.detail.startsWith('internal'), `decoder threw: ${d.detail}`)
            if (d.ok) {
              // accepted: its unescaped content carries a matching checksum
              const inner = unescape(r.frame.subarray(1, -1), true)
              check(inner.ok && checksum(inner.data) === 0, 'accepted with a wrong checksum')
            }
            framesTested++
          }
          check(held(framer) <= MAX_FRAME_BYTES, `framer holds ${held(framer)} bytes`)
        }
      }),
      { seed: 2013, numRuns: 1_000 },
    )
  }, 60_000)

  it('covers a few thousand frames', () => {
    expect(framesTested).toBeGreaterThan(5_000)
  })
})
