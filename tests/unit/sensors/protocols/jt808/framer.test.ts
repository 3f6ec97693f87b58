// The framer must give the same frames however TCP splits or joins the stream, and stay bounded.
import { describe, expect, it } from 'vitest'
import { Jt808Framer, MAX_FRAME_BYTES, type FramerResult } from '../../../../../sensors/protocols/jt808'
import { createPrng } from '../../../../../sensors/simulators/prng'
import { loadFieldFrames } from '../../../../fixtures/jt808/field-frames'

const frames = loadFieldFrames().map((f) => f.frame)
const stream = Buffer.concat(frames)

function feed(chunks: Buffer[], framer = new Jt808Framer()): FramerResult[] {
  return chunks.flatMap((c) => framer.push(c))
}

const okFrames = (out: FramerResult[]): string[] =>
  out.flatMap((r) => (r.ok ? [r.frame.toString('hex')] : []))
const want = frames.map((f) => f.toString('hex').toLowerCase())

describe('Jt808Framer', () => {
  it('splits a coalesced stream back into the frames', () => {
    expect(okFrames(feed([stream]))).toEqual(want)
  })

  it('gives the same frames byte by byte', () => {
    const bytes = [...stream].map((b) => Buffer.of(b))
    expect(okFrames(feed(bytes))).toEqual(want)
  })

  it.each([1, 2, 3, 42])('gives the same frames in random chunk sizes (seed %i)', (seed) => {
    const rng = createPrng(seed)
    const chunks: Buffer[] = []
    for (let pos = 0; pos < stream.length;) {
      const n = rng.int(1, 200)
      chunks.push(stream.subarray(pos, pos + n))
      pos += n
    }
    expect(okFrames(feed(chunks))).toEqual(want)
  })

  it('drops garbage before the first flag and counts it', () => {
    const framer = new Jt808Framer()
    const out = feed([Buffer.from('GET / HTTP/1.1\r\n'), stream], framer)
    expect(okFrames(out)).toEqual(want)
    expect(framer.stats.discardedBytes).toBe(16)
  })

  it('keeps frames around garbage between them (the garbage comes out as a frame to reject)', () => {
    const a = frames[0]!
    const b = frames[1]!
    const out = okFrames(feed([a, Buffer.from('0102', 'hex'), b]))
    expect(out).toEqual([a.toString('hex'), '7e01027e', b.toString('hex')])
  })

  it('ignores empty frames 7E7E and recovers frames sharing one flag', () => {
    const a = frames[0]!
    const b = frames[1]!
    const shared = Buffer.concat([a, b.subarray(1)]) // 7E…7E…7E
    expect(okFrames(feed([Buffer.from('7e7e7e', 'hex'), shared]))).toEqual(
      [a, b].map((f) => f.toString('hex')),
    )
  })

  it('stays bounded on an endless stream without a flag, reporting it once', () => {
    const framer = new Jt808Framer({ maxFrameBytes: 256 })
    const junk = Buffer.alloc(1000, 0x55)
    const out = feed([Buffer.of(0x7e), ...Array.from({ length: 1000 }, () => junk)], framer)
    expect(out).toEqual([{ ok: false, reason: 'too_long', detail: expect.stringContaining('256') }])
    expect(framer.stats).toMatchObject({ frames: 0, tooLong: 1, discardedBytes: 1_000_001 })
    // and resynchronises on the next flag
    expect(okFrames(feed([frames[0]!], framer))).toEqual([want[0]])
  })

  it('accepts a frame of exactly maxFrameBytes and refuses one byte more', () => {
    const max = 64
    const exact = Buffer.concat([Buffer.of(0x7e), Buffer.alloc(max - 2, 1), Buffer.of(0x7e)])
    const over = Buffer.concat([Buffer.of(0x7e), Buffer.alloc(max - 1, 1), Buffer.of(0x7e)])
    expect(okFrames(feed([exact], new Jt808Framer({ maxFrameBytes: max })))).toHaveLength(1)
    const out = feed([over], new Jt808Framer({ maxFrameBytes: max }))
    expect(out.map((r) => r.ok)).toEqual([false])
  })

  it('defaults to the longest possible escaped frame', () => {
    expect(MAX_FRAME_BYTES).toBe(2092)
  })

  it('never yields a frame over the limit from random input', () => {
    const rng = createPrng(7)
    const framer = new Jt808Framer({ maxFrameBytes: 128 })
    const out: FramerResult[] = []
    for (let i = 0; i < 500; i++) {
      const chunk = Buffer.from(
        Array.from({ length: rng.int(1, 400) }, () => (rng.chance(0.005) ? 0x7e : rng.int(0, 255))),
      )
      out.push(...framer.push(chunk))
    }
    const sizes = out.flatMap((r) => (r.ok ? [r.frame.length] : []))
    expect(Math.max(...sizes)).toBeLessThanOrEqual(128)
    expect(framer.stats.tooLong).toBe(out.filter((r) => !r.ok).length)
  })

  it('reset() forgets a partial frame', () => {
    const framer = new Jt808Framer()
    const f = frames[0]!
    framer.push(f.subarray(0, 10))
    expect(framer.reset()).toBe(10)
    expect(okFrames(feed([f], framer))).toEqual([want[0]])
  })
})
