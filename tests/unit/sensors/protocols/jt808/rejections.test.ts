// Every refusal is typed, and nothing a device sends can make decodeFrame throw.
import { describe, expect, it } from 'vitest'
import {
  decodeFrame,
  encodeFrame,
  encodeLocation,
  escape,
  unescape,
  MsgId,
  rejectReasons,
} from '../../../../../sensors/protocols/jt808'
import { createPrng } from '../../../../../sensors/simulators/prng'
import { DOCUMENTED_SAMPLE, loadFieldFrames } from '../../../../fixtures/jt808/field-frames'
import { PHONE_2013 } from './helpers'

const good = Buffer.from(DOCUMENTED_SAMPLE, 'hex')
const wrap = (inner: Buffer): Buffer => Buffer.concat([Buffer.of(0x7e), inner, Buffer.of(0x7e)])
/** Re-frames unescaped header+body with a correct checksum, so only the intended fault remains. */
function frameOf(plain: Buffer): Buffer {
  let x = 0
  for (const b of plain) x ^= b
  return wrap(escape(Buffer.concat([plain, Buffer.of(x)])))
}
const plainOf = (wire: Buffer): Buffer => wire.subarray(1, -2) // the sample has no escapes
const withBodyLength = (plain: Buffer, len: number): Buffer => {
  const p = Buffer.from(plain)
  p.writeUInt16BE((p.readUInt16BE(2) & ~0x3ff) | len, 2)
  return p
}

const cases: [name: string, frame: Buffer, reason: string][] = [
  [
    'flipped checksum',
    Buffer.concat([good.subarray(0, -2), Buffer.of(good[good.length - 2]! ^ 1, 0x7e)]),
    'bad_checksum',
  ],
  ['flipped body byte', Buffer.from(good).fill(0x33, 30, 31), 'bad_checksum'],
  [
    '0x7D then 0x03',
    Buffer.concat([good.subarray(0, 20), Buffer.of(0x7d, 0x03), good.subarray(20)]),
    'bad_escape',
  ],
  ['dangling 0x7D', Buffer.concat([good.subarray(0, -1), Buffer.of(0x7d, 0x7e)]), 'bad_escape'],
  ['declared length too long', frameOf(withBodyLength(plainOf(good), 43)), 'bad_length'],
  ['declared length too short', frameOf(withBodyLength(plainOf(good), 41)), 'bad_length'],
  ['header only 11 bytes', frameOf(plainOf(good).subarray(0, 11)), 'too_short'],
  ['2019 header truncated', frameOf(Buffer.from('000240000100000000000000000001', 'hex')), 'too_short'],
  ['empty', Buffer.alloc(0), 'too_short'],
  ['just flags', Buffer.from('7e7e', 'hex'), 'too_short'],
  [
    'RSA encrypted',
    encodeFrame({ msgId: MsgId.location, phone: PHONE_2013, serial: 1, encryption: 1 }, Buffer.alloc(28)),
    'unsupported_encryption',
  ],
  [
    '0x0200 body of 27 bytes',
    encodeFrame({ msgId: MsgId.location, phone: PHONE_2013, serial: 1 }, Buffer.alloc(27)),
    'bad_body',
  ],
  [
    '0x0704 body of 2 bytes',
    encodeFrame({ msgId: MsgId.batch, phone: PHONE_2013, serial: 1 }, Buffer.alloc(2)),
    'bad_body',
  ],
  [
    '0x8004 invalid time',
    encodeFrame({ msgId: MsgId.serverTime, phone: PHONE_2013, serial: 1 }, Buffer.alloc(6)),
    'bad_body',
  ],
  ['3000 bytes', Buffer.alloc(3000, 1), 'too_long'],
]

describe('rejections', () => {
  it.each(cases.map(([name, frame, reason]) => ({ name, frame, reason })))(
    '$name → $reason',
    ({ frame, reason }) => {
      const res = decodeFrame(frame)
      expect(res).toMatchObject({ ok: false, reason })
      if (!res.ok) expect(res.detail.length).toBeGreaterThan(0)
    },
  )

  it('keeps the header on rejections past the header, so ingest can answer result 2', () => {
    const res = decodeFrame(
      encodeFrame({ msgId: MsgId.location, phone: PHONE_2013, serial: 42 }, Buffer.alloc(10)),
    )
    expect(res).toMatchObject({ ok: false, reason: 'bad_body', header: { serial: 42, msgId: 0x0200 } })
  })

  it('keeps the position when an extra overruns the body', () => {
    const body = Buffer.concat([
      encodeLocation({ lat: 30, lon: 120, time: '2024-01-01T00:00:00Z' }),
      Buffer.from('3001', 'hex'),
    ])
    const res = decodeFrame(encodeFrame({ msgId: MsgId.location, phone: PHONE_2013, serial: 1 }, body))
    if (!res.ok || res.message.kind !== 'location') throw new Error('expected a location')
    expect(res.message.body.lat).toBe(30)
    expect(res.message.body.warnings).toEqual(['extra 0x30 length 1 overruns the body by 1'])
  })

  it('flags a 0x0704 item that overruns instead of failing the batch', () => {
    const item = encodeLocation({ lat: 30, lon: 120, time: '2024-01-01T00:00:00Z' })
    const len = Buffer.alloc(2)
    len.writeUInt16BE(item.length)
    const body = Buffer.concat([Buffer.from('000200', 'hex'), len, item, Buffer.from('00ff01', 'hex')])
    const res = decodeFrame(encodeFrame({ msgId: MsgId.batch, phone: PHONE_2013, serial: 1 }, body))
    if (!res.ok || res.message.kind !== 'batch') throw new Error('expected a batch')
    expect(res.message.body.items).toHaveLength(1)
    expect(res.message.body.warnings.join()).toContain('overruns')
  })
})

