// Additional information items after the 28-byte base of 0x0200: id BYTE, length BYTE, value
// (JT/T 808 位置附加信息项). Vendors add their own ids (0xE0–0xFF and others), so unknown items are
// kept raw and skipped by their length; a bad length ends the list, never the position.
import { hex2 } from '../escape'

export interface RawExtra {
  id: number
  hex: string
}

export interface LocationExtras {
  /** 0x01 DWORD, 0.1 km */
  odometerKm?: number
  /** 0x02 WORD, 0.1 L */
  fuelL?: number
  /** 0x03 WORD, 0.1 km/h, from the tachograph */
  recorderSpeedKmh?: number
  /** 0x25 DWORD extended vehicle signal status */
  extendedStatus?: number
  /** 0x2A WORD IO status */
  io?: number
  /** 0x30 BYTE wireless signal strength */
  signal?: number
  /** 0x31 BYTE GNSS satellites in view */
  satellites?: number
  /** every other item, and known ids with an unexpected length */
  raw: RawExtra[]
}

type Known = Exclude<keyof LocationExtras, 'raw'>
interface Spec {
  key: Known
  size: 1 | 2 | 4
  scale: number
}

const SPECS: ReadonlyMap<number, Spec> = new Map<number, Spec>([
  [0x01, { key: 'odometerKm', size: 4, scale: 0.1 }],
  [0x02, { key: 'fuelL', size: 2, scale: 0.1 }],
  [0x03, { key: 'recorderSpeedKmh', size: 2, scale: 0.1 }],
  [0x25, { key: 'extendedStatus', size: 4, scale: 1 }],
  [0x2a, { key: 'io', size: 2, scale: 1 }],
  [0x30, { key: 'signal', size: 1, scale: 1 }],
  [0x31, { key: 'satellites', size: 1, scale: 1 }],
])

/** Decodes the items in `buf`; problems are pushed to `warnings`. */
export function decodeExtras(buf: Buffer, warnings: string[]): LocationExtras {
  const extras: LocationExtras = { raw: [] }
  let pos = 0
  while (pos < buf.length) {
    if (buf.length - pos < 2) {
      warnings.push(`1 stray byte after extras at offset ${pos}`)
      break
    }
    const id = buf[pos]!
    const len = buf[pos + 1]!
    const start = pos + 2
    if (start + len > buf.length) {
      warnings.push(`extra 0x${hex2(id)} length ${len} overruns the body by ${start + len - buf.length}`)
      break
    }
    const value = buf.subarray(start, start + len)
    const spec = SPECS.get(id)
    if (spec && spec.size === len) extras[spec.key] = round1(value.readUIntBE(0, len) * spec.scale)
    else extras.raw.push({ id, hex: value.toString('hex') })
    pos = start + len
  }
  return extras
}

/** Encodes known fields in id order, then the raw items as given. */
export function encodeExtras(extras: Partial<LocationExtras>): Buffer {
  const parts: Buffer[] = []
  for (const [id, spec] of SPECS) {
    const v = extras[spec.key]
    if (v === undefined) continue
    const item = Buffer.alloc(2 + spec.size)
    item[0] = id
    item[1] = spec.size
    item.writeUIntBE(Math.round(v / spec.scale), 2, spec.size)
    parts.push(item)
  }
  for (const r of extras.raw ?? []) {
    const value = Buffer.from(r.hex, 'hex')
    if (value.length > 0xff) throw new RangeError(`extra 0x${hex2(r.id)} longer than 255 bytes`)
    parts.push(Buffer.of(r.id, value.length), value)
  }
  return Buffer.concat(parts)
}

/** Scaled values keep one decimal: 757 × 0.1 must read 75.7, not 75.70000000000002. */
const round1 = (n: number): number => Math.round(n * 10) / 10
