// Byte stuffing and checksum (JT/T 808-2019 §4.4 标识位 / 校验码): the sender computes the checksum, then
// escapes; the receiver unescapes, then verifies.

const FLAG = 0x7e
const ESC = 0x7d

export type UnescapeResult = { ok: true; data: Buffer } | { ok: false; detail: string }

/** 0x7E → 7D 02, 0x7D → 7D 01. */
export function escape(data: Buffer): Buffer {
  let extra = 0
  for (const b of data) if (b === FLAG || b === ESC) extra++
  if (extra === 0) return data
  const out = Buffer.allocUnsafe(data.length + extra)
  let j = 0
  for (const b of data) {
    if (b === FLAG || b === ESC) {
      out[j++] = ESC
      out[j++] = b === FLAG ? 0x02 : 0x01
    } else out[j++] = b
  }
  return out
}

/**
 * Reverses escape(). Strict: a dangling 0x7D or 0x7D followed by anything but 01/02 is refused.
 * With `lenient` such a 0x7D is kept literally instead: some terminals never escape 0x7D (one of
 * the field frames does exactly that), and the caller accepts the result only if the checksum and
 * body length still agree.
 */
export function unescape(data: Buffer, lenient = false): UnescapeResult {
  const out = Buffer.allocUnsafe(data.length)
  let j = 0
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!
    if (b === FLAG) return { ok: false, detail: `unescaped 0x7E at offset ${i}` }
    if (b !== ESC) {
      out[j++] = b
      continue
    }
    const next = data[i + 1]
    if (next === 0x01 || next === 0x02) {
      out[j++] = next === 0x01 ? ESC : FLAG
      i++
    } else if (lenient) {
      out[j++] = b
    } else {
      const what = next === undefined ? 'end of frame' : `0x${hex2(next)}`
      return { ok: false, detail: `0x7D followed by ${what} at offset ${i}` }
    }
  }
  return { ok: true, data: out.subarray(0, j) }
}

/** XOR of every byte from the start of the header to the end of the body. */
export function checksum(data: Buffer, start = 0, end = data.length): number {
  let x = 0
  for (let i = start; i < end; i++) x ^= data[i]!
  return x
}

export const hex2 = (n: number): string => n.toString(16).padStart(2, '0')
export const hex4 = (n: number): string => n.toString(16).padStart(4, '0')
