import { describe, expect, it } from 'vitest'
import type { PositionSample } from '../../../../../server/contracts/live'
import { nextStatus, parkDay, parkDayWindow } from '../../../../../server/modules/bookings/bookings.rules'
import { HazmatRouteRule, type WatchedBooking } from '../../../../../server/modules/bookings/route-rule'
import { compileZone } from '../../../../../server/modules/zones/zone-shapes'
import { at, rect, zone } from '../zones/fixtures'

const t0 = Date.parse('2026-11-27T02:00:00Z')
const booking = (over: Partial<WatchedBooking> = {}): WatchedBooking => ({
  id: 'HB1',
  plate: '苏F12345',
  status: 'approved',
  tagId: 'T1',
  enterpriseId: 'E01',
  validFrom: t0 - 3_600_000,
  validTo: t0 + 3_600_000,
  // a straight road east, 1 km, 25 m wide
  corridor: compileZone({
    id: 'c',
    name: 'c',
    zone_type: 'x',
    enterprise_id: null,
    props: { shape: 'corridor', centerline: [at(0, 0), at(1000, 0)], width_m: 25 },
    geom: { type: 'Polygon', coordinates: [] },
  }).zone,
  parking: zone('p', {}, [rect(-100, 20, 0, 120)]),
  destination: zone('d', {}, [rect(1000, -100, 1200, 100)]),
  ...over,
})
const tag = { id: 'T1', kind: 'vehicle' as const, label: '苏F12345', enterprise_id: null }
const s = (sec: number, east: number, north: number, speed = 20): PositionSample => {
  const [lon, lat] = at(east, north)
  return {
    tag_id: 'T1',
    t: new Date(t0 + sec * 1000).toISOString(),
    lon,
    lat,
    speed_kmh: speed,
    heading_deg: 90,
    source: 't',
  }
}

describe('hazmat route rule', () => {
  it('raises one urgent off-route alarm after 30 s outside while moving, and returns it when back', () => {
    const r = new HazmatRouteRule({ offRouteS: 30 })
    r.setBookings([booking()])
    const acts = [
      ...r.process(s(0, 100, 0), tag),
      ...[5, 10, 20, 29].flatMap((t) => r.process(s(t, 100 + t * 5, 80), tag)),
    ]
    expect(acts).toEqual([])
    const raise = [30, 40, 60].flatMap((t) => r.process(s(t, 300, 80), tag))
    expect(raise).toHaveLength(1)
    expect(raise[0]).toMatchObject({
      type: 'raise',
      input: {
        rule: 'hazmat_off_route:HB1',
        priority: 'urgent',
        source_id: 'T1',
        enterprise_id: 'E01',
        t: t0 + 40_000,
      },
    })
    const back = [...r.process(s(70, 400, 5), tag), ...r.process(s(75, 420, 0), tag)]
    expect(back).toEqual([
      { type: 'rtn', sourceId: 'T1', rule: 'hazmat_off_route:HB1', t: t0 + 70_000, value: null },
    ])
  })

  it('stays quiet on the corridor, in the parking and at the destination, and for short excursions', () => {
    const r = new HazmatRouteRule()
    r.setBookings([booking()])
    const out = [
      ...[0, 10, 20].map((t) => s(t, t * 10, 10)),
      ...[30, 40, 50, 60].map((t) => s(t, -50, 60)), // in the parking
      ...[70, 80, 90].map((t) => s(t, 500, 50)), // 20 s off, then back
      s(95, 500, 0),
      ...[100, 140, 200].map((t) => s(t, 1100, 0)), // inside the destination
    ].flatMap((x) => r.process(x, tag))
    expect(out).toEqual([])
  })

  it('ignores tags without a watched booking: requested, other day, replayed samples', () => {
    const r = new HazmatRouteRule()
    r.setBookings([
      booking({ status: 'requested' }),
      booking({ id: 'HB2', tagId: 'T2', validFrom: t0 + 7_200_000, validTo: t0 + 9e6 }),
    ])
    const far = (id: string) => [0, 40, 80].map((t) => ({ ...s(t, 500, 500), tag_id: id }))
    expect([...far('T1'), ...far('T2')].flatMap((x) => r.process(x, tag))).toEqual([])
  })

  it('raises an illegal stop after 5 min standing off the parking and destination', () => {
    const r = new HazmatRouteRule({ stopS: 300 })
    r.setBookings([booking()])
    const acts = [0, 100, 200, 299, 300, 400].flatMap((t) => r.process(s(t, 500, 0, 0), tag))
    expect(acts.map((a) => (a.type === 'raise' ? a.input.rule : a.type))).toEqual(['hazmat_illegal_stop:HB1'])
    expect(r.process(s(410, 510, 0, 20), tag)).toEqual([
      { type: 'rtn', sourceId: 'T1', rule: 'hazmat_illegal_stop:HB1', t: t0 + 410_000, value: null },
    ])
  })

  it('returns open alarms when the booking closes, and restores a snapshot', () => {
    const r = new HazmatRouteRule()
    r.setBookings([booking()])
    ;[0, 40].forEach((t) => r.process(s(t, 500, 500), tag))
    const restore = r.snapshot(new Set(['T1']))
    r.setBookings([])
    expect(r.tick(t0 + 60_000)).toHaveLength(1)
    expect(r.tick(t0 + 61_000)).toEqual([])
    restore()
    expect(r.tick(t0 + 62_000)).toEqual([
      { type: 'rtn', sourceId: 'T1', rule: 'hazmat_off_route:HB1', t: t0 + 62_000, value: null },
    ])
  })
})

describe('booking rules', () => {
  it('uses China Standard Time park days and a strict status machine', () => {
    expect(parkDay(Date.parse('2026-11-27T16:30:00Z'))).toBe('2026-11-28')
    expect(parkDayWindow('2026-11-28')).toEqual({
      from: Date.parse('2026-11-27T16:00:00Z'),
      to: Date.parse('2026-11-28T16:00:00Z'),
    })
    expect(nextStatus('requested', 'approve')).toBe('approved')
    expect(nextStatus('approved', 'enter')).toBe('in_park')
    expect(nextStatus('in_park', 'complete')).toBe('completed')
    expect(nextStatus('in_park', 'cancel')).toEqual({ refused: expect.any(String) })
    expect(nextStatus('completed', 'approve')).toEqual({ refused: expect.any(String) })
  })
})
