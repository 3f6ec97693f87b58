import { QN_RTN, type QnRtn } from './commands'
import type { Hj212Packet } from './packet'

export type Hj212RejectReason =
  | 'bad_length'
  | 'bad_crc'
  | 'bad_field'
  | 'missing_field'
  | 'bad_qn'
  | 'bad_flag'
  | 'bad_datatime'
  | 'too_long'

/** What could be read from a rejected frame, so the ingest can log it against a device and answer it. */
export interface PartialHeader {
  mn?: string
  qn?: string
  cn?: string
}

export interface Hj212Rejection {
  ok: false
  reason: Hj212RejectReason
  /** human-readable, for logs; never parsed */
  detail: string
  /** the field at fault, for bad_field / missing_field (`PW`, `MN`, `CP`, `w01018-Rtd`, …) */
  field?: string
  partial?: PartialHeader
}

export type Hj212Result = { ok: true; packet: Hj212Packet } | Hj212Rejection

export function reject(
  reason: Hj212RejectReason,
  detail: string,
  extra: { field?: string; partial?: PartialHeader } = {},
): Hj212Rejection {
  return { ok: false, reason, detail, ...extra }
}

const QN_RTN_BY_FIELD: Record<string, QnRtn> = {
  PW: QN_RTN.badPw,
  MN: QN_RTN.badMn,
  ST: QN_RTN.badSt,
  CN: QN_RTN.badCn,
  QN: QN_RTN.badQn,
  Flag: QN_RTN.badFlag,
}

/** The QnRtn a platform would answer a rejected request with (CN 9011), where one fits; else 100 unknown. */
export function qnRtnFor(rejection: Hj212Rejection): QnRtn {
  if (rejection.reason === 'bad_crc') return QN_RTN.badCrc
  if (rejection.reason === 'bad_qn') return QN_RTN.badQn
  if (rejection.reason === 'bad_flag') return QN_RTN.badFlag
  return (rejection.field && QN_RTN_BY_FIELD[rejection.field]) || QN_RTN.unknown
}

/** Device text quoted in a detail, cut short so a garbage frame cannot bloat the logs. */
export function clip(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text)
}
