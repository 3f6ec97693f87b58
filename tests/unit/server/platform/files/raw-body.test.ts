import { Readable } from 'node:stream'
import type { Context } from 'koa'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../../server/platform/http/errors'
import { cleanFilename, readRawBody, uploadFilename } from '../../../../../server/platform/http/raw-body'

/** A request stream that counts how many chunks were pulled from it. */
function ctxOf(chunks: Buffer[], headers: Record<string, string> = {}) {
  let pulled = 0
  const req = Readable.from(
    (function* () {
      for (const c of chunks) {
        pulled++
        yield c
      }
    })(),
  )
  const ctx = { req, get: (k: string) => headers[k.toLowerCase()] ?? '' } as unknown as Context
  return { ctx, pulled: () => pulled }
}

async function rejected(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('resolved')
}

describe('readRawBody', () => {
  it('returns the bytes when within the limit', async () => {
    const { ctx } = ctxOf([Buffer.from('%PDF'), Buffer.from('-1.4')])
    expect((await readRawBody(ctx, 8)).toString()).toBe('%PDF-1.4')
  })

  it('refuses at once when Content-Length is over the limit (nothing read)', async () => {
    const { ctx, pulled } = ctxOf([Buffer.alloc(10)], { 'content-length': '11' })
    const e = await rejected(readRawBody(ctx, 10))
    expect(e.status).toBe(413)
    expect(pulled()).toBe(0)
  })

  it('stops reading as soon as the running total passes the limit', async () => {
    const { ctx, pulled } = ctxOf(Array.from({ length: 100 }, () => Buffer.alloc(4)))
    const e = await rejected(readRawBody(ctx, 10))
    expect(e.status).toBe(413)
    expect(pulled()).toBeLessThan(100)
  })
})

describe('upload file names', () => {
  it('decodes the percent-encoded UTF-8 X-Filename', () => {
    const { ctx } = ctxOf([], { 'x-filename': encodeURIComponent('危化品经营许可证 (2026).pdf') })
    expect(uploadFilename(ctx)).toBe('危化品经营许可证 (2026).pdf')
  })

  it('400 when missing or not decodable', () => {
    expect(() => uploadFilename(ctxOf([]).ctx)).toThrow(/X-Filename|x-filename/)
    expect(() => uploadFilename(ctxOf([], { 'x-filename': '%E5%AE' }).ctx)).toThrow(/percent-encoded/)
    expect(() => uploadFilename(ctxOf([], { 'x-filename': '%0A%0D' }).ctx)).toThrow(/empty/)
  })

  it('drops path parts and control characters; long names keep their extension', () => {
    expect(cleanFilename('..\\..\\etc/passwd')).toBe('passwd')
    expect(cleanFilename('a\r\nb.pdf')).toBe('ab.pdf')
    const long = cleanFilename('长'.repeat(300) + '.pdf')
    expect([...long]).toHaveLength(200)
    expect(long.endsWith('.pdf')).toBe(true)
  })
})
