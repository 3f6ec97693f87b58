// Trajectory analysis and replay (issue 4 items 6 and 8): the track of one tag, its trips and stops, and a
// compact columnar feed of many tags for replay. Shared by server/modules/tracks and client/replay.
import { z } from 'zod'
import type { TagKind } from './live'

const iso = z.string().datetime({ offset: true })
const num = (min: number, max: number) => z.coerce.number().min(min).max(max)

export const trackMaxWindowMs = 7 * 24 * 3_600_000
export const replayMaxWindowMs = 3_600_000

function window<T extends { from: string; to: string }>(maxMs: number) {
  return (v: T, ctx: z.RefinementCtx) => {
    const span = Date.parse(v.to) - Date.parse(v.from)
    if (!(span > 0)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' })
    else if (span > maxMs)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `window longer than ${Math.round(maxMs / 3_600_000)} h`,
      })
  }
}

export const tagIdParam = z.string().min(1).max(64)

/** GET /api/v1/tags/:id/track?from&to&simplify=<metres> (window ≤ 7 days) */
export const trackQuery = z
  .object({ from: iso, to: iso, simplify: num(0, 1000).default(0) })
  .superRefine(window(trackMaxWindowMs))
export type TrackQuery = z.infer<typeof trackQuery>

export interface TrackProperties {
  tag_id: string
  from: string
  to: string
  /** epoch ms of each vertex (parallel to the coordinates) */
  times: number[]
  /** reported (or, without one, derived) speed at each vertex, km/h */
  speeds: number[]
  /** geodesic length of the unsimplified track, metres */
  distance_m: number
  max_speed_kmh: number
  /** mean of the per-sample speeds */
  avg_speed_kmh: number
  /** stored samples in the window */
  points: number
  /** vertices returned after simplification */
  vertices: number
  simplify_m: number
}
/** A GeoJSON Feature; `geometry` is null when the window holds no sample. */
export interface TrackFeature {
  type: 'Feature'
  geometry: { type: 'LineString'; coordinates: [number, number][] } | null
  properties: TrackProperties
}

/** Traccar's defaults, configurable per request. */
export const tripDefaults = {
  stop_speed_kmh: 3,
  stop_radius_m: 50,
  min_stop_s: 300,
  min_trip_m: 500,
  gap_s: 3600,
} as const
export type TripOptions = { -readonly [K in keyof typeof tripDefaults]: number }

/** GET /api/v1/tags/:id/trips?from&to[&stop_speed_kmh&stop_radius_m&min_stop_s&min_trip_m&gap_s] */
export const tripsQuery = z
  .object({
    from: iso,
    to: iso,
    stop_speed_kmh: num(0, 50).default(tripDefaults.stop_speed_kmh),
    stop_radius_m: num(0, 1000).default(tripDefaults.stop_radius_m),
    min_stop_s: num(10, 86_400).default(tripDefaults.min_stop_s),
    min_trip_m: num(0, 100_000).default(tripDefaults.min_trip_m),
    gap_s: num(60, 7 * 86_400).default(tripDefaults.gap_s),
  })
  .superRefine(window(trackMaxWindowMs))
export type TripsQuery = z.infer<typeof tripsQuery>

export interface Place {
  lon: number
  lat: number
}
export interface Trip {
  start_time: string
  end_time: string
  start: Place
  end: Place
  distance_m: number
  duration_s: number
  max_speed_kmh: number
  avg_speed_kmh: number
}
export interface Stop {
  place: Place
  start_time: string
  end_time: string
  duration_s: number
}
export interface TripsReport {
  tag_id: string
  from: string
  to: string
  options: TripOptions
  trips: Trip[]
  stops: Stop[]
}

/** GET /api/v1/replay?from&to&tags=a,b,c | kind=… (window ≤ 1 h; step_s thins to one sample per step) */
export const replayQuery = z
  .object({
    from: iso,
    to: iso,
    tags: z
      .string()
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(tagIdParam).min(1).max(2000))
      .optional(),
    kind: z.enum(['vehicle', 'hazmat_vehicle', 'visitor', 'contractor', 'staff']).optional(),
    step_s: num(1, 300).default(1),
  })
  .superRefine(window(replayMaxWindowMs))
export type ReplayQuery = z.infer<typeof replayQuery>

