import type { Socket } from 'node:net'
import {
  decodePacket,
  Hj212Framer,
  Hj212Reassembler,
  qnRtnFor,
  QN_RTN,
  type DroppedSet,
  type FramerEvent,
  type Hj212Packet,
} from '../../../sensors/protocols/hj212'
import type { Logger } from '../../platform/logger'
import type { ReadingsIngestService } from '../../modules/environment/readings-ingest.service'
import type { StoreResult, Upload } from '../../modules/environment/upload'
import { Answerer, OrderedAnswers } from './answerer'
import { packetRows, STORED_CNS } from './packet-rows'
import type { RejectionLog } from '../shared/rejection-log'

export interface ConnectionDeps {
  store: ReadingsIngestService
  rejections: RejectionLog
  log: Logger
  /** HJ 212 data-segment limit; default 9999 */
  maxSegmentLength?: number
  /** incomplete split sets are dropped this long after their first part; default 60 s */
  splitTimeoutMs?: number
  /** stores an upload; default store.store (one transaction each). The listener passes its group committer. */
  commit?: (upload: Upload) => Promise<StoreResult>
  /** frames of one connection handled at once (pipelined device); default 32 */
  maxPipelined?: number
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

/**
 * One 数采仪 connection: frames → decode → (reassemble) → store → answer. The frames of a read are handled
 * together (up to maxPipelined at once), so a device that sends several packets before the answers has them
 * stored in the same group commit; each is answered once its own store is durable. The socket is paused while
 * a read's frames are being handled (backpressure: at most one read's frames are held), and every handler is
 * wrapped: device input can cost a rejection, never the process or the connection.
 */
export class Hj212Connection {
  readonly peer: string
  private readonly ip: string
  private readonly framer: Hj212Framer
  // Per connection, so an incomplete set is blamed on its own peer and one peer cannot evict another's sets;
  // at most 4 open sets of 16 parts: a few hundred KiB per connection in the worst case.
  private readonly reassembler: Hj212Reassembler
  /** answers in frame order, though frames are handled concurrently */
  private readonly answers: OrderedAnswers
  private readonly queue: FramerEvent[] = []
  private draining: Promise<void> | null = null
  private closed = false
  /** answers not yet handed to the socket: written together, one write per handled batch */
  private unsent = ''
  private flushScheduled = false

  constructor(
    private readonly socket: Socket,
    private readonly d: ConnectionDeps,
    idleMs: number,
  ) {
    this.ip = socket.remoteAddress ?? 'unknown'
    this.peer = `${this.ip}:${socket.remotePort ?? 0}`
    this.framer = new Hj212Framer({ maxSegmentLength: d.maxSegmentLength })
    this.reassembler = new Hj212Reassembler({
      timeoutMs: d.splitTimeoutMs ?? 60_000,
      maxSets: 4,
      maxParts: 16,
    })
    this.answers = new OrderedAnswers((data) => this.send(data))
    socket.setNoDelay(true)
    socket.setTimeout(idleMs, () => socket.destroy())
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', () => undefined) // 'close' follows
    socket.on('close', () => {
      this.closed = true
    })
  }

  /** Settles once the frame being handled is done (for a clean stop). */
  settled(): Promise<void> {
    return this.draining ?? Promise.resolve()
  }

  /** Drops split sets past their timeout (called from the listener's timer, since idle sets get no push). */
  expire(nowMs: number): void {
    this.reportDropped(this.reassembler.expire(nowMs))
  }

  close(): void {
    this.closed = true
    this.socket.destroy()
  }

  /**
   * Answers become due one by one as their group commits settle (often many of one connection in the same
   * turn of the event loop): they are gathered and written once, after the turn (setImmediate), or at the
   * end of a drain at the latest, so the backpressure check there sees them.
   */
  private send(data: string): void {
    this.unsent += data
    if (this.flushScheduled) return
    this.flushScheduled = true
    setImmediate(() => this.flushAnswers())
  }

  private flushAnswers(): void {
    this.flushScheduled = false
    const data = this.unsent
    this.unsent = ''
    if (data && !this.socket.destroyed && this.socket.writable) this.socket.write(data)
  }

  private onData(chunk: Buffer): void {
    try {
      this.queue.push(...this.framer.push(chunk))
    } catch (err) {
      this.d.log.error({ err, peer: this.peer }, 'hj212 framer failed')
    }
    this.pump()
  }

