import { describe, expect, it } from 'vitest'
import { cookieFromHeader, scopeOf, sessionCookie } from '../../../../../server/platform/auth/sessions'

describe('cookieFromHeader', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['cpt_session=abc', 'abc'],
    ['theme=dark; cpt_session=abc; lang=zh', 'abc'],
    ['  cpt_session = abc  ', 'abc'],
    ['x_cpt_session=no; cpt_session=yes', 'yes'],
    ['cpt_session_old=no', undefined],
    ['cpt_session=a%2Fb%3D%3D', 'a/b=='],
    ['cpt_session=a=b', 'a=b'],
    ['=abc; cpt_session', undefined],
    ['other=%; cpt_session=ok', 'ok'],
  ])('reads %j as %j', (header, expected) => {
    expect(cookieFromHeader(header, sessionCookie)).toBe(expected)
  })

  // The Socket.IO auth middleware calls this unguarded inside an async io.use(): a throw becomes an
  // unhandled rejection, which ends a Node 20 process. Any client can send this header.
  it('does not throw on a malformed percent-encoding', () => {
    expect(() => cookieFromHeader('cpt_session=%E0%A4%A', sessionCookie)).not.toThrow()
  })
})

describe('scopeOf', () => {
  it.each([
    [
      { id: 'u1', role: 'enterprise_user', enterprise_id: 'E01' },
      { scope: 'enterprise', enterpriseId: 'E01', userId: 'u1' },
    ],
    [
      { id: 'u2', role: 'park_admin', enterprise_id: null },
      { scope: 'park', userId: 'u2' },
    ],
    [
      { id: 'u3', role: 'operator', enterprise_id: null },
      { scope: 'park', userId: 'u3' },
    ],
    [
      { id: 'u4', role: 'screen', enterprise_id: null },
      { scope: 'park', userId: 'u4' },
    ],
  ] as const)('%j → %j', (user, scope) => {
    expect(scopeOf(user)).toEqual(scope)
  })
})

describe('scopeOf with an inconsistent account', () => {
  it('never widens an enterprise user without an enterprise to park scope', () => {
    expect(() => scopeOf({ id: 'u5', role: 'enterprise_user', enterprise_id: null })).toThrow(
      /without an enterprise/,
    )
  })
})
