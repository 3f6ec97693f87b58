import { QN_RTN, type Hj212Packet, type QnRtn } from '../../../sensors/protocols/hj212'
import type { ReadingKind, ReadingStats, ReadingValue } from '../../contracts'
import type { CollectorAuth } from './collectors.repository'

// What the HJ 212 ingest hands the environment module to store, what it gets back, and the rules that
// refuse a collector's packet before anything is written.

/** Why a collector's packet is refused, with the QnRtn of the CN 9011 answer (HJ 212-2017 §6.3). */
export interface Refusal {
  status: 'refused'
  reason: 'unknown_mn' | 'collector_inactive' | 'bad_pw' | 'bad_st'
  qnRtn: QnRtn
  detail: string
}

export type StoreResult =
  | {
      status: 'stored'
      readings: ReadingValue[]
      unknownCodes: string[]
      /** the collector's enterprise, for the readings.recorded event (set by storeMany) */
      owner?: string | null
    }
  | { status: 'duplicate' }
  | Refusal

/** One pollutant of an upload. */
export interface ReadingRow {
  /** HJ 212-2017 code (2005 codes already mapped by the decoder) */
  code: string
  /** Rtd for real-time data, Avg for interval data */
  value: number | null
  flag: string | null
  /** every other field of the code, or null when there is none */
  stats: ReadingStats | null
}

/** What an upload stores: readings of one series at DataTime, or a CN 2021 device status. */
export type UploadContent =
  | { kind: ReadingKind; t: string; rows: ReadingRow[] }
  | { kind: 'status'; t: string; status: Record<string, string> }

export interface Upload {
  packet: Hj212Packet
  rows: UploadContent
  /** natural-key PNOs: [0] unsplit, [1..PNUM] a reassembled set */
  pnos: number[]
  pnum: number | null
}

/** The collector if it may deliver this packet, else why not (checked before anything is written). */
export function admit(c: CollectorAuth | null, p: Hj212Packet): CollectorAuth | Refusal {
  const refuse = (reason: Refusal['reason'], qnRtn: QnRtn, detail: string): Refusal => ({
    status: 'refused',
    reason,
    qnRtn,
    detail,
  })
  if (!c) return refuse('unknown_mn', QN_RTN.badMn, 'MN not registered')
  if (!c.active) return refuse('collector_inactive', QN_RTN.refused, 'collector inactive')
  if (p.pw !== c.pw) return refuse('bad_pw', QN_RTN.badPw, 'wrong PW')
  // ST is the system code (31 waste gas, 32 wastewater): a mismatch is a misconfigured 数采仪
  if (c.st !== null && p.st !== c.st) return refuse('bad_st', QN_RTN.badSt, `ST ${p.st}, expected ${c.st}`)
  return c
}

export const isRefusal = (r: CollectorAuth | Refusal): r is Refusal => 'status' in r