  /**
   * Starts handling the queue unless it is already being handled. Reading resumes once the queue is empty and
   * the answers have been taken by the peer: a device that sends without reading is not answered into an
   * ever-growing write buffer (bounded memory, reliability-security.md promise 4).
   */
  private pump(): void {
    if (this.draining || this.closed) return
    this.socket.pause()
    // .finally runs after this assignment even when drain() finds nothing to await
    this.draining = this.drain().finally(() => {
      this.draining = null
      if (this.closed) return
      if (this.queue.length) this.pump()
      else if (this.socket.writableNeedDrain)
        this.socket.once('drain', () => this.closed || this.socket.resume())
      else this.socket.resume()
    })
  }

  private async drain(): Promise<void> {
    const max = this.d.maxPipelined ?? 32
    const busy = new Set<Promise<void>>()
    for (let e = this.queue.shift(); e && !this.closed; e = this.queue.shift()) {
      const slot = this.answers.open()
      const handled: Promise<void> = this.handle(e, new Answerer(slot, this.d.log))
        .catch((err: unknown) => {
          // the database is away or a bug: no answer, so the device retransmits later
          this.d.log.error({ err, peer: this.peer }, 'hj212 frame not handled')
        })
        .finally(() => {
          slot.close()
          busy.delete(handled)
        })
      busy.add(handled)
      if (busy.size >= max) await Promise.race(busy)
    }
    await Promise.all(busy)
    this.flushAnswers()
  }

  private reject(reason: string, detail: string, mn?: string, raw?: string): void {
    this.d.rejections.record({ reason, detail, mn, raw, peer: this.peer, ip: this.ip })
  }

  private async handle(e: FramerEvent, answer: Answerer): Promise<void> {
    if (e.kind === 'rejected') return this.reject(e.reason, e.detail)
    const decoded = decodePacket(e.bytes, { maxSegmentLength: this.d.maxSegmentLength })
    if (!decoded.ok) {
      this.reject(decoded.reason, decoded.detail, decoded.partial?.mn, e.raw)
      return answer.refusal(decoded.partial, qnRtnFor(decoded))
    }
    const packet = decoded.packet
    if (!STORED_CNS.has(packet.cn)) {
      this.reject('unsupported_cn', `CN ${packet.cn} is not handled`, packet.mn, e.raw)
      return answer.unsupported(packet)
    }
    if (packet.flag.split) return this.onPart(packet, e.raw, answer)
    await this.store(packet, [0], null, e.raw, answer)
  }

  /**
   * Split sets (HJ 212-2017 §6.3, PNUM/PNO) are stored once complete, as one transaction, and answered once:
   * all parts share the QN the 9014 answer names. A part of a set already stored is a retransmit: answered.
   */
  private async onPart(part: Hj212Packet, raw: string, answer: Answerer): Promise<void> {
    if (part.cp.dataTimeIso !== undefined && part.pno !== undefined) {
      const status = await this.d.store.partStatus(part, part.cp.dataTimeIso, part.pno)
      if (status === 'stored') return answer.ack(part)
      if (status !== 'new') return this.answerStored(part, status, raw, answer)
    }
    const outcome = this.reassembler.push(part)
    this.reportDropped(outcome.dropped)
    if (outcome.status === 'rejected') return this.reject('bad_split', outcome.detail, part.mn, raw)
    if (outcome.status !== 'complete') return // answered when the set is complete and stored
    await this.store(outcome.packet, range(part.pnum ?? 1), part.pnum ?? null, raw, answer)
  }

  private async store(
    packet: Hj212Packet,
    pnos: number[],
    pnum: number | null,
    raw: string,
    answer: Answerer,
  ): Promise<void> {
    const rows = packetRows(packet)
    if (!rows.ok) {
      this.reject(rows.reason, rows.detail, packet.mn, raw)
      return answer.refusal(packet, QN_RTN.unknown)
    }
    const upload = { packet, rows, pnos, pnum }
    const result = await (this.d.commit ? this.d.commit(upload) : this.d.store.store(upload))
    this.answerStored(packet, result, raw, answer)
  }

  private answerStored(packet: Hj212Packet, result: StoreResult, raw: string, answer: Answerer): void {
    if (result.status === 'refused') {
      this.reject(result.reason, result.detail, packet.mn, raw)
      return answer.refusal(packet, result.qnRtn)
    }
    if (result.status === 'stored' && result.unknownCodes.length) {
      this.reject('unknown_code', `no channel for ${result.unknownCodes.join(', ')}`, packet.mn, raw)
    }
    // stored or a retransmit of stored data: durable either way, so the device may forget it
    answer.ack(packet)
  }

  private reportDropped(dropped: DroppedSet[]): void {
    for (const s of dropped) {
      const detail = `split set QN ${s.qn} CN ${s.cn}: ${s.received.length} of ${s.total} parts (${s.reason})`
      this.reject('split_incomplete', detail, s.mn)
    }
  }
}
