// The CSV forms of the reports (headers, one row per vertex / trip / stop / zone / visit, both clocks, guarded
// labels) and the course column's maths.
import { describe, expect, it } from 'vitest'
import type { TagZonesReport, TripsReport, ZoneVisitsReport } from '../../../../../server/contracts/tracks'
import { csvText } from '../../../../../server/modules/tracks/csv-writer'
import { bearingDeg, pointCourses, type TrackPoint } from '../../../../../server/modules/tracks/track-math'
import {
  tagZonesCsv,
  trackCsv,
  tripsCsv,
  zoneVisitsCsv,
  type CsvTable,
} from '../../../../../server/modules/tracks/tracks.csv'

const lines = (t: CsvTable) =>
  csvText(t.header, t.rows)
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(0, -1)
const w = { from: '2026-11-27T02:00:00Z', to: '2026-11-27T03:00:00.000Z' }

describe('report CSVs', () => {
  it('track: one row per vertex with UTC and local time, speed and course', () => {
    const t = trackCsv('TV1', w, [
      { t: Date.parse('2026-11-27T02:00:00Z'), lon: 120.95, lat: 31.94, speed_kmh: 36, course_deg: 90 },
      { t: Date.parse('2026-11-27T02:00:01Z'), lon: 120.9501, lat: 31.94, speed_kmh: 0, course_deg: null },
    ])
    expect(t.filename).toBe('track_TV1_20261127T020000Z_20261127T030000Z.csv')
    expect(lines(t)).toEqual([
      'time_utc,time_local,lon,lat,speed_kmh,course_deg',
      '2026-11-27T02:00:00.000Z,2026-11-27 10:00:00,120.95,31.94,36,90',
      '2026-11-27T02:00:01.000Z,2026-11-27 10:00:01,120.9501,31.94,0,',
    ])
  })

  it('trips: trips and stops on one timeline', () => {
    const r: TripsReport = {
      tag_id: 'TV1',
      ...w,
      options: { stop_speed_kmh: 3, stop_radius_m: 50, min_stop_s: 300, min_trip_m: 500, gap_s: 3600 },
      trips: [
        {
          start_time: '2026-11-27T02:00:00.000Z',
          end_time: '2026-11-27T02:01:40.000Z',
          start: { lon: 120.95, lat: 31.94 },
          end: { lon: 120.96, lat: 31.94 },
          distance_m: 1000,
          duration_s: 100,
          max_speed_kmh: 36,
          avg_speed_kmh: 36,
        },
      ],
      stops: [
        {
          place: { lon: 120.96, lat: 31.94 },
          start_time: '2026-11-27T02:01:40.000Z',
          end_time: '2026-11-27T02:11:40.000Z',
          duration_s: 600,
        },
      ],
    }
    const l = lines(tripsCsv(r))
    expect(l[0]).toBe(
      'type,start_utc,start_local,end_utc,end_local,duration_s,duration_hms,distance_m,max_speed_kmh,avg_speed_kmh,start_lon,start_lat,end_lon,end_lat',
    )
    expect(l[1]).toBe(
      'trip,2026-11-27T02:00:00.000Z,2026-11-27 10:00:00,2026-11-27T02:01:40.000Z,2026-11-27 10:01:40,100,0:01:40,1000,36,36,120.95,31.94,120.96,31.94',
    )
    expect(l[2]).toBe(
      'stop,2026-11-27T02:01:40.000Z,2026-11-27 10:01:40,2026-11-27T02:11:40.000Z,2026-11-27 10:11:40,600,0:10:00,,,,120.96,31.94,120.96,31.94',
    )
  })

  it('time in zones and visits: guarded, quoted labels and empty exits of open visits', () => {
    const z: TagZonesReport = {
      tag_id: 'TV1',
      label: '=苏F,1',
      kind: 'vehicle',
      ...w,
      until: w.to,
      zones: [
        {
          zone_id: 'Z1',
          name: '罐区 "A"',
          name_en: null,
          zone_type: 'hazard',
          visits: 2,
          crossings: 0,
          total_s: 1500,
          first_enter: '2026-11-27T01:50:00.000Z',
          last_exit: null,
          inside_at_from: true,
          inside_at_to: true,
        },
      ],
    }
    const zl = lines(tagZonesCsv(z))
    expect(zl[1]).toBe(
      `TV1,"'=苏F,1",Z1,"罐区 ""A""",hazard,2,0,1500,0:25:00,2026-11-27T01:50:00.000Z,2026-11-27 09:50:00,,,true,true`,
    )
    const v: ZoneVisitsReport = {
      zone_id: 'Z1',
      name: '@zone',
      name_en: null,
      zone_type: 'hazard',
      ...w,
      until: w.to,
      visits: [
        {
          tag_id: 'V9',
          zone_id: 'Z1',
          label: '+1 访客\n二行',
          kind: 'visitor',
          enter: '2026-11-27T02:10:00.000Z',
          exit: null,
          duration_s: 3000,
          crossing: false,
          open_at_from: false,
          open_at_to: true,
        },
      ],
      totals: { visits: 1, crossings: 0, total_s: 3000, tags: 1, inside_at_to: 1, by_kind: {} },
    }
    const vt = zoneVisitsCsv(v)
    expect(vt.filename).toBe('visits_Z1_20261127T020000Z_20261127T030000Z.csv')
    const text = csvText(vt.header, vt.rows)
    expect(text).toContain(
      `Z1,'@zone,V9,"'+1 访客\n二行",visitor,2026-11-27T02:10:00.000Z,2026-11-27 10:10:00,,,3000,0:50:00,false,false,true\r\n`,
    )
  })
})

describe('course', () => {
  it('bearing: north 0, east 90, south 180, west 270', () => {
    expect(bearingDeg(120, 31, 120, 31.01)).toBeCloseTo(0, 6)
    expect(bearingDeg(120, 31, 120.01, 31)).toBeCloseTo(90, 2)
    expect(bearingDeg(120, 31, 120, 30.99)).toBeCloseTo(180, 6)
    expect(bearingDeg(120, 31, 119.99, 31)).toBeCloseTo(270, 2)
  })

  it('reported heading first, else the step bearing, null when standing', () => {
    const p: TrackPoint[] = [
      { t: 0, lon: 120, lat: 31, speed: null, heading: null },
      { t: 1000, lon: 120.0001, lat: 31, speed: null, heading: null },
      { t: 2000, lon: 120.0001, lat: 31, speed: null, heading: null },
      { t: 3000, lon: 120.0001, lat: 31.0001, speed: null, heading: 5 },
    ]
    const c = pointCourses(p)
    expect(c[0]).toBeCloseTo(90, 2)
    expect(c[1]).toBeCloseTo(90, 2)
    expect(c[2]).toBeNull()
    expect(c[3]).toBe(5)
  })
})
