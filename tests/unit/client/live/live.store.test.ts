import { describe, expect, it } from 'vitest'
import type { LiveTag, PositionSample } from '../../../../server/contracts'
import { LiveStore, type LiveChange } from '../../../../client/live/live.store'

const sample = (tag_id: string, second: number): PositionSample => ({
  tag_id,
  t: new Date(Date.UTC(2026, 0, 1, 8, 0, second)).toISOString(),
  lon: 120.95 + second * 1e-5,
  lat: 31.95,
  speed_kmh: 12,
  heading_deg: 0,
  source: 'test',
})
const tag = (id: string, kind: LiveTag['kind'], last: PositionSample | null): LiveTag => ({
  id,
  kind,
  label: `label ${id}`,
  enterprise_id: null,
  last,
})

describe('LiveStore', () => {
  it('applies a snapshot, then streamed batches newest-first', () => {
    const store = new LiveStore()
    const changes: LiveChange[] = []
    store.subscribe((c) => changes.push(c))
    store.applySnapshot([tag('a', 'vehicle', sample('a', 1)), tag('b', 'visitor', null)])
    expect(changes[0]?.full).toBe(true)
    const moved = store.applyBatch(
      new Map([
        ['a', sample('a', 5)],
        ['b', sample('b', 5)],
      ]),
    )
    expect([...moved].sort()).toEqual(['a', 'b'])
    expect(store.tags.get('a')?.last?.t).toBe(sample('a', 5).t)
    // an older sample changes nothing and notifies nobody
    expect(store.applyBatch(new Map([['a', sample('a', 2)]])).size).toBe(0)
    expect(changes).toHaveLength(2)
  })

  it('keeps a streamed sample that is newer than a later snapshot', () => {
    const store = new LiveStore()
    store.applyBatch(new Map([['a', sample('a', 9)]]))
    expect(store.tags.get('a')?.kind).toBeNull()
    store.applySnapshot([tag('a', 'hazmat_vehicle', sample('a', 3))])
    expect(store.tags.get('a')?.kind).toBe('hazmat_vehicle')
    expect(store.tags.get('a')?.last?.t).toBe(sample('a', 9).t)
  })

  it('drops tags the snapshot no longer lists and counts by kind', () => {
    const store = new LiveStore()
    store.applySnapshot([tag('a', 'staff', null), tag('b', 'staff', null), tag('c', 'contractor', null)])
    store.applySnapshot([tag('a', 'staff', null), tag('c', 'contractor', null)])
    store.applyBatch(new Map([['x', sample('x', 1)]]))
    expect(store.countByKind()).toEqual({
      vehicle: 0,
      hazmat_vehicle: 0,
      visitor: 0,
      contractor: 1,
      staff: 1,
      unknown: 1,
    })
  })

  it('counts frames and remembers when the server was last heard', () => {
    const store = new LiveStore()
    expect(store.lastHeardMs).toBeNull()
    store.noteFrame(1000)
    store.heard(6000)
    expect(store.framesReceived).toBe(1)
    expect(store.lastHeardMs).toBe(6000)
  })
})
