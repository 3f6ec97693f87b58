import { describe, expect, it } from 'vitest'
import {
  bookingZoneAuthorizer,
  corridorTouches,
  withBookingGrants,
} from '../../../../../server/modules/bookings/booking-zone-grants'
import type { WatchedBooking } from '../../../../../server/modules/bookings/route-rule'
import { alarmActions, zoneRules, type TagInfo } from '../../../../../server/modules/zones/zone-rules'
import { compileZone, type CompiledZone } from '../../../../../server/modules/zones/zone-shapes'
import type { EngineEvent } from '../../../../../server/modules/zones/geofence.engine'
import { at, rect, zone } from '../zones/fixtures'

const t0 = Date.parse('2026-11-27T02:00:00Z')
// a straight road east, 1 km long, 25 m wide (12.5 m each side)
const corridor = compileZone({
  id: 'c',
  name: 'c',
  zone_type: 'x',
  enterprise_id: null,
  props: { shape: 'corridor', centerline: [at(0, 0), at(1000, 0)], width_m: 25 },
  geom: { type: 'Polygon', coordinates: [] },
}).zone
const circle = (id: string, north: number, radius: number, enterprise: string | null = 'E16'): CompiledZone =>
  compileZone({
    id,
    name: id,
    zone_type: 'restricted',
    enterprise_id: enterprise,
    props: { shape: 'circle', center: at(500, north), radius_m: radius },
    geom: { type: 'Polygon', coordinates: [] },
  }).zone
const booking: WatchedBooking = {
  id: 'HB1',
  plate: '苏F12345',
  status: 'approved',
  tagId: 'T1',
  enterpriseId: 'E01',
  validFrom: t0 - 3_600_000,
  validTo: t0 + 3_600_000,
  corridor,
  parking: zone('p', {}, [rect(-100, 20, 0, 120)]),
  destination: zone('d', {}, [rect(1000, -100, 1200, 100)]),
}
const truck: TagInfo = { id: 'T1', kind: 'hazmat_vehicle', label: '苏F12345', enterprise_id: null }
const other: TagInfo = { ...truck, id: 'T2', label: '苏F99999' }

describe('corridorTouches', () => {
  it('sees a circle the centreline crosses, one reaching the corridor edge, and not one beyond it', () => {
    expect(corridorTouches(corridor, circle('a', 0, 50))).toBe(true)
    // centre 100 m north, radius 95 m: 5 m from the centreline, inside the 12.5 m half-width
    expect(corridorTouches(corridor, circle('b', 100, 95))).toBe(true)
    // radius 80 m: 20 m from the centreline, 7.5 m beyond the corridor's edge
    expect(corridorTouches(corridor, circle('c', 100, 80))).toBe(false)
  })

  it('sees a polygon the centreline crosses or one whose corner lies in the corridor', () => {
    expect(corridorTouches(corridor, zone('x', {}, [rect(200, -30, 260, 30)]))).toBe(true)
    expect(corridorTouches(corridor, zone('y', {}, [rect(200, 10, 260, 60)]))).toBe(true)
    expect(corridorTouches(corridor, zone('z', {}, [rect(200, 20, 260, 60)]))).toBe(false)
  })
})

describe('booking zone grants', () => {
  const grants = bookingZoneAuthorizer((tag) => (tag === 'T1' ? booking : undefined))

  it("authorises the truck in its destination's zones and in those its corridor touches, while valid", () => {
    const destinationZone = circle('Z04', 900, 120, 'E01') // far from the road, but the destination's own
    const onRoad = circle('Z32', 100, 95, 'E16')
    const elsewhere = circle('Z99', 900, 120, 'E16')
    expect(grants.authorised(truck, destinationZone, t0)).toBe(true)
    expect(grants.authorised(truck, onRoad, t0)).toBe(true)
    expect(grants.authorised(truck, elsewhere, t0)).toBe(false)
    // outside the booking's validity, and for a tag without a booking: nothing
    expect(grants.authorised(truck, onRoad, t0 + 2 * 3_600_000)).toBe(false)
    expect(grants.authorised(other, onRoad, t0)).toBe(false)
  })

  it('keeps the intrusion alarm for zones the booking does not cover, and drops it for those it does', () => {
    const rules = withBookingGrants(zoneRules, grants)
    const enter = (z: CompiledZone): EngineEvent => ({
      event: 'enter',
      tag_id: 'T1',
      zone_id: z.id,
      t: t0,
      lon: 0,
      lat: 0,
      speed_kmh: 10,
      props: {},
    })
    const onRoad = circle('Z32', 100, 95, 'E16')
    const elsewhere = circle('Z99', 900, 120, 'E16')
    expect(alarmActions(enter(onRoad), truck, onRoad, rules)).toEqual([])
    expect(alarmActions(enter(elsewhere), truck, elsewhere, rules)).toEqual([
      expect.objectContaining({
        type: 'raise',
        input: expect.objectContaining({ rule: 'zone_intrusion:Z99' }),
      }),
    ])
    // without the grants both raise
    expect(alarmActions(enter(onRoad), truck, onRoad, zoneRules)).toHaveLength(1)
  })
})
