import { describe, expect, it } from 'vitest'
import { destination, distance, point } from '@turf/turf'
import {
  altitudeInside,
  compileZone,
  containsPoint,
  haversineM,
  segmentIntersects,
} from '../../../../../server/modules/zones/zone-shapes'
import { parseSchedule, scheduleActive } from '../../../../../server/modules/zones/zone-schedule'
import { at, rect, zone } from './fixtures'

const center: [number, number] = [120.954057, 31.9379976]
const circle = zone('C', { shape: 'circle', center, radius_m: 120 })
const dest = (m: number, bearing: number) =>
  destination(point(center), m / 1000, bearing, { units: 'kilometers' }).geometry.coordinates as [
    number,
    number,
  ]

describe('circle', () => {
  it('agrees with turf on distance', () => {
    const p = dest(500, 33)
    expect(haversineM(center, p)).toBeCloseTo(distance(point(center), point(p), { units: 'meters' }), 0)
  })
  it.each([0, 45, 90, 180, 270, 315])('is inside at 119.5 m and outside at 120.5 m (bearing %i°)', (b) => {
    expect(containsPoint(circle, ...dest(119.5, b))).toBe(true)
    expect(containsPoint(circle, ...dest(120.5, b))).toBe(false)
  })
  it('catches a segment that passes the centre with both ends outside, not one that misses by a metre', () => {
    expect(segmentIntersects(circle, dest(300, 270), dest(300, 90))).toBe(true)
    // a chord 119 m north of the centre touches; 121 m north misses
    const north = (m: number, side: number) =>
      destination(point(dest(m, 0)), 0.3, side, { units: 'kilometers' }).geometry.coordinates as [
        number,
        number,
      ]
    expect(segmentIntersects(circle, north(119, 270), north(119, 90))).toBe(true)
    expect(segmentIntersects(circle, north(121, 270), north(121, 90))).toBe(false)
  })
  it('has a bbox that holds the whole circle', () => {
    for (const b of [0, 90, 180, 270]) {
      const [lon, lat] = dest(120, b)
      expect(lon).toBeGreaterThanOrEqual(circle.bbox[0])
      expect(lon).toBeLessThanOrEqual(circle.bbox[2])
      expect(lat).toBeGreaterThanOrEqual(circle.bbox[1])
      expect(lat).toBeLessThanOrEqual(circle.bbox[3])
    }
  })
})

describe('corridor', () => {
  // a 200 m road east–west, then 100 m north; 25 m wide (Traccar's default)
  const road = zone('R', { shape: 'corridor', centerline: [at(0, 0), at(200, 0), at(200, 100)], width_m: 25 })
  it('holds points within half the width of the centre line', () => {
    expect(containsPoint(road, ...at(100, 12))).toBe(true)
    expect(containsPoint(road, ...at(100, -12))).toBe(true)
    expect(containsPoint(road, ...at(100, 13))).toBe(false)
    expect(containsPoint(road, ...at(212, 50))).toBe(true)
    expect(containsPoint(road, ...at(214, 50))).toBe(false)
  })
  it('ends in round caps: distance to the end point', () => {
    expect(containsPoint(road, ...at(-8, 8))).toBe(true) // 11.3 m from the start
    expect(containsPoint(road, ...at(-10, 10))).toBe(false) // 14.1 m
  })
  it('defaults to 25 m when width_m is missing', () => {
    const r = zone('R2', { shape: 'corridor', centerline: [at(0, 0), at(200, 0)] })
    expect(r.shape).toMatchObject({ kind: 'corridor', halfWidthM: 12.5 })
  })
  it('is crossed by a segment jumping over it', () => {
    expect(segmentIntersects(road, at(100, -40), at(100, 40))).toBe(true)
    expect(segmentIntersects(road, at(100, 20), at(150, 20))).toBe(false)
  })
})

describe('polygon with a hole', () => {
  const donut = zone('D', { shape: 'polygon' }, [
    rect(-100, -100, 100, 100),
    rect(-30, -30, 30, 30).reverse(),
  ])
  it('is inside in the ring and outside in the hole', () => {
    expect(containsPoint(donut, ...at(60, 0))).toBe(true)
    expect(containsPoint(donut, ...at(0, 0))).toBe(false)
    expect(containsPoint(donut, ...at(150, 0))).toBe(false)
  })
  it('is crossed by a segment from the hole to outside, and by one jumping over it', () => {
    expect(segmentIntersects(donut, at(0, 0), at(150, 0))).toBe(true)
    expect(segmentIntersects(donut, at(-150, 0), at(150, 0))).toBe(true)
    expect(segmentIntersects(donut, at(-150, 120), at(150, 120))).toBe(false)
  })
})

