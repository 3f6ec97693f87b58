// Property-based tests of the HJ 212 framer + decoder (fast-check, fixed seeds so a failure reproduces with
// the printed seed/path). Valid frames come from the encoder; streams mix them with mutated frames (bit
// flips, truncation, insertion, deletion, duplicated `##`, bad CRC, huge declared lengths) and garbage, and
// are cut into chunks at random points. Properties: nothing throws, every untouched valid frame still
// decodes to what was encoded, the framer holds at most one frame's worth of bytes whatever it is fed, and a
// frame whose CRC does not match its data segment is never accepted.
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  decodePacket,
  encodePacket,
  hj212Crc,
  Hj212Framer,
  POLLUTANT_CODES,
  POLLUTANT_FIELDS,
  DATA_FLAGS,
  type EncodePacketInput,
  type FramerEvent,
  type Hj212RejectReason,
} from '../../../../../sensors/protocols/hj212'
import { MAX_FRAME_BYTES } from '../../../../../sensors/protocols/hj212/frame-format'

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const REASONS: readonly Hj212RejectReason[] = [
  'bad_length',
  'bad_crc',
  'bad_field',
  'missing_field',
  'bad_qn',
  'bad_flag',
  'bad_datatime',
  'too_long',
]

/** frames pushed through framer and decoder, over every property (the issue asks for ≥ 100,000) */
let framesTested = 0

// ---- valid frames, built by the encoder -------------------------------------------------------------
const alnum = fc.constantFrom(...'ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789'.split(''))
const text = (min: number, max: number) =>
  fc.array(alnum, { minLength: min, maxLength: max }).map((a) => a.join(''))
const T0 = Date.UTC(2020, 0, 1)
const T1 = Date.UTC(2030, 0, 1)
const instant = fc.integer({ min: T0, max: T1 }).map((ms) => new Date(ms))

const pollutant = fc.record({
  code: fc.constantFrom(...POLLUTANT_CODES.map((c) => c.code)),
  field: fc.constantFrom(...POLLUTANT_FIELDS),
  value: fc.oneof(
    fc.constant(null),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  ),
  flag: fc.option(fc.constantFrom(...DATA_FLAGS), { nil: undefined }),
})

const packetInput: fc.Arbitrary<EncodePacketInput> = fc.record({
  qn: instant,
  st: fc.constantFrom(21, 22, 27, 31, 32),
  cn: fc.constantFrom(2011, 2051, 2061, 2031, 2021, 1062),
  pw: text(0, 8),
  mn: text(1, 32),
  flag: fc.record({ ackWanted: fc.boolean() }),
  cp: fc.record({
    dataTime: instant,
    // one field per code: a repeated code-field pair is (rightly) refused by the decoder
    values: fc.uniqueArray(pollutant, { selector: (v) => v.code, maxLength: 10 }),
  }),
})

interface Valid {
  input: EncodePacketInput
  frame: string
}
const validFrame: fc.Arbitrary<Valid> = packetInput.map((input) => ({ input, frame: encodePacket(input) }))

// ---- mutations ----------------------------------------------------------------------------------------
type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; n: number }
  | { kind: 'dupHash'; at: number }
  | { kind: 'length'; digits: string }
  | { kind: 'crc'; which: number; delta: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(fc.oneof(fc.constantFrom(0x23, 0x0d, 0x0a, 0x3b, 0x3d, 0x26), fc.nat(255)), {
      minLength: 1,
      maxLength: 8,
    }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('dupHash' as const), at: fc.oneof(fc.constant(0), fc.nat()) }),
  fc.record({
    kind: fc.constant('length' as const),
    digits: fc.oneof(
      fc.constantFrom('9999', '0000', '1025', '0001'),
      fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
    ),
  }),
  fc.record({
    kind: fc.constant('crc' as const),
    which: fc.integer({ min: 0, max: 3 }),
    delta: fc.integer({ min: 1, max: 15 }),
  }),
)

function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = (n: number) => (bytes.length ? n % (bytes.length + 1) : 0)
  const join = (...parts: ArrayLike<number>[]) => {
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
    let o = 0
    for (const p of parts) {
      out.set(p, o)
      o += p.length
    }
    return out
  }
  switch (m.kind) {
    case 'flip': {
      if (!bytes.length) return bytes
      const out = bytes.slice()
      const i = m.at % bytes.length
      out[i] = out[i]! ^ (1 << m.bit)
      return out
    }
    case 'truncate':
      return bytes.subarray(0, at(m.at) % Math.max(1, bytes.length))
    case 'insert':
      return join(bytes.subarray(0, at(m.at)), m.bytes, bytes.subarray(at(m.at)))
    case 'delete':
      return join(bytes.subarray(0, at(m.at)), bytes.subarray(Math.min(bytes.length, at(m.at) + m.n)))
    case 'dupHash':
      return join(bytes.subarray(0, at(m.at)), [0x23, 0x23], bytes.subarray(at(m.at)))
    case 'length':
      return join(bytes.subarray(0, 2), encoder.encode(m.digits), bytes.subarray(6))
    case 'crc': {
      // one CRC hex digit replaced by a different value (so the CRC is wrong, not just re-cased)
      const out = bytes.slice()
      const i = bytes.length - 6 + m.which
      const value = parseInt(String.fromCharCode(out[i]!), 16)
      out[i] = '0123456789ABCDEF'.charCodeAt((value + m.delta) % 16)
      return out
    }
  }
}

