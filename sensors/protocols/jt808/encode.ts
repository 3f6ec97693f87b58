// Whole-frame encoder (JT/T 808-2019 §4.4): header + body, XOR checksum, then escape, then flags.
import { checksum, escape } from './escape'
import { encodeHeader, type HeaderInput } from './header'

/** Complete wire frame `7E … 7E`. Throws RangeError only on caller error (see encodeHeader). */
export function encodeFrame(header: HeaderInput, body: Buffer = Buffer.alloc(0)): Buffer {
  const plain = Buffer.concat([encodeHeader(header, body.length), body, Buffer.alloc(1)])
  plain[plain.length - 1] = checksum(plain, 0, plain.length - 1)
  return Buffer.concat([Buffer.of(0x7e), escape(plain), Buffer.of(0x7e)])
}