describe('fuzz: mutated field frames and random bytes', () => {
  const seeds = loadFieldFrames().map((f) => f.frame)
  const known = new Set<string>(rejectReasons)

  function mutate(rng: ReturnType<typeof createPrng>, src: Buffer): Buffer {
    const b = Buffer.from(src)
    switch (rng.int(0, 6)) {
      case 0: // flip bytes
        for (let i = rng.int(1, 4); i > 0; i--) b[rng.int(0, b.length - 1)] = rng.int(0, 255)
        return b
      case 1: // truncate
        return b.subarray(0, rng.int(0, b.length))
      case 2: // duplicate a slice
        return Buffer.concat([b, b.subarray(rng.int(0, b.length - 1))])
      case 3: // flip bits while keeping the checksum right, to reach the body decoders
        return refix(b, rng)
      case 4: // splice two frames
        return Buffer.concat([b.subarray(0, rng.int(0, b.length)), rng.pick(seeds).subarray(rng.int(0, 20))])
      case 5: // another message id, a shorter body, length and checksum fixed: reaches every body decoder
        return retarget(b, rng)
      default: // pure noise
        return Buffer.from(Array.from({ length: rng.int(0, 300) }, () => rng.int(0, 255)))
    }
  }

  /** Flips one header/body bit and fixes the checksum, so the mutation reaches the body decoders. */
  function refix(b: Buffer, rng: ReturnType<typeof createPrng>): Buffer {
    const u = unescape(b.subarray(1, -1), true)
    if (!u.ok || u.data.length < 2) return b
    const plain = Buffer.from(u.data.subarray(0, -1))
    const i = rng.int(0, plain.length - 1)
    plain[i] = plain[i]! ^ (1 << rng.int(0, 7))
    return frameOf(plain)
  }

  const ids = [0x0001, 0x0002, 0x0004, 0x0100, 0x0102, 0x0200, 0x0704, 0x8001, 0x8004, 0x8100]

  function retarget(b: Buffer, rng: ReturnType<typeof createPrng>): Buffer {
    const res = decodeFrame(b)
    const u = unescape(b.subarray(1, -1), true)
    if (!res.ok || !u.ok || res.message.header.split) return b
    const headerLen = u.data.length - 1 - res.message.header.bodyLength
    const bodyLen = rng.int(0, res.message.header.bodyLength)
    const plain = Buffer.from(u.data.subarray(0, headerLen + bodyLen))
    plain.writeUInt16BE(rng.pick(ids), 0)
    plain.writeUInt16BE((plain.readUInt16BE(2) & ~0x3ff) | bodyLen, 2)
    return frameOf(plain)
  }

  it('never throws and always returns ok or a known reason (5000 seeded cases)', () => {
    const rng = createPrng(808)
    const tally: Record<string, number> = {}
    const failures: string[] = []
    for (let n = 0; n < 5000; n++) {
      const input = mutate(rng, rng.pick(seeds))
      try {
        const res = decodeFrame(input)
        const key = res.ok ? `ok:${res.message.kind}` : res.reason
        if (!res.ok && !known.has(res.reason)) failures.push(`unknown reason ${key}`)
        if (!res.ok && res.detail.startsWith('internal'))
          failures.push(`${input.toString('hex')}: ${res.detail}`)
        tally[key] = (tally[key] ?? 0) + 1
      } catch (err) {
        failures.push(`${input.toString('hex')} threw ${String(err)}`)
      }
    }
    expect(failures).toEqual([])
    // the mutations must reach deep: whole messages decode, and body decoders refuse some
    expect(tally['ok:location']).toBeGreaterThan(0)
    expect(tally['bad_body']).toBeGreaterThan(0)
    expect(Object.keys(tally).length).toBeGreaterThanOrEqual(8)
  })
})