// ---- streams -----------------------------------------------------------------------------------------
/** garbage between frames: anything but `##` (a `##` in garbage may legally open a frame that swallows the next) */
const garbage = fc
  .uint8Array({ minLength: 1, maxLength: 40 })
  .map((g) => g.map((b, i) => (b === 0x23 && g[i - 1] === 0x23 ? 0x2a : b)))

type Piece =
  | { kind: 'valid'; v: Valid }
  | { kind: 'mutated'; v: Valid; ms: Mutation[] }
  | { kind: 'garbage'; bytes: Uint8Array }
  | { kind: 'huge'; size: number }

const piece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 4, arbitrary: validFrame.map((v) => ({ kind: 'valid' as const, v })) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(validFrame, fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([v, ms]) => ({ kind: 'mutated' as const, v, ms })),
  },
  { weight: 1, arbitrary: garbage.map((bytes) => ({ kind: 'garbage' as const, bytes })) },
  // a candidate that declares the largest length and never ends: the framer must not grow with it
  {
    weight: 1,
    arbitrary: fc.integer({ min: 100, max: 12_000 }).map((size) => ({ kind: 'huge' as const, size })),
  },
)

function pieceBytes(p: Piece): Uint8Array {
  switch (p.kind) {
    case 'valid':
      return encoder.encode(p.v.frame)
    case 'mutated':
      return p.ms.reduce(applyMutation, encoder.encode(p.v.frame))
    case 'garbage':
      return p.bytes
    case 'huge': {
      const out = new Uint8Array(p.size).fill(0x41)
      out.set(encoder.encode('##9999QN='))
      return out
    }
  }
}

/**
 * The stream: pieces in order. After anything that is not an untouched frame an LF follows, so a broken
 * candidate is settled before the next valid frame (the framer resyncs at the latest on the next LF,
 * which a segment never holds); valid frames themselves end in CR LF, so they coalesce freely.
 */
function streamOf(pieces: Piece[]): Uint8Array {
  const parts: Uint8Array[] = []
  for (const p of pieces) {
    parts.push(pieceBytes(p))
    if (p.kind !== 'valid') parts.push(new Uint8Array([0x0a]))
  }
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** Cuts at sorted random offsets; some chunks are empty, some hold several frames. */
function chunksOf(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let from = 0
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p))
    from = p
  }
  return out
}

/** Feeds every chunk, checking the buffer bound after each read. */
function feed(framer: Hj212Framer, chunks: Uint8Array[]): FramerEvent[] {
  const events: FramerEvent[] = []
  for (const c of chunks) {
    events.push(...framer.push(c))
    // at most one undecided candidate (shorter than a maximal frame) is ever held after a read
    check(framer.bufferedBytes < MAX_FRAME_BYTES, `framer holds ${framer.bufferedBytes} bytes`)
  }
  return events
}

/** CRC as sent equals the CRC computed on the received segment bytes. */
function crcMatches(frame: Uint8Array): boolean {
  const sent = parseInt(decoder.decode(frame.subarray(frame.length - 6, frame.length - 2)), 16)
  return sent === hj212Crc(frame.subarray(6, frame.length - 6))
}

/** A plain check: expect() in loops of 100,000 frames costs more than the code under test. */
function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message)
}

function checkRejection(d: ReturnType<typeof decodePacket>): void {
  if (d.ok) return
  check(REASONS.includes(d.reason), `unknown reason ${d.reason}`)
  check(!d.detail.startsWith('decoder error'), `decoder threw: ${d.detail}`)
}

function checkDecoded(input: EncodePacketInput, frame: Uint8Array): void {
  const d = decodePacket(frame)
  if (!d.ok) throw new Error(`valid frame rejected: ${d.reason} ${d.detail}`)
  const cp = input.cp as { values: unknown[] }
  check(
    d.packet.mn === input.mn &&
      d.packet.cn === input.cn &&
      d.packet.pw === input.pw &&
      d.packet.cp.values.length === cp.values.length,
    `decoded ${JSON.stringify(d.packet)} differs from ${JSON.stringify(input)}`,
  )
}

