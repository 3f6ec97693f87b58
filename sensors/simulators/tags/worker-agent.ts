// One card of the on-site workforce (workforce.ts): an enterprise operator or a maintenance contractor who spends
// the working day at the enterprise's units. At a unit the worker stands at a work spot (beside a tank, inside a
// building) and shifts about it by a few metres every minute or so; after a work period the worker moves to
// another spot of the unit, goes on a round to another unit of the enterprise (off the road to its access node,
// along the roads, off the road again to a spot), or walks out to the road for a break and comes back. Plants run
// round the clock in shifts, so the crews are there at any hour. Time-based and deterministic like TagAgent:
// 1 s slices, one PRNG stream per card.
import type { PositionSample } from '../../../server/contracts/live'
import type { Prng } from '../prng'
import { bearingDeg, haversineM, lerpLonLat, offsetM, pointInPolygon, type LonLat } from './geo'
import { shortestPath, type EdgeCost, type RoadEdge, type RoadGraph } from './road-graph'
import { positionAlong, routeFromPath, type Route, type RouteSegment } from './route'
import type { SimTag } from './sim-tag'
import { avoidingCost, forbiddenFor, mayEnter, type ZoneMap } from './sim-zones'
import type { CrewBook } from './workforce'
import type { WorkSite } from './work-sites'

type Rings = readonly (readonly (readonly number[])[])[]

export interface WorkerWorld {
  graph: RoadGraph
  /** park boundary rings */
  boundary: Rings
  /** road nodes people may come and go by: reachable from the gates and not on the fence */
  usable: ReadonlySet<string>
  /** presence rules along the roads (sim-zones.ts) */
  zones: ZoneMap
  book: CrewBook
}

/** A unit as one worker reaches it: its access node on the road and the spots it may walk to from there. */
export interface Workplace {
  site: WorkSite
  access: string
  accessAt: LonLat
  spots: LonLat[]
  /** where its people stand for a break: on the verge of the road nearest the unit (or at the access node) */
  roadside: LonLat
}

/** Units of one enterprise this close are walked between straight across the plant (not by the public roads), m. */
export const plantWalkM = 300

/** How far a worker shifts about a spot while working, m. */
export const wanderM = 4
/** Clearance kept from zones the worker may not enter and from the park fence: off-road legs, m. */
const clearM = 2
const stepM = 2

/** How each on-site role works: seconds and metres per second. */
export interface WorkProfile {
  /** one work period at a spot */
  workS: readonly [number, number]
  /** one stand between shifts about the spot */
  stayS: readonly [number, number]
  breakS: readonly [number, number]
  walkMs: readonly [number, number]
  /** shifting about a spot */
  shuffleMs: readonly [number, number]
  /** chance, at the end of a work period, of a break / of a round to another unit */
  breakP: number
  roundP: number
}

export const workProfiles: Record<'operator' | 'maintenance', WorkProfile> = {
  // 巡检: rounds over the units of the plant, readings at each
  operator: {
    workS: [360, 1080],
    stayS: [20, 90],
    breakS: [300, 900],
    walkMs: [1.1, 1.5],
    shuffleMs: [0.3, 0.6],
    breakP: 0.12,
    roundP: 0.35,
  },
  // 检修: longer jobs at one place
  maintenance: {
    workS: [900, 2400],
    stayS: [30, 120],
    breakS: [600, 1200],
    walkMs: [1.0, 1.4],
    shuffleMs: [0.2, 0.5],
    breakP: 0.15,
    roundP: 0.2,
  },
}

/** Road travel of the workforce: by length, round every exclusion circle whenever there is another way. */
export function workerCost(zones: ZoneMap): EdgeCost {
  return avoidingCost((e) => e.lengthM, forbiddenFor(zones, { kind: 'contractor', enterprise_id: null }))
}

/** Whether a point keeps `marginM` from every zone the card may not enter, inside the park. */
export type Clearance = (p: LonLat, marginM: number) => boolean

export function clearanceFor(
  tag: Pick<SimTag, 'kind' | 'enterprise_id'>,
  world: Pick<WorkerWorld, 'boundary' | 'zones'>,
): Clearance {
  const noGo = world.zones.zones.filter((z) => !mayEnter(tag, z))
  return (p, marginM) => pointInPolygon(p, world.boundary) && noGo.every((z) => z.distanceM(p) > marginM)
}

