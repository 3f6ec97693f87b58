// 0x8004 server time, the answer to 0x0004 (JT/T 808-2019 查询服务器时间应答): time BCD[6] YYMMDDhhmmss.
// Sent in GMT+8 like every other JT/T 808 time (our domain notes), so a terminal that sets its
// clock from it reports 0x0200 times in the same zone.
import { decodeBcdTime, encodeBcdTime } from '../bcd'
import { BodyError, Reader } from '../reader'

export interface ServerTime {
  /** ISO instant */
  time: string
}

export function decodeServerTime(body: Buffer): ServerTime {
  const raw = new Reader(body).bytes(6)
  const time = decodeBcdTime(raw)
  if (time === null) throw new BodyError(`time ${raw.toString('hex')} is not a valid date`)
  return { time }
}

export function encodeServerTime(instant: Date | string): Buffer {
  return encodeBcdTime(instant)
}
