import { CR, HASH, isDigit, LF, toBytes, toText } from './bytes'
import { hj212Crc, formatCrc, parseCrcHex } from './crc'
import { CRC_CHARS, HEADER_BYTES, MAX_FRAME_BYTES, MAX_SEGMENT_LENGTH, TRAILER_BYTES } from './frame-format'
import { parseSegment, partialHeader } from './parse'
import { reject, type Hj212Result } from './result'

export interface DecodeOptions {
  /** refuse longer data segments with too_long; default 9999 (set 1024 to hold devices to common practice) */
  maxSegmentLength?: number
}

function decodeBytes(bytes: Uint8Array, maxSegmentLength: number): Hj212Result {
  if (bytes.length > MAX_FRAME_BYTES) return reject('too_long', `frame of ${bytes.length} bytes`)
  if (bytes[0] !== HASH || bytes[1] !== HASH) return reject('bad_length', 'frame does not start with ##')
  for (let i = 2; i < HEADER_BYTES; i++) {
    if (!isDigit(bytes[i])) return reject('bad_length', 'length field is not 4 decimal digits')
  }
  const declared = Number(toText(bytes.subarray(2, HEADER_BYTES)))
  if (declared > maxSegmentLength) {
    return reject('too_long', `declared length ${declared} > ${maxSegmentLength}`)
  }
  // The trailing CR LF is optional here (logs often strip it); the framer enforces it on the stream.
  const hasTrailer = bytes[bytes.length - 2] === CR && bytes[bytes.length - 1] === LF
  const end = bytes.length - (hasTrailer ? TRAILER_BYTES : 0)
  const actual = end - CRC_CHARS - HEADER_BYTES
  if (actual !== declared) {
    const partial = partialHeader(
      toText(bytes.subarray(HEADER_BYTES, Math.max(HEADER_BYTES, end - CRC_CHARS))),
    )
    return reject('bad_length', `declared ${declared} bytes, data segment has ${actual}`, { partial })
  }

  const segmentBytes = bytes.subarray(HEADER_BYTES, HEADER_BYTES + actual)
  const segment = toText(segmentBytes)
  const crcText = toText(bytes.subarray(end - CRC_CHARS, end))
  const sent = parseCrcHex(crcText)
  const computed = hj212Crc(segmentBytes)
  if (sent !== computed) {
    const got = sent === undefined ? `non-hex ${JSON.stringify(crcText)}` : formatCrc(sent)
    return reject('bad_crc', `CRC ${got}, computed ${formatCrc(computed)}`, {
      partial: partialHeader(segment),
    })
  }
  return parseSegment(segment)
}

/**
 * Decodes one whole frame (`##0101QN=…&&1C80\r\n`), as a string or as the bytes the framer cut. Returns the
 * packet or a typed rejection; it never throws, whatever the device sent (reliability-security.md).
 */
export function decodePacket(frame: string | Uint8Array, options: DecodeOptions = {}): Hj212Result {
  try {
    if (typeof frame === 'string' && frame.length > MAX_FRAME_BYTES) {
      return reject('too_long', `frame of ${frame.length} characters`)
    }
    const bytes = typeof frame === 'string' ? toBytes(frame) : frame
    const max = Math.min(options.maxSegmentLength ?? MAX_SEGMENT_LENGTH, MAX_SEGMENT_LENGTH)
    return decodeBytes(bytes, max)
  } catch (error) {
    // Not expected: the checks above cover device input. Kept so a decoder bug drops one frame, not the link.
    return reject('bad_field', `decoder error: ${error instanceof Error ? error.message : String(error)}`)
  }
}
