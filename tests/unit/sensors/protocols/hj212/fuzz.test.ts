import { describe, expect, it } from 'vitest'
import { createPrng, type Prng } from '../../../../../sensors/simulators/prng'
import { decodePacket, Hj212Framer, type Hj212RejectReason } from '../../../../../sensors/protocols/hj212'
import { frameOf, GAS_HOUR_SEGMENT, STANDARD_EXAMPLE, WATER_RTD_SEGMENT } from './hj212-fixtures'

const SEEDS = [STANDARD_EXAMPLE, frameOf(WATER_RTD_SEGMENT), frameOf(GAS_HOUR_SEGMENT)]
const ALPHABET = '#0123456789;=,&-.ABCDFNQPWMST\r\n\0é'
const REASONS: Hj212RejectReason[] = [
  'bad_length',
  'bad_crc',
  'bad_field',
  'missing_field',
  'bad_qn',
  'bad_flag',
  'bad_datatime',
  'too_long',
]

function mutate(frame: string, rng: Prng): string {
  let text = frame
  for (let n = rng.int(1, 4); n > 0; n--) {
    const at = rng.int(0, Math.max(0, text.length - 1))
    const ch = rng.pick([...ALPHABET])
    switch (rng.int(0, 4)) {
      case 0: // flip a character
        text = text.slice(0, at) + ch + text.slice(at + 1)
        break
      case 1: // insert
        text = text.slice(0, at) + ch + text.slice(at)
        break
      case 2: // delete
        text = text.slice(0, at) + text.slice(at + 1)
        break
      case 3: // truncate
        text = text.slice(0, at)
        break
      default: // flip a bit of a byte
        text =
          text.slice(0, at) +
          String.fromCharCode(text.charCodeAt(at) ^ (1 << rng.int(0, 6))) +
          text.slice(at + 1)
    }
  }
  return text
}

describe('fuzz: mutated frames', () => {
  it('decodePacket never throws and always answers with a known reason', () => {
    const rng = createPrng(2026)
    let rejected = 0
    for (let i = 0; i < 5000; i++) {
      const frame = mutate(rng.pick(SEEDS), rng)
      const result = decodePacket(rng.chance(0.5) ? frame : new TextEncoder().encode(frame))
      if (result.ok) continue
      rejected++
      expect(REASONS).toContain(result.reason)
      expect(result.detail).not.toMatch(/^decoder error/)
    }
    expect(rejected).toBeGreaterThan(4000)
  })

  it('the framer never throws, stays bounded and still finds every good frame around the bad ones', () => {
    const rng = createPrng(212)
    const framer = new Hj212Framer()
    let good = 0
    let found = 0
    for (let round = 0; round < 2000; round++) {
      const bad = mutate(rng.pick(SEEDS), rng)
      const ok = frameOf(WATER_RTD_SEGMENT.replace(/MN=[^;]+/, `MN=GOOD${round}`)) // unique: cannot be the bad one
      // a corrupted frame that still ends in LF must not cost the good frame after it
      const text = bad.endsWith('\n') ? bad + ok : bad
      if (text !== bad) good++
      const bytes = new TextEncoder().encode(text)
      for (let at = 0; at < bytes.length;) {
        const size = rng.int(1, 64)
        for (const event of framer.push(bytes.subarray(at, at + size))) {
          if (event.kind === 'frame' && event.raw === ok && text !== bad) found++
        }
        at += size
        expect(framer.bufferedBytes).toBeLessThanOrEqual(6 + 9999 + 6 + 64)
      }
      framer.push('\r\n') // end any candidate the bad frame left open, as the next frame's arrival would
    }
    expect(good).toBeGreaterThan(100)
    expect(found).toBe(good)
  })
})
