import { parseCp } from './cp'
import { decodeFlag, type Hj212Packet } from './packet'
import { clip, reject, type Hj212Result, type PartialHeader } from './result'
import { parseCstTimestamp } from './time'

// Data segment: HJ 212-2017 §6.3 — `QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;[PNUM=…;PNO=…;]CP=&&…&&`.
// Real devices reorder the header fields, so they are read as a set; CP is always last.
const CP_OPEN = 'CP=&&'
const CP_CLOSE = '&&'
const KNOWN = new Set(['QN', 'ST', 'CN', 'PW', 'MN', 'Flag', 'PNUM', 'PNO'])
/**
 * MN is 24 characters in the standard; field devices send longer ids, so up to 64 printable characters are
 * accepted. `|` is refused because naturalKey() joins with it; `&`, `;` and `=` are delimiters of the segment.
 */
const MN_PATTERN = /^[!-~]{1,64}$/
const MN_FORBIDDEN = /[|&;=]/
/** PW is 6 characters in the standard; devices send more. */
const PW_MAX = 64

const PARTIAL_PATTERNS = (['mn', 'qn', 'cn'] as const).map(
  (key) => [key, new RegExp(`(?:^|;)${key.toUpperCase()}=([!-~]{1,64}?)(?:;|$)`)] as const,
)

/** Best-effort header of a frame that failed, for logs and for a QnRtn answer. */
export function partialHeader(segment: string): PartialHeader {
  const partial: PartialHeader = {}
  for (const [key, pattern] of PARTIAL_PATTERNS) {
    const value = pattern.exec(segment)?.[1]
    if (value) partial[key] = value
  }
  return partial
}

function splitHeader(header: string): Map<string, string> | string {
  const fields = new Map<string, string>()
  for (const pair of header.split(';')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    if (eq <= 0) return `header item is not key=value: ${clip(pair)}`
    const key = pair.slice(0, eq)
    if (fields.has(key)) return `repeated header field ${key}`
    fields.set(key, pair.slice(eq + 1))
  }
  return fields
}

export function parseSegment(segment: string): Hj212Result {
  // the partial header is only worth its regexes when the packet fails
  const fail = (reason: Parameters<typeof reject>[0], detail: string, field?: string): Hj212Result => {
    const partial = partialHeader(segment)
    return reject(reason, detail, field === undefined ? { partial } : { field, partial })
  }

  const open = segment.indexOf(CP_OPEN)
  if (open < 0) return fail('missing_field', 'no CP=&&', 'CP')
  if (open > 0 && segment[open - 1] !== ';') return fail('bad_field', 'CP not preceded by ;', 'CP')
  const close = segment.lastIndexOf(CP_CLOSE)
  if (close < open + CP_OPEN.length) return fail('bad_field', 'CP not closed by &&', 'CP')
  if (close + CP_CLOSE.length !== segment.length)
    return fail('bad_field', 'text after the closing && of CP', 'CP')

  const header = splitHeader(segment.slice(0, open))
  if (typeof header === 'string') return fail('bad_field', header)

  const flagText = header.get('Flag')
  if (flagText !== undefined && !(/^\d{1,3}$/.test(flagText) && Number(flagText) <= 255)) {
    return fail('bad_flag', `Flag ${clip(flagText)}`, 'Flag')
  }
  // HJ/T 212-2005 made Flag optional; absent reads as 0: version 0, no split, no ack.
  const flag = decodeFlag(flagText === undefined ? 0 : Number(flagText))

  const qn = header.get('QN')
  if (qn !== undefined && parseCstTimestamp(qn) === undefined) return fail('bad_qn', `QN ${clip(qn)}`, 'QN')
  // 2017 packets always carry QN; 2005 uploads often did not, and are still accepted.
  if (qn === undefined && flag.version >= 1) return fail('missing_field', 'no QN', 'QN')

  for (const key of ['ST', 'CN', 'PW', 'MN'] as const) {
    if (!header.has(key)) return fail('missing_field', `no ${key}`, key)
  }
  const st = header.get('ST')!
  const cn = header.get('CN')!
  const pw = header.get('PW')!
  const mn = header.get('MN')!
  if (!/^\d{1,5}$/.test(st)) return fail('bad_field', `ST ${clip(st)}`, 'ST')
  if (!/^\d{1,7}$/.test(cn)) return fail('bad_field', `CN ${clip(cn)}`, 'CN')
  if (pw.length > PW_MAX || /[&]/.test(pw)) return fail('bad_field', `PW of ${pw.length} characters`, 'PW')
  if (!MN_PATTERN.test(mn) || MN_FORBIDDEN.test(mn)) return fail('bad_field', `MN ${clip(mn)}`, 'MN')

  const packet: Omit<Hj212Packet, 'cp'> = { st: Number(st), cn: Number(cn), pw, mn, flag, extra: {} }
  if (qn !== undefined) packet.qn = qn

  // PNUM/PNO: HJ 212-2017 §6.3, required when Flag bit 1 (split) is set.
  const pnum = header.get('PNUM')
  const pno = header.get('PNO')
  if (flag.split && (pnum === undefined || pno === undefined)) {
    return fail('missing_field', 'split Flag without PNUM/PNO', pnum === undefined ? 'PNUM' : 'PNO')
  }
  if (pnum !== undefined || pno !== undefined) {
    const total = /^\d{1,4}$/.test(pnum ?? '') ? Number(pnum) : 0
    const index = /^\d{1,4}$/.test(pno ?? '') ? Number(pno) : 0
    if (total < 1 || index < 1 || index > total) {
      return fail('bad_field', `PNUM ${clip(pnum ?? '')} PNO ${clip(pno ?? '')}`, 'PNO')
    }
    packet.pnum = total
    packet.pno = index
  }
  packet.extra = Object.fromEntries([...header].filter(([key]) => !KNOWN.has(key)))

  const cp = parseCp(segment.slice(open + CP_OPEN.length, close))
  if (!cp.ok) return { ...cp, partial: partialHeader(segment) }
  return { ok: true, packet: { ...packet, cp: cp.cp } }
}