/** Whether the straight way a–b keeps `marginM` clear all along. */
export function lineClear(a: LonLat, b: LonLat, clear: Clearance, marginM = wanderM + clearM): boolean {
  const n = Math.max(1, Math.ceil(haversineM(a, b) / stepM))
  for (let k = 0; k <= n; k++) if (!clear(lerpLonLat(a, b, k / n), marginM)) return false
  return true
}

/**
 * The workplaces a card may work at among `sites`: each with the nearest usable road node the card may stand at
 * and the spots it can walk to straight from there without coming near a zone it may not enter or leaving the
 * park (a worker shifts up to wanderM about a spot: the margin covers it). Sites with no such spot are left out.
 */
export function workplacesFor(
  tag: Pick<SimTag, 'kind' | 'enterprise_id'>,
  sites: readonly WorkSite[],
  world: Pick<WorkerWorld, 'graph' | 'boundary' | 'usable' | 'zones'>,
): Workplace[] {
  const forbidden = forbiddenFor(world.zones, tag)
  const clear = clearanceFor(tag, world)
  const nodes = [...world.usable].sort().filter((id) => !forbidden.node(id))
  const out: Workplace[] = []
  for (const site of sites) {
    let access: string | null = null
    let best = Infinity
    for (const id of nodes) {
      const d = haversineM(world.graph.nodes.get(id)!.lonLat, site.centre)
      if (d < best) [access, best] = [id, d]
    }
    if (!access) continue
    const accessAt = world.graph.nodes.get(access)!.lonLat
    const spots = site.spots.filter((s) => lineClear(accessAt, s, clear))
    if (!spots.length) continue
    const verge = roadsideOf(site.centre, world.graph, forbidden)
    const roadside = verge && spots.every((s) => lineClear(s, verge, clear)) ? verge : accessAt
    out.push({ site, access, accessAt, spots, roadside })
  }
  return out
}

/** The point of segment a–b nearest p (local equirectangular projection around p). */
function nearestOnSegment(p: LonLat, a: LonLat, b: LonLat): LonLat {
  const k = Math.cos((p[1] * Math.PI) / 180)
  const [ax, ay] = [(a[0] - p[0]) * k, a[1] - p[1]]
  const [bx, by] = [(b[0] - p[0]) * k, b[1] - p[1]]
  const len2 = (bx - ax) ** 2 + (by - ay) ** 2
  const f = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * (bx - ax) + ay * (by - ay)) / len2))
  return lerpLonLat(a, b, f)
}

/** The verge (a metre and a half off the carriageway, on the near side) of the road nearest p that the card may use. */
function roadsideOf(p: LonLat, graph: RoadGraph, forbidden: { edge(e: RoadEdge): boolean }): LonLat | null {
  let best: { at: LonLat; d: number; halfM: number } | null = null
  for (const e of graph.edges) {
    if (forbidden.edge(e)) continue
    for (let i = 1; i < e.coords.length; i++) {
      const q = nearestOnSegment(p, e.coords[i - 1]!, e.coords[i]!)
      const d = haversineM(p, q)
      if (!best || d < best.d) best = { at: q, d, halfM: e.widthM / 2 + 1.5 }
    }
  }
  if (!best || best.d <= best.halfM) return best?.at ?? null
  return lerpLonLat(best.at, p, best.halfM / best.d)
}

/** A route of straight legs off the road through `points`. */
export function lineRoute(points: readonly LonLat[]): Route {
  const segments: RouteSegment[] = []
  let startM = 0
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1]!
    const to = points[i]!
    const lengthM = haversineM(from, to)
    if (lengthM < 1e-6) continue
    const headingDeg = bearingDeg(from, to)
    segments.push({ from, to, startM, lengthM, headingDeg, speedLimitKmh: 0, widthM: 0, zoneCaps: [] })
    startM += lengthM
  }
  return { nodeIds: [], start: points[0]!, segments, lengthM: startM }
}

