// The layer bar's 'incident' and 'drill' switches reach the overlays mounted beside the twin: applied at once and
// on each change of the app store's `visible` set, only to the layers whose state changed.
import { describe, expect, it } from 'vitest'
import { createStore } from '../../../../client/core/store'
import { followVisibility, visibilityChanges } from '../../../../client/twin/layers/overlay-visibility'

const fake = () => {
  const calls: boolean[] = []
  return { calls, setVisible: (on: boolean) => void calls.push(on) }
}

describe('overlay visibility', () => {
  it('lists the layers whose shown state changes', () => {
    const ids = ['incident', 'drill']
    expect(visibilityChanges(ids, new Set(['incident']), null)).toEqual([
      ['incident', true],
      ['drill', false],
    ])
    expect(visibilityChanges(ids, new Set(['incident']), new Set(['incident', 'tags']))).toEqual([])
    expect(visibilityChanges(ids, new Set(['drill']), new Set(['incident']))).toEqual([
      ['incident', false],
      ['drill', true],
    ])
  })

  it('follows the store: now, on a toggle, not on other changes, and not after the stop', () => {
    const store = createStore({
      visible: new Set(['ground', 'incident', 'drill']) as ReadonlySet<string>,
      n: 0,
    })
    const incident = fake()
    const drill = fake()
    const stop = followVisibility(store, { incident, drill })
    expect(incident.calls).toEqual([true])
    expect(drill.calls).toEqual([true])

    store.set({ visible: new Set(['ground', 'drill']) })
    expect(incident.calls).toEqual([true, false])
    expect(drill.calls).toEqual([true])

    store.set({ n: 1 })
    store.set({ visible: new Set(['drill', 'tags']) })
    expect(incident.calls).toEqual([true, false])
    expect(drill.calls).toEqual([true])

    store.set({ visible: new Set(['incident']) })
    expect(incident.calls).toEqual([true, false, true])
    expect(drill.calls).toEqual([true, false])

    stop()
    store.set({ visible: new Set() })
    expect(incident.calls).toEqual([true, false, true])
    expect(drill.calls).toEqual([true, false])
  })
})
