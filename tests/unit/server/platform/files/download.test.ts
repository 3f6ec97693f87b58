import { describe, expect, it } from 'vitest'
import type { Context } from 'koa'
import { asciiFallback, contentDisposition, sendFile } from '../../../../../server/platform/http/download'

function fakeCtx() {
  const headers: Record<string, string> = {}
  const ctx = { status: 404, body: null as unknown, set: (k: string, v: string) => void (headers[k] = v) }
  return { ctx: ctx as unknown as Context & { body: unknown }, headers }
}

describe('Content-Disposition', () => {
  it('keeps a plain ASCII name', () => {
    expect(contentDisposition('report-2026.pdf')).toBe(
      `attachment; filename="report-2026.pdf"; filename*=UTF-8''report-2026.pdf`,
    )
  })

  it('gives a Chinese name an ASCII fallback and the UTF-8 original', () => {
    const v = contentDisposition('安全生产许可证.pdf', true)
    expect(v).toBe(
      `inline; filename="download.pdf"; filename*=UTF-8''%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7%E8%AE%B8%E5%8F%AF%E8%AF%81.pdf`,
    )
  })

  it('never lets quotes, newlines, backslashes or semicolons through', () => {
    const evil = '许可"证\r\nSet-Cookie: a=b;\\x\'(1).pdf'
    const v = contentDisposition(evil)
    expect(v).not.toMatch(/[\r\n]/)
    // exactly the two quotes around the fallback name
    expect(v.match(/"/g)).toHaveLength(2)
    const fallback = /filename="([^"]*)"/.exec(v)![1]!
    expect(fallback).toMatch(/^[\x20-\x7e]+$/)
    expect(fallback).not.toMatch(/[\\;"]/)
    const star = /filename\*=UTF-8''(.*)$/.exec(v)![1]!
    expect(star).toMatch(/^[A-Za-z0-9%._~!-]+$/)
    expect(decodeURIComponent(star)).toBe('许可"证Set-Cookie: a=b;\\x\'(1).pdf')
  })

  it('mixes: ASCII parts survive in the fallback', () => {
    expect(asciiFallback('2026年度 report.xlsx')).toBe('2026__ report.xlsx')
    expect(asciiFallback('"".pdf')).toBe('download.pdf')
  })
})

describe('sendFile', () => {
  it('sets the type, length, nosniff and no caching; inline adds a sandbox CSP', () => {
    const { ctx, headers } = fakeCtx()
    sendFile(ctx, {
      bytes: Buffer.from('%PDF-1.4'),
      mime: 'application/pdf',
      filename: 'a.pdf',
      inline: true,
    })
    expect(ctx.status).toBe(200)
    expect(headers).toMatchObject({
      'Content-Type': 'application/pdf',
      'Content-Length': '8',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': 'sandbox',
      'Cache-Control': 'private, no-store',
    })
    expect(headers['Content-Disposition']!.startsWith('inline;')).toBe(true)
    expect(Buffer.isBuffer(ctx.body)).toBe(true)
  })

  it('a download is an attachment without the CSP', () => {
    const { ctx, headers } = fakeCtx()
    sendFile(ctx, { bytes: Buffer.from('x'), mime: 'application/msword', filename: 'a.doc' })
    expect(headers['Content-Disposition']!.startsWith('attachment;')).toBe(true)
    expect(headers['Content-Security-Policy']).toBeUndefined()
  })
})
