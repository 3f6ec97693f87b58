import type { PositionSample } from '../../../server/contracts/live'
import type { Prng } from '../prng'
import { offsetM, pointInPolygon, type LonLat } from './geo'
import { destinationOf, dwellS, nextPurpose, type Purpose } from './itinerary'
import type { ParkPlaces } from './park-places'
import { shortestPath, type RoadGraph } from './road-graph'
import { positionAlong, routeFromPath, segmentIndexAt, type Route, type RoutePosition } from './route'
import type { SimTag } from './sim-tag'
import { gateInsetM } from './stand-points'
import type { MotionProfile } from './tag-profiles'

export interface AgentWorld {
  graph: RoadGraph
  places: ParkPlaces
  /** boundary polygon rings, [lon, lat] */
  boundary: readonly (readonly (readonly number[])[])[]
  /** gate nodes on the fence line (see stand-points.ts) */
  fence: ReadonlySet<string>
  /** where a tag waiting at a node stands (the checkpoint inside the fence for a gate) */
  standPoint(nodeId: string): LonLat
}

/** Where a tag starts: dwelling at a node, or part-way along a first leg. */
export type AgentStart =
  { at: string; purposeDone: Purpose; dwellS: number } | { from: string; purpose: Purpose; progress: number }

/** One tag moving over the road graph: legs between places, dwells at their ends, short stops on the way. */
export class TagAgent {
  private nodeId: string
  private purpose: Purpose = 'roam'
  private route: Route | null = null
  private distM = 0
  private dwellLeftS = 0
  private stopLeftS = 0
  private headingDeg = 0
  /** vehicles: fraction of the edge limit; people: m/s. Drifts a little while moving. */
  private pace = 0
  /** where a dwelling person stands, metres east/north of the node */
  private stand: [number, number] = [0, 0]

  constructor(
    readonly tag: SimTag,
    private readonly world: AgentWorld,
    private readonly profile: MotionProfile,
    private readonly rng: Prng,
    private readonly homeNode: string | null,
    start: AgentStart,
  ) {
    if ('at' in start) {
      this.nodeId = start.at
      this.purpose = start.purposeDone
      this.dwellLeftS = start.dwellS
    } else {
      this.nodeId = start.from
      this.startLeg(start.purpose)
      if (this.route) this.distM = start.progress * this.route.lengthM
    }
  }

  /** Moves the tag on by dtS seconds of simulated time. */
  advance(dtS: number): void {
    let left = dtS
    // 1 s slices keep the stop odds and pace drift independent of the caller's tick
    while (left > 0) {
      const slice = Math.min(1, left)
      left -= slice
      this.slice(slice)
    }
  }

  private slice(dtS: number): void {
    let t = dtS
    const route = this.route
    if (route && this.stopLeftS <= 0 && this.rng.chance(1 - Math.exp(-dtS / this.profile.stopEveryS))) {
      this.stopLeftS = this.rng.float(...this.profile.stopS)
    }
    this.driftPace(dtS)
    for (let guard = 0; t > 1e-9 && guard < 1000; guard++) {
      if (!this.route) {
        const used = Math.min(t, this.dwellLeftS)
        this.dwellLeftS -= used
        t -= used
        if (this.dwellLeftS <= 1e-9)
          this.startLeg(nextPurpose(this.tag.kind, this.purpose, this.rng, this.world.places))
        continue
      }
      if (this.stopLeftS > 0) {
        const used = Math.min(t, this.stopLeftS)
        this.stopLeftS -= used
        t -= used
        continue
      }
      const seg = this.route.segments[segmentIndexAt(this.route, this.distM)]!
      const speedMs = this.speedMsOn(seg.speedLimitKmh)
      const segEndM = Math.min(seg.startM + seg.lengthM, this.route.lengthM)
      // move to the end of this segment at most, so each segment is driven at its own limit
      const stepM = Math.min(speedMs * t, segEndM - this.distM)
      this.distM += stepM
      t -= stepM / speedMs
      this.headingDeg = seg.headingDeg
      if (this.distM >= this.route.lengthM - 1e-6) this.arrive()
      else if (stepM <= 0) this.distM = Math.min(segEndM + 1e-6, this.route.lengthM) // step past a seam
    }
  }