/** Routes end to end. */
export function joinRoutes(routes: readonly Route[]): Route {
  const segments: RouteSegment[] = []
  let startM = 0
  for (const r of routes) {
    for (const s of r.segments) segments.push({ ...s, startM: startM + s.startM })
    startM += r.lengthM
  }
  return { nodeIds: routes.flatMap((r) => r.nodeIds), start: routes[0]!.start, segments, lengthM: startM }
}

export class WorkerAgent {
  /** the units this worker is counted at: where it is, and where it is going while under way */
  private held: WorkSite[]
  private at: Workplace
  private spot: number
  private mode: 'work' | 'break' = 'work'
  private route: Route | null = null
  private distM = 0
  private paceMs = 1
  private headingDeg = 0
  private stayLeftS: number
  private periodLeftS: number
  private pos: LonLat
  private onArrive: (() => void) | null = null
  private readonly cost: EdgeCost
  private readonly clear: Clearance

  constructor(
    readonly tag: SimTag,
    private readonly world: WorkerWorld,
    private readonly profile: WorkProfile,
    private readonly rng: Prng,
    /** the workplaces of its enterprise it may work at, its home first */
    private readonly places: readonly Workplace[],
  ) {
    const home = places[0]!
    // planCrews counted the worker at its home unit
    this.held = [home.site]
    this.at = home
    this.spot = rng.int(0, home.spots.length - 1)
    this.pos = home.spots[this.spot]!
    this.periodLeftS = rng.float(0, profile.workS[1])
    this.stayLeftS = rng.float(0, profile.stayS[1])
    this.cost = workerCost(world.zones)
    this.clear = clearanceFor(tag, world)
  }

  /** The unit the worker is at or walking to. */
  get site(): WorkSite {
    return this.at.site
  }

  /** Moves the worker on by dtS seconds of simulated time. */
  advance(dtS: number): void {
    let left = dtS
    while (left > 0) {
      const slice = Math.min(1, left)
      left -= slice
      this.slice(slice)
    }
  }

  private slice(dtS: number): void {
    let t = dtS
    this.periodLeftS -= dtS
    for (let guard = 0; t > 1e-9 && guard < 100; guard++) {
      if (this.route) {
        const step = Math.min(this.paceMs * t, this.route.lengthM - this.distM)
        this.distM += step
        t -= step / this.paceMs
        const seg = this.route.segments.find((s) => s.startM + s.lengthM >= this.distM - 1e-9)
        if (seg) this.headingDeg = seg.headingDeg
        if (this.distM >= this.route.lengthM - 1e-6) {
          const last = this.route.segments.at(-1)
          this.pos = last ? last.to : this.pos
          this.route = null
          const then = this.onArrive
          this.onArrive = null
          then?.()
        }
        continue
      }
      const used = Math.min(t, this.stayLeftS)
      this.stayLeftS -= used
      t -= used
      if (this.stayLeftS <= 1e-9) this.next()
    }
  }

  private walk(route: Route, paceMs: number, then: () => void): void {
    if (route.lengthM < 0.05) {
      then()
      return
    }
    this.route = route
    this.distM = 0
    this.paceMs = paceMs
    this.onArrive = then
  }

  private stay(): void {
    this.stayLeftS = this.rng.float(...this.profile.stayS)
  }

  private startWork(spot: number): void {
    this.mode = 'work'
    this.spot = spot
    this.periodLeftS = this.rng.float(...this.profile.workS)
    this.stay()
  }

  /** The end of a stand: shift about the spot, or when the period is over, decide what comes next. */
  private next(): void {
    if (this.periodLeftS > 0) {
      if (this.mode === 'break') {
        this.stayLeftS = Math.max(1, this.periodLeftS)
        return
      }
      const a = this.rng.float(0, 2 * Math.PI)
      const r = this.rng.float(0.5, wanderM)
      const spot = this.at.spots[this.spot]!
      const p = offsetM(spot, r * Math.sin(a), r * Math.cos(a))
      const to = pointInPolygon(p, this.world.boundary) ? p : spot
      this.walk(lineRoute([this.pos, to]), this.rng.float(...this.profile.shuffleMs), () => this.stay())
      return
    }
    this.decide()
  }

