// Platform → terminal answers addressed back to the sender: same phone, header version and
// protocol version as the request (a 2019 terminal rejects a 2013 header and vice versa), the
// platform's own serial, and the request's serial and id inside the body (JT/T 808 平台通用应答).
import { MsgId } from './constants'
import { encodeFrame } from './encode'
import type { HeaderInput, Jt808Header } from './header'
import { encodeGeneralAnswer } from './messages/general-answer'
import { encodeRegisterAnswer } from './messages/register-answer'
import { encodeServerTime } from './messages/server-time'

export function replyHeader(to: Jt808Header, msgId: number, serial: number): HeaderInput {
  return {
    msgId,
    phone: to.phone,
    serial,
    version: to.version,
    protocolVersion: to.protocolVersion ?? undefined,
  }
}

/** 0x8001 for `to`; result from AnswerResult (3 for unknown ids, 2 for undecodable bodies). */
export function encodePlatformAnswerFrame(to: Jt808Header, result: number, serial: number): Buffer {
  const body = encodeGeneralAnswer({ serial: to.serial, msgId: to.msgId, result })
  return encodeFrame(replyHeader(to, MsgId.platformAnswer, serial), body)
}

/** 0x8100 for a 0x0100 `to`; the auth code is sent only when result is RegisterResult.ok. */
export function encodeRegisterAnswerFrame(
  to: Jt808Header,
  result: number,
  authCode: string,
  serial: number,
): Buffer {
  const body = encodeRegisterAnswer({ serial: to.serial, result, authCode })
  return encodeFrame(replyHeader(to, MsgId.registerAnswer, serial), body)
}

/** 0x8004 for a 0x0004 `to`. */
export function encodeServerTimeFrame(to: Jt808Header, now: Date, serial: number): Buffer {
  return encodeFrame(replyHeader(to, MsgId.serverTime, serial), encodeServerTime(now))
}
