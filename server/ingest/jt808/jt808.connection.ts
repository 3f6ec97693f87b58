// One terminal TCP connection: bytes → Jt808Framer → decodeFrame → (Jt808Reassembler) → plan →
// handler → answers. Frames are taken one at a time with the socket paused meanwhile (at most one read chunk
// is held per connection). Location reports are pipelined: each is handed to the listener's group commit and
// the next frame is taken at once, up to maxPipelined reports in flight; every other message is handled to the
// end before the next frame. Answers go out in the order the frames came, each report's once the transaction
// holding it committed. While the group commit's queue is over its limit the connection stops reading
// (backpressure, reliability-security.md §4). Nothing thrown here may leave a socket handler.
import type { Socket } from 'node:net'
import {
  AnswerResult,
  decodeBody,
  decodeFrame,
  encodePlatformAnswerFrame,
  encodeRegisterAnswerFrame,
  encodeServerTimeFrame,
  Jt808Framer,
  type AnswerResultCode,
  type DecodeRejected,
  type FramerResult,
  type Jt808Header,
  type Jt808Message,
  type Jt808Reassembler,
  type RegisterResultCode,
} from '../../../sensors/protocols/jt808'
import { isTransientDbError } from '../../platform/db/errors'
import {
  finishLocations,
  runPlan,
  submitLocations,
  type HandlerContext,
  type LocationsPlan,
  type Reply,
} from './jt808.handlers'
import { planMessage, planRejection } from './jt808.plan'
import { initialSession, reduceSession, type SessionState } from './jt808.session'
import { bump, type Jt808RejectReason } from './jt808.stats'

export interface ConnectionLimits {
  /** close after this long without a byte; the standard's heartbeat default is 60 s */
  idleTimeoutMs: number
  /** close after this many frames in a row that are not JT/T 808 (no readable header) */
  maxConsecutiveRejections: number
  /** close after this many bytes thrown away since the last good frame */
  maxGarbageBytes: number
  /** close when this many answer bytes wait for a peer that does not read */
  maxPendingWriteBytes: number
  /** location reports of one connection waiting for their commit at once; default 64 */
  maxPipelined?: number
}

/** Bytes framed at a time (about a hundred 0x0200 reports). */
const FRAME_SLICE = 4096

/** One answer to one header, encoded when written (platform serials then follow the wire order). */
type Answer =
  | { kind: 'general'; h: Jt808Header; result: AnswerResultCode }
  | { kind: 'register'; h: Jt808Header; result: RegisterResultCode; code: string }
  | { kind: 'server_time'; h: Jt808Header; now: Date }

/** A frame's answers, in frame order. */
interface Slot {
  out: Answer[]
  closed: boolean
}

/** A location report handed to the group commit, waiting for its transaction. */
interface Pipelined {
  plan: LocationsPlan
  m: Jt808Message
  reply: SlotReply
  slot: Slot
  settled: boolean
  error: { err: unknown } | null
}

/** Answers of one frame into its slot (a class: one allocation per frame, no closures). */
class SlotReply implements Reply {
  sent = false

  constructor(
    private readonly conn: { put(slot: Slot, a: Answer): void },
    private readonly to: Jt808Header[],
    private readonly slot: Slot,
  ) {}

  general(result: AnswerResultCode): void {
    this.sent = true
    for (const h of this.to) this.conn.put(this.slot, { kind: 'general', h, result })
  }

  register(result: RegisterResultCode, code: string): void {
    this.sent = true
    for (const h of this.to) this.conn.put(this.slot, { kind: 'register', h, result, code })
  }

  serverTime(now: Date): void {
    this.sent = true
    for (const h of this.to) this.conn.put(this.slot, { kind: 'server_time', h, now })
  }
}

export interface ConnectionContext extends HandlerContext {
  limits: ConnectionLimits
  reassembler: Jt808Reassembler
}

