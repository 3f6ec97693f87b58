// BCD fields: the terminal phone (BCD[6] / BCD[10]) and the GMT+8 timestamps BCD[6] YYMMDDhhmmss
// (JT/T 808-2019 §4.2 data types; 位置信息汇报 gives the time zone as GMT+8).

/** China Standard Time: fixed UTC+8, no daylight saving since 1991. */
const GMT8_MS = 8 * 3600 * 1000

/**
 * BCD digits as text. Nibbles above 9 are written as hex letters rather than refused: a few
 * terminals pad their number with 0xF, and the text must still be a stable key.
 */
export function bcdToDigits(buf: Buffer): string {
  return buf.toString('hex')
}

/** Left-pads `digits` with zeros to fill `bytes` BCD bytes. Throws on caller error, not device data. */
export function digitsToBcd(digits: string, bytes: number): Buffer {
  if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length > bytes * 2)
    throw new RangeError(`"${digits}" does not fit BCD[${bytes}]`)
  return Buffer.from(digits.padStart(bytes * 2, '0'), 'hex')
}

/** BCD[6] YYMMDDhhmmss in GMT+8 → ISO instant (UTC), or null when not a real date. */
export function decodeBcdTime(buf: Buffer): string | null {
  if (buf.length !== 6) return null
  const parts: number[] = []
  for (const b of buf) {
    const hi = b >> 4
    const lo = b & 0x0f
    if (hi > 9 || lo > 9) return null
    parts.push(hi * 10 + lo)
  }
  const [yy, mo, dd, hh, mi, ss] = parts as [number, number, number, number, number, number]
  // YY is 2000-based: the standard dates from 2011, and 1900s devices do not exist.
  const local = Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss)
  const check = new Date(local)
  if (
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== dd ||
    check.getUTCHours() !== hh ||
    check.getUTCMinutes() !== mi ||
    check.getUTCSeconds() !== ss
  )
    return null
  return new Date(local - GMT8_MS).toISOString()
}

/** Instant → BCD[6] YYMMDDhhmmss in GMT+8. Throws on an invalid instant or one outside 2000–2099. */
export function encodeBcdTime(instant: Date | string): Buffer {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime()
  if (!Number.isFinite(ms)) throw new RangeError(`invalid instant ${String(instant)}`)
  const d = new Date(ms + GMT8_MS)
  const year = d.getUTCFullYear()
  if (year < 2000 || year > 2099) throw new RangeError(`year ${year} does not fit BCD YY`)
  const fields = [year - 2000, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours()]
  fields.push(d.getUTCMinutes(), d.getUTCSeconds())
  return Buffer.from(fields.map((n) => String(n).padStart(2, '0')).join(''), 'hex')
}
