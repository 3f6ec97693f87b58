import { describe, expect, it } from 'vitest'
import { agoParts, connectionView, staleAfterMs } from '../../../../client/shell/conn-status'

describe('connectionView', () => {
  it.each([
    ['connecting', null, 'connecting'],
    ['connected', 0, 'live'],
    ['connected', staleAfterMs, 'live'],
    ['connected', staleAfterMs + 1, 'stale'],
    ['connected', null, 'stale'],
    ['disconnected', 1000, 'offline'],
    ['connecting', 20_000, 'stale'],
  ] as const)('%s, last heard %s ms ago → %s', (connection, ago, expected) => {
    const now = 1_000_000
    const view = connectionView(connection, ago === null ? null : now - ago, now)
    expect(view.state).toBe(expected)
    expect(view.agoMs).toBe(ago)
  })

  it('turns stale after 15 s without a heartbeat or frame', () => {
    expect(staleAfterMs).toBe(15_000)
  })

  it('words the age in seconds, then minutes', () => {
    expect(agoParts(4_900)).toEqual({ unit: 's', value: 4 })
    expect(agoParts(119_999)).toEqual({ unit: 's', value: 119 })
    expect(agoParts(125_000)).toEqual({ unit: 'min', value: 2 })
  })
})
