import { toBytes } from './bytes'

/**
 * The HJ 212 CRC (HJ 212-2017 Appendix A), over the data segment's bytes only (not `##`, the length or CRLF).
 * It shifts the register right by 8 before XOR-ing the byte into the low byte, which is why it is NOT
 * CRC-16/MODBUS (Modbus XORs the byte into the unshifted register): the standard's example frame gives 1C80
 * here and 0759 with Modbus.
 */
export function hj212Crc(data: string | Uint8Array): number {
  const bytes = typeof data === 'string' ? toBytes(data) : data
  let reg = 0xffff
  for (const byte of bytes) {
    reg = (reg >> 8) ^ byte
    for (let bit = 0; bit < 8; bit++) {
      const lsb = reg & 1
      reg >>= 1
      if (lsb) reg ^= 0xa001
    }
  }
  return reg
}

/** 4 upper-case hex digits, high byte first, as the standard writes them on the wire. */
export function formatCrc(crc: number): string {
  return (crc & 0xffff).toString(16).toUpperCase().padStart(4, '0')
}

export function crcHex(data: string | Uint8Array): string {
  return formatCrc(hj212Crc(data))
}

/** Parses the 4 hex digits of a received frame; lower case is accepted (some 数采仪 send it). */
export function parseCrcHex(text: string): number | undefined {
  return /^[0-9A-Fa-f]{4}$/.test(text) ? parseInt(text, 16) : undefined
}
