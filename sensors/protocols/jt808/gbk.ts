// STRING and fixed BYTE[n] text fields are GBK (JT/T 808-2019 §4.2); fixed fields are padded with
// 0x00 when shorter ("位数不足时，后补 0x00"), and some vendors pad with spaces instead.
import iconv from 'iconv-lite'

/** GBK → text with trailing NUL/space padding removed. Never throws: bad bytes become U+FFFD. */
export function decodeGbk(buf: Buffer): string {
  let end = buf.length
  while (end > 0 && (buf[end - 1] === 0x00 || buf[end - 1] === 0x20)) end--
  return iconv.decode(buf.subarray(0, end), 'gbk')
}

export function encodeGbk(text: string): Buffer {
  return iconv.encode(text, 'gbk')
}

/** Text into a fixed BYTE[n] field, NUL-padded. Throws when it does not fit (caller error). */
export function encodeGbkFixed(text: string, n: number): Buffer {
  const enc = encodeGbk(text)
  if (enc.length > n) throw new RangeError(`"${text}" is ${enc.length} bytes, field is BYTE[${n}]`)
  const out = Buffer.alloc(n)
  enc.copy(out)
  return out
}
