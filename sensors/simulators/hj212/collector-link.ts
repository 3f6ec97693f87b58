import { Socket } from 'node:net'
import { decodePacket, Hj212Framer, type Hj212Packet } from '../../protocols/hj212'

export interface LinkOptions {
  host: string
  port: number
  /** a decoded packet from the platform (answers) */
  onPacket: (packet: Hj212Packet) => void
  /** (re)connected: resend what is pending */
  onConnect: () => void
  /** first reconnect delay, doubled per failure up to maxBackoffMs; defaults 500 ms and 30 s */
  minBackoffMs?: number
  maxBackoffMs?: number
  /** 0..1 from the simulator's PRNG, so reconnects of many collectors spread out */
  jitter?: () => number
}

/** The TCP connection of one simulated collector: reconnects with exponential backoff until closed. */
export class CollectorLink {
  private socket: Socket | null = null
  private framer = new Hj212Framer()
  private retryTimer: NodeJS.Timeout | null = null
  private backoffMs: number
  private closed = false
  connected = false
  connects = 0

  constructor(private readonly o: LinkOptions) {
    this.backoffMs = o.minBackoffMs ?? 500
    this.connect()
  }

  /** Writes a frame if connected; false otherwise (it stays pending). */
  send(frame: string): boolean {
    if (!this.connected || !this.socket) return false
    this.socket.write(frame)
    return true
  }

  close(): void {
    this.closed = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.socket?.destroy()
  }

  private connect(): void {
    if (this.closed) return
    const socket = new Socket()
    this.socket = socket
    this.framer = new Hj212Framer()
    socket.setNoDelay(true)
    socket.on('connect', () => {
      this.connected = true
      this.connects++
      this.backoffMs = this.o.minBackoffMs ?? 500
      this.o.onConnect()
    })
    socket.on('data', (chunk: Buffer) => {
      for (const e of this.framer.push(chunk)) {
        if (e.kind !== 'frame') continue
        const d = decodePacket(e.bytes)
        if (d.ok) this.o.onPacket(d.packet)
      }
    })
    socket.on('error', () => undefined) // 'close' follows
    socket.on('close', () => {
      this.connected = false
      if (this.closed) return
      const delay = this.backoffMs * (0.5 + (this.o.jitter?.() ?? 0.5))
      this.backoffMs = Math.min(this.backoffMs * 2, this.o.maxBackoffMs ?? 30_000)
      this.retryTimer = setTimeout(() => this.connect(), delay)
    })
    socket.connect(this.o.port, this.o.host)
  }
}
