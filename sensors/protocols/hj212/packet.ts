// The decoded HJ 212 packet and the small helpers that only read it.

/** Data flags on measured values (HJ 212-2017 §6 data flag table). */
export const DATA_FLAGS = ['N', 'F', 'M', 'S', 'D', 'C', 'T', 'B'] as const
/** N normal, F stopped, M maintenance, S manual input, D fault, C calibration, T over range, B comms fault */
export type DataFlag = (typeof DATA_FLAGS)[number]

export function isDataFlag(text: string): text is DataFlag {
  return (DATA_FLAGS as readonly string[]).includes(text)
}

/** Value fields a pollutant can carry in CP (`w01018-Rtd`, `a21026-ZsAvg`, …). */
export const POLLUTANT_FIELDS = [
  'Rtd',
  'Min',
  'Avg',
  'Max',
  'Cou',
  'ZsRtd',
  'ZsAvg',
  'ZsMin',
  'ZsMax',
] as const
/** Rtd real-time, Min/Avg/Max/Cou over the interval (Cou = cumulative), Zs* converted (折算) values */
export type PollutantField = (typeof POLLUTANT_FIELDS)[number]

export interface PollutantValue {
  /** HJ 212-2017 code (a 2005 code mapped through codes.ts; unknown codes as sent) */
  code: string
  /** the code exactly as the device sent it */
  originalCode: string
  field: PollutantField
  /** null when the device sent an empty or non-numeric value (instrument off, fault) */
  value: number | null
  flag?: DataFlag
  /** a flag letter outside N/F/M/S/D/C/T/B, kept as sent; `flag` is then absent: treat the value as unverified */
  flagRaw?: string
}

/** Flag = version << 2 | split << 1 | ackWanted (HJ 212-2017 §6.3). Version 1 is 2017, 0 is HJ/T 212-2005. */
export interface Hj212Flag {
  value: number
  version: number
  split: boolean
  ackWanted: boolean
}

export interface Hj212Cp {
  /** DataTime exactly as sent (14 digits, China Standard Time) */
  dataTime?: string
  /** DataTime as an ISO instant (UTC), read as UTC+8 */
  dataTimeIso?: string
  values: PollutantValue[]
  /** every other CP item (`RtdInterval`, `SB1-RS`, `i12001-Info`, …); on a repeated key the first wins */
  other: Record<string, string>
  /** the CP text between `&&` and `&&`, for commands whose items repeat (CN 3020 `PolId=…;PolId=…`) */
  raw: string
}

export interface Hj212Packet {
  /** absent only on HJ/T 212-2005 packets (Flag version 0 or no Flag), which did not require it */
  qn?: string
  st: number
  cn: number
  pw: string
  mn: string
  flag: Hj212Flag
  pnum?: number
  pno?: number
  cp: Hj212Cp
  /** header fields outside the standard's set, kept as sent */
  extra: Record<string, string>
}

export function decodeFlag(value: number): Hj212Flag {
  return { value, version: value >> 2, split: (value & 2) !== 0, ackWanted: (value & 1) !== 0 }
}

export interface FlagInput {
  /** default 1 (HJ 212-2017) */
  version?: number
  split?: boolean
  ackWanted?: boolean
}

export function encodeFlag(flag: number | FlagInput): number {
  if (typeof flag === 'number') return flag
  return ((flag.version ?? 1) << 2) | (flag.split ? 2 : 0) | (flag.ackWanted ? 1 : 0)
}

/**
 * True when the device asked for an answer (Flag bit 0) and gave a QN to answer with (HJ 212-2017 Appendix C:
 * the platform answers data uploads with CN 9014 carrying that QN). Narrows `qn` to a string.
 */
export function wantsAck(packet: Hj212Packet): packet is Hj212Packet & { qn: string } {
  return packet.flag.ackWanted && packet.qn !== undefined
}

/**
 * De-duplication key (MN, CN, DataTime[, PNO]) from reliability-security.md: a retransmitted upload maps to the
 * same key and is dropped. MN cannot contain `|` (the decoder refuses it), so the key is unambiguous.
 */
export function naturalKey(packet: Hj212Packet): string {
  return `${packet.mn}|${packet.cn}|${packet.cp.dataTime ?? ''}|${packet.pno ?? ''}`
}
