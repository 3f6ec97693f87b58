// JT/T 808 rejections go through the ingest's shared rejection log (server/ingest/shared/rejection-log.ts: counters
// per reason published for GET /api/v1/ingest/rejections as protocol 'jt808', and a rate-limited sample of rows in
// ingest_rejections). This adapter only adds the listener's own in-memory counters (stats().rejections) and maps
// a JT/T 808 rejection (terminal, raw frame bytes) onto the shared record.
import type { RejectionLog } from '../shared/rejection-log'
import { bump, type Jt808RejectReason, type Jt808Stats } from './jt808.stats'

export interface Rejection {
  reason: Jt808RejectReason
  /** remote address:port */
  peer: string
  terminal?: string | null
  detail: string
  raw?: Buffer | null
}

/** Bytes of the offending frame kept as evidence (hex). */
const EXCERPT_BYTES = 64

/** The IP of `ip:port` or `[v6]:port`: the shared log's budget key, so reconnecting buys no fresh budget. */
export function peerIp(peer: string): string {
  return peer.replace(/^\[?([^\]]*?)\]?:\d+$/, '$1')
}

export class Jt808Rejections {
  constructor(
    private readonly log: RejectionLog,
    private readonly stats: Jt808Stats,
  ) {}

  record(r: Rejection): void {
    bump(this.stats.rejections, r.reason)
    this.log.record({
      reason: r.reason,
      peer: r.peer,
      ip: peerIp(r.peer),
      mn: r.terminal ?? undefined,
      detail: r.detail,
      raw: r.raw ? r.raw.subarray(0, EXCERPT_BYTES).toString('hex') : undefined,
    })
  }
}