describe('altitude band', () => {
  const floor = zone('A', { altitude_min_m: 10, altitude_max_m: 20 })
  it('applies only to samples that carry an altitude', () => {
    expect(altitudeInside(floor, 15)).toBe(true)
    expect(altitudeInside(floor, 25)).toBe(false)
    expect(altitudeInside(floor, 5)).toBe(false)
    expect(altitudeInside(floor, null)).toBe(true)
    expect(altitudeInside(zone('B', {}), 1000)).toBe(true)
  })
})

describe('compileZone', () => {
  it('falls back to the stored polygon with a warning when circle props are broken', () => {
    const r = compileZone({
      id: 'X',
      name: 'x',
      zone_type: 'restricted',
      enterprise_id: null,
      props: { shape: 'circle', radius_m: -3, dwell_s: 'long', schedule: { windows: [] } },
      geom: { type: 'Polygon', coordinates: [rect(-10, -10, 10, 10)] },
    })
    expect(r.zone.shape.kind).toBe('polygon')
    expect(r.zone.dwellS).toBe(0)
    expect(r.zone.schedule).toBeNull()
    expect(r.warnings).toHaveLength(3)
  })
  it('throws when the geometry is unusable', () => {
    expect(() =>
      compileZone({
        id: 'Y',
        name: 'y',
        zone_type: 'speed',
        enterprise_id: null,
        props: {},
        geom: { type: 'Point', coordinates: [0, 0] },
      }),
    ).toThrow(/not a GeoJSON Polygon/)
  })
})

describe('schedule (China time, UTC+8)', () => {
  // Friday 22:00 → Saturday 06:00, and every day 08:00–18:00 of Sunday
  const s = parseSchedule({
    windows: [
      { days: [5], from: '22:00', to: '06:00' },
      { days: [7], from: '08:00', to: '18:00' },
    ],
  })
  if (!s.ok) throw new Error(s.error)
  const cst = (iso: string) => Date.parse(`${iso}+08:00`)
  it.each([
    ['2026-11-27T21:59:59', false], // Friday, before
    ['2026-11-27T22:00:00', true],
    ['2026-11-27T23:59:00', true],
    ['2026-11-28T00:00:00', true], // past midnight, Saturday
    ['2026-11-28T05:59:59', true],
    ['2026-11-28T06:00:00', false],
    ['2026-11-28T23:00:00', false], // Saturday night is not listed
    ['2026-11-29T08:00:00', true], // Sunday
    ['2026-11-29T18:00:00', false],
  ])('%s → %s', (iso, active) => {
    expect(scheduleActive(s.schedule, cst(iso))).toBe(active)
  })
  it('wraps Sunday night into Monday', () => {
    const sun = parseSchedule({ windows: [{ days: [7], from: '23:00', to: '01:00' }] })
    if (!sun.ok) throw new Error(sun.error)
    expect(scheduleActive(sun.schedule, cst('2026-11-30T00:30:00'))).toBe(true) // Monday
    expect(scheduleActive(sun.schedule, cst('2026-11-30T01:30:00'))).toBe(false)
  })
  it('treats from = to as a whole day and 24:00 as midnight', () => {
    const all = parseSchedule({
      windows: [
        { days: [1], from: '00:00', to: '00:00' },
        { days: [2], from: '12:00', to: '24:00' },
      ],
    })
    if (!all.ok) throw new Error(all.error)
    expect(scheduleActive(all.schedule, cst('2026-11-30T23:59:00'))).toBe(true) // Monday
    expect(scheduleActive(all.schedule, cst('2026-12-01T11:59:00'))).toBe(false) // Tuesday morning
    expect(scheduleActive(all.schedule, cst('2026-12-01T23:59:59'))).toBe(true)
    expect(scheduleActive(all.schedule, cst('2026-12-02T00:00:00'))).toBe(false)
  })
  it.each([
    [{ windows: [] }, 'schedule.windows'],
    [{ windows: [{ days: [8], from: '08:00', to: '09:00' }] }, 'schedule.windows.0.days.0'],
    [{ windows: [{ days: [1], from: '8:00', to: '09:00' }] }, 'schedule.windows.0.from'],
    [{ windows: [{ days: [1], from: '24:00', to: '09:00' }] }, 'schedule.windows.0.from'],
    [{ windows: [{ days: [1], from: '08:00', to: '09:00', tz: 'UTC' }] }, 'schedule.windows.0'],
  ])('rejects %j naming %s', (raw, field) => {
    const r = parseSchedule(raw)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.startsWith(`${field}:`)).toBe(true)
  })
})