  private decide(): void {
    const { book } = this.world
    const home = this.places[0]!
    if (this.mode === 'break') {
      this.goTo(book.room(home.site, this.held) ? home : this.at)
      return
    }
    const r = this.rng.next()
    if (this.at !== home && r < 0.5 && book.room(home.site, this.held)) this.goTo(home)
    else if (r < this.profile.breakP) this.takeBreak()
    else if (r < this.profile.breakP + this.profile.roundP) {
      const free = this.places.filter((p) => p !== this.at && book.room(p.site, this.held))
      if (free.length) this.goTo(this.rng.pick(free))
      else this.nextSpot()
    } else this.nextSpot()
  }

  /** Another spot of the same unit (by the access node when the straight way is not clear). */
  private nextSpot(): void {
    const n = this.at.spots.length
    const j = n > 1 ? (this.spot + this.rng.int(1, n - 1)) % n : this.spot
    const to = this.at.spots[j]!
    const here = this.at.spots[this.spot]!
    // only the ways checked clear: spot to spot, spot to the access node or to the roadside
    const start = this.mode === 'break' ? [this.pos, this.at.roadside, here] : [this.pos]
    const there = start.at(-1)!
    const direct = haversineM(there, to) < 80 && lineClear(there, to, this.clear, clearM)
    const route = lineRoute(direct ? [...start, to] : [...start, here, this.at.accessAt, to])
    this.walk(route, this.rng.float(...this.profile.walkMs), () => this.startWork(j))
  }

  /** Out to the road nearest the unit, a couple of metres about its verge, for a break. */
  private takeBreak(): void {
    const a = this.rng.float(0, 2 * Math.PI)
    const r = this.rng.float(0, 2)
    const off = offsetM(this.at.roadside, r * Math.sin(a), r * Math.cos(a))
    const stand = this.clear(off, clearM) ? off : this.at.roadside
    const spot = this.at.spots[this.spot]!
    const route = lineRoute([this.pos, spot, this.at.roadside, stand])
    this.walk(route, this.rng.float(...this.profile.walkMs), () => {
      this.mode = 'break'
      this.periodLeftS = this.rng.float(...this.profile.breakS)
      this.stayLeftS = this.periodLeftS
    })
  }

  /**
   * To a spot of `target`: straight across the plant when it is near and the way is clear, else off the road to
   * the access node, along the roads, and off the road again.
   */
  private goTo(target: Workplace): void {
    const { book, graph } = this.world
    const from = this.at
    const j = this.rng.int(0, target.spots.length - 1)
    const to = target.spots[j]!
    // from a break, back to the unit first, by the way that came out
    const start = this.mode === 'break' ? [this.pos, from.roadside, from.spots[this.spot]!] : [this.pos]
    const there = start.at(-1)!
    let route: Route
    if (haversineM(there, to) <= plantWalkM && lineClear(there, to, this.clear, clearM))
      route = lineRoute([...start, to])
    else {
      const legs: Route[] = [lineRoute([...start, from.accessAt])]
      if (target.access !== from.access) {
        const path = shortestPath(graph, from.access, target.access, this.cost)
        if (!path) {
          this.nextSpot()
          return
        }
        legs.push(routeFromPath(graph, path))
      }
      legs.push(lineRoute([target.accessAt, to]))
      route = joinRoutes(legs)
    }
    book.take(target.site, this.held)
    if (!this.held.includes(target.site)) this.held.push(target.site)
    this.at = target
    this.walk(route, this.rng.float(...this.profile.walkMs), () => {
      for (const s of this.held) if (s !== target.site) book.release(s, [target.site])
      this.held = [target.site]
      this.startWork(j)
    })
  }

  /** The worker's position now, as a bus sample. */
  sample(tMs: number): PositionSample {
    let p: LonLat = this.pos
    let speedKmh = 0
    if (this.route) {
      const at = positionAlong(this.route, this.distM)
      p = at.lonLat
      if (at.widthM > 0) {
        // along a road: on the verge, as TagAgent keeps people
        const sideM = Math.min(8, at.widthM / 2 + 1)
        const h = (at.headingDeg * Math.PI) / 180
        const off = offsetM(at.lonLat, sideM * Math.cos(h), -sideM * Math.sin(h))
        if (pointInPolygon(off, this.world.boundary)) p = off
      }
      speedKmh = this.paceMs * 3.6
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
}