describe('HJ 212 properties (fast-check)', () => {
  afterAll(() => {
    console.log(`hj212 property tests: ${framesTested} frames through framer + decoder`)
  })

  it('every valid frame decodes to what was encoded, split anywhere across reads', () => {
    fc.assert(
      fc.property(
        fc.array(validFrame, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (frames, cuts) => {
          const framer = new Hj212Framer()
          const stream = encoder.encode(frames.map((f) => f.frame).join(''))
          const events = feed(framer, chunksOf(stream, cuts))
          check(events.length === frames.length, `${events.length} events for ${frames.length} frames`)
          events.forEach((e, i) => {
            check(e.kind === 'frame' && e.raw === frames[i]!.frame, `event ${i} is ${JSON.stringify(e)}`)
            if (e.kind === 'frame') checkDecoded(frames[i]!.input, e.bytes)
          })
          check(framer.bufferedBytes === 0, `framer holds ${framer.bufferedBytes} bytes at the end`)
          framesTested += frames.length
        },
      ),
      { seed: 212_2017, numRuns: 2_500 },
    )
  }, 60_000)

  it('mixed with mutated frames and garbage: never throws, untouched frames survive, bad CRC never accepted', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 16 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (pieces, cuts) => {
          const framer = new Hj212Framer()
          const events = feed(framer, chunksOf(streamOf(pieces), cuts))
          const decodedOk: string[] = []
          for (const e of events) {
            if (e.kind !== 'frame') continue
            const d = decodePacket(e.bytes)
            if (d.ok) {
              check(crcMatches(e.bytes), `accepted with a wrong CRC: ${JSON.stringify(e.raw)}`)
              decodedOk.push(e.raw)
            } else checkRejection(d)
          }
          // every untouched valid frame comes out, decoded, in order
          const valid = pieces.flatMap((p) => (p.kind === 'valid' ? [p.v.frame] : []))
          const survived = decodedOk.filter((raw) => valid.includes(raw))
          expect(survived).toEqual(valid)
          framesTested += pieces.filter((p) => p.kind !== 'garbage').length
        },
      ),
      { seed: 2026_1128, numRuns: 7_000 },
    )
  }, 60_000)

  it('a mutated frame fed whole is decoded or refused with a reason, never thrown; a wrong CRC is always refused', () => {
    fc.assert(
      fc.property(validFrame, fc.array(mutation, { minLength: 1, maxLength: 4 }), (v, ms) => {
        const bytes = ms.reduce(applyMutation, encoder.encode(v.frame))
        const asBytes = decodePacket(bytes)
        const asText = decodePacket(decoder.decode(bytes))
        checkRejection(asBytes)
        checkRejection(asText)
        // decodePacket accepts a frame without its CR LF (logs strip it); the CRC is then the last 4 bytes
        const whole = bytes.at(-1) === 0x0a ? bytes : new Uint8Array([...bytes, 0x0d, 0x0a])
        if (asBytes.ok) check(crcMatches(whole), `accepted with a wrong CRC: ${decoder.decode(bytes)}`)
        if (ms.length === 1 && ms[0]!.kind === 'crc')
          check(
            !asBytes.ok && asBytes.reason === 'bad_crc',
            `CRC error not refused: ${JSON.stringify(asBytes)}`,
          )
        framesTested += 2
      }),
      { seed: 9014, numRuns: 25_000 },
    )
  }, 60_000)

  it('the buffer stays bounded whatever bytes arrive, in whatever reads', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 3_000, size: 'max' }),
      // mostly `#`, digits and CR LF: the bytes that keep a candidate alive longest
      fc
        .array(fc.constantFrom(0x23, 0x30, 0x39, 0x0d, 0x0a, 0x41), { maxLength: 3_000, size: 'max' })
        .map((a) => Uint8Array.from(a)),
      fc.integer({ min: 10_000, max: 40_000 }).map((n) => {
        const out = new Uint8Array(n).fill(0x42)
        out.set(encoder.encode('##9999'), 0)
        return out
      }),
    )
    fc.assert(
      fc.property(fc.array(bytes, { minLength: 1, maxLength: 8 }), (reads) => {
        const framer = new Hj212Framer()
        for (const r of reads) {
          for (const e of framer.push(r)) if (e.kind === 'frame') checkRejection(decodePacket(e.bytes))
          check(framer.bufferedBytes < MAX_FRAME_BYTES, `framer holds ${framer.bufferedBytes} bytes`)
        }
        framesTested += reads.length
      }),
      { seed: 1024, numRuns: 1_500 },
    )
  }, 60_000)

  it('covers at least 100,000 frames in all', () => {
    expect(framesTested).toBeGreaterThanOrEqual(100_000)
  })
})
