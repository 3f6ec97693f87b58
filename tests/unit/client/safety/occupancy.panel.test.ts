import { afterEach, describe, expect, it } from 'vitest'
import type { OccupancyReport, ZoneOccupancy } from '../../../../server/contracts/occupancy'
import {
  kindBreakdown,
  occupancySide,
  occupiedZones,
} from '../../../../client/centers/safety/occupancy.panel'
import { setLocale } from '../../../../client/shell/i18n/i18n'

const zone = (id: string, counts: Partial<ZoneOccupancy['counts']>, max?: number): ZoneOccupancy => {
  const c = { staff: 0, visitor: 0, contractor: 0, vehicle: 0, hazmat_vehicle: 0, ...counts }
  const people = c.staff + c.visitor + c.contractor
  return {
    id,
    name: id,
    name_en: null,
    zone_type: 'restricted',
    enterprise_id: null,
    counts: c,
    people,
    total: people + c.vehicle + c.hazmat_vehicle,
    ...(max !== undefined ? { max_headcount: max } : {}),
    lon: 121,
    lat: 32,
  }
}
const report = (zones: ZoneOccupancy[]): OccupancyReport => ({
  at: '2026-11-29T00:00:00Z',
  max_age_s: 600,
  fresh_tags: 10,
  zones,
})

describe('people by zone panel', () => {
  afterEach(() => setLocale('zh-CN'))

  it('lists occupied zones: over the limit first, then by people, then by everything counted', () => {
    const rows = occupiedZones(
      report([
        zone('Z1', { staff: 2 }),
        zone('Z2', {}),
        zone('Z3', { vehicle: 4 }),
        zone('Z4', { staff: 1, visitor: 1 }, 1),
        zone('Z5', { staff: 5 }, 10),
        zone('Z6', { staff: 2, hazmat_vehicle: 1 }),
      ]),
    )
    expect(rows.map((z) => z.id)).toEqual(['Z4', 'Z5', 'Z6', 'Z1', 'Z3'])
  })

  it('says which kinds are there and how many, against the limit when there is one', () => {
    expect(kindBreakdown(zone('Z', { visitor: 1, staff: 3, hazmat_vehicle: 1 }).counts)).toBe(
      '员工 3 · 访客 1 · 危化品车辆 1',
    )
    expect(kindBreakdown(zone('Z', {}).counts)).toBe('')
    expect(occupancySide(zone('Z', { staff: 6 }))).toBe('6 人')
    expect(occupancySide(zone('Z', { staff: 6, vehicle: 2 }, 5))).toBe('6/5 人 · 2 车')
    setLocale('en')
    expect(occupancySide(zone('Z', { contractor: 1, vehicle: 1 }))).toBe('1 ppl · 1 veh')
    expect(kindBreakdown(zone('Z', { contractor: 2 }).counts)).toBe('Contractor 2')
  })
})