  private speedMsOn(limitKmh: number): number {
    if (this.profile.onFoot) return this.pace
    // a road without a usable limit still gets crawled along rather than stalling the tag
    return Math.max(0.5, (Math.min(1, this.pace) * limitKmh) / 3.6)
  }

  private driftPace(dtS: number): void {
    const [lo, hi] = this.profile.onFoot ? this.profile.walkMs : this.profile.limitFraction
    this.pace = Math.min(
      hi,
      Math.max(lo, this.pace + this.rng.normal(0, 0.02 * (hi - lo + 0.1)) * Math.sqrt(dtS)),
    )
  }

  private arrive(): void {
    this.nodeId = this.route!.nodeIds.at(-1)!
    this.route = null
    this.stopLeftS = 0
    this.dwellLeftS = dwellS(this.tag.kind, this.purpose, this.rng)
    if (this.profile.onFoot) {
      const a = this.rng.float(0, 2 * Math.PI)
      const r = this.rng.float(2, 6)
      this.stand = [r * Math.cos(a), r * Math.sin(a)]
    } else this.stand = [0, 0]
  }

  private startLeg(purpose: Purpose): void {
    const { graph, places } = this.world
    this.purpose = purpose
    for (let attempt = 0; attempt < 5; attempt++) {
      const to = destinationOf(this.tag.kind, purpose, this.homeNode, this.rng, places)
      const path = to === this.nodeId ? null : shortestPath(graph, this.nodeId, to, this.profile.cost)
      if (path && path.lengthM > 0) {
        this.route = routeFromPath(graph, path)
        this.distM = 0
        this.stand = [0, 0]
        const [lo, hi] = this.profile.onFoot ? this.profile.walkMs : this.profile.limitFraction
        this.pace = this.rng.float(lo, hi)
        return
      }
    }
    // nowhere new to go (a tiny park): wait here and try again
    this.dwellLeftS = 30
  }

  /** The tag's position now, as a bus sample. */
  sample(tMs: number): PositionSample {
    let p: LonLat
    let speedKmh = 0
    if (this.route) {
      const at = this.onRoad(this.route)
      // keep right: vehicles in their lane, people on the verge
      const sideM = this.profile.onFoot ? Math.min(8, at.widthM / 2 + 1) : at.widthM / 4
      const h = (at.headingDeg * Math.PI) / 180
      p = this.inside(offsetM(at.lonLat, sideM * Math.cos(h), -sideM * Math.sin(h)), at.lonLat)
      if (this.stopLeftS <= 0) speedKmh = this.speedMsOn(at.speedLimitKmh) * 3.6
    } else {
      const node = this.world.standPoint(this.nodeId)
      p = this.inside(offsetM(node, this.stand[0], this.stand[1]), node)
    }
    return {
      tag_id: this.tag.id,
      t: new Date(tMs).toISOString(),
      lon: Math.round(p[0] * 1e7) / 1e7,
      lat: Math.round(p[1] * 1e7) / 1e7,
      speed_kmh: Math.round(speedKmh * 10) / 10,
      heading_deg: (Math.round(this.headingDeg * 10) / 10) % 360,
      source: 'sim',
    }
  }

  /**
   * The centreline point at the tag's distance. Gate nodes sit on the fence line itself, so the
   * first and last few metres of a route from or to a gate are shown at the checkpoint inside it.
   */
  private onRoad(route: Route): RoutePosition {
    const { fence } = this.world
    const minM = fence.has(route.nodeIds[0]!) ? gateInsetM : 0
    const maxM = fence.has(route.nodeIds.at(-1)!) ? route.lengthM - gateInsetM : route.lengthM
    return positionAlong(route, minM < maxM ? Math.min(Math.max(this.distM, minM), maxM) : route.lengthM / 2)
  }

  /** An offset point when it stays inside the park, else the point on the road itself. */
  private inside(offset: LonLat, onRoad: LonLat): LonLat {
    return pointInPolygon(offset, this.world.boundary) ? offset : onRoad
  }
}
