// The frames a simulated JT/T 808 terminal sends (JT/T 808-2019 message bodies), built with the shared codec so
// simulators speak exactly the bytes devices do. Pure: no I/O, no clock.
import {
  encodeAuthenticate,
  encodeBatch,
  encodeFrame,
  encodeLocation,
  encodeRegister,
  MAX_BODY_BYTES,
  MsgId,
  type Jt808Version,
  type LocationInput,
  type Register,
} from '../../protocols/jt808'

export interface TerminalIdentity {
  /** SIM number as BCD digits: at most 12 for 2013 headers, 20 for 2019 */
  phone: string
  version: Jt808Version
  /** the 0x0100 body: province, city, maker, model, device id, plate colour, GBK plate */
  vehicle: Register
  /** 2019 0x0102 only */
  imei?: string
  softwareVersion?: string
}

export interface OutFrame {
  serial: number
  msgId: number
  frame: Buffer
}

/** 0x0704 type (JT/T 808-2019 定位数据批量上传): 1 = blind-area re-send after lost coverage. */
export const BATCH_BLIND_AREA = 1

export class TerminalFrames {
  private serial = 0

  constructor(readonly id: TerminalIdentity) {}

  register(): OutFrame {
    return this.frame(MsgId.register, encodeRegister(this.id.vehicle, this.id.version))
  }

  authenticate(authCode: string): OutFrame {
    const auth = { authCode, imei: this.id.imei ?? '', softwareVersion: this.id.softwareVersion ?? '' }
    return this.frame(MsgId.authenticate, encodeAuthenticate(auth, this.id.version))
  }

  heartbeat(): OutFrame {
    return this.frame(MsgId.heartbeat, Buffer.alloc(0))
  }

  location(fix: LocationInput): OutFrame {
    return this.frame(MsgId.location, encodeLocation(fix))
  }

  /** One 0x0704; `fixes` must fit one body (see batchChunks). */
  batch(fixes: readonly LocationInput[], type = BATCH_BLIND_AREA): OutFrame {
    return this.frame(MsgId.batch, encodeBatch({ type, items: fixes }))
  }

  /** Terminal serials: from 0, wrapping at 16 bits (JT/T 808-2019 §4.4 消息流水号). */
  private frame(msgId: number, body: Buffer): OutFrame {
    const serial = this.serial
    this.serial = (this.serial + 1) & 0xffff
    const header = { msgId, phone: this.id.phone, serial, version: this.id.version }
    return { serial, msgId, frame: encodeFrame(header, body) }
  }
}

/** Splits fixes, in order, into groups whose 0x0704 body fits the 10-bit body length. */
export function batchChunks(fixes: readonly LocationInput[]): LocationInput[][] {
  const chunks: LocationInput[][] = []
  let current: LocationInput[] = []
  let size = 3 // count WORD + type BYTE
  for (const fix of fixes) {
    const item = 2 + encodeLocation(fix).length
    if (current.length && size + item > MAX_BODY_BYTES) {
      chunks.push(current)
      current = []
      size = 3
    }
    current.push(fix)
    size += item
  }
  if (current.length) chunks.push(current)
  return chunks
}
