// A simulated JT/T 808 vehicle terminal over real TCP: registers once and keeps its auth code,
// authenticates on every connection, reports positions from a source and sends heartbeats,
// resends what the platform does not answer (JT/T 808 超时重传), buffers positions while offline
// and uploads them as 0x0704 blind-area batches after it reconnects with backoff.
import { connect, type Socket } from 'node:net'
import { decodeFrame, Jt808Framer, MsgId, type Jt808Message, type LocationInput } from '../../protocols/jt808'
import { systemClock, type Clock } from '../clock'
import { backoffMs, type BackoffOptions } from './backoff'
import { FixBuffer } from './fix-buffer'
import { PendingAnswers } from './pending-answers'
import { batchChunks, TerminalFrames, type OutFrame, type TerminalIdentity } from './terminal-frames'

/** A position from the source; stamped with the clock when it has no time of its own. */
export type TerminalFix = Omit<LocationInput, 'time'> & { time?: Date | string }

export interface Jt808TerminalOptions extends TerminalIdentity {
  host: string
  port: number
  /** a code from an earlier registration: skip 0x0100 */
  authCode?: string | null
  /** the next position, or null for none this time (called every reportIntervalMs, also offline) */
  nextFix: (nowMs: number) => TerminalFix | null
  /** default 10 s; device times have 1 s resolution, so faster reports share a key */
  reportIntervalMs?: number
  /** default 60 s (the standard's default heartbeat interval) */
  heartbeatIntervalMs?: number
  /** T(1) of the retransmission; default 10 s */
  answerTimeoutMs?: number
  /** sends of one message before the link is deemed dead; default 3 */
  maxAttempts?: number
  reconnect?: BackoffOptions
  /** default 10 000 */
  maxBufferedFixes?: number
  clock?: Clock
  onEvent?: (event: TerminalEvent) => void
}

export type TerminalState = 'connecting' | 'registering' | 'authenticating' | 'online' | 'offline' | 'stopped'

export type TerminalEvent =
  | { type: 'connected' | 'authenticated' | 'disconnected' | 'gave_up' }
  | { type: 'registered'; authCode: string }
  | { type: 'register_refused' | 'auth_refused' | 'refused'; result: number; msgId: number }

export interface TerminalStats {
  connects: number
  sent: number
  retransmits: number
  answered: number
  /** positions handed to the platform and answered */
  delivered: number
  buffered: number
  /** positions lost to a full buffer */
  dropped: number
}

export interface Jt808Terminal {
  readonly state: TerminalState
  readonly authCode: string | null
  stats(): TerminalStats
  stop(): Promise<void>
}

export function startJt808Terminal(opts: Jt808TerminalOptions): Jt808Terminal {
  return new SimTerminal(opts)
}

class SimTerminal implements Jt808Terminal {
  state: TerminalState = 'connecting'
  authCode: string | null
  private readonly frames: TerminalFrames
  private readonly pending: PendingAnswers
  private readonly buffer: FixBuffer
  private readonly clock: Clock
  private readonly counts = { connects: 0, sent: 0, retransmits: 0, answered: 0, delivered: 0 }
  private readonly timers: NodeJS.Timeout[] = []
  private socket: Socket | null = null
  private reconnectTimer: NodeJS.Timeout | null = null
  private failures = 0

  constructor(private readonly opts: Jt808TerminalOptions) {
    this.authCode = opts.authCode ?? null
    this.frames = new TerminalFrames(opts)
    this.pending = new PendingAnswers(opts.answerTimeoutMs ?? 10_000, opts.maxAttempts ?? 3)
    this.buffer = new FixBuffer(opts.maxBufferedFixes ?? 10_000)
    this.clock = opts.clock ?? systemClock
    const t = opts.answerTimeoutMs ?? 10_000
    this.timers.push(
      setInterval(() => this.report(), opts.reportIntervalMs ?? 10_000),
      setInterval(() => this.heartbeat(), opts.heartbeatIntervalMs ?? 60_000),
      setInterval(() => this.checkAnswers(), Math.max(20, Math.min(250, t / 4))),
    )
    this.connect()
  }

