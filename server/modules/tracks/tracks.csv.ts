// The CSV forms of the track, trips/stops, time-in-zone and zone-visits reports: header and rows only (the
// writer does the escaping). Times twice: ISO UTC for machines, Asia/Shanghai local for people.
import type { TagZonesReport, TripsReport, ZoneVisitsReport } from '../../contracts/tracks'
import { chinaLocal, compactTime, hms, isoTime, type Cell } from './csv-writer'
import type { TrackVertex } from './tracks.service'

export interface CsvTable {
  /** file name without a path */
  filename: string
  header: readonly string[]
  rows: Iterable<readonly Cell[]>
}

const both = (ms: number | null): Cell[] => [isoTime(ms), chinaLocal(ms)]
const parse = (s: string | null) => (s === null ? null : Date.parse(s))
const name = (kind: string, id: string, from: string, to: string) =>
  `${kind}_${id}_${compactTime(Date.parse(from))}_${compactTime(Date.parse(to))}.csv`

export function trackCsv(
  tagId: string,
  w: { from: string; to: string },
  v: readonly TrackVertex[],
): CsvTable {
  return {
    filename: name('track', tagId, w.from, w.to),
    header: ['time_utc', 'time_local', 'lon', 'lat', 'speed_kmh', 'course_deg'],
    rows: (function* () {
      for (const p of v) yield [...both(p.t), p.lon, p.lat, p.speed_kmh, p.course_deg]
    })(),
  }
}

/** Trips and stops on one timeline; a stop's place is both its start and its end. */
export function tripsCsv(r: TripsReport): CsvTable {
  const rows: { at: string; cells: Cell[] }[] = []
  for (const t of r.trips)
    rows.push({
      at: t.start_time,
      cells: [
        'trip',
        ...both(Date.parse(t.start_time)),
        ...both(Date.parse(t.end_time)),
        t.duration_s,
        hms(t.duration_s),
        t.distance_m,
        t.max_speed_kmh,
        t.avg_speed_kmh,
        t.start.lon,
        t.start.lat,
        t.end.lon,
        t.end.lat,
      ],
    })
  for (const s of r.stops)
    rows.push({
      at: s.start_time,
      cells: [
        'stop',
        ...both(Date.parse(s.start_time)),
        ...both(Date.parse(s.end_time)),
        s.duration_s,
        hms(s.duration_s),
        null,
        null,
        null,
        s.place.lon,
        s.place.lat,
        s.place.lon,
        s.place.lat,
      ],
    })
  rows.sort((a, b) => a.at.localeCompare(b.at))
  return {
    filename: name('trips', r.tag_id, r.from, r.to),
    header: [
      'type',
      'start_utc',
      'start_local',
      'end_utc',
      'end_local',
      'duration_s',
      'duration_hms',
      'distance_m',
      'max_speed_kmh',
      'avg_speed_kmh',
      'start_lon',
      'start_lat',
      'end_lon',
      'end_lat',
    ],
    rows: rows.map((r) => r.cells),
  }
}

export function tagZonesCsv(r: TagZonesReport): CsvTable {
  return {
    filename: name('zones', r.tag_id, r.from, r.to),
    header: [
      'tag_id',
      'tag_label',
      'zone_id',
      'zone_name',
      'zone_type',
      'visits',
      'crossings',
      'total_s',
      'total_hms',
      'first_enter_utc',
      'first_enter_local',
      'last_exit_utc',
      'last_exit_local',
      'inside_at_from',
      'inside_at_to',
    ],
    rows: r.zones.map((z) => [
      r.tag_id,
      r.label,
      z.zone_id,
      z.name,
      z.zone_type,
      z.visits,
      z.crossings,
      z.total_s,
      hms(z.total_s),
      ...both(Date.parse(z.first_enter)),
      ...both(parse(z.last_exit)),
      z.inside_at_from,
      z.inside_at_to,
    ]),
  }
}

export function zoneVisitsCsv(r: ZoneVisitsReport): CsvTable {
  return {
    filename: name('visits', r.zone_id, r.from, r.to),
    header: [
      'zone_id',
      'zone_name',
      'tag_id',
      'tag_label',
      'tag_kind',
      'enter_utc',
      'enter_local',
      'exit_utc',
      'exit_local',
      'duration_s',
      'duration_hms',
      'crossing',
      'open_at_from',
      'open_at_to',
    ],
    rows: r.visits.map((v) => [
      r.zone_id,
      r.name,
      v.tag_id,
      v.label,
      v.kind,
      ...both(Date.parse(v.enter)),
      ...both(parse(v.exit)),
      v.duration_s,
      hms(v.duration_s),
      v.crossing,
      v.open_at_from,
      v.open_at_to,
    ]),
  }
}
