// Stream framer for JT/T 808 over TCP (JT/T 808-2019 §4.4 标识位: every message starts and ends with
// the flag 0x7E, which escaping keeps out of the content). TCP reads split and coalesce frames
// arbitrarily; this turns them back into whole frames with memory bounded by one frame.
import { MAX_FRAME_BYTES } from './constants'

const FLAG = 0x7e

export type FramerResult = { ok: true; frame: Buffer } | { ok: false; reason: 'too_long'; detail: string }

export interface FramerStats {
  frames: number
  /** frames dropped for exceeding maxFrameBytes */
  tooLong: number
  /** bytes thrown away: before the first flag and inside oversized frames */
  discardedBytes: number
}

export interface FramerOptions {
  /** longest frame kept, both flags included; default MAX_FRAME_BYTES (2092) */
  maxFrameBytes?: number
}

/**
 * Feed it chunks; it returns the frames (flags included, ready for decodeFrame) each chunk
 * completed. After the first flag, every flag both ends one frame and opens the next, so a 7E 7E
 * pair yields nothing (an empty frame is just the next opening) and terminals that share one flag
 * between frames lose nothing. Bytes between frames come out as a frame that decodeFrame rejects,
 * which is where they get counted.
 */
export class Jt808Framer {
  readonly stats: FramerStats = { frames: 0, tooLong: 0, discardedBytes: 0 }
  private readonly max: number
  private readonly buf: Buffer
  private len = 0
  private synced = false
  private discarding = false

  constructor(opts: FramerOptions = {}) {
    this.max = Math.max(3, opts.maxFrameBytes ?? MAX_FRAME_BYTES)
    this.buf = Buffer.alloc(this.max)
  }

  push(chunk: Buffer): FramerResult[] {
    const out: FramerResult[] = []
    let pos = 0
    while (pos < chunk.length) {
      const flagAt = chunk.indexOf(FLAG, pos)
      this.take(chunk, pos, flagAt === -1 ? chunk.length : flagAt, out)
      if (flagAt === -1) break
      this.onFlag(out)
      pos = flagAt + 1
    }
    return out
  }

  /** Forgets a partial frame, e.g. when the connection closes. Returns how many bytes were held. */
  reset(): number {
    const held = this.synced && !this.discarding ? this.len : 0
    this.len = 0
    this.synced = false
    this.discarding = false
    return held
  }

  private take(chunk: Buffer, from: number, to: number, out: FramerResult[]): void {
    const n = to - from
    if (n === 0) return
    if (!this.synced || this.discarding) {
      this.stats.discardedBytes += n
      return
    }
    // one byte stays free for the closing flag, so no kept frame exceeds max
    if (n <= this.max - 1 - this.len) {
      chunk.copy(this.buf, this.len, from, to)
      this.len += n
      return
    }
    // reported now rather than at the next flag, so a stream that never sends one is still counted
    this.stats.discardedBytes += this.len + n
    this.stats.tooLong++
    this.discarding = true
    this.len = 0
    out.push({
      ok: false,
      reason: 'too_long',
      detail: `frame exceeds ${this.max} bytes, discarded to next 0x7E`,
    })
  }

  private onFlag(out: FramerResult[]): void {
    if (this.synced && !this.discarding && this.len > 1) {
      this.buf[this.len++] = FLAG
      this.stats.frames++
      out.push({ ok: true, frame: Buffer.from(this.buf.subarray(0, this.len)) })
    }
    this.synced = true
    this.discarding = false
    this.buf[0] = FLAG
    this.len = 1
  }
}
