// QN and DataTime are the device's local time (HJ 212-2017 §6.3: QN=YYYYMMDDhhmmsszzz, DataTime=YYYYMMDDhhmmss)
// without a zone. Chinese 数采仪 run on China Standard Time, UTC+8 with no daylight saving, so the offset is
// fixed and needs no tz database.
const CST_OFFSET_MS = 8 * 3_600_000

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/**
 * Epoch milliseconds of a 14-digit (DataTime) or 17-digit (QN) CST timestamp, or undefined when it is not a
 * real calendar time (month 13, 30 February, hour 24…). Years before 1900 are refused as clock garbage.
 */
export function parseCstTimestamp(text: string): number | undefined {
  if (!/^(\d{14}|\d{17})$/.test(text)) return undefined
  const num = (from: number, to: number): number => Number(text.slice(from, to))
  const [year, month, day, hour, minute, second] = [
    num(0, 4),
    num(4, 6),
    num(6, 8),
    num(8, 10),
    num(10, 12),
    num(12, 14),
  ] as [number, number, number, number, number, number]
  const millis = text.length === 17 ? num(14, 17) : 0
  if (year < 1900 || month < 1 || month > 12 || day < 1) return undefined
  const monthDays = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!
  if (day > monthDays || hour > 23 || minute > 59 || second > 59) return undefined
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - CST_OFFSET_MS
}

/** ISO-8601 UTC instant of a CST timestamp: `20261128153000` → `2026-11-28T07:30:00.000Z`. */
export function cstToIso(text: string): string | undefined {
  const ms = parseCstTimestamp(text)
  return ms === undefined ? undefined : new Date(ms).toISOString()
}

function formatCst(date: Date, withMillis: boolean): string {
  const ms = date.getTime()
  if (!Number.isFinite(ms)) throw new RangeError('HJ 212 time: invalid Date')
  const cst = new Date(ms + CST_OFFSET_MS)
  const year = cst.getUTCFullYear()
  if (year < 1900 || year > 9999) throw new RangeError(`HJ 212 time: year ${year} out of range`)
  const two = (n: number): string => String(n).padStart(2, '0')
  const text =
    String(year) +
    two(cst.getUTCMonth() + 1) +
    two(cst.getUTCDate()) +
    two(cst.getUTCHours()) +
    two(cst.getUTCMinutes()) +
    two(cst.getUTCSeconds())
  return withMillis ? text + String(cst.getUTCMilliseconds()).padStart(3, '0') : text
}

/** DataTime, yyyyMMddHHmmss in CST. */
export function formatDataTime(date: Date): string {
  return formatCst(date, false)
}

/** QN, yyyyMMddHHmmssSSS in CST. */
export function formatQn(date: Date): string {
  return formatCst(date, true)
}
