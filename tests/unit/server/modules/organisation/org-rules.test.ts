import { describe, expect, it } from 'vitest'
import {
  canHangUnder,
  descendantsOf,
  placeAmong,
  placementViolation,
  wouldCycle,
} from '../../../../../server/modules/organisation/org-rules'
import { newOrgNodeBody, orgNodePatch } from '../../../../../server/contracts/organisation'

// committee ─┬─ bureau ─┬─ section ── chief(post) ── person
//            │          └─ patrol
//            └─ chair(post)
const parents = new Map<string, string | null>([
  ['committee', null],
  ['bureau', 'committee'],
  ['section', 'bureau'],
  ['chief', 'section'],
  ['person', 'chief'],
  ['patrol', 'bureau'],
  ['chair', 'committee'],
])

describe('organisation chart rules', () => {
  it('refuses moves under the node itself or any descendant, allows the rest', () => {
    expect(wouldCycle(parents, 'bureau', 'bureau')).toBe(true)
    expect(wouldCycle(parents, 'bureau', 'section')).toBe(true)
    expect(wouldCycle(parents, 'bureau', 'person')).toBe(true)
    expect(wouldCycle(parents, 'section', 'patrol')).toBe(false)
    expect(wouldCycle(parents, 'patrol', 'section')).toBe(false)
    expect(wouldCycle(parents, 'section', 'committee')).toBe(false)
    // a map that already loops counts as a cycle rather than looping forever
    const broken = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'a'],
      ['c', null],
    ])
    expect(wouldCycle(broken, 'c', 'a')).toBe(true)
  })

  it('lists descendants', () => {
    expect(descendantsOf(parents, 'bureau').sort()).toEqual(['chief', 'patrol', 'person', 'section'])
    expect(descendantsOf(parents, 'person')).toEqual([])
  })

  it('places a node among its siblings, clamped to the list', () => {
    expect(placeAmong(['a', 'b', 'c'], 'x', 0)).toEqual(['x', 'a', 'b', 'c'])
    expect(placeAmong(['a', 'b', 'c'], 'x', 2)).toEqual(['a', 'b', 'x', 'c'])
    expect(placeAmong(['a', 'b', 'c'], 'x', 99)).toEqual(['a', 'b', 'c', 'x'])
    expect(placeAmong(['a', 'b', 'c'], 'x', undefined)).toEqual(['a', 'b', 'c', 'x'])
    // reorder within the same siblings: c first
    expect(placeAmong(['a', 'b', 'c'], 'c', 0)).toEqual(['c', 'a', 'b'])
    expect(placeAmong(['a', 'b', 'c'], 'a', 1)).toEqual(['b', 'a', 'c'])
  })

  it('knows which kind hangs under which', () => {
    expect(canHangUnder('body', null)).toBe(true)
    expect(canHangUnder('post', null)).toBe(false)
    expect(canHangUnder('body', 'body')).toBe(true)
    expect(canHangUnder('post', 'body')).toBe(true)
    expect(canHangUnder('person', 'body')).toBe(true)
    expect(canHangUnder('person', 'post')).toBe(true)
    expect(canHangUnder('body', 'post')).toBe(false)
    expect(canHangUnder('post', 'post')).toBe(false)
    expect(canHangUnder('person', 'person')).toBe(false)
    expect(placementViolation('post', 'person')).toEqual({
      field: 'parent_id',
      message: 'a post cannot hang under a person',
    })
    expect(placementViolation('person', 'post')).toBeNull()
  })

  it('validates bodies, posts and people', () => {
    expect(
      newOrgNodeBody.safeParse({ parent_id: 'A', kind: 'body', body_type: 'team', name: '班组' }).success,
    ).toBe(true)
    expect(newOrgNodeBody.safeParse({ parent_id: 'A', kind: 'body', name: '无类型' }).success).toBe(false)
    expect(
      newOrgNodeBody.safeParse({ parent_id: 'A', kind: 'post', body_type: 'team', name: 'x' }).success,
    ).toBe(false)
    expect(
      newOrgNodeBody.safeParse({ parent_id: 'A', kind: 'post', name: 'x', phone: '12345' }).success,
    ).toBe(false)
    expect(
      newOrgNodeBody.safeParse({ parent_id: 'A', kind: 'person', name: 'x', phone: '0513-8660 1001' })
        .success,
    ).toBe(true)
    expect(
      newOrgNodeBody.safeParse({ parent_id: 'A', kind: 'person', name: 'x', phone: 'call me' }).success,
    ).toBe(false)
    expect(orgNodePatch.safeParse({}).success).toBe(false)
    expect(orgNodePatch.safeParse({ duties: '' }).success).toBe(true)
  })
})
