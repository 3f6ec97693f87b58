// JT/T 808 load for `npm run bench:ingest`, run in a worker thread (ingest-worker.ts) so the terminals never share
// the server's event loop. Terminals ride on relay connections (JT/T 808 allows several terminals per TCP
// connection, each with its own 0x0102; the platform takes up to 64 per connection), register and authenticate
// once, then run phases on command:
//   window: every connection keeps `window` frames outstanding (0x0704 batches of `perFrame` fixes, or 0x0200 when
//           perFrame is 1) and sends the next as soon as a 0x8001 comes back — ack-paced, as fast as storage goes;
//   rate:   open loop, `rate` 0x0200 reports per second spread round-robin over every terminal, whatever the acks;
//           a connection whose unsent bytes pass 1 MiB skips its turn (counted), so the load itself stays bounded.
// Every fix of a terminal is one second after its previous one (device time is the natural key), from `baseMs`.
import { connect, type Socket } from 'node:net'
import { decodeFrame, Jt808Framer, MsgId, type LocationInput } from '../../sensors/protocols/jt808'
import { TerminalFrames } from '../../sensors/simulators/jt808/terminal-frames'

export interface LoadSetup {
  port: number
  connections: number
  terminalsPerConnection: number
  /** device time of every terminal's first fix, ms since epoch */
  baseMs: number
  /** first phone number; terminal i gets phoneBase + i */
  phoneBase: number
}

export interface PhaseCommand {
  mode: 'window' | 'rate'
  durationMs: number
  /** window mode: frames outstanding per connection */
  window?: number
  /** window mode: fixes per frame (1: 0x0200, more: one 0x0704) */
  perFrame?: number
  /** rate mode: 0x0200 reports per second over all terminals */
  rate?: number
  /** record the send time of one report in `recordEvery` (rate mode), for latency matching */
  recordEvery?: number
}

export interface PhaseResult {
  mode: string
  seconds: number
  frames_sent: number
  positions_sent: number
  frames_acked: number
  positions_acked: number
  /** answers with a result other than 0 */
  frames_refused: number
  /** rate mode: reports not written because the connection's send buffer was full */
  skipped: number
  /** sample of send → 0x8001 round trips, ms */
  ack_ms: number[]
  /** rate mode: "terminal|deviceMs" and its send instant (epoch ms), for the recorded reports */
  recorded_keys: string[]
  recorded_at: number[]
  connections_closed: number
  /** epoch ms of the first send and of the last answer */
  startedAt: number
  lastAckAt: number
}

const epochNow = () => performance.timeOrigin + performance.now()

interface Terminal {
  frames: TerminalFrames
  key: string
  nextMs: number
  lat: number
  lon: number
}

interface Pending {
  at: number
  n: number
}

class RelayConnection {
  readonly framer = new Jt808Framer()
  readonly pending = new Map<string, Pending>()
  onAnswer: (terminal: string, serial: number, msgId: number, result: number, authCode?: string) => void =
    () => undefined
  closed = false

  constructor(
    readonly socket: Socket,
    readonly terminals: Terminal[],
  ) {
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.framer.push(chunk)) {
        if (!f.ok) continue
        const r = decodeFrame(f.frame)
        if (!r.ok) continue
        const m = r.message
        if (m.kind === 'platform_answer')
          this.onAnswer(m.header.terminal, m.body.serial, m.body.msgId, m.body.result)
        else if (m.kind === 'register_answer')
          this.onAnswer(m.header.terminal, m.body.serial, MsgId.register, m.body.result, m.body.authCode)
      }
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      this.closed = true
    })
  }
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s))
    s.once('error', reject)
  })
}

const vehicle = (i: number) => ({
  province: 32,
  city: 1100,
  maker: 'CPT',
  model: 'BENCH',
  deviceId: `B${i}`,
  plateColor: 2,
  plate: `苏B${String(i).padStart(5, '0')}`,
})

export class IngestLoad {
  private conns: RelayConnection[] = []

  constructor(private readonly setup: LoadSetup) {}

  /** Opens the connections, registers and authenticates every terminal; returns the terminal count. */
  async start(): Promise<{ terminals: number; connections: number; ms: number }> {
    const t0 = performance.now()
    const s = this.setup
    let idx = 0
    const sockets = await Promise.all(Array.from({ length: s.connections }, () => open(s.port)))
    this.conns = sockets.map((sock) => {
      const terminals: Terminal[] = []
      for (let k = 0; k < s.terminalsPerConnection; k++) {
        const i = idx++
        const phone = String(s.phoneBase + i)
        // spread over ~1.2 × 1 km of the demo park; each tag stays where it is (no jumps, no overspeed)
        terminals.push({
          frames: new TerminalFrames({
            phone,
            version: 2013,
            vehicle: vehicle(i),
            imei: '860000000000001',
            softwareVersion: '1.0',
          }),
          key: phone.replace(/^0+/, ''),
          nextMs: s.baseMs,
          lat: 31.945 + (i % 100) * 1e-4,
          lon: 120.945 + Math.floor(i / 100) * 2e-4,
        })
      }
      return new RelayConnection(sock, terminals)
    })
    await Promise.all(
      this.conns.map(async (c) => {
        for (const t of c.terminals) {
          const reg = t.frames.register()
          const code = await this.request(c, t, reg.serial, MsgId.register, reg.frame)
          if (code.result !== 0 || !code.authCode) throw new Error(`register ${t.key}: ${code.result}`)
          const auth = t.frames.authenticate(code.authCode)
          const ok = await this.request(c, t, auth.serial, MsgId.authenticate, auth.frame)
          if (ok.result !== 0) throw new Error(`authenticate ${t.key}: ${ok.result}`)
        }
      }),
    )
    return { terminals: idx, connections: this.conns.length, ms: performance.now() - t0 }
  }

