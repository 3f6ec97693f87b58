import { describe, expect, it } from 'vitest'
import type { PositionSample } from '../../../../../server/contracts'
import { freshPositions, toZoneOccupancy } from '../../../../../server/modules/zones/occupancy'

const s = (tag: string, t: string): PositionSample => ({
  tag_id: tag,
  t,
  lon: 121,
  lat: 32,
  speed_kmh: null,
  heading_deg: null,
  source: 'test',
})

describe('zone occupancy', () => {
  it('keeps the cached positions inside the window', () => {
    const now = Date.parse('2026-11-29T08:00:00Z')
    const fresh = freshPositions(
      {
        A: s('A', '2026-11-29T07:55:00Z'),
        B: s('B', '2026-11-29T07:49:59Z'),
        C: s('C', '2026-11-29T07:50:00Z'),
        D: s('D', 'garbage'),
        E: s('E', '2026-11-29T08:01:00Z'),
      },
      now,
      600_000,
    )
    expect(fresh.map((p) => p.tag_id)).toEqual(['A', 'C', 'E'])
  })

  it('fills every kind, adds people and everything, and shows a limit only when there is one', () => {
    const row = {
      id: 'Z1',
      name: '罐区',
      name_en: null,
      zone_type: 'tank_farm',
      enterprise_id: null,
      lon: 121,
      lat: 32,
      fresh_tags: 9,
      counts: { staff: 2, visitor: 1, hazmat_vehicle: 1 },
    }
    const z = toZoneOccupancy(row, undefined)
    expect(z).toEqual({
      id: 'Z1',
      name: '罐区',
      name_en: null,
      zone_type: 'tank_farm',
      enterprise_id: null,
      lon: 121,
      lat: 32,
      counts: { vehicle: 0, hazmat_vehicle: 1, visitor: 1, contractor: 0, staff: 2 },
      people: 3,
      total: 4,
    })
    expect(toZoneOccupancy(row, 2).max_headcount).toBe(2)
  })
})
