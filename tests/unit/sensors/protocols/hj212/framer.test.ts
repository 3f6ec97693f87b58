import { describe, expect, it } from 'vitest'
import { createPrng } from '../../../../../sensors/simulators/prng'
import {
  decodePacket,
  encodeDataUpload,
  Hj212Framer,
  type FramerEvent,
  type Hj212Frame,
} from '../../../../../sensors/protocols/hj212'
import { frameOf, GAS_HOUR_SEGMENT, STANDARD_EXAMPLE, WATER_RTD_SEGMENT } from './hj212-fixtures'

const WATER = frameOf(WATER_RTD_SEGMENT)
const GAS = frameOf(GAS_HOUR_SEGMENT)
const MAX_FRAME = 6 + 9999 + 6

function feed(chunks: (string | Uint8Array)[], framer = new Hj212Framer()): FramerEvent[] {
  return chunks.flatMap((chunk) => framer.push(chunk))
}

function randomChunks(bytes: Uint8Array, seed: number, maxChunk = 40): Uint8Array[] {
  const rng = createPrng(seed)
  const chunks: Uint8Array[] = []
  for (let at = 0; at < bytes.length;) {
    const size = rng.int(1, maxChunk)
    chunks.push(bytes.slice(at, at + size))
    at += size
  }
  return chunks
}

const frames = (events: FramerEvent[]): Hj212Frame[] => events.filter((e) => e.kind === 'frame')
const rejections = (events: FramerEvent[]) => events.filter((e) => e.kind === 'rejected')

describe('Hj212Framer', () => {
  const stream = new TextEncoder().encode('garbage' + STANDARD_EXAMPLE + WATER + '\0\0xx' + GAS + 'tail#')

  it('cuts the same frames whether the stream comes at once, byte by byte or in random chunks', () => {
    const atOnce = feed([stream])
    const byByte = feed([...stream].map((b) => Uint8Array.of(b)))
    expect(byByte).toEqual(atOnce)
    for (const seed of [1, 2, 3, 42, 1234]) expect(feed(randomChunks(stream, seed))).toEqual(atOnce)
    expect(frames(atOnce).map((f) => f.raw)).toEqual([STANDARD_EXAMPLE, WATER, GAS])
    expect(frames(atOnce)[0]).toMatchObject({ crc: '1C80', segment: STANDARD_EXAMPLE.slice(6, -6) })
    expect(rejections(atOnce).map((r) => r.reason)).toEqual(['garbage', 'garbage'])
  })

  it('holds only the unfinished tail between reads', () => {
    const framer = new Hj212Framer()
    framer.push(stream)
    expect(framer.bufferedBytes).toBe(1) // the trailing '#' may start the next '##'
    expect(framer.stats).toMatchObject({ frames: 3, rejected: 2 })
  })

  it('passes a bad-CRC frame on for decodePacket to reject, keeping both neighbours', () => {
    const bad = WATER.replace('w01018-Rtd=35.2', 'w01018-Rtd=95.2') // same length, CRC no longer matches
    const results = frames(feed(randomChunks(new TextEncoder().encode(GAS + bad + STANDARD_EXAMPLE), 7))).map(
      (frame) => decodePacket(frame.bytes),
    )
    expect(results.map((r) => (r.ok ? r.packet.cn : r.reason))).toEqual([2061, 'bad_crc', 1062])
  })

  it('rejects a wrong declared length and resyncs on the next frame', () => {
    const shortBy1 = STANDARD_EXAMPLE.replace('##0101', '##0100')
    const longBy1 = STANDARD_EXAMPLE.replace('##0101', '##0102')
    const events = feed([shortBy1 + WATER + longBy1 + GAS])
    expect(frames(events).map((f) => f.raw)).toEqual([WATER, GAS])
    expect(rejections(events).map((r) => r.reason)).toEqual(['bad_length', 'bad_length'])
  })

  it('rejects a non-digit length and a 5-digit length, and resyncs', () => {
    const nonDigit = STANDARD_EXAMPLE.replace('##0101', '##01x1')
    const fiveDigits = '##10000' + 'a'.repeat(50) + '\r\n' // read as 1000: the early CR LF gives it away
    const events = feed([nonDigit + fiveDigits + '#' + WATER]) // `###0230…`: the first `##` is no frame
    expect(frames(events).map((f) => f.raw)).toEqual([WATER])
    expect(rejections(events).map((r) => r.reason)).toEqual(['bad_length', 'bad_length', 'bad_length'])
  })

  it('rejects lengths above its limit as too_long', () => {
    const framer = new Hj212Framer({ maxSegmentLength: 100 })
    const events = feed([STANDARD_EXAMPLE + WATER], framer)
    expect(rejections(events)).toEqual([
      { kind: 'rejected', reason: 'too_long', detail: 'declared 101 > 100' },
      { kind: 'rejected', reason: 'too_long', detail: 'declared 230 > 100' },
    ])
    expect(frames(events)).toEqual([])
  })

  it('does not let a bad length hold back the frames behind it', () => {
    const framer = new Hj212Framer()
    const events = feed(['##9999QN=1;' + '\r\n', WATER], framer)
    expect(frames(events).map((f) => f.raw)).toEqual([WATER])
    expect(framer.bufferedBytes).toBe(0)
  })

  it('stays bounded on an endless stream without ## or CR LF', () => {
    const framer = new Hj212Framer()
    const noise = new TextEncoder().encode('x#y'.repeat(10_000))
    for (let i = 0; i < 200; i++) framer.push(noise)
    expect(framer.bufferedBytes).toBeLessThanOrEqual(1)
    const open = new Hj212Framer()
    open.push('##9999')
    for (let i = 0; i < 200; i++) {
      open.push('y'.repeat(1000))
      expect(open.bufferedBytes).toBeLessThanOrEqual(MAX_FRAME)
    }
    expect(open.stats.rejected).toBeGreaterThan(0)
  })

  it('frames what the encoder writes, many packets in one read', () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      encodeDataUpload({
        cn: 2011,
        st: 32,
        mn: 'MN1',
        pw: '123456',
        dataTime: new Date(Date.UTC(2026, 10, 28, 7, i)),
        qn: new Date(Date.UTC(2026, 10, 28, 7, i, 1)),
        values: [{ code: 'w01018', field: 'Rtd', value: i, flag: 'N' }],
        ackWanted: true,
      }),
    ).join('')
    const got = frames(feed(randomChunks(new TextEncoder().encode(many), 99, 500))).map((f) =>
      decodePacket(f.bytes),
    )
    expect(got.filter((r) => r.ok)).toHaveLength(50)
  })
})
