import { describe, expect, it } from 'vitest'
import { textPdf } from '../../../../../server/platform/files/pdf'

describe('textPdf', () => {
  const pdf = textPdf({ title: '危险化学品安全生产许可证', lines: ['No. (2025) 001', '有效期至 2026-12-31'] })
  const text = pdf.toString('latin1')

  it('starts with the PDF header and ends with %%EOF', () => {
    expect(text.startsWith('%PDF-1.4')).toBe(true)
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true)
  })

  it('has an xref table whose offsets point at each object', () => {
    const startxref = Number(/startxref\n(\d+)/.exec(text)![1])
    expect(text.slice(startxref, startxref + 4)).toBe('xref')
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]))
    expect(entries).toHaveLength(8)
    entries.forEach((off, i) => expect(text.slice(off, off + 8)).toBe(`${i + 1} 0 obj\n`))
  })

  it('writes Chinese as UCS-2 hex with the CJK font and escapes ASCII literals', () => {
    expect(text).toContain('/F2 18 Tf')
    expect(text).toContain('<53719669') // 危险
    expect(text).toContain('(No. \\(2025\\) 001) Tj')
    const len = Number(/\/Length (\d+)/.exec(text)![1])
    const start = text.indexOf('stream\n') + 7
    expect(text.slice(start + len, start + len + 10)).toBe('\nendstream')
  })
})
