import type { PositionSample } from '../../../server/contracts/live'
import type { Prng } from '../prng'
import { offsetM, pointInPolygon, type LonLat } from './geo'
import { destinationOf, dwellS, nextPurpose, type Purpose } from './itinerary'
import type { ParkPlaces } from './park-places'
import { shortestPath, type EdgeCost, type Path, type RoadGraph } from './road-graph'
import {
  positionAlong,
  routeFromPath,
  segmentIndexAt,
  withExcursion,
  type Route,
  type RoutePosition,
  type RouteSegment,
} from './route'
import type { SimTag } from './sim-tag'
import { avoidingCost, forbiddenFor, type Forbidden, type ZoneMap } from './sim-zones'
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
  /** speed zones and no-go zones along the roads */
  zones: ZoneMap
}

/** Share of the posted limit drivers keep to: GNSS speed noise must not read as a 10 s overspeed. */
export const limitMargin = 0.9

/**
 * A scripted violation under way (violations.ts): speeding through a zone (its posted limit ignored,
 * no stops) or a walk off the road into a zone, with a stay there. Ends when the leg arrives.
 */
interface Script {
  kind: 'speeding' | 'wander'
  zoneId: string
  /** speeding: fraction of the road's own limit driven */
  pace: number
  /** wander: distance along the route where the walker stays `stayS` */
  stayAtM: number | null
  stayS: number
  /** called with the agent's elapsed seconds at the end of the leg */
  onEnd(atS: number): void
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
  private script: Script | null = null
  /** simulated seconds this agent has been advanced */
  private clockS = 0
  /** zones this card may not enter, and its route cost with them as a last resort */
  readonly forbidden: Forbidden
  readonly cost: EdgeCost

  constructor(
    readonly tag: SimTag,
    private readonly world: AgentWorld,
    private readonly profile: MotionProfile,
    private readonly rng: Prng,
    private readonly homeNode: string | null,
    start: AgentStart,
  ) {
    this.forbidden = forbiddenFor(world.zones, tag)
    this.cost = avoidingCost(profile.cost, this.forbidden)
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
    // a speeding driver does not stop on the way
    if (
      route &&
      this.stopLeftS <= 0 &&
      this.script?.kind !== 'speeding' &&
      this.rng.chance(1 - Math.exp(-dtS / this.profile.stopEveryS))
    ) {
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
      const stayAtM = this.script?.stayAtM ?? null
      if (stayAtM !== null && this.distM >= stayAtM - 1e-6) {
        this.stopLeftS = this.script!.stayS
        this.script!.stayAtM = null
        continue
      }
      const seg = this.route.segments[segmentIndexAt(this.route, this.distM)]!
      const speedMs = this.speedMsOn(seg)
      const segEndM = Math.min(seg.startM + seg.lengthM, this.route.lengthM)
      // move to the end of this segment at most, so each segment is driven at its own limit
      const untilM = stayAtM !== null ? Math.min(segEndM, stayAtM) : segEndM
      const stepM = Math.min(speedMs * t, untilM - this.distM)
      this.distM += stepM
      t -= stepM / speedMs
      this.headingDeg = seg.headingDeg
      if (this.distM >= this.route.lengthM - 1e-6) this.arrive(this.clockS + dtS - t)
      else if (stepM <= 0 && untilM === segEndM) this.distM = Math.min(segEndM + 1e-6, this.route.lengthM) // step past a seam
    }
    this.clockS += dtS
  }

  /**
   * Speed on a route segment. Vehicles drive a fraction of the binding limit: the road's own or that of
   * any speed zone or corridor it passes through, whichever is lower (a scripted speeder ignores its
   * target zone's), never above `limitMargin` of it.
   */
  private speedMsOn(seg: RouteSegment): number {
    if (this.profile.onFoot) return this.pace
    const ignore = this.script?.kind === 'speeding' ? this.script.zoneId : null
    let limitKmh = seg.speedLimitKmh
    for (const cap of seg.zoneCaps) if (cap.zoneId !== ignore) limitKmh = Math.min(limitKmh, cap.limitKmh)
    const pace = ignore !== null ? this.script!.pace : Math.min(limitMargin, this.pace)
    // a road without a usable limit still gets crawled along rather than stalling the tag
    return Math.max(0.5, (pace * limitKmh) / 3.6)
  }

