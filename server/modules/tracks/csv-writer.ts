// CSV for the report exports (RFC 4180): UTF-8 with a BOM so Excel reads Chinese labels, CRLF rows, fields
// quoted when they hold a quote, comma or line break, and text cells that a spreadsheet would run as a formula
// (= + - @, tab, CR first; OWASP "CSV injection") prefixed with a single quote. Numbers are written as numbers
// (a negative one is data, not a formula), so callers pass typed cells. Pure, no I/O.

export type Cell = string | number | boolean | null | undefined

export const bom = '\uFEFF'
const formulaStart = /^[=+\-@\t\r]/
const needsQuotes = /[",\r\n]/

/** One field: numbers as numbers (non-finite → empty), booleans true/false, text guarded and quoted. */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  const s = formulaStart.test(v) ? `'${v}` : v
  return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvRow(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(',') + '\r\n'
}

/**
 * The whole file in chunks (BOM and header first, then about `rowsPerChunk` rows a chunk), so a week of 1 Hz
 * track streams instead of growing one large string.
 */
export function* csvChunks(
  header: readonly string[],
  rows: Iterable<readonly Cell[]>,
  rowsPerChunk = 2000,
): Generator<string> {
  yield bom + csvRow(header)
  let buf = ''
  let n = 0
  for (const r of rows) {
    buf += csvRow(r)
    if (++n >= rowsPerChunk) {
      yield buf
      buf = ''
      n = 0
    }
  }
  if (buf) yield buf
}

export function csvText(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  return [...csvChunks(header, rows)].join('')
}

const chinaOffsetMs = 8 * 3_600_000

/**
 * Local time in Asia/Shanghai (UTC+8 all year, no daylight saving since 1991): "2026-11-27 10:00:00", with
 * ".123" only when the instant has milliseconds. Excel reads it as a date-time.
 */
export function chinaLocal(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null
  const s = new Date(ms + chinaOffsetMs).toISOString()
  return ms % 1000 === 0 ? `${s.slice(0, 10)} ${s.slice(11, 19)}` : `${s.slice(0, 10)} ${s.slice(11, 23)}`
}

export function isoTime(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString()
}

/** Seconds as H:MM:SS (hours unbounded: a month inside is "744:00:00"). */
export function hms(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

/** "20261127T020000Z" */
export function compactTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}/, '')
    .replace(/[-:]/g, '')
}

/**
 * `attachment` with an ASCII file name (anything outside [A-Za-z0-9_.-] becomes _) and, when that changed the
 * name, the exact one as RFC 5987 UTF-8 for clients that read it.
 */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9_.-]/g, '_')
  const enc = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return ascii === name
    ? `attachment; filename="${ascii}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${enc}`
}
