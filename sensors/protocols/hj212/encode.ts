import { byteLength } from './bytes'
import type { DataUploadCn } from './commands'
import { formatCp, type CpInput, type PollutantValueInput } from './cp-format'
import { crcHex } from './crc'
import { MAX_SEGMENT_LENGTH } from './frame-format'
import { encodeFlag, type FlagInput } from './packet'
import { formatQn } from './time'

export interface EncodePacketInput {
  /** 17 digits, or a Date written in China Standard Time; omit only to imitate an HJ/T 212-2005 device */
  qn?: string | Date
  st: number
  cn: number
  pw: string
  mn: string
  /** the Flag number, or its parts (version defaults to 1, HJ 212-2017) */
  flag: number | FlagInput
  pnum?: number
  pno?: number
  /** CP content without the `&&` (sent as is), or its parts */
  cp: string | CpInput
}

function headerValue(name: string, value: string): string {
  if (/[;&=\r\n]/.test(value))
    throw new RangeError(`HJ 212: ${name} ${JSON.stringify(value)} has a delimiter`)
  return `${name}=${value}`
}

/** Data segment in the standard's field order (HJ 212-2017 §6.3). */
export function encodeSegment(input: EncodePacketInput): string {
  const fields: string[] = []
  if (input.qn !== undefined) {
    fields.push(headerValue('QN', typeof input.qn === 'string' ? input.qn : formatQn(input.qn)))
  }
  fields.push(headerValue('ST', String(input.st)), headerValue('CN', String(input.cn)))
  fields.push(headerValue('PW', input.pw), headerValue('MN', input.mn))
  fields.push(`Flag=${encodeFlag(input.flag)}`)
  if (input.pnum !== undefined) fields.push(`PNUM=${input.pnum}`)
  if (input.pno !== undefined) fields.push(`PNO=${input.pno}`)
  const cp = typeof input.cp === 'string' ? input.cp : formatCp(input.cp)
  if (cp.includes('&&')) throw new RangeError('HJ 212: CP content contains &&')
  fields.push(`CP=&&${cp}&&`)
  return fields.join(';')
}

/** Wraps a data segment into a frame: `##` + length + segment + CRC + CR LF. */
export function frameSegment(segment: string): string {
  const length = byteLength(segment)
  if (length > MAX_SEGMENT_LENGTH) {
    throw new RangeError(`HJ 212: data segment of ${length} bytes; split it (encodeSplitPackets)`)
  }
  return `##${String(length).padStart(4, '0')}${segment}${crcHex(segment)}\r\n`
}

/** A full frame. Throws RangeError on input no device could send (a programming error, not device data). */
export function encodePacket(input: EncodePacketInput): string {
  return frameSegment(encodeSegment(input))
}

export interface DataUploadInput {
  cn: DataUploadCn
  st: number
  mn: string
  pw: string
  /** start of the interval (minute/hour/day data) or time of the reading (real-time data) */
  dataTime: Date
  values: readonly PollutantValueInput[]
  ackWanted: boolean
  /** default: now; devices use the send time */
  qn?: string | Date
  /** extra CP items after the values */
  other?: CpInput['other']
}

/** What a 数采仪 sends for CN 2011 / 2051 / 2061 / 2031 (HJ 212-2017 Appendix C). */
export function encodeDataUpload(input: DataUploadInput): string {
  return encodePacket({
    qn: input.qn ?? new Date(),
    st: input.st,
    cn: input.cn,
    pw: input.pw,
    mn: input.mn,
    flag: { ackWanted: input.ackWanted },
    cp: { dataTime: input.dataTime, values: input.values, ...(input.other ? { other: input.other } : {}) },
  })
}