  private driftPace(dtS: number): void {
    const [lo, hi] = this.profile.onFoot ? this.profile.walkMs : this.profile.limitFraction
    this.pace = Math.min(
      hi,
      Math.max(lo, this.pace + this.rng.normal(0, 0.02 * (hi - lo + 0.1)) * Math.sqrt(dtS)),
    )
  }

  private arrive(atS: number): void {
    this.nodeId = this.route!.nodeIds.at(-1)!
    this.route = null
    this.stopLeftS = 0
    if (this.script) {
      this.script.onEnd(atS)
      this.script = null
    }
    this.dwellLeftS = dwellS(this.tag.kind, this.purpose, this.rng)
    if (this.profile.onFoot) {
      const a = this.rng.float(0, 2 * Math.PI)
      const r = this.rng.float(2, 6)
      this.stand = [r * Math.cos(a), r * Math.sin(a)]
    } else this.stand = [0, 0]
  }

  private startLeg(purpose: Purpose): void {
    const { places } = this.world
    this.purpose = purpose
    const allowed = (id: string): boolean => !this.forbidden.node(id)
    for (let attempt = 0; attempt < 5; attempt++) {
      const to = destinationOf(this.tag.kind, purpose, this.homeNode, this.rng, places, allowed)
      const path = to === this.nodeId ? null : this.pathTo(to)
      if (path && path.lengthM > 0) {
        this.setRoute(routeFromPath(this.world.graph, path))
        return
      }
    }
    // nowhere new to go (a tiny park): wait here and try again
    this.dwellLeftS = 30
  }

  private setRoute(route: Route): void {
    this.route = route
    this.distM = 0
    this.stand = [0, 0]
    this.dwellLeftS = 0
    this.stopLeftS = 0
    const [lo, hi] = this.profile.onFoot ? this.profile.walkMs : this.profile.limitFraction
    this.pace = this.rng.float(lo, hi)
  }

  /** The node the tag is at or last left. */
  get node(): string {
    return this.nodeId
  }

  /** Dwelling with nothing scripted: free to be given a scripted leg. */
  get idle(): boolean {
    return this.route === null && this.script === null
  }

  /** This card's way from where it stands, keeping out of its no-go zones where it can. */
  pathTo(to: string): Path | null {
    return shortestPath(this.world.graph, this.nodeId, to, this.cost)
  }

  /**
   * Scripted (violations.ts): cuts the dwell short and drives `path` at `pace` of each road's own limit,
   * ignoring the posted limit of zone `zoneId` (other zones' limits still bind), without stopping.
   */
  speedAlong(path: Path, zoneId: string, pace: number, onEnd: (atS: number) => void): void {
    this.purpose = 'roam'
    this.setRoute(routeFromPath(this.world.graph, path))
    this.script = { kind: 'speeding', zoneId, pace, stayAtM: null, stayS: 0, onEnd }
  }

  /**
   * Scripted (violations.ts): cuts the dwell short, walks `path` (null: already there) to its end node,
   * then off the road straight to `target`, stays there `stayS` and walks back to the node.
   */
  wanderTo(
    path: Path | null,
    target: LonLat,
    zoneId: string,
    stayS: number,
    onEnd: (atS: number) => void,
  ): void {
    const base = path ? path.nodeIds.at(-1)! : this.nodeId
    const onRoad = path ? routeFromPath(this.world.graph, path) : null
    const { route, turnM } = withExcursion(onRoad, base, this.world.graph.nodes.get(base)!.lonLat, target)
    this.purpose = 'roam'
    this.setRoute(route)
    this.script = { kind: 'wander', zoneId, pace: 0, stayAtM: turnM, stayS, onEnd }
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
      const seg = this.route.segments[segmentIndexAt(this.route, this.distM)]
      if (this.stopLeftS <= 0 && seg) speedKmh = this.speedMsOn(seg) * 3.6
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
