// JT/T 808-2019 §4.4: 0x7E ↔ 7D 02, 0x7D ↔ 7D 01, applied after the checksum.
import { describe, expect, it } from 'vitest'
import {
  checksum,
  decodeFrame,
  encodeFrame,
  encodeHeader,
  encodeLocation,
  escape,
  MsgId,
  unescape,
} from '../../../../../sensors/protocols/jt808'
import { loadFieldFrames } from '../../../../fixtures/jt808/field-frames'
import { PHONE_2013, throughWire } from './helpers'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex')

describe('escape / unescape', () => {
  it.each([
    ['30 7e 08 7d 55', '30 7d02 08 7d01 55'],
    ['7e7e', '7d027d02'],
    ['7d02', '7d0102'],
    ['', ''],
  ])('%s ↔ %s', (plain, wire) => {
    expect(escape(hex(plain))).toEqual(hex(wire))
    expect(unescape(hex(wire))).toEqual({ ok: true, data: hex(plain) })
  })

  it.each([
    ['7d', 'end of frame'],
    ['01 7d 03', '0x03'],
    ['7d 7d 01', '0x7d'],
    ['01 7e 02', 'unescaped 0x7E'],
  ])('rejects %s (%s)', (wire, detail) => {
    const res = unescape(hex(wire))
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.detail).toContain(detail)
  })

  it('lenient mode keeps a stray 0x7D literally', () => {
    expect(unescape(hex('01 7d a0 7d 01')), 'strict').toMatchObject({ ok: false })
    expect(unescape(hex('01 7d a0 7d 01'), true)).toEqual({ ok: true, data: hex('01 7d a0 7d') })
  })

  it('checksum is the XOR of header and body', () => {
    expect(checksum(hex('01 02 04 08'))).toBe(0x0f)
    expect(checksum(hex('ff ff 7e'), 0, 2)).toBe(0)
  })
})

describe('escaping inside whole frames', () => {
  it('escapes 0x7E and 0x7D in the body and restores them', () => {
    const raw = [{ id: 0xf0, hex: '7e7d7e017d02' }]
    const body = encodeLocation({ lat: 30, lon: 120, time: '2024-01-01T00:00:00Z', extras: { raw } })
    const wire = encodeFrame({ msgId: MsgId.location, phone: PHONE_2013, serial: 1 }, body)
    expect(wire.subarray(1, -1).includes(0x7e)).toBe(false)
    expect(wire.toString('hex')).toContain('7d027d017d02017d0102')
    expect(throughWire(wire, 'location').body.extras.raw).toEqual(raw)
  })

  it.each([0x7e, 0x7d])('escapes a checksum of 0x%s', (target) => {
    const body = Buffer.of(0x01)
    const header = (serial: number) => ({ msgId: MsgId.heartbeat, phone: PHONE_2013, serial })
    const sumOf = (serial: number): number => checksum(Buffer.concat([encodeHeader(header(serial), 1), body]))
    let serial = 0
    while (sumOf(serial) !== target) serial++ // the serial's low byte moves the XOR through all values
    const wire = encodeFrame(header(serial), body)
    expect(wire.subarray(-3).toString('hex')).toBe(target === 0x7e ? '7d027e' : '7d017e')
    expect(throughWire(wire, 'heartbeat').header.serial).toBe(serial)
  })

  it('accepts a field frame whose terminal sent 0x7D unescaped, with a warning', () => {
    const stray = loadFieldFrames().find((f) => !unescape(f.frame.subarray(1, -1)).ok)
    expect(stray, 'a capture with a stray 0x7D').toBeDefined()
    const res = decodeFrame(stray!.frame)
    expect(res.ok).toBe(true)
    if (res.ok) expect(res.warnings.join()).toContain('invalid escape')
  })
})
