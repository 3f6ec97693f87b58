import type {
  ReplayFeed,
  ReplayQuery,
  ReplayTrack,
  TrackFeature,
  TrackQuery,
  TripsQuery,
  TripsReport,
} from '../../contracts/tracks'
import { microDeg } from '../../contracts/tracks'
import type { Db, DbScope } from '../../platform/db/db'
import { errors } from '../../platform/http/errors'
import {
  pointCourses,
  pointSpeeds,
  simplifyIndices,
  stepDistances,
  trackStats,
  tripsAndStops,
} from './track-math'
import { replayRows, trackPoints, visibleTag } from './tracks.repository'

export const replayMaxTags = 2000

export interface TrackVertex {
  /** epoch ms */
  t: number
  lon: number
  lat: number
  speed_kmh: number
  /** degrees clockwise from north; null where the tag stood still and reported none */
  course_deg: number | null
}
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits

/** Tracks, trips and stops, and the replay feed, all under the caller's row-level security. */
export class TracksService {
  constructor(private readonly db: Db) {}

  async track(scope: DbScope, tagId: string, q: TrackQuery): Promise<TrackFeature> {
    const points = await this.db.tx(scope, async (tx) => {
      if (!(await visibleTag(tx, tagId))) throw errors.notFound('tag', tagId)
      return trackPoints(tx, tagId, q.from, q.to)
    })
    const steps = stepDistances(points)
    const stats = trackStats(points, steps)
    const speeds = pointSpeeds(points, steps)
    const keep = simplifyIndices(points, q.simplify)
    return {
      type: 'Feature',
      geometry: points.length
        ? { type: 'LineString', coordinates: keep.map((i) => [points[i]!.lon, points[i]!.lat]) }
        : null,
      properties: {
        tag_id: tagId,
        from: q.from,
        to: q.to,
        times: keep.map((i) => points[i]!.t),
        speeds: keep.map((i) => round(speeds[i]!, 1)),
        distance_m: round(stats.distance_m, 1),
        max_speed_kmh: round(stats.max_speed_kmh, 1),
        avg_speed_kmh: round(stats.avg_speed_kmh, 1),
        points: points.length,
        vertices: keep.length,
        simplify_m: q.simplify,
      },
    }
  }

  /**
   * The track's vertices for the CSV export (the same simplification as `track`): time, position, speed
   * (reported or derived) and course (reported heading, else the bearing of the step).
   */
  async trackVertices(scope: DbScope, tagId: string, q: TrackQuery): Promise<TrackVertex[]> {
    const points = await this.db.tx(scope, async (tx) => {
      if (!(await visibleTag(tx, tagId))) throw errors.notFound('tag', tagId)
      return trackPoints(tx, tagId, q.from, q.to, { heading: true })
    })
    const steps = stepDistances(points)
    const speeds = pointSpeeds(points, steps)
    const courses = pointCourses(points, steps)
    return simplifyIndices(points, q.simplify).map((i) => {
      const c = courses[i]!
      return {
        t: points[i]!.t,
        lon: points[i]!.lon,
        lat: points[i]!.lat,
        speed_kmh: round(speeds[i]!, 1),
        course_deg: c === null ? null : round(c, 1),
      }
    })
  }

  async trips(scope: DbScope, tagId: string, q: TripsQuery): Promise<TripsReport> {
    const points = await this.db.tx(scope, async (tx) => {
      if (!(await visibleTag(tx, tagId))) throw errors.notFound('tag', tagId)
      return trackPoints(tx, tagId, q.from, q.to)
    })
    const options = {
      stop_speed_kmh: q.stop_speed_kmh,
      stop_radius_m: q.stop_radius_m,
      min_stop_s: q.min_stop_s,
      min_trip_m: q.min_trip_m,
      gap_s: q.gap_s,
    }
    const { trips, stops } = tripsAndStops(points, options)
    return {
      tag_id: tagId,
      from: q.from,
      to: q.to,
      options,
      trips: trips.map((t) => ({
        ...t,
        distance_m: round(t.distance_m, 1),
        max_speed_kmh: round(t.max_speed_kmh, 1),
        avg_speed_kmh: round(t.avg_speed_kmh, 1),
      })),
      stops,
    }
  }

  async replay(scope: DbScope, q: ReplayQuery): Promise<ReplayFeed> {
    const rows = await this.db.tx(scope, (tx) =>
      replayRows(tx, { tags: q.tags, kind: q.kind }, q.from, q.to, q.step_s, replayMaxTags),
    )
    return { from: q.from, to: q.to, step_s: q.step_s, tracks: rows.map(encodeReplay) }
  }
}

/** Delta-encodes one tag's samples: ms and micro-degrees (≈ 0.1 m) as integers. */
export function encodeReplay(r: {
  id: string
  kind: ReplayTrack['kind']
  label: string
  t: number[]
  lon: number[]
  lat: number[]
}): ReplayTrack {
  const n = r.t.length
  const t0 = Math.round(r.t[0] ?? 0)
  const lon0 = Math.round((r.lon[0] ?? 0) * microDeg)
  const lat0 = Math.round((r.lat[0] ?? 0) * microDeg)
  const t = new Array<number>(n)
  const lon = new Array<number>(n)
  const lat = new Array<number>(n)
  let pt = t0
  let px = lon0
  let py = lat0
  for (let i = 0; i < n; i++) {
    const ct = Math.round(r.t[i]!)
    const cx = Math.round(r.lon[i]! * microDeg)
    const cy = Math.round(r.lat[i]! * microDeg)
    t[i] = ct - pt
    lon[i] = cx - px
    lat[i] = cy - py
    pt = ct
    px = cx
    py = cy
  }
  return { id: r.id, kind: r.kind, label: r.label, t0, lon0, lat0, t, lon, lat }
}
