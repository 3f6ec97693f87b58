// Zone visits from enter / exit / crossing events on hand-made timelines: visits open at the window's edges,
// crossings as zero-length visits, repeats and orphans, and the per-zone and per-kind sums.
import { describe, expect, it } from 'vitest'
import {
  pairVisits,
  summarizeByZone,
  totalsBy,
  type PresenceEvent,
} from '../../../../../server/modules/tracks/visit-math'

const T = Date.parse('2026-11-27T00:00:00Z')
const min = 60_000
/** minutes after T */
const at = (m: number) => T + m * min
const ev = (tag: string, zone: string, event: PresenceEvent['event'], m: number): PresenceEvent => ({
  tag_id: tag,
  zone_id: zone,
  event,
  t: at(m),
})

// window: minutes 60 .. 180
const from = at(60)
const to = at(180)

describe('pairVisits', () => {
  it('pairs enter/exit inside the window', () => {
    const v = pairVisits([], [ev('A', 'Z', 'enter', 70), ev('A', 'Z', 'exit', 95)], from, to)
    expect(v).toEqual([
      {
        tag_id: 'A',
        zone_id: 'Z',
        enter: at(70),
        exit: at(95),
        duration_ms: 25 * min,
        crossing: false,
        open_at_from: false,
        open_at_to: false,
      },
    ])
  })

  it('counts a visit open at `from` from `from`, keeping its real enter time', () => {
    const v = pairVisits([ev('A', 'Z', 'enter', 10)], [ev('A', 'Z', 'exit', 75)], from, to)
    expect(v).toHaveLength(1)
    expect(v[0]).toMatchObject({ enter: at(10), exit: at(75), duration_ms: 15 * min, open_at_from: true })
  })

  it('counts a visit still open at the end up to `until` (to, or now when earlier)', () => {
    const events = [ev('A', 'Z', 'enter', 170)]
    expect(pairVisits([], events, from, to)[0]).toMatchObject({
      exit: null,
      duration_ms: 10 * min,
      open_at_to: true,
    })
    // "now" is minute 175
    expect(pairVisits([], events, from, at(175))[0]!.duration_ms).toBe(5 * min)
  })

  it('covers the whole window for a tag inside before and after', () => {
    const v = pairVisits([ev('A', 'Z', 'enter', 0)], [], from, to)
    expect(v).toEqual([
      expect.objectContaining({
        enter: at(0),
        exit: null,
        duration_ms: 120 * min,
        open_at_from: true,
        open_at_to: true,
      }),
    ])
  })

  it('ignores a state before the window that is an exit', () => {
    expect(pairVisits([ev('A', 'Z', 'exit', 30)], [], from, to)).toEqual([])
  })

  it('drops a visit open at `from` that ends exactly at `from`', () => {
    expect(pairVisits([ev('A', 'Z', 'enter', 30)], [ev('A', 'Z', 'exit', 60)], from, to)).toEqual([])
  })

  it('counts a crossing as a zero-length visit', () => {
    const v = pairVisits([], [ev('A', 'Z', 'crossing', 100)], from, to)
    expect(v).toEqual([
      {
        tag_id: 'A',
        zone_id: 'Z',
        enter: at(100),
        exit: at(100),
        duration_ms: 0,
        crossing: true,
        open_at_from: false,
        open_at_to: false,
      },
    ])
  })

  it('ignores a repeated enter and an exit with no visit open', () => {
    const v = pairVisits(
      [],
      [
        ev('A', 'Z', 'exit', 65), // its enter is not seen
        ev('A', 'Z', 'enter', 70),
        ev('A', 'Z', 'enter', 80), // repeat
        ev('A', 'Z', 'exit', 90),
        ev('A', 'Z', 'exit', 95), // repeat
      ],
      from,
      to,
    )
    expect(v).toHaveLength(1)
    expect(v[0]).toMatchObject({ enter: at(70), exit: at(90), duration_ms: 20 * min })
  })

  it('keeps tags and zones apart and orders by enter, tag, zone', () => {
    const v = pairVisits(
      [ev('B', 'Z', 'enter', 50)],
      [
        ev('A', 'Z', 'enter', 70),
        ev('A', 'Y', 'enter', 70),
        ev('B', 'Z', 'exit', 80),
        ev('A', 'Y', 'exit', 90),
        ev('A', 'Z', 'exit', 100),
        ev('B', 'Z', 'enter', 110),
      ],
      from,
      to,
    )
    expect(v.map((x) => [x.tag_id, x.zone_id, (x.enter - T) / min, x.duration_ms / min])).toEqual([
      ['B', 'Z', 50, 20],
      ['A', 'Y', 70, 20],
      ['A', 'Z', 70, 30],
      ['B', 'Z', 110, 70],
    ])
  })

  it('gives no negative duration when the window lies in the future', () => {
    const v = pairVisits([ev('A', 'Z', 'enter', 0)], [], from, from)
    expect(v[0]!.duration_ms).toBe(0)
  })
})

describe('summaries', () => {
  // A: Z 60→75 (open at from), Z 120→130, Y crossing at 140, Z 170→open ; B: Z 100→110
  const visits = pairVisits(
    [ev('A', 'Z', 'enter', 40)],
    [
      ev('A', 'Z', 'exit', 75),
      ev('B', 'Z', 'enter', 100),
      ev('B', 'Z', 'exit', 110),
      ev('A', 'Z', 'enter', 120),
      ev('A', 'Z', 'exit', 130),
      ev('A', 'Y', 'crossing', 140),
      ev('A', 'Z', 'enter', 170),
    ],
    from,
    to,
  )

  it('sums per zone: visits, crossings, total, first enter, last exit, edges', () => {
    const a = summarizeByZone(visits.filter((v) => v.tag_id === 'A'))
    expect(a).toEqual([
      {
        zone_id: 'Z',
        visits: 3,
        crossings: 0,
        total_ms: (15 + 10 + 10) * min,
        first_enter: at(40),
        last_exit: at(130),
        inside_at_from: true,
        inside_at_to: true,
      },
      {
        zone_id: 'Y',
        visits: 1,
        crossings: 1,
        total_ms: 0,
        first_enter: at(140),
        last_exit: at(140),
        inside_at_from: false,
        inside_at_to: false,
      },
    ])
  })

  it('sums per group with distinct tags and the tags inside at the end', () => {
    const kinds: Record<string, string> = { A: 'vehicle', B: 'visitor' }
    const { all, groups, insideAtTo } = totalsBy(visits, (v) => kinds[v.tag_id]!)
    expect(all).toEqual({ visits: 5, crossings: 1, total_ms: 45 * min, tags: 2 })
    expect(groups.get('vehicle')).toEqual({ visits: 4, crossings: 1, total_ms: 35 * min, tags: 1 })
    expect(groups.get('visitor')).toEqual({ visits: 1, crossings: 0, total_ms: 10 * min, tags: 1 })
    expect(insideAtTo).toBe(1)
  })
})
