import { describe, expect, it } from 'vitest'
import {
  overlayPickId,
  overlayRef,
  parsePickId,
  pickId,
  sameSelection,
} from '../../../../client/twin/pick-id'

describe('pick ids', () => {
  it('round-trips, ids may contain colons', () => {
    expect(parsePickId(pickId('asset', 'T-01'))).toEqual({ type: 'asset', id: 'T-01' })
    expect(parsePickId(pickId('tag', 'card:0042'))).toEqual({ type: 'tag', id: 'card:0042' })
  })

  it.each([[undefined], [42], [''], ['asset:'], [':x'], ['road:R1'], [{ id: 'asset:x' }]])(
    'rejects %j',
    (value) => {
      expect(parsePickId(value)).toBeNull()
    },
  )

  it('compares selections by value', () => {
    expect(sameSelection({ type: 'asset', id: 'a' }, { type: 'asset', id: 'a' })).toBe(true)
    expect(sameSelection({ type: 'asset', id: 'a' }, { type: 'tag', id: 'a' })).toBe(false)
    expect(sameSelection(null, null)).toBe(true)
    expect(sameSelection(null, { type: 'asset', id: 'a' })).toBe(false)
  })

  it('overlay objects carry their kind and id', () => {
    const sel = parsePickId(overlayPickId('permit', 'WP-2026-001'))
    expect(sel).toEqual({ type: 'overlay', id: 'permit/WP-2026-001' })
    expect(overlayRef(sel)).toEqual({ kind: 'permit', id: 'WP-2026-001' })
    expect(overlayRef({ type: 'asset', id: 'permit/x' })).toBeNull()
    expect(overlayRef({ type: 'overlay', id: 'permit/' })).toBeNull()
    expect(overlayRef({ type: 'overlay', id: '/x' })).toBeNull()
  })
})
