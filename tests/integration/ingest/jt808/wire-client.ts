// A raw TCP client for the JT/T 808 listener tests: writes bytes exactly as given and collects what
// the platform answers, decoded with the shared codec.
import { connect, type Socket } from 'node:net'
import {
  decodeFrame,
  Jt808Framer,
  type GeneralAnswer,
  type Jt808Message,
  type RegisterAnswer,
} from '../../../../sensors/protocols/jt808'

type Waiter = { pred: (m: Jt808Message) => boolean; resolve: (m: Jt808Message) => void }

export class WireClient {
  readonly received: Jt808Message[] = []
  /** resolves when the server (or we) closed the connection */
  readonly closed: Promise<void>
  private readonly framer = new Jt808Framer()
  private waiters: Waiter[] = []

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.framer.push(chunk)) {
        const res = f.ok ? decodeFrame(f.frame) : null
        if (!res?.ok) throw new Error(`platform sent an undecodable frame: ${JSON.stringify(res ?? f)}`)
        this.deliver(res.message)
      }
    })
    socket.on('error', () => undefined)
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()))
  }

  static connect(port: number): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port })
      s.once('error', reject)
      s.once('connect', () => resolve(new WireClient(s)))
    })
  }

  get destroyed(): boolean {
    return this.socket.destroyed
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes)
  }

  /** Writes and waits until the bytes left this process, so separate writes stay separate segments. */
  sendNow(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(bytes, (err) => (err ? reject(err) : resolve())),
    )
  }

  /** The first message (already received or coming) that matches; removed from the inbox. */
  next(pred: (m: Jt808Message) => boolean = () => true, timeoutMs = 10_000): Promise<Jt808Message> {
    const i = this.received.findIndex(pred)
    if (i >= 0) return Promise.resolve(this.received.splice(i, 1)[0]!)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        reject(new Error(`no matching answer within ${timeoutMs} ms`))
      }, timeoutMs)
      const waiter: Waiter = {
        pred,
        resolve: (m) => {
          clearTimeout(timer)
          resolve(m)
        },
      }
      this.waiters.push(waiter)
    })
  }

  /** The 0x8001 that answers our message `serial` of id `msgId`. */
  async answer(serial: number, msgId: number, timeoutMs?: number): Promise<GeneralAnswer> {
    const m = await this.next(
      (x) => x.kind === 'platform_answer' && x.body.serial === serial && x.body.msgId === msgId,
      timeoutMs,
    )
    return (m as Extract<Jt808Message, { kind: 'platform_answer' }>).body
  }

  async registerAnswer(serial: number): Promise<RegisterAnswer> {
    const m = await this.next((x) => x.kind === 'register_answer' && x.body.serial === serial)
    return (m as Extract<Jt808Message, { kind: 'register_answer' }>).body
  }

  /** Nothing may arrive within `ms` (used after frames that must not be answered). */
  async expectSilence(ms = 300): Promise<void> {
    const before = this.received.length
    await new Promise((r) => setTimeout(r, ms))
    if (this.received.length !== before)
      throw new Error(`unexpected answer: ${JSON.stringify(this.received.slice(before))}`)
  }

  close(): Promise<void> {
    this.socket.destroy()
    return this.closed
  }

  private deliver(m: Jt808Message): void {
    const w = this.waiters.find((x) => x.pred(m))
    if (!w) return void this.received.push(m)
    this.waiters = this.waiters.filter((x) => x !== w)
    w.resolve(m)
  }
}
