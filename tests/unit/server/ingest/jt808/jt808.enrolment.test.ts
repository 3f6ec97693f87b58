import { describe, expect, it } from 'vitest'
import {
  authCodesMatch,
  enrolledTagId,
  newAuthCode,
} from '../../../../../server/ingest/jt808/jt808.enrolment'

describe('JT/T 808 auth codes', () => {
  it('are 20 hex digits and differ each time', () => {
    const codes = new Set(Array.from({ length: 100 }, newAuthCode))
    expect(codes.size).toBe(100)
    for (const c of codes) expect(c).toMatch(/^[0-9a-f]{20}$/)
  })

  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', '', false], // cleared by 0x0003: nothing authenticates
  ])('%j against %j → %s', (stored, offered, want) => {
    expect(authCodesMatch(stored, offered)).toBe(want)
  })

  it('names the tag of an enrolled terminal after its key', () => {
    expect(enrolledTagId('13912345678')).toBe('jt808-13912345678')
  })
})
