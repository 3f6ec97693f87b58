import { CR, HASH, isDigit, LF, toBytes, toText } from './bytes'
import { CRC_CHARS, HEADER_BYTES, MAX_SEGMENT_LENGTH, TRAILER_BYTES } from './frame-format'

// Cuts HJ 212 frames (HJ 212-2017 §6.3: `##` + 4-digit length + segment + 4 CRC + CR LF) out of a TCP byte
// stream, whatever the read boundaries. It checks only framing; decodePacket(frame.bytes) checks the CRC and
// fields. Memory stays bounded: bytes before `##` are dropped at once, and a candidate frame is decided (frame
// or rejection) by the time one maximal frame is buffered, so at most one frame plus one read is ever held.

export interface Hj212Frame {
  kind: 'frame'
  /** data segment text */
  segment: string
  /** the 4 CRC characters as sent */
  crc: string
  /** the whole frame text, CR LF included, for logs */
  raw: string
  /** the whole frame's bytes: pass these to decodePacket so the CRC is checked on what was received */
  bytes: Uint8Array
}

export interface FramerRejection {
  kind: 'rejected'
  /** bad_length: length field not 4 digits, or no CR LF where it says; garbage: bytes before a `##` */
  reason: 'bad_length' | 'too_long' | 'garbage'
  detail: string
}

export type FramerEvent = Hj212Frame | FramerRejection

export interface FramerOptions {
  /** refuse frames that declare a longer data segment; default 9999 (1024 is the common practice) */
  maxSegmentLength?: number
}

export interface FramerStats {
  frames: number
  rejected: number
  /** bytes dropped outside frames (garbage and the resync after a rejection) */
  garbageBytes: number
}

function findFrameStart(buf: Uint8Array, from: number): number {
  for (let i = from; i < buf.length - 1; i++) if (buf[i] === HASH && buf[i + 1] === HASH) return i
  return -1
}

export class Hj212Framer {
  readonly stats: FramerStats = { frames: 0, rejected: 0, garbageBytes: 0 }
  private readonly maxSegmentLength: number
  private buffer = new Uint8Array(0)
  /** bytes after the current candidate's header already checked for a stray LF */
  private scanned = 0
  /** garbage bytes since the last event, reported when the next `##` shows up */
  private skipped = 0
  /** true between a rejection and the next `##`: those bytes belong to the rejected frame, not garbage */
  private resyncing = false

  constructor(options: FramerOptions = {}) {
    this.maxSegmentLength = Math.min(options.maxSegmentLength ?? MAX_SEGMENT_LENGTH, MAX_SEGMENT_LENGTH)
  }

  /** bytes held for an unfinished frame */
  get bufferedBytes(): number {
    return this.buffer.length
  }

  /** Feeds one read; returns the frames and rejections it completed, in stream order. Never throws. */
  push(chunk: Uint8Array | string): FramerEvent[] {
    const data = typeof chunk === 'string' ? toBytes(chunk) : chunk
    const buf = new Uint8Array(this.buffer.length + data.length)
    buf.set(this.buffer)
    buf.set(data, this.buffer.length)
    const events: FramerEvent[] = []
    let pos = 0
    while (pos < buf.length) {
      const start = findFrameStart(buf, pos)
      if (start < 0) {
        // a final `#` may be the first half of the next `##`
        const keep = buf[buf.length - 1] === HASH ? 1 : 0
        this.drop(buf.length - keep - pos)
        pos = buf.length - keep
        break
      }
      this.drop(start - pos)
      this.reportGarbage(events)
      const next = this.examine(buf, start, events)
      if (next === undefined) {
        pos = start
        break
      }
      pos = next
    }
    this.buffer = buf.slice(pos) // a copy, so the read's memory is not kept alive by a view
    return events
  }

  /** Decides the candidate at `start`: the position after it, or undefined to wait for more bytes. */
  private examine(buf: Uint8Array, start: number, events: FramerEvent[]): number | undefined {
    for (let i = 2; i < HEADER_BYTES; i++) {
      const byte = buf[start + i]
      if (byte === undefined) return undefined
      if (!isDigit(byte)) {
        return this.reject(start, events, 'bad_length', `length field byte ${i - 2} is not a digit`)
      }
    }
    const declared = Number(toText(buf.subarray(start + 2, start + HEADER_BYTES)))
    if (declared > this.maxSegmentLength) {
      return this.reject(start, events, 'too_long', `declared ${declared} > ${this.maxSegmentLength}`)
    }
    const body = start + HEADER_BYTES
    const crlfAt = body + declared + CRC_CHARS
    // Segment and CRC are printable ASCII: an LF inside means the length is wrong, so resync now instead of
    // waiting for up to 9999 bytes that may hold the next good frames.
    const scanEnd = Math.min(buf.length, crlfAt)
    for (let i = body + this.scanned; i < scanEnd; i++) {
      if (buf[i] === LF)
        return this.reject(start, events, 'bad_length', `LF at byte ${i - start}, declared ${declared}`)
    }
    this.scanned = scanEnd - body
    if (buf.length < crlfAt + TRAILER_BYTES) return undefined
    if (buf[crlfAt] !== CR || buf[crlfAt + 1] !== LF) {
      return this.reject(start, events, 'bad_length', `no CR LF after the declared ${declared} bytes`)
    }
    const bytes = buf.slice(start, crlfAt + TRAILER_BYTES)
    events.push({
      kind: 'frame',
      segment: toText(bytes.subarray(HEADER_BYTES, HEADER_BYTES + declared)),
      crc: toText(bytes.subarray(HEADER_BYTES + declared, HEADER_BYTES + declared + CRC_CHARS)),
      raw: toText(bytes),
      bytes,
    })
    this.stats.frames++
    this.scanned = 0
    return crlfAt + TRAILER_BYTES
  }

  /** Reports a bad candidate and resyncs one byte on, so a `##` inside it (`###0101…`) is still found. */
  private reject(
    start: number,
    events: FramerEvent[],
    reason: FramerRejection['reason'],
    detail: string,
  ): number {
    events.push({ kind: 'rejected', reason, detail })
    this.stats.rejected++
    this.scanned = 0
    this.resyncing = true
    this.drop(1)
    return start + 1
  }

  private drop(count: number): void {
    this.skipped += count
    this.stats.garbageBytes += count
  }

  private reportGarbage(events: FramerEvent[]): void {
    if (this.skipped > 0 && !this.resyncing) {
      events.push({ kind: 'rejected', reason: 'garbage', detail: `${this.skipped} bytes before ##` })
      this.stats.rejected++
    }
    this.skipped = 0
    this.resyncing = false
  }
}
