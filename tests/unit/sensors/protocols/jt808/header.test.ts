// JT/T 808-2019 §4.4 消息头: 2013 and 2019 headers, split fields, attributes.
import { describe, expect, it } from 'vitest'
import {
  decodeHeader,
  encodeFrame,
  encodeHeader,
  MsgId,
  normalizeTerminal,
} from '../../../../../sensors/protocols/jt808'
import { throughWire } from './helpers'

describe('header', () => {
  it('2013: BCD[6] phone with leading zeros kept', () => {
    const buf = encodeHeader({ msgId: 0x0200, phone: '13912345678', serial: 0x1234 }, 28)
    expect(buf.toString('hex')).toBe('0200001c0139123456781234')
    const res = decodeHeader(buf)
    expect(res).toEqual({
      ok: true,
      length: 12,
      header: {
        msgId: 0x0200,
        version: 2013,
        protocolVersion: null,
        phone: '013912345678',
        terminal: '13912345678',
        serial: 0x1234,
        bodyLength: 28,
        encryption: 0,
        split: null,
      },
    })
  })

  it('2019: version byte and 20-digit phone', () => {
    const phone = '12345678901234567890'
    const buf = encodeHeader({ msgId: 0x0002, phone, serial: 1, version: 2019, protocolVersion: 1 }, 0)
    expect(buf.toString('hex')).toBe('0002400001123456789012345678900001')
    const res = decodeHeader(buf)
    expect(res.ok && res.header).toMatchObject({ version: 2019, protocolVersion: 1, phone, terminal: phone })
  })

  it('2019 20-digit phone survives a whole frame', () => {
    const phone = '98765432109876543210'
    const m = throughWire(
      encodeFrame({ msgId: MsgId.heartbeat, phone, serial: 65535, version: 2019 }),
      'heartbeat',
    )
    expect(m.header).toMatchObject({ phone, serial: 65535, version: 2019 })
  })

  it('split: bit 13 with pkgTotal and pkgNo after the serial', () => {
    const buf = encodeHeader({ msgId: 0x0704, phone: '1', serial: 9, split: { total: 3, index: 2 } }, 10)
    expect(buf.readUInt16BE(2)).toBe(0x2000 | 10)
    const res = decodeHeader(buf)
    expect(res.ok && res.header.split).toEqual({ total: 3, index: 2 })
    expect(res.ok && res.length).toBe(16)
  })

  it('encryption bits 10–12', () => {
    const buf = encodeHeader({ msgId: 1, phone: '1', serial: 1, encryption: 1 }, 5)
    expect(buf.readUInt16BE(2)).toBe(0x0400 | 5)
    expect(decodeHeader(buf)).toMatchObject({ ok: true, header: { encryption: 1, bodyLength: 5 } })
  })

  it.each([0, 3, 11, 16])('a truncated header (%i bytes) is refused', (n) => {
    const full = encodeHeader({ msgId: 1, phone: '1', serial: 1, version: 2019 }, 0)
    expect(decodeHeader(full.subarray(0, n)).ok).toBe(false)
  })

  it('refuses caller errors when encoding', () => {
    expect(() => encodeHeader({ msgId: 1, phone: '1234567890123', serial: 1 }, 0)).toThrow(RangeError)
    expect(() => encodeHeader({ msgId: 1, phone: '12-34', serial: 1 }, 0)).toThrow(RangeError)
    expect(() => encodeHeader({ msgId: 1, phone: '1', serial: 1 }, 1024)).toThrow(RangeError)
  })

  it.each([
    ['013912345678', '13912345678'],
    ['00000000013912345678', '13912345678'],
    ['000000000000', '0'],
    ['120000000000', '120000000000'],
  ])('normalizes terminal %s → %s', (phone, terminal) => {
    expect(normalizeTerminal(phone)).toBe(terminal)
  })
})
