// 0x0704 batch location upload (JT/T 808 定位数据批量上传): count WORD | type BYTE
// (0 normal batch, 1 blind-area re-send) | count × (length WORD | 0x0200 body).
import { Reader } from '../reader'
import { decodeLocation, encodeLocation, LOCATION_BASE_BYTES } from './location'
import type { Jt808Location, LocationInput } from './location'

export interface LocationBatch {
  /** 0 = regular batch, 1 = blind-area re-send (stored positions from lost coverage) */
  type: number
  /** count declared by the terminal; items.length can be smaller (see warnings) */
  count: number
  items: Jt808Location[]
  warnings: string[]
}

/**
 * A damaged item is skipped with a warning so its neighbours survive; only a body too short for
 * count and type is a 'bad_body'.
 */
export function decodeBatch(body: Buffer): LocationBatch {
  const r = new Reader(body)
  const count = r.u16()
  const type = r.u8()
  const items: Jt808Location[] = []
  const warnings: string[] = []
  for (let i = 0; i < count; i++) {
    if (r.remaining < 2) {
      warnings.push(`declared ${count} items, body ends after ${i}`)
      break
    }
    const len = r.u16()
    if (len > r.remaining) {
      warnings.push(`item ${i} length ${len} overruns the body (${r.remaining} left)`)
      break
    }
    const item = r.bytes(len)
    if (len < LOCATION_BASE_BYTES) warnings.push(`item ${i} is ${len} bytes, shorter than a location`)
    else items.push(decodeLocation(item))
  }
  if (r.remaining > 0) warnings.push(`${r.remaining} bytes after the last item`)
  return { type, count, items, warnings }
}

export function encodeBatch(batch: { type?: number; items: readonly LocationInput[] }): Buffer {
  const head = Buffer.alloc(3)
  head.writeUInt16BE(batch.items.length, 0)
  head[2] = batch.type ?? 0
  const parts: Buffer[] = [head]
  for (const item of batch.items) {
    const body = encodeLocation(item)
    const len = Buffer.alloc(2)
    len.writeUInt16BE(body.length)
    parts.push(len, body)
  }
  return Buffer.concat(parts)
}
