// One terminal TCP connection: bytes → Jt808Framer → decodeFrame → (Jt808Reassembler) → plan →
// handler → answers. Frames are handled one at a time with the socket paused meanwhile, so a
// connection holds at most one read chunk and one database transaction (backpressure,
// reliability-security.md §4). Nothing thrown here may leave a socket handler.
import type { Socket } from 'node:net'
import {
  AnswerResult,
  decodeBody,
  decodeFrame,
  encodePlatformAnswerFrame,
  encodeRegisterAnswerFrame,
  encodeServerTimeFrame,
  Jt808Framer,
  type DecodeRejected,
  type FramerResult,
  type Jt808Header,
  type Jt808Message,
  type Jt808Reassembler,
} from '../../../sensors/protocols/jt808'
import { isTransientDbError } from '../../platform/db/errors'
import { runPlan, type HandlerContext, type Reply } from './jt808.handlers'
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
}

export interface ConnectionContext extends HandlerContext {
  limits: ConnectionLimits
  reassembler: Jt808Reassembler
}

export class Jt808Connection {
  readonly peer: string
  private readonly framer = new Jt808Framer()
  private readonly queue: FramerResult[] = []
  private session: SessionState = initialSession
  private serial = 0
  private draining: Promise<void> | null = null
  private rejectStreak = 0
  private discardedMark = 0

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

  /** Resolves when no frame is being handled. */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve()
  }

  close(): void {
    this.socket.destroy()
  }

  private onData(chunk: Buffer): void {
    try {
      for (const f of this.framer.push(chunk)) this.queue.push(f)
      const garbage = this.framer.stats.discardedBytes - this.discardedMark
      if (garbage > this.ctx.limits.maxGarbageBytes) return this.closeForFlood(`${garbage} bytes of garbage`)
      if (!this.draining && this.queue.length) this.draining = this.drain()
    } catch (err) {
      this.ctx.log.error({ err, peer: this.peer }, 'jt808 data handler failed; closing')
      this.socket.destroy()
    }
  }

  private async drain(): Promise<void> {
    this.socket.pause()
    try {
      for (let f = this.queue.shift(); f && !this.socket.destroyed; f = this.queue.shift())
        await this.handleFrame(f)
    } catch (err) {
      this.ctx.log.error({ err, peer: this.peer }, 'jt808 frame handler failed; closing')
      this.socket.destroy()
    } finally {
      this.queue.length = 0
      this.draining = null
      if (!this.socket.destroyed) this.socket.resume()
    }
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
      return this.reply([rej.header]).general(AnswerResult.badMessage)
    if (++this.rejectStreak > this.ctx.limits.maxConsecutiveRejections)
      this.closeForFlood(`${this.rejectStreak} rejected frames in a row`)
  }

  /** `to`: the headers to answer, one per part when the message arrived split. */
  private async handleMessage(m: Jt808Message, to: Jt808Header[]): Promise<void> {
    bump(this.ctx.stats.messages, m.kind)
    const plan = planMessage(this.session, m)
    if (plan.action === 'reassemble') return this.reassemble(plan.message)
    const reply = this.reply(to)
    try {
      const event = await runPlan(plan, m, this.ctx, reply, this.peer)
      if (event) this.session = reduceSession(this.session, event)
    } catch (err) {
      // transient (database down): no answer, so the terminal retransmits later; else result 1
      this.record('handler_failed', m.header.terminal, err instanceof Error ? err.message : String(err))
      this.ctx.log.error({ err, peer: this.peer, msgId: m.msgId }, 'jt808 handler failed')
      if (!isTransientDbError(err) && !reply.sent) reply.general(AnswerResult.fail)
    }
  }

  private async reassemble(part: Extract<Jt808Message, { kind: 'fragment' }>): Promise<void> {
    const r = this.ctx.reassembler.push(part.header, part.body.raw)
    if (r.status === 'rejected') {
      this.record('reassembly', part.header.terminal, r.detail)
      return this.reply([part.header]).general(AnswerResult.badMessage)
    }
    if (r.status !== 'complete') return // answered once the whole message is handled
    const total = part.header.split?.total ?? 1
    const first = part.header.serial - (part.header.split?.index ?? 1) + 1
    const parts = Array.from({ length: total }, (_, i) => ({ ...r.header, serial: (first + i) & 0xffff }))
    const body = decodeBody(r.header, r.body)
    if (!body.ok) {
      this.record(body.reason, part.header.terminal, body.detail)
      return this.reply(parts).general(AnswerResult.badMessage)
    }
    await this.handleMessage(body.message, parts)
  }

  private record(reason: Jt808RejectReason, terminal: string | null, detail: string): void {
    this.ctx.rejections.record({ reason, peer: this.peer, terminal, detail })
  }

  private reply(to: Jt808Header[]): Reply {
    let sent = false
    const each = (encode: (h: Jt808Header, serial: number) => Buffer) => {
      sent = true
      for (const h of to) this.write(encode(h, this.nextSerial()))
    }
    return {
      general: (result) => each((h, s) => encodePlatformAnswerFrame(h, result, s)),
      register: (result, code) => each((h, s) => encodeRegisterAnswerFrame(h, result, code, s)),
      serverTime: (now) => each((h, s) => encodeServerTimeFrame(h, now, s)),
      get sent() {
        return sent
      },
    }
  }

  /** Platform serials: one counter per connection (JT/T 808-2019 §4.4 消息流水号, from 0, wrapping). */
  private nextSerial(): number {
    const s = this.serial
    this.serial = (this.serial + 1) & 0xffff
    return s
  }

  private write(frame: Buffer): void {
    if (this.socket.destroyed) return
    this.socket.write(frame)
    this.ctx.stats.answers++
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
