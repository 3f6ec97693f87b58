// Message header, 2013 and 2019 layouts (JT/T 808-2019 §4.4 消息头).
//   2013: msgId WORD | attributes WORD | phone BCD[6]  | serial WORD | [pkgTotal WORD | pkgNo WORD]
//   2019: msgId WORD | attributes WORD | version BYTE | phone BCD[10] | serial WORD | [split]
// Attributes: bits 0–9 body length, 10–12 encryption (bit 10 = RSA), 13 split, 14 2019 flag.
import { bcdToDigits, digitsToBcd } from './bcd'
import { HEADER_BYTES_2013, HEADER_BYTES_2019, MAX_BODY_BYTES, SPLIT_BYTES } from './constants'

export type Jt808Version = 2013 | 2019

export interface Jt808Split {
  /** pkgTotal: number of parts, ≥ 1 */
  total: number
  /** pkgNo: this part, 1-based */
  index: number
}

export interface Jt808Header {
  msgId: number
  version: Jt808Version
  /** 2019 protocol version byte (1 for JT/T 808-2019); null for 2013 headers */
  protocolVersion: number | null
  /** BCD phone exactly as sent: 12 digits (2013) or 20 digits (2019), leading zeros kept */
  phone: string
  /** phone with leading zeros stripped: the same terminal under both header versions */
  terminal: string
  serial: number
  /** body length declared in the attributes (bits 0–9) */
  bodyLength: number
  /** attribute bits 10–12; 0 = plain, bit 10 (value 1) = RSA */
  encryption: number
  split: Jt808Split | null
}

export type HeaderResult = { ok: true; header: Jt808Header; length: number } | { ok: false; detail: string }

/**
 * The key the platform should use for a terminal. 2013 pads the SIM number to 12 digits and 2019 to
 * 20, so a terminal upgraded to 2019 firmware would otherwise look like a new one.
 */
export function normalizeTerminal(phone: string): string {
  const t = phone.replace(/^0+/, '')
  return t === '' ? '0' : t
}

/** Parses the header at the start of an unescaped frame (flags and checksum already removed). */
export function decodeHeader(buf: Buffer): HeaderResult {
  if (buf.length < 4) return { ok: false, detail: `${buf.length} bytes, header needs at least 12` }
  const msgId = buf.readUInt16BE(0)
  const attrs = buf.readUInt16BE(2)
  const is2019 = (attrs & 0x4000) !== 0
  const isSplit = (attrs & 0x2000) !== 0
  const length = (is2019 ? HEADER_BYTES_2019 : HEADER_BYTES_2013) + (isSplit ? SPLIT_BYTES : 0)
  if (buf.length < length)
    return { ok: false, detail: `${buf.length} bytes, ${is2019 ? 2019 : 2013} header needs ${length}` }
  const phoneAt = is2019 ? 5 : 4
  const phoneLen = is2019 ? 10 : 6
  const phone = bcdToDigits(buf.subarray(phoneAt, phoneAt + phoneLen))
  const serialAt = phoneAt + phoneLen
  const header: Jt808Header = {
    msgId,
    version: is2019 ? 2019 : 2013,
    protocolVersion: is2019 ? buf[4]! : null,
    phone,
    terminal: normalizeTerminal(phone),
    serial: buf.readUInt16BE(serialAt),
    bodyLength: attrs & MAX_BODY_BYTES,
    encryption: (attrs >> 10) & 0x07,
    split: isSplit ? { total: buf.readUInt16BE(serialAt + 2), index: buf.readUInt16BE(serialAt + 4) } : null,
  }
  return { ok: true, header, length }
}

/** What a sender chooses; the attributes are computed. */
export interface HeaderInput {
  msgId: number
  phone: string
  serial: number
  /** default 2013 */
  version?: Jt808Version
  /** 2019 only; default 1 (JT/T 808-2019) */
  protocolVersion?: number
  split?: Jt808Split | null
  /** attribute bits 10–12; default 0 */
  encryption?: number
}

/** Throws RangeError on caller error (body too long, phone not BCD): this is never device data. */
export function encodeHeader(input: HeaderInput, bodyLength: number): Buffer {
  if (!Number.isInteger(bodyLength) || bodyLength < 0 || bodyLength > MAX_BODY_BYTES)
    throw new RangeError(`body of ${bodyLength} bytes does not fit 10 bits; split it`)
  const is2019 = input.version === 2019
  const split = input.split ?? null
  const attrs =
    bodyLength | (((input.encryption ?? 0) & 0x07) << 10) | (split ? 0x2000 : 0) | (is2019 ? 0x4000 : 0)
  const parts = [u16(input.msgId), u16(attrs)]
  if (is2019) parts.push(Buffer.of(input.protocolVersion ?? 1))
  parts.push(digitsToBcd(input.phone, is2019 ? 10 : 6), u16(input.serial))
  if (split) parts.push(u16(split.total), u16(split.index))
  return Buffer.concat(parts)
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(n & 0xffff)
  return b
}
