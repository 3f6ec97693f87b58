// HJ 212 frames are ASCII (HJ 212-2017 §6.1); the length field counts bytes, so framing works on bytes and
// only the data segment is turned into text. UTF-8 decoding is lenient: a stray non-ASCII byte becomes U+FFFD
// instead of throwing, and the CRC is always checked on the original bytes.
const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: false })

export function toBytes(text: string): Uint8Array {
  return encoder.encode(text)
}

export function toText(bytes: Uint8Array): string {
  return decoder.decode(bytes)
}

/** Byte length of a string once encoded as it goes on the wire. */
export function byteLength(text: string): number {
  return encoder.encode(text).length
}

export const HASH = 0x23 // '#'
export const CR = 0x0d
export const LF = 0x0a

export function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39
}