  private request(
    c: RelayConnection,
    t: Terminal,
    serial: number,
    msgId: number,
    frame: Buffer,
  ): Promise<{ result: number; authCode?: string }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${msgId} of ${t.key}`)), 60_000)
      c.onAnswer = (terminal, s, m, result, authCode) => {
        if (terminal !== t.key || s !== serial || m !== msgId) return
        clearTimeout(timer)
        resolve({ result, authCode })
      }
      c.socket.write(frame)
    })
  }

  private fix(t: Terminal): LocationInput {
    const time = new Date(t.nextMs)
    t.nextMs += 1000
    return { lat: t.lat, lon: t.lon, speedKmh: 12, headingDeg: 90, time }
  }

  async phase(cmd: PhaseCommand): Promise<PhaseResult> {
    const res: PhaseResult = {
      mode: cmd.mode,
      seconds: 0,
      frames_sent: 0,
      positions_sent: 0,
      frames_acked: 0,
      positions_acked: 0,
      frames_refused: 0,
      skipped: 0,
      ack_ms: [],
      recorded_keys: [],
      recorded_at: [],
      connections_closed: 0,
      startedAt: Date.now(),
      lastAckAt: 0,
    }
    const t0 = performance.now()
    const sendUntil = t0 + cmd.durationMs
    const onAnswer =
      (c: RelayConnection) => (terminal: string, serial: number, msgId: number, result: number) => {
        if (msgId !== MsgId.location && msgId !== MsgId.batch) return
        const k = `${terminal}:${serial}`
        const p = c.pending.get(k)
        if (!p) return
        c.pending.delete(k)
        if (result !== 0) {
          res.frames_refused++
          return
        }
        res.frames_acked++
        res.positions_acked += p.n
        res.lastAckAt = Date.now()
        if (res.frames_acked % 20 === 0) res.ack_ms.push(performance.now() - p.at)
      }
    for (const c of this.conns) {
      c.pending.clear()
      c.onAnswer = onAnswer(c)
    }

    if (cmd.mode === 'window') {
      const window = cmd.window ?? 8
      const perFrame = cmd.perFrame ?? 1
      await Promise.all(
        this.conns.map(
          (c) =>
            new Promise<void>((resolve) => {
              let next = 0
              let scheduled = false
              const fill = () => {
                const parts: Buffer[] = []
                while (c.pending.size < window && performance.now() < sendUntil) {
                  const t = c.terminals[next++ % c.terminals.length]!
                  const out =
                    perFrame === 1
                      ? t.frames.location(this.fix(t))
                      : t.frames.batch(Array.from({ length: perFrame }, () => this.fix(t)))
                  c.pending.set(`${t.key}:${out.serial}`, { at: performance.now(), n: perFrame })
                  parts.push(out.frame)
                  res.frames_sent++
                  res.positions_sent += perFrame
                }
                if (parts.length) c.socket.write(parts.length === 1 ? parts[0]! : Buffer.concat(parts))
                if (c.pending.size === 0 || c.closed) resolve()
              }
              const base = c.onAnswer
              c.onAnswer = (...a) => {
                base(...a)
                if (scheduled) return
                scheduled = true
                setImmediate(() => {
                  scheduled = false
                  fill()
                })
              }
              c.socket.once('close', () => resolve())
              fill()
              // answers that never come (a refused or dropped frame) must not hang the phase
              setTimeout(resolve, cmd.durationMs + 15_000).unref()
            }),
        ),
      )
    } else {
      const rate = cmd.rate ?? 5000
      const every = cmd.recordEvery ?? 1
      const all = this.conns.flatMap((c) => c.terminals.map((t) => ({ c, t })))
      let cursor = 0
      let due = 0
      await new Promise<void>((resolve) => {
        const tick = () => {
          const now = performance.now()
          if (now >= sendUntil) return resolve()
          const want = Math.floor(((now - t0) / 1000) * rate) - due
          due += want
          const byConn = new Map<RelayConnection, Buffer[]>()
          const at = epochNow()
          for (let j = 0; j < want; j++) {
            const { c, t } = all[cursor++ % all.length]!
            if (c.closed || c.socket.writableLength > 1 << 20) {
              res.skipped++
              continue
            }
            const fix = this.fix(t)
            const out = t.frames.location(fix)
            c.pending.set(`${t.key}:${out.serial}`, { at: now, n: 1 })
            let list = byConn.get(c)
            if (!list) byConn.set(c, (list = []))
            list.push(out.frame)
            res.frames_sent++
            res.positions_sent++
            if (res.frames_sent % every === 0) {
              res.recorded_keys.push(`${t.key}|${(fix.time as Date).getTime()}`)
              res.recorded_at.push(at)
            }
          }
          for (const [c, list] of byConn) c.socket.write(Buffer.concat(list))
          setTimeout(tick, 5)
        }
        tick()
      })
      // the answers still owed, for a while
      const until = performance.now() + 10_000
      while (performance.now() < until && this.conns.some((c) => c.pending.size > 0 && !c.closed))
        await new Promise((r) => setTimeout(r, 50))
    }
    res.seconds = (performance.now() - t0) / 1000
    res.connections_closed = this.conns.filter((c) => c.closed).length
    return res
  }

  close(): void {
    for (const c of this.conns) c.socket.destroy()
  }
}
