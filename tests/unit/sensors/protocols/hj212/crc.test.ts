import { describe, expect, it } from 'vitest'
import {
  crcHex,
  decodePacket,
  formatCrc,
  hj212Crc,
  parseCrcHex,
} from '../../../../../sensors/protocols/hj212'
import { STANDARD_EXAMPLE, STANDARD_EXAMPLE_SEGMENT } from './hj212-fixtures'

/** CRC-16/MODBUS, here only to show that the HJ 212 CRC is a different function. */
function modbusCrc(text: string): number {
  let reg = 0xffff
  for (const byte of new TextEncoder().encode(text)) {
    reg ^= byte
    for (let bit = 0; bit < 8; bit++) reg = reg & 1 ? (reg >> 1) ^ 0xa001 : reg >> 1
  }
  return reg
}

describe('HJ 212 CRC', () => {
  it("reproduces 1C80 for the standard's example frame", () => {
    expect(crcHex(STANDARD_EXAMPLE_SEGMENT)).toBe('1C80')
    expect(hj212Crc(new TextEncoder().encode(STANDARD_EXAMPLE_SEGMENT))).toBe(0x1c80)
  })

  it('is not CRC-16/MODBUS', () => {
    expect(modbusCrc('123456789')).toBe(0x4b37) // the published Modbus check value, so modbusCrc is right
    expect(modbusCrc(STANDARD_EXAMPLE_SEGMENT)).not.toBe(0x1c80)
    expect(formatCrc(modbusCrc(STANDARD_EXAMPLE_SEGMENT))).toBe('0759')
  })

  it('formats 4 upper-case digits, zero-padded, and parses either case', () => {
    expect(formatCrc(0x0a)).toBe('000A')
    expect(parseCrcHex('1c80')).toBe(0x1c80)
    expect(parseCrcHex('1C8G')).toBeUndefined()
    expect(parseCrcHex('1C8')).toBeUndefined()
  })

  it('accepts a frame whose CRC is written in lower case', () => {
    const lower = STANDARD_EXAMPLE.replace('1C80\r\n', '1c80\r\n')
    expect(decodePacket(lower).ok).toBe(true)
  })
})
