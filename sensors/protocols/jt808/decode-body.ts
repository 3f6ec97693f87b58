// Body dispatch by message id. Every body decoder may throw BodyError on a short body; this is the
// one place that turns it (or anything unexpected) into a 'bad_body' rejection.
import { MsgId } from './constants'
import type { Jt808Header } from './header'
import { decodeAuthenticate } from './messages/authenticate'
import { decodeBatch } from './messages/batch'
import { decodeGeneralAnswer } from './messages/general-answer'
import { decodeLocation } from './messages/location'
import { decodeRegister } from './messages/register'
import { decodeRegisterAnswer } from './messages/register-answer'
import { decodeServerTime } from './messages/server-time'
import type { DecodeRejected, Jt808Message } from './types'

export type BodyResult = { ok: true; message: Jt808Message } | DecodeRejected

/**
 * Decodes a complete body: one from an unsplit frame or one assembled by Jt808Reassembler.
 * Never throws.
 */
export function decodeBody(header: Jt808Header, body: Buffer): BodyResult {
  try {
    return { ok: true, message: dispatch(header, body) }
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    return { ok: false, reason: 'bad_body', detail: `0x${hex(header.msgId)}: ${detail}`, header }
  }
}

function dispatch(header: Jt808Header, body: Buffer): Jt808Message {
  const h = header
  // Empty-body messages ignore any body: a few terminals send padding, which harms nothing.
  switch (h.msgId) {
    case MsgId.terminalAnswer:
      return { kind: 'terminal_answer', msgId: h.msgId, header: h, body: decodeGeneralAnswer(body) }
    case MsgId.heartbeat:
      return { kind: 'heartbeat', msgId: h.msgId, header: h, body: null }
    case MsgId.deregister:
      return { kind: 'deregister', msgId: h.msgId, header: h, body: null }
    case MsgId.queryServerTime:
      return { kind: 'query_server_time', msgId: h.msgId, header: h, body: null }
    case MsgId.register:
      return { kind: 'register', msgId: h.msgId, header: h, body: decodeRegister(body, h.version) }
    case MsgId.authenticate:
      return { kind: 'authenticate', msgId: h.msgId, header: h, body: decodeAuthenticate(body, h.version) }
    case MsgId.location:
      return { kind: 'location', msgId: h.msgId, header: h, body: decodeLocation(body) }
    case MsgId.batch:
      return { kind: 'batch', msgId: h.msgId, header: h, body: decodeBatch(body) }
    case MsgId.platformAnswer:
      return { kind: 'platform_answer', msgId: h.msgId, header: h, body: decodeGeneralAnswer(body) }
    case MsgId.serverTime:
      return { kind: 'server_time', msgId: h.msgId, header: h, body: decodeServerTime(body) }
    case MsgId.registerAnswer:
      return { kind: 'register_answer', msgId: h.msgId, header: h, body: decodeRegisterAnswer(body) }
    default:
      return { kind: 'unknown', msgId: h.msgId, header: h, body: { raw: Buffer.from(body) } }
  }
}

const hex = (n: number): string => n.toString(16).padStart(4, '0')
