import type { Context } from 'koa'
import { describe, expect, it, vi } from 'vitest'
import { errorBody } from '../../../../../server/contracts/errors'
import type { Logger } from '../../../../../server/platform/logger'
import { AppError, errorMiddleware, errors } from '../../../../../server/platform/http/errors'

async function run(thrown: unknown) {
  const log = { error: vi.fn() }
  const ctx = { path: '/api/v1/x', method: 'GET', status: 200, body: undefined as unknown }
  await errorMiddleware(log as unknown as Logger)(ctx as unknown as Context, async () => {
    throw thrown
  })
  return { status: ctx.status, body: errorBody.parse(ctx.body).error, logged: log.error.mock.calls.length }
}

describe('error factories', () => {
  it.each([
    [errors.validation('name: too short', 'name'), 400, 'validation'],
    [errors.badJson(), 400, 'validation.bad_json'],
    [errors.unsupportedMedia(), 415, 'unsupported_media_type'],
    [errors.unauthenticated(), 401, 'auth.required'],
    [errors.invalidCredentials(), 401, 'auth.invalid_credentials'],
    [errors.locked(new Date('2030-01-01T00:00:00Z')), 429, 'auth.locked'],
    [errors.rateLimited(), 429, 'rate_limited'],
    [errors.forbidden(), 403, 'forbidden'],
    [errors.readOnly(), 403, 'forbidden.read_only'],
    [errors.notFound('asset', 'A1'), 404, 'asset.not_found'],
    [errors.routeNotFound(), 404, 'not_found'],
    [errors.conflict('user.exists', 'taken'), 409, 'user.exists'],
  ])('%s → %i %s', (err, status, id) => {
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ status, id })
  })

  it('puts the lock end in the message', () => {
    expect(errors.locked(new Date('2030-01-01T00:00:00Z')).message).toContain('2030-01-01T00:00:00.000Z')
  })
})

describe('errorMiddleware', () => {
  it('answers an AppError with its status, id, message and field', async () => {
    expect(await run(errors.validation('name: too short', 'name'))).toEqual({
      status: 400,
      body: { id: 'validation', message: 'name: too short', field: 'name' },
      logged: 0,
    })
  })

  it('leaves field out when there is none', async () => {
    const r = await run(errors.notFound('asset', 'A1'))
    expect(r.body).toEqual({ id: 'asset.not_found', message: 'asset A1 not found' })
  })

  it('shows an exposed 4xx message of other errors (koa / http-errors style)', async () => {
    const err = Object.assign(new Error('request body too large'), { status: 413, expose: true })
    expect(await run(err)).toEqual({
      status: 413,
      body: { id: 'http.413', message: 'request body too large' },
      logged: 0,
    })
  })

  it('hides the message of an unexposed 4xx', async () => {
    const err = Object.assign(new Error('secret detail'), { status: 400 })
    expect((await run(err)).body).toEqual({ id: 'http.400', message: 'bad request' })
  })

  it.each([
    ['a plain Error', new Error('connection to 10.0.0.5 refused')],
    ['a 503 with expose', Object.assign(new Error('db down'), { status: 503, expose: true })],
    ['a bogus status', Object.assign(new Error('x'), { status: 700 })],
    ['a thrown string', 'oops'],
  ])('answers 500 internal without details for %s, and logs it', async (_name, err) => {
    expect(await run(err)).toEqual({
      status: 500,
      body: { id: 'internal', message: 'internal error' },
      logged: 1,
    })
  })
})
