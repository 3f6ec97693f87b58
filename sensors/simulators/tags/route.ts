import { bearingDeg, haversineM, lerpLonLat, type LonLat } from './geo'
import type { Path, RoadGraph, ZoneCap } from './road-graph'

/** A straight piece of a route, with the limits of the road it lies on. */
export interface RouteSegment {
  from: LonLat
  to: LonLat
  /** distance from the route start to this segment's start */
  startM: number
  lengthM: number
  headingDeg: number
  speedLimitKmh: number
  widthM: number
  /** speed zones the road passes through (their limits bind as well) */
  zoneCaps: readonly ZoneCap[]
}

export interface Route {
  nodeIds: string[]
  start: LonLat
  segments: RouteSegment[]
  lengthM: number
}

export interface RoutePosition {
  lonLat: [number, number]
  headingDeg: number
  speedLimitKmh: number
  widthM: number
}

/** Flattens a graph path into straight segments (zero-length ones dropped). */
export function routeFromPath(graph: RoadGraph, path: Path): Route {
  const segments: RouteSegment[] = []
  let startM = 0
  for (const step of path.steps) {
    const coords = step.reverse ? [...step.edge.coords].reverse() : step.edge.coords
    for (let i = 1; i < coords.length; i++) {
      const from = coords[i - 1]!
      const to = coords[i]!
      const lengthM = haversineM(from, to)
      if (lengthM < 1e-6) continue
      const { speedLimitKmh, widthM, zoneCaps = [] } = step.edge
      segments.push({
        from,
        to,
        startM,
        lengthM,
        headingDeg: bearingDeg(from, to),
        speedLimitKmh,
        widthM,
        zoneCaps,
      })
      startM += lengthM
    }
  }
  const start = graph.nodes.get(path.nodeIds[0]!)!.lonLat
  return { nodeIds: path.nodeIds, start, segments, lengthM: startM }
}

/**
 * The route with an off-road walk appended: from its end (or `at`, for an empty route) straight to
 * `target` and back. `turnM` is the distance at which the walker reaches the target.
 */
export function withExcursion(
  route: Route | null,
  nodeId: string,
  at: LonLat,
  target: LonLat,
): { route: Route; turnM: number } {
  const segments = [...(route?.segments ?? [])]
  let startM = route?.lengthM ?? 0
  const legOf = (from: LonLat, to: LonLat): RouteSegment => {
    const lengthM = haversineM(from, to)
    const seg = { from, to, startM, lengthM, headingDeg: bearingDeg(from, to), speedLimitKmh: 0, widthM: 0 }
    startM += lengthM
    return { ...seg, zoneCaps: [] }
  }
  segments.push(legOf(at, target))
  const turnM = startM
  segments.push(legOf(target, at))
  return {
    route: { nodeIds: route?.nodeIds ?? [nodeId], start: route?.start ?? at, segments, lengthM: startM },
    turnM,
  }
}

/** Index of the segment holding distance d (clamped to the route). */
export function segmentIndexAt(route: Route, distanceM: number): number {
  let lo = 0
  let hi = route.segments.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (route.segments[mid]!.startM <= distanceM) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** Position and heading (degrees clockwise from north) at distance d along the route. */
export function positionAlong(route: Route, distanceM: number): RoutePosition {
  const seg = route.segments[segmentIndexAt(route, distanceM)]
  if (!seg) return { lonLat: [route.start[0], route.start[1]], headingDeg: 0, speedLimitKmh: 0, widthM: 0 }
  const f = Math.min(1, Math.max(0, (distanceM - seg.startM) / seg.lengthM))
  return {
    lonLat: lerpLonLat(seg.from, seg.to, f),
    headingDeg: seg.headingDeg,
    speedLimitKmh: seg.speedLimitKmh,
    widthM: seg.widthM,
  }
}
