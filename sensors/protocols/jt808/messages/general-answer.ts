// 0x0001 terminal general answer and 0x8001 platform general answer share one body
// (JT/T 808 终端通用应答 / 平台通用应答): answered serial WORD | answered msgId WORD | result BYTE.
import { Reader } from '../reader'

export interface GeneralAnswer {
  /** serial of the message being answered */
  serial: number
  /** id of the message being answered */
  msgId: number
  /** 0 ok, 1 fail, 2 bad message, 3 unsupported, 4 alarm confirmed (0x8001 only) */
  result: number
}

export function decodeGeneralAnswer(body: Buffer): GeneralAnswer {
  const r = new Reader(body)
  return { serial: r.u16(), msgId: r.u16(), result: r.u8() }
}

export function encodeGeneralAnswer(a: GeneralAnswer): Buffer {
  const b = Buffer.alloc(5)
  b.writeUInt16BE(a.serial & 0xffff, 0)
  b.writeUInt16BE(a.msgId & 0xffff, 2)
  b[4] = a.result
  return b
}
