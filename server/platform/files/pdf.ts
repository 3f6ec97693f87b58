// A minimal, valid one-page text PDF (PDF 1.4): demo documents and tests. ASCII lines use Helvetica; lines with
// Chinese use the Adobe predefined CJK font STSong-Light (UniGB-UCS2-H), which PDF readers (pdf.js, Acrobat,
// Chrome) supply themselves, so nothing is embedded. BMP characters only; no wrapping (keep lines short).

const enc = (s: string) => Buffer.from(s, 'latin1')

/** A PDF literal string: backslash, parentheses escaped; ASCII only. */
const literal = (s: string) => `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`

/** UTF-16BE hex string for the UCS-2 CMap. */
const hexUcs2 = (s: string) =>
  `<${[...s]
    .map((c) => {
      const code = c.codePointAt(0)!
      return (code > 0xffff ? 0x3f : code).toString(16).padStart(4, '0')
    })
    .join('')}>`

export interface PdfText {
  title: string
  lines: readonly string[]
}

/** The bytes of a one-page A4 PDF showing the title (large) and the lines. */
export function textPdf(doc: PdfText): Buffer {
  const rows = [{ text: doc.title, size: 18 }, ...doc.lines.map((text) => ({ text, size: 11 }))]
  let y = 790
  const content = rows
    .map((r, i) => {
      y -= i === 0 ? 0 : i === 1 ? 34 : 18
      const ascii = /^[\x20-\x7e]*$/.test(r.text)
      const font = ascii ? 'F1' : 'F2'
      const str = ascii ? literal(r.text) : hexUcs2(r.text)
      return `BT /${font} ${r.size} Tf 56 ${y} Td ${str} Tj ET`
    })
    .join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 8 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
    `<< /Length ${enc(content).length} >>\nstream\n${content}\nendstream`,
  ]
  const parts: Buffer[] = [enc('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')]
  let offset = parts[0]!.length
  const offsets: number[] = []
  objects.forEach((o, i) => {
    const b = enc(`${i + 1} 0 obj\n${o}\nendobj\n`)
    offsets.push(offset)
    parts.push(b)
    offset += b.length
  })
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`
  parts.push(enc(xref))
  return Buffer.concat(parts)
}
