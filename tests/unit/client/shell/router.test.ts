import { describe, expect, it } from 'vitest'
import { centerFromHash, hashFor } from '../../../../client/shell/router'

describe('router', () => {
  it.each([
    ['#/about', 'about'],
    ['#/emergency', 'emergency'],
    ['#safety', 'safety'],
    ['#/environment?x=1', 'environment'],
    ['#/management/docs', 'management'],
    ['', 'about'],
    ['#/unknown', 'about'],
  ])('%s → %s', (hash, center) => {
    expect(centerFromHash(hash)).toBe(center)
  })

  it('builds hashes that parse back', () => {
    expect(hashFor('safety')).toBe('#/safety')
    expect(centerFromHash(hashFor('environment'))).toBe('environment')
  })
})
