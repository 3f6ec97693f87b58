// HJ 212 load for the sensor benchmarks: collectors as real 数采仪 connections (one TCP connection each), sending
// CN 2011 real-time packets with Flag=5 (HJ 212-2017, ack wanted) and counting the platform's CN 9014 answers.
// A connection keeps up to `window` packets outstanding (pipelined): legal for a collector, which resends a
// packet whose answer does not come (the platform matches answers by QN, so order is not assumed here).
import { connect, type Socket } from 'node:net'
import { frameSegment, formatDataTime, Hj212Framer } from '../../sensors/protocols/hj212'

export interface LoadCollector {
  mn: string
  pw: string
  measure: string
}

/** Values well inside every default threshold (no alarm is raised by the load itself). */
export const NORMAL_CP: Record<string, string> = {
  wastewater:
    'w01018-Rtd=31.2,w01018-Flag=N;w21003-Rtd=1.9,w21003-Flag=N;w01001-Rtd=7.21,w01001-Flag=N;w00000-Rtd=12.5,w00000-Flag=N',
  waste_gas:
    'a21026-Rtd=42.1,a21026-Flag=N;a21002-Rtd=61.7,a21002-Flag=N;a34013-Rtd=8.4,a34013-Flag=N;a19001-Rtd=11.6,a19001-Flag=N;a00000-Rtd=8.3,a00000-Flag=N',
}

let qnSeq = 0
/** A QN (yyyyMMddHHmmssSSS) unique in this process: a synthetic clock, one millisecond per packet. */
export function nextQn(): string {
  const d = new Date(Date.UTC(2026, 0, 1) + qnSeq++)
  return d.toISOString().replace(/[-T:.Z]/g, '')
}

/** One real-time upload frame; the caller keeps DataTime unique per MN (the natural key). */
export function realtimeFrame(c: LoadCollector, qn: string, dataTime: Date, cp: string): string {
  const st = c.measure === 'wastewater' ? 32 : 31
  const segment = `QN=${qn};ST=${st};CN=2011;PW=${c.pw};MN=${c.mn};Flag=5;CP=&&DataTime=${formatDataTime(dataTime)};${cp}&&`
  return frameSegment(segment)
}

const QN_IN_ANSWER = /QN=(\d{17})/

/** A collector connection that reports each CN 9014 answer's QN. */
export class LoadConnection {
  private readonly framer = new Hj212Framer()
  onAnswer: (qn: string) => void = () => undefined
  closed = false

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => {
      for (const e of this.framer.push(chunk)) {
        if (e.kind !== 'frame' || !e.segment.includes('CN=9014')) continue
        const qn = QN_IN_ANSWER.exec(e.segment)?.[1]
        if (qn) this.onAnswer(qn)
      }
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      this.closed = true
    })
  }

  static open(port: number): Promise<LoadConnection> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new LoadConnection(s)))
      s.once('error', reject)
    })
  }

  /** Resolves once the bytes are handed to the kernel (the packet's last byte is "written"). */
  write(frame: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(frame, (err) => (err ? reject(err) : resolve())),
    )
  }

  close(): void {
    this.socket.destroy()
  }
}

export interface ThroughputLoad {
  port: number
  collectors: LoadCollector[]
  /** packets outstanding per connection */
  window: number
  durationMs: number
  /** DataTime of the first packet of every collector; each next packet is one second later */
  firstDataTimeMs: number
}

export interface ThroughputResult {
  connections: number
  window: number
  sent: number
  acked: number
  seconds: number
  acks_per_s: number
  /** send → CN 9014 answer, ms */
  ack_ms: number[]
  /** wall-clock instant the first packet went out and the last answer came back (ms since epoch) */
  startedAt: number
  lastAckAt: number
  /** most packets one connection sent (its DataTimes span that many seconds) */
  maxPerConnection: number
}

/**
 * Every collector sends as fast as its window allows for durationMs, then waits for the answers still owed.
 * Returns per-answer round trips (sampled) and totals.
 */
export async function runThroughput(o: ThroughputLoad): Promise<ThroughputResult> {
  const conns = await Promise.all(o.collectors.map(() => LoadConnection.open(o.port)))
  const ackMs: number[] = []
  let sent = 0
  let acked = 0
  let lastAckAt = 0
  let maxPerConnection = 0
  const startedAt = Date.now()
  const t0 = performance.now()
  const sendUntil = t0 + o.durationMs
  await Promise.all(
    conns.map(
      (conn, i) =>
        new Promise<void>((resolve) => {
          const c = o.collectors[i]!
          const cp = NORMAL_CP[c.measure]!
          const pending = new Map<string, number>()
          let seq = 0
          const fill = () => {
            let batch = ''
            while (pending.size < o.window && performance.now() < sendUntil) {
              const qn = nextQn()
              batch += realtimeFrame(c, qn, new Date(o.firstDataTimeMs + seq++ * 1000), cp)
              pending.set(qn, performance.now())
              sent++
            }
            maxPerConnection = Math.max(maxPerConnection, seq)
            if (batch) conn.socket.write(batch)
            if (pending.size === 0) resolve()
          }
          conn.onAnswer = (qn) => {
            const at = pending.get(qn)
            if (at === undefined) return
            pending.delete(qn)
            acked++
            lastAckAt = Date.now()
            if (acked % 10 === 0) ackMs.push(performance.now() - at)
            fill()
          }
          conn.socket.on('close', () => resolve())
          fill()
        }),
    ),
  )
  const seconds = (performance.now() - t0) / 1000
  for (const c of conns) c.close()
  return {
    connections: conns.length,
    window: o.window,
    sent,
    acked,
    seconds,
    acks_per_s: acked / seconds,
    ack_ms: ackMs,
    startedAt,
    lastAckAt,
    maxPerConnection,
  }
}
