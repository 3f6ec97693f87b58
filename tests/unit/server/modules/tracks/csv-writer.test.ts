// CSV writer: RFC 4180 quoting, the formula-injection guard on text (never on numbers), the BOM, CRLF rows,
// China local time, H:MM:SS and the attachment header.
import { describe, expect, it } from 'vitest'
import {
  attachmentHeader,
  bom,
  chinaLocal,
  compactTime,
  csvCell,
  csvChunks,
  csvRow,
  csvText,
  hms,
  isoTime,
} from '../../../../../server/modules/tracks/csv-writer'

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['苏F TV1 危化品', '苏F TV1 危化品'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line1\nline2', '"line1\nline2"'],
    ['cr\rhere', '"cr\rhere"'],
    ['', ''],
  ])('quotes %j only when needed', (input, out) => {
    expect(csvCell(input)).toBe(out)
  })

  it.each([
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["=cmd|' /C calc'!A0,x", `"'=cmd|' /C calc'!A0,x"`],
  ])('guards formula-like text %j', (input, out) => {
    expect(csvCell(input)).toBe(out)
  })

  it('leaves text that merely contains = + - @ later alone', () => {
    expect(csvCell('a=b')).toBe('a=b')
    expect(csvCell('苏F-12345')).toBe('苏F-12345')
    expect(csvCell('x@y.cn')).toBe('x@y.cn')
  })

  it('writes numbers as numbers (negative ones unguarded), booleans, and empties', () => {
    expect(csvCell(-12.5)).toBe('-12.5')
    expect(csvCell(120.954057)).toBe('120.954057')
    expect(csvCell(0)).toBe('0')
    expect(csvCell(Number.NaN)).toBe('')
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('')
    expect(csvCell(true)).toBe('true')
    expect(csvCell(false)).toBe('false')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
  })
})

describe('csv file', () => {
  it('starts with a BOM and the header, rows end in CRLF', () => {
    const text = csvText(
      ['a', 'b'],
      [
        [1, 'x,y'],
        [null, '=1'],
      ],
    )
    expect(text.startsWith(bom)).toBe(true)
    expect(text).toBe(`${bom}a,b\r\n1,"x,y"\r\n,'=1\r\n`)
    expect(csvRow(['a', 2])).toBe('a,2\r\n')
  })

  it('chunks a long table and loses no row', () => {
    const rows = Array.from({ length: 4501 }, (_, i) => [i, `r${i}`])
    const chunks = [...csvChunks(['n', 's'], rows, 1000)]
    expect(chunks).toHaveLength(1 + 5)
    const lines = chunks.join('').split('\r\n')
    expect(lines).toHaveLength(1 + 4501 + 1)
    expect(lines[4501]).toBe('4500,r4500')
    expect(lines[4502]).toBe('')
  })

  it('round-trips through a strict RFC 4180 reader', () => {
    const cells = ['a,b', 'q"q', 'multi\r\nline', '苏E 危 0001', '-x', 7]
    const line = csvRow(cells)
    expect(parseCsvLine(line.slice(0, -2))).toEqual([
      'a,b',
      'q"q',
      'multi\r\nline',
      '苏E 危 0001',
      "'-x",
      '7',
    ])
  })
})

describe('times and names', () => {
  it('prints Asia/Shanghai local time (UTC+8, no DST) and ISO', () => {
    expect(chinaLocal(Date.parse('2026-11-27T02:00:00Z'))).toBe('2026-11-27 10:00:00')
    expect(chinaLocal(Date.parse('2026-11-27T16:30:05.250Z'))).toBe('2026-11-28 00:30:05.250')
    expect(chinaLocal(Date.parse('2026-07-01T00:00:00Z'))).toBe('2026-07-01 08:00:00')
    expect(chinaLocal(null)).toBeNull()
    expect(isoTime(Date.parse('2026-11-27T02:00:00Z'))).toBe('2026-11-27T02:00:00.000Z')
    expect(isoTime(null)).toBeNull()
  })

  it('formats durations as H:MM:SS', () => {
    expect(hms(0)).toBe('0:00:00')
    expect(hms(59.6)).toBe('0:01:00')
    expect(hms(3725)).toBe('1:02:05')
    expect(hms(31 * 86_400)).toBe('744:00:00')
    expect(hms(-5)).toBe('0:00:00')
  })

  it('names the attachment safely', () => {
    expect(compactTime(Date.parse('2026-11-27T02:00:00.000Z'))).toBe('20261127T020000Z')
    expect(attachmentHeader('track_TV1_x.csv')).toBe('attachment; filename="track_TV1_x.csv"')
    const h = attachmentHeader('track_苏F"1;.csv')
    expect(h).toBe(`attachment; filename="track__F_1_.csv"; filename*=UTF-8''track_%E8%8B%8FF%221%3B.csv`)
    expect(h).not.toMatch(/filename="[^"]*[";][^"]*"/)
  })
})

/** A strict RFC 4180 line reader (one record), for the round trip. */
function parseCsvLine(s: string): string[] {
  const out: string[] = []
  let i = 0
  for (;;) {
    let v = ''
    if (s[i] === '"') {
      i++
      for (;;) {
        if (s[i] === '"' && s[i + 1] === '"') {
          v += '"'
          i += 2
        } else if (s[i] === '"') {
          i++
          break
        } else v += s[i++]
      }
    } else while (i < s.length && s[i] !== ',') v += s[i++]
    out.push(v)
    if (i >= s.length) return out
    if (s[i] !== ',') throw new Error(`bad CSV at ${i}`)
    i++
  }
}
