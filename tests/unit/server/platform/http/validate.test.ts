import { Readable } from 'node:stream'
import type { Context } from 'koa'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from '../../../../../server/platform/http/errors'
import { parse, parseBody, readJson } from '../../../../../server/platform/http/validate'

const schema = z.object({
  name: z.string().min(1),
  points: z.array(z.object({ lon: z.number().min(-180).max(180), lat: z.number() })),
})

/** The AppError `fn` throws (fails when it throws nothing or something else). */
function appError(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('no error thrown')
}

describe('parse', () => {
  it('returns the parsed value', () => {
    expect(parse(z.object({ n: z.coerce.number() }), { n: '4' })).toEqual({ n: 4 })
  })

  it.each([
    [{ name: '', points: [] }, 'name'],
    [{ name: 'x', points: [{ lon: 200, lat: 0 }] }, 'points.0.lon'],
    [{ name: 'x', points: [{ lon: 1 }] }, 'points.0.lat'],
    [{ name: 'x' }, 'points'],
  ])('names the bad field path of %j in message and field', (data, field) => {
    const err = appError(() => parse(schema, data))
    expect(err).toMatchObject({ status: 400, id: 'validation', field })
    expect(err.message.startsWith(`${field}: `)).toBe(true)
  })

  it('has no field for a bad root value', () => {
    const err = appError(() => parse(schema, 'text'))
    expect(err.field).toBeUndefined()
    expect(err.message).not.toMatch(/^: /)
    expect(err.status).toBe(400)
  })
})

// readJson only uses ctx.is() and ctx.req (an async iterable of chunks).
function fakeCtx(contentType: string | null, chunks: (string | Buffer)[]): Context {
  const ctx = {
    is: (type: string) => (contentType !== null && contentType.startsWith(type) ? type : false),
    req: Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))),
  }
  return ctx as unknown as Context
}

describe('readJson', () => {
  it('joins the chunks and parses them', async () => {
    await expect(readJson(fakeCtx('application/json', ['{"a":', '[1,', '"中文"]}']))).resolves.toEqual({
      a: [1, '中文'],
    })
  })

  it('refuses a body that is not JSON by type with 415', async () => {
    await expect(readJson(fakeCtx('text/plain', ['{}']))).rejects.toMatchObject({ status: 415 })
    await expect(readJson(fakeCtx(null, ['{}']))).rejects.toMatchObject({ status: 415 })
  })

  it.each(['', '{', 'nul', '{"a":1}x'])('answers 400 validation.bad_json for %j', async (body) => {
    await expect(readJson(fakeCtx('application/json', [body]))).rejects.toMatchObject({
      status: 400,
      id: 'validation.bad_json',
    })
  })

  it('stops at 1 MiB with an exposed 413', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20)
    await expect(
      readJson(fakeCtx('application/json', [chunk, chunk, chunk, chunk, Buffer.from('1')])),
    ).rejects.toMatchObject({
      status: 413,
      expose: true,
    })
  })

  it('accepts exactly 1 MiB', async () => {
    const body = Buffer.alloc(1024 * 1024, 0x20)
    body[0] = 0x31 // "1" followed by spaces
    await expect(readJson(fakeCtx('application/json', [body]))).resolves.toBe(1)
  })
})

describe('parseBody', () => {
  it('reads and validates in one step', async () => {
    await expect(
      parseBody(fakeCtx('application/json', ['{"name":"t","points":[]}']), schema),
    ).resolves.toEqual({
      name: 't',
      points: [],
    })
    await expect(parseBody(fakeCtx('application/json', ['{"points":[]}']), schema)).rejects.toMatchObject({
      status: 400,
      field: 'name',
    })
  })
})