/** Columnar, delta-encoded: t0 + cumulative t (ms); lon/lat in micro-degrees, cumulative from lon0/lat0. */
export interface ReplayTrack {
  id: string
  kind: TagKind
  label: string
  t0: number
  lon0: number
  lat0: number
  t: number[]
  lon: number[]
  lat: number[]
}
export interface ReplayFeed {
  from: string
  to: string
  step_s: number
  tracks: ReplayTrack[]
}

export const microDeg = 1e6

/** Decodes one replay track to absolute epoch ms and degrees. */
export function decodeReplayTrack(r: ReplayTrack): { t: number[]; lon: number[]; lat: number[] } {
  const n = r.t.length
  const t = new Array<number>(n)
  const lon = new Array<number>(n)
  const lat = new Array<number>(n)
  let ct = r.t0
  let cx = r.lon0
  let cy = r.lat0
  for (let i = 0; i < n; i++) {
    ct += r.t[i]!
    cx += r.lon[i]!
    cy += r.lat[i]!
    t[i] = ct
    lon[i] = cx / microDeg
    lat[i] = cy / microDeg
  }
  return { t, lon, lat }
}

// ---- Zone reports (issue 4 item 6): time in each zone for a tag, visits per zone, CSV export -------------

/** Zone reports read only enter / exit / crossing events (sparse), so they take a month (a monthly report). */
export const zoneReportMaxWindowMs = 31 * 24 * 3_600_000

/** GET /api/v1/tags/:id/zones?from&to (window ≤ 31 days) */
export const tagZonesQuery = z.object({ from: iso, to: iso }).superRefine(window(zoneReportMaxWindowMs))
export type TagZonesQuery = z.infer<typeof tagZonesQuery>

/** GET /api/v1/zones/:id/visits?from&to (window ≤ 31 days) */
export const zoneVisitsQuery = tagZonesQuery
export type ZoneVisitsQuery = TagZonesQuery

/**
 * `?format=csv` on the track, trips, zones and visits reports (or `Accept: text/csv` without `format`): a UTF-8
 * CSV with a BOM, as an attachment. `json` (the default) forces JSON whatever the Accept header says.
 */
export const exportFormat = z.enum(['json', 'csv'])
export const exportFormatQuery = z.object({ format: exportFormat.optional() })
export type ExportFormat = z.infer<typeof exportFormat>

/**
 * One stay of a tag in a zone, paired from the geofence engine's enter / exit events (their times are the first
 * sample inside / outside, so a zone's minimum dwell is already applied: a shorter stay has no events). A
 * crossing (a jump over the zone between two outside samples) is a visit of zero length.
 */
export interface ZoneVisit {
  tag_id: string
  zone_id: string
  /** null where the caller may not see the tag (another enterprise's tag in the caller's zone) */
  label: string | null
  kind: TagKind | null
  /** time of the enter event; before `from` when the tag was already inside (open_at_from) */
  enter: string
  /** time of the exit event; null when the tag is still inside at the window's end (open_at_to) */
  exit: string | null
  /** time inside within the window: from max(enter, from) to exit, or to `until` when still inside */
  duration_s: number
  crossing: boolean
  open_at_from: boolean
  open_at_to: boolean
}

/** Per zone, a tag's time inside in the window. */
export interface ZoneTime {
  zone_id: string
  /** null where the caller may not see the zone (its own tag in another enterprise's zone) */
  name: string | null
  name_en: string | null
  zone_type: string | null
  /** visits including crossings */
  visits: number
  crossings: number
  /** sum of the visits' duration_s */
  total_s: number
  /** the first visit's enter (before `from` when inside at `from`) */
  first_enter: string
  /** the newest exit in the window; null when there was none */
  last_exit: string | null
  inside_at_from: boolean
  inside_at_to: boolean
}

export interface TagZonesReport {
  tag_id: string
  label: string
  kind: TagKind
  from: string
  to: string
  /** min(to, now): a visit still open counts up to here */
  until: string
  /** longest total first */
  zones: ZoneTime[]
}

export interface VisitTotals {
  /** visits including crossings */
  visits: number
  crossings: number
  total_s: number
  /** distinct tags */
  tags: number
}

export interface ZoneVisitsReport {
  zone_id: string
  name: string
  name_en: string | null
  zone_type: string
  from: string
  to: string
  until: string
  /** in order of enter, then tag */
  visits: ZoneVisit[]
  totals: VisitTotals & {
    /** tags still inside at `until` */
    inside_at_to: number
    /** per tag kind; `unknown` for tags the caller may not see */
    by_kind: Partial<Record<TagKind | 'unknown', VisitTotals>>
  }
}