  stats(): TerminalStats {
    return { ...this.counts, buffered: this.buffer.size, dropped: this.buffer.dropped }
  }

  async stop(): Promise<void> {
    this.state = 'stopped'
    for (const t of this.timers) clearInterval(t)
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    const s = this.socket
    if (!s || s.destroyed) return
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve())
      s.destroy()
    })
  }

  private connect(): void {
    this.state = 'connecting'
    const socket = connect({ host: this.opts.host, port: this.opts.port })
    this.socket = socket
    const framer = new Jt808Framer()
    socket.setNoDelay(true)
    socket.on('connect', () => {
      this.counts.connects++
      this.emit({ type: 'connected' })
      this.login()
    })
    socket.on('data', (chunk: Buffer) => {
      for (const f of framer.push(chunk)) {
        const res = f.ok ? decodeFrame(f.frame) : null
        if (res?.ok) this.onMessage(res.message)
      }
    })
    socket.on('error', () => undefined) // 'close' follows
    socket.on('close', () => this.onClose(socket))
  }

  private login(): void {
    if (this.authCode === null) {
      this.state = 'registering'
      this.send(this.frames.register())
    } else {
      this.state = 'authenticating'
      this.send(this.frames.authenticate(this.authCode))
    }
  }

  private onMessage(m: Jt808Message): void {
    if (m.kind === 'register_answer') {
      if (!this.pending.answer(m.body.serial, MsgId.register)) return
      this.counts.answered++
      if (m.body.result !== 0) {
        this.emit({ type: 'register_refused', result: m.body.result, msgId: MsgId.register })
        return void this.socket?.destroy()
      }
      this.authCode = m.body.authCode
      this.emit({ type: 'registered', authCode: m.body.authCode })
      return this.login()
    }
    if (m.kind !== 'platform_answer') return
    const p = this.pending.answer(m.body.serial, m.body.msgId)
    if (!p) return
    this.counts.answered++
    if (m.body.msgId === MsgId.authenticate) return this.onAuthAnswer(m.body.result)
    if (m.body.result !== 0) this.emit({ type: 'refused', result: m.body.result, msgId: m.body.msgId })
    else this.counts.delivered += p.fixes.length
  }

  private onAuthAnswer(result: number): void {
    if (result !== 0) {
      // the code is no longer valid (deregistered, database reset): register again
      this.emit({ type: 'auth_refused', result, msgId: MsgId.authenticate })
      this.authCode = null
      return this.login()
    }
    this.state = 'online'
    this.failures = 0
    this.emit({ type: 'authenticated' })
    for (const chunk of batchChunks(this.buffer.takeAll())) this.send(this.frames.batch(chunk), chunk)
  }

  private report(): void {
    const fix = this.opts.nextFix(this.clock.now())
    if (!fix) return
    const loc: LocationInput = { ...fix, time: fix.time ?? new Date(this.clock.now()) }
    if (this.state === 'online') this.send(this.frames.location(loc), [loc])
    else this.buffer.push(loc)
  }

  private heartbeat(): void {
    if (this.state === 'online') this.send(this.frames.heartbeat())
  }

  private checkAnswers(): void {
    const { resend, expired } = this.pending.due(this.clock.now())
    for (const p of resend) {
      this.counts.retransmits++
      this.socket?.write(p.frame)
    }
    if (!expired.length) return
    for (const p of expired) this.buffer.restore(p.fixes)
    this.emit({ type: 'gave_up' })
    this.socket?.destroy() // the link is dead; reconnect
  }

  private send(out: OutFrame, fixes: LocationInput[] = []): void {
    this.pending.add(out, this.clock.now(), fixes)
    this.counts.sent++
    this.socket?.write(out.frame)
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket) return
    for (const p of this.pending.drain()) this.buffer.restore(p.fixes)
    if (this.state === 'stopped') return
    this.state = 'offline'
    this.emit({ type: 'disconnected' })
    const delay = backoffMs(this.failures++, this.opts.reconnect)
    this.reconnectTimer = setTimeout(() => this.state !== 'stopped' && this.connect(), delay)
  }

  private emit(e: TerminalEvent): void {
    this.opts.onEvent?.(e)
  }
}