export class Jt808Connection {
  readonly peer: string
  private readonly framer = new Jt808Framer()
  /** bytes read and not yet framed: framed a slice at a time, so a paused connection holds bytes, not frames */
  private readonly unread: Buffer[] = []
  private readonly queue: FramerResult[] = []
  private session: SessionState = initialSession
  private serial = 0
  private draining: Promise<void> | null = null
  private rejectStreak = 0
  private discardedMark = 0
  /** answer slots in frame order; the head's answers are written as soon as they exist */
  private readonly slots: Slot[] = []
  /** answers handed over but not yet written (one socket write per turn of the event loop) */
  private unsent: Buffer[] = []
  private flushScheduled = false
  /** reports submitted and not yet answered, in frame order */
  private readonly pipelined: Pipelined[] = []
  /** the head report's alarms are being acted on (the reports behind it wait) */
  private postBusy = false
  private pipelineFree: (() => void) | null = null
  private pipelineIdle: (() => void)[] = []
  /** waiting for the group commit to have room before reading again */
  private waitingRoom = false

  constructor(
    private readonly socket: Socket,
    private readonly ctx: ConnectionContext,
  ) {
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`
    socket.setNoDelay(true)
    socket.setTimeout(ctx.limits.idleTimeoutMs)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('timeout', () => {
      ctx.stats.connections.closedIdle++
      socket.destroy()
    })
    socket.on('error', (err) => ctx.log.debug({ err, peer: this.peer }, 'jt808 socket error'))
    socket.on('close', () => void this.framer.reset())
  }

  /** Resolves when no frame is being handled and every submitted report has been answered (or failed). */
  async idle(): Promise<void> {
    await this.draining
    if (this.pipelined.length) await new Promise<void>((resolve) => this.pipelineIdle.push(resolve))
  }

  close(): void {
    this.socket.destroy()
  }

  private onData(chunk: Buffer): void {
    this.unread.push(chunk)
    if (this.draining) return
    // drain() may finish without awaiting anything (a partial frame): it is marked done after this assignment
    const drained = this.drain()
    this.draining = drained
    void drained.finally(() => {
      if (this.draining !== drained) return
      this.draining = null
      this.resumeReading()
    })
  }

  /**
   * Frames the next slice of what was read (FRAME_SLICE bytes at most); false when nothing is left. A decoded
   * frame costs several times its bytes, so a connection waiting for room holds at most a slice's frames.
   */
  private frameMore(): boolean {
    const chunk = this.unread[0]
    if (!chunk) return false
    let slice = chunk
    if (chunk.length > FRAME_SLICE) {
      slice = chunk.subarray(0, FRAME_SLICE)
      this.unread[0] = chunk.subarray(FRAME_SLICE)
    } else this.unread.shift()
    for (const f of this.framer.push(slice)) this.queue.push(f)
    const garbage = this.framer.stats.discardedBytes - this.discardedMark
    if (garbage > this.ctx.limits.maxGarbageBytes) this.closeForFlood(`${garbage} bytes of garbage`)
    return true
  }

  private async drain(): Promise<void> {
    this.socket.pause()
    try {
      while (!this.socket.destroyed) {
        const f = this.queue.shift()
        if (f) await this.handleFrame(f)
        else if (!this.frameMore()) break
      }
    } catch (err) {
      this.ctx.log.error({ err, peer: this.peer }, 'jt808 frame handler failed; closing')
      this.socket.destroy()
    } finally {
      this.queue.length = 0
      this.unread.length = 0
    }
  }

  /** Reads again, once the group commit has room: a full queue keeps every connection from reading. */
  private resumeReading(): void {
    if (this.socket.destroyed || this.draining || this.waitingRoom) return
    if (!this.ctx.locations.full) return void this.socket.resume()
    this.waitingRoom = true
    this.ctx.stats.groupCommit.connectionWaits++
    void this.ctx.locations.room().then(() => {
      this.waitingRoom = false
      this.resumeReading()
    })
  }

  private async handleFrame(f: FramerResult): Promise<void> {
    if (!f.ok) return this.rejectFrame({ ok: false, reason: f.reason, detail: f.detail }, null)
    const res = decodeFrame(f.frame)
    if (!res.ok) return this.rejectFrame(res, f.frame)
    this.rejectStreak = 0
    this.discardedMark = this.framer.stats.discardedBytes
    if (res.warnings.length) this.ctx.log.debug({ peer: this.peer, warnings: res.warnings }, 'jt808 frame')
    await this.handleMessage(res.message, [res.message.header])
  }

  private rejectFrame(rej: DecodeRejected, raw: Buffer | null): void {
    const terminal = rej.header?.terminal ?? null
    this.ctx.rejections.record({ reason: rej.reason, peer: this.peer, terminal, detail: rej.detail, raw })
    // a frame with a readable header (bad body, wrong length) is a terminal's bug, answered with
    // result 2; only frames that are not JT/T 808 at all make a flood
    if (planRejection(rej).action === 'answer' && rej.header)
      return this.answerNow([rej.header], (r) => r.general(AnswerResult.badMessage))
    if (++this.rejectStreak > this.ctx.limits.maxConsecutiveRejections)
      this.closeForFlood(`${this.rejectStreak} rejected frames in a row`)
  }

  /** `to`: the headers to answer, one per part when the message arrived split. */
  private async handleMessage(m: Jt808Message, to: Jt808Header[]): Promise<void> {
    bump(this.ctx.stats.messages, m.kind)
    const plan = planMessage(this.session, m)
    if (plan.action === 'reassemble') return this.reassemble(plan.message)
    if (plan.action === 'locations') return this.submitLocations(plan, m, to)
    const slot = this.openSlot()
    const reply = new SlotReply(this, to, slot)
    try {
      const event = await runPlan(plan, m, this.ctx, reply, this.peer)
      if (event) this.session = reduceSession(this.session, event)
    } catch (err) {
      this.failed(m, reply, err)
    } finally {
      this.closeSlot(slot)
    }
  }

  /** transient (database down): no answer, so the terminal retransmits later; else result 1 */
  private failed(m: Jt808Message, reply: Reply, err: unknown): void {
    this.record('handler_failed', m.header.terminal, err instanceof Error ? err.message : String(err))
    this.ctx.log.error({ err, peer: this.peer, msgId: m.msgId }, 'jt808 handler failed')
    if (!isTransientDbError(err) && !reply.sent) reply.general(AnswerResult.fail)
  }

  /**
   * Hands the report to the group commit and returns without waiting for it (unless this connection already
   * has maxPipelined reports in flight, or the group commit is full: then it waits, with the socket paused).
   * Its answer is written in frame order once its transaction committed.
   */
  private async submitLocations(plan: LocationsPlan, m: Jt808Message, to: Jt808Header[]): Promise<void> {
    const max = this.ctx.limits.maxPipelined ?? 64
    while (this.pipelined.length >= max && !this.socket.destroyed)
      await new Promise<void>((resolve) => (this.pipelineFree = resolve))
    if (this.ctx.locations.full) {
      this.ctx.stats.groupCommit.connectionWaits++
      await this.ctx.locations.room()
    }
    // closed meanwhile: nobody to answer, and the terminal sends the report again on its next connection
    if (this.socket.destroyed) return
    const slot = this.openSlot()
    const reply = new SlotReply(this, to, slot)
    let stored: Promise<true>
    try {
      stored = submitLocations(this.ctx, plan)
    } catch (err) {
      this.failed(m, reply, err)
      return this.closeSlot(slot)
    }
    const p: Pipelined = { plan, m, reply, slot, settled: false, error: null }
    this.pipelined.push(p)
    stored.then(
      () => this.settled(p, null),
      (err: unknown) => this.settled(p, { err }),
    )
  }

  private settled(p: Pipelined, error: { err: unknown } | null): void {
    p.settled = true
    p.error = error
    try {
      this.finishPipelined()
    } catch (err) {
      this.ctx.log.error({ err, peer: this.peer }, 'jt808 answer failed; closing')
      this.socket.destroy()
    }
  }

  /**
   * Answers the committed reports at the head of the pipeline, in frame order. A report whose terminal alarm
   * bits need the alarm module holds the ones behind it until it is done (alarms act before the answer).
   */
  private finishPipelined(): void {
    const alarms = this.ctx.deviceAlarms
    while (!this.postBusy && this.pipelined.length && this.pipelined[0]!.settled) {
      const p = this.pipelined[0]!
      if (!p.error && alarms?.hasWork(p.plan.tagId, p.plan.locations)) {
        this.postBusy = true
        void finishLocations(p.plan, Promise.resolve(true), this.ctx, p.reply)
          .catch((err: unknown) => this.failed(p.m, p.reply, err))
          .finally(() => {
            this.postBusy = false
            this.donePipelined(p)
            this.finishPipelined()
          })
        return
      }
      if (p.error) this.failed(p.m, p.reply, p.error.err)
      else p.reply.general(AnswerResult.ok)
      this.donePipelined(p)
    }
  }

  private donePipelined(p: Pipelined): void {
    this.pipelined.shift()
    this.closeSlot(p.slot)
    const free = this.pipelineFree
    this.pipelineFree = null
    free?.()
    if (this.pipelined.length === 0 && this.pipelineIdle.length) {
      const idle = this.pipelineIdle
      this.pipelineIdle = []
      for (const done of idle) done()
    }
  }

  private async reassemble(part: Extract<Jt808Message, { kind: 'fragment' }>): Promise<void> {
    const r = this.ctx.reassembler.push(part.header, part.body.raw)
    if (r.status === 'rejected') {
      this.record('reassembly', part.header.terminal, r.detail)
      return this.answerNow([part.header], (x) => x.general(AnswerResult.badMessage))
    }
    if (r.status !== 'complete') return // answered once the whole message is handled
    const total = part.header.split?.total ?? 1
    const first = part.header.serial - (part.header.split?.index ?? 1) + 1
    const parts = Array.from({ length: total }, (_, i) => ({ ...r.header, serial: (first + i) & 0xffff }))
    const body = decodeBody(r.header, r.body)
    if (!body.ok) {
      this.record(body.reason, part.header.terminal, body.detail)
      return this.answerNow(parts, (x) => x.general(AnswerResult.badMessage))
    }
    await this.handleMessage(body.message, parts)
  }

  private record(reason: Jt808RejectReason, terminal: string | null, detail: string): void {
    this.ctx.rejections.record({ reason, peer: this.peer, terminal, detail })
  }

  /** Answers a frame at once (behind the answers still owed to earlier frames). */
  private answerNow(to: Jt808Header[], answer: (r: Reply) => void): void {
    const slot = this.openSlot()
    answer(new SlotReply(this, to, slot))
    this.closeSlot(slot)
  }

  /** Adds an answer to a frame's slot (SlotReply); written as soon as the slots before it are closed. */
  put(slot: Slot, a: Answer): void {
    slot.out.push(a)
    if (slot === this.slots[0]) this.flushSlots()
  }

  private openSlot(): Slot {
    const slot: Slot = { out: [], closed: false }
    this.slots.push(slot)
    return slot
  }

  private closeSlot(slot: Slot): void {
    slot.closed = true
    this.flushSlots()
  }

  /** Encodes the answers that are due (those of the closed slots in front, and the head's so far). */
  private flushSlots(): void {
    while (this.slots.length) {
      const head = this.slots[0]!
      for (const a of head.out) {
        this.unsent.push(this.encode(a, this.nextSerial()))
        this.ctx.stats.answers++
      }
      if (head.out.length) head.out = []
      if (!head.closed) break
      this.slots.shift()
    }
    if (this.unsent.length && !this.flushScheduled) {
      this.flushScheduled = true
      setImmediate(() => this.writeUnsent())
    }
  }

  private encode(a: Answer, serial: number): Buffer {
    switch (a.kind) {
      case 'general':
        return encodePlatformAnswerFrame(a.h, a.result, serial)
      case 'register':
        return encodeRegisterAnswerFrame(a.h, a.result, a.code, serial)
      case 'server_time':
        return encodeServerTimeFrame(a.h, a.now, serial)
    }
  }

  /** Platform serials: one counter per connection (JT/T 808-2019 §4.4 消息流水号, from 0, wrapping). */
  private nextSerial(): number {
    const s = this.serial
    this.serial = (this.serial + 1) & 0xffff
    return s
  }

  /** One write for the answers that became due in this turn of the event loop. */
  private writeUnsent(): void {
    this.flushScheduled = false
    const frames = this.unsent
    this.unsent = []
    if (this.socket.destroyed || !frames.length) return
    this.socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames))
    if (this.socket.writableLength > this.ctx.limits.maxPendingWriteBytes) {
      this.ctx.stats.connections.closedSlowReader++
      this.socket.destroy()
    }
  }

  private closeForFlood(detail: string): void {
    if (this.socket.destroyed) return
    this.ctx.stats.connections.closedFlood++
    this.record('flood', null, detail)
    this.socket.destroy()
  }
}
