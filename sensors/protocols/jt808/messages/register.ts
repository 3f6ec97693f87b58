// 0x0100 terminal register (JT/T 808 终端注册): province WORD | city WORD |
// maker BYTE[5|11] | model BYTE[20|30] | device id BYTE[7|30] | plate colour BYTE | plate STRING.
// Widths are 2013|2019; the header's version flag says which applies.
import { decodeGbk, encodeGbk, encodeGbkFixed } from '../gbk'
import type { Jt808Version } from '../header'
import { Reader } from '../reader'

export interface Register {
  /** GB/T 2260 province code */
  province: number
  /** GB/T 2260 city/county code */
  city: number
  maker: string
  model: string
  /** 终端 ID chosen by the maker; not the phone */
  deviceId: string
  /** JT/T 697.7 colour; 0 = unplated, then `plate` carries the VIN */
  plateColor: number
  /** GBK, e.g. 苏BA6860 */
  plate: string
}

const WIDTHS: Record<Jt808Version, { maker: number; model: number; deviceId: number }> = {
  2013: { maker: 5, model: 20, deviceId: 7 },
  2019: { maker: 11, model: 30, deviceId: 30 },
}

export function decodeRegister(body: Buffer, version: Jt808Version): Register {
  const w = WIDTHS[version]
  const r = new Reader(body)
  return {
    province: r.u16(),
    city: r.u16(),
    maker: decodeGbk(r.bytes(w.maker)),
    model: decodeGbk(r.bytes(w.model)),
    deviceId: decodeGbk(r.bytes(w.deviceId)),
    plateColor: r.u8(),
    plate: decodeGbk(r.rest()),
  }
}

export function encodeRegister(reg: Register, version: Jt808Version): Buffer {
  const w = WIDTHS[version]
  const head = Buffer.alloc(4)
  head.writeUInt16BE(reg.province, 0)
  head.writeUInt16BE(reg.city, 2)
  return Buffer.concat([
    head,
    encodeGbkFixed(reg.maker, w.maker),
    encodeGbkFixed(reg.model, w.model),
    encodeGbkFixed(reg.deviceId, w.deviceId),
    Buffer.of(reg.plateColor),
    encodeGbk(reg.plate),
  ])
}
