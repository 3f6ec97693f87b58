// 0x8100 register answer (JT/T 808 终端注册应答): answered serial WORD | result BYTE |
// auth code STRING, the code present only when the result is 0.
import { RegisterResult } from '../constants'
import { decodeGbk, encodeGbk } from '../gbk'
import { Reader } from '../reader'

export interface RegisterAnswer {
  serial: number
  /** 0 ok, 1 vehicle already registered, 2 no such vehicle, 3 terminal registered, 4 no such terminal */
  result: number
  /** empty unless result is 0 */
  authCode: string
}

export function decodeRegisterAnswer(body: Buffer): RegisterAnswer {
  const r = new Reader(body)
  const serial = r.u16()
  const result = r.u8()
  return { serial, result, authCode: result === RegisterResult.ok ? decodeGbk(r.rest()) : '' }
}

export function encodeRegisterAnswer(a: RegisterAnswer): Buffer {
  const head = Buffer.alloc(3)
  head.writeUInt16BE(a.serial & 0xffff, 0)
  head[2] = a.result
  return a.result === RegisterResult.ok ? Buffer.concat([head, encodeGbk(a.authCode)]) : head
}
