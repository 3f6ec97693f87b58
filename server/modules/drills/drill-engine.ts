// The drill engine (应急演练引擎): plays a drill script on the park. Pure and deterministic: the state at drill
// time t is a function of the script, the world (road graph, muster points, the release point and the threat
// zones of each weather phase, computed by the emergency module's hazard models) and the operator's actions.
// It is recomputed from t = 0 in fixed 1 s ticks, so seeking backwards or forwards gives the same answer as
// playing through, at any speed.
//
// Rules (kept simple and stated here, shown with the report):
// - Steps. A system step fires at at_s. An operator step takes effect when the operator records the action; if
//   it is not recorded by expected_by_s, the drill director injects it at the deadline (the drill goes on) and
//   the step is 'overdue', 'missed' once the drill is over. An action after the deadline makes the step 'late'.
// - Zones. One zone set per weather phase (the release weather, then one per wind shift). A toxic cloud
//   spreads from the source at the wind speed from the release or the last wind shift (front_m); a pool fire
//   burns at once; a VCE's zones are potential until the ignition step, when everyone in the red
//   (8 psi) zone is a casualty.
// - People. Each group is placed around its point by a seeded PRNG (sensors/simulators/prng.ts). After the
//   evacuation takes effect each person waits a drawn reaction time, then walks at walk_speed_ms: straight to
//   a road node, along the road graph, straight to the muster point. Muster points: outside every zone and
//   upwind (within 90° of where the wind comes from), else outside every zone, else any; within capacity
//   (greedy, in person order). Road edges cost their length, × 5 inside the orange zone, × 50 inside the
//   red zone (avoided, but usable by someone who has to get out through it). At a wind shift everyone still
//   walking re-plans from where they are. Unresponsive people never move.
// - Casualties. Toxic and pool fire: cumulative red_exposure_limit_s inside the active red zone. A casualty
//   stops, and like anyone not at a muster point counts as missing at headcount.
import type {
  DrillAction,
  DrillState,
  DrillStepState,
  PersonStatus,
  PersonTuple,
} from '../../contracts/drills'
import type { ThreatZoneFeature } from '../../contracts/emergency'
import { bearingDeg, haversineM, offsetM, type LonLat } from '../../../sensors/simulators/tags/geo'
import { MinHeap } from '../../../sensors/simulators/tags/min-heap'
import type { RoadEdge, RoadGraph } from '../../../sensors/simulators/tags/road-graph'
import { createPrng, hashSeed } from '../../../sensors/simulators/prng'
import { drillDuration, type DrillScript, type DrillWeather } from '../../../scenes/drills/schema'

export type { DrillAction, DrillState } from '../../contracts/drills'

/** A threat-zone polygon as the emergency module returns it. */
export type ThreatZoneFeatureLike = Pick<ThreatZoneFeature, 'geometry' | 'properties'>

export interface MusterPoint {
  id: string
  name: string
  name_en: string
  lonLat: LonLat
  nodeId: string
  capacity: number
}

/** The zones of one weather phase (from the release or a wind shift on). */
export interface ZonePhase {
  from_s: number
  weather: DrillWeather
  zones: ThreatZoneFeatureLike[]
}

export interface DrillWorld {
  graph: RoadGraph
  /** nodes people may walk from and to (the largest connected part) */
  usable: Set<string>
  musterPoints: MusterPoint[]
  /** the release point */
  source: LonLat
  phases: ZonePhase[]
}

export const tickS = 1
const orangeFactor = 5
const redFactor = 50

/** The weather of each phase: the scenario's, then one per wind shift (what the zones are computed for). */
export function weatherPhases(script: DrillScript): { from_s: number; weather: DrillWeather }[] {
  const out = [{ from_s: 0, weather: script.scenario.weather }]
  for (const st of script.steps) {
    if (st.kind !== 'wind_shift') continue
    const prev = out.at(-1)!.weather
    out.push({
      from_s: st.at_s,
      weather: {
        wind_from_deg: st.payload.wind_from_deg,
        wind_speed_ms: st.payload.wind_speed_ms ?? prev.wind_speed_ms,
        stability: st.payload.stability ?? prev.stability,
      },
    })
  }
  return out
}

// ---------------------------------------------------------------- steps and actions

interface StepMatch extends DrillStepState {
  /** when the step takes effect regardless of t (null: never, e.g. none recorded and no deadline) */
  plannedEffect: number | null
}

/**
 * Matches the operator's actions (those at or before `t`) to the script's operator steps of the same kind, in
 * time order; actions with no step left are extras. `over`: the drill is over (ended or at its end).
 */
export function matchSteps(script: DrillScript, actions: readonly DrillAction[], t: number, over: boolean) {
  const seen = [...actions].filter((a) => a.t_s <= t).sort((a, b) => a.t_s - b.t_s || a.seq - b.seq)
  const used = new Set<number>()
  const steps: StepMatch[] = script.steps.map((st, i) => {
    const base = { i, kind: st.kind, actor: st.actor, at_s: st.at_s, expected_by_s: st.expected_by_s ?? null }
    if (st.actor === 'system') {
      const fired = t >= st.at_s
      return {
        ...base,
        status: fired ? 'fired' : 'pending',
        effect_s: fired ? st.at_s : null,
        action_t_s: null,
        lateness_s: null,
        plannedEffect: st.at_s,
      }
    }
    const deadline = st.expected_by_s!
    const action = seen.find((a) => !used.has(a.seq) && a.kind === st.kind)
    if (action) used.add(action.seq)
    const plannedEffect = action && action.t_s <= deadline ? action.t_s : deadline
    const lateness = action ? Math.max(0, action.t_s - deadline) : null
    let status: DrillStepState['status']
    if (action) status = action.t_s <= deadline ? 'on_time' : 'late'
    else if (t > deadline) status = over ? 'missed' : 'overdue'
    else if (over) status = 'missed'
    else status = t >= st.at_s ? 'due' : 'upcoming'
    return {
      ...base,
      status,
      effect_s: t >= plannedEffect ? plannedEffect : null,
      action_t_s: action?.t_s ?? null,
      lateness_s: lateness,
      plannedEffect,
    }
  })
  const extras = seen.filter((a) => !used.has(a.seq))
  return { steps, extras }
}

// ---------------------------------------------------------------- people

interface Person {
  id: string
  group: string
  pos: LonLat
  reactionS: number
  unresponsive: boolean
  status: PersonStatus
  path: LonLat[] | null
  cum: number[]
  s: number
  muster: string | null
  departS: number | null
  arrivedS: number | null
  redS: number
  casualtyS: number | null
}

/** The simulated people of a script at t = 0 (seeded, deterministic). */
export function placePeople(script: DrillScript, source: LonLat): Person[] {
  const out: Person[] = []
  const [r0, r1] = script.participants.reaction_s
  for (const g of script.participants.groups) {
    const prng = createPrng(hashSeed(script.seed, g.id))
    const centre = g.around ?? source
    const group: Person[] = []
    for (let k = 0; k < g.count; k++) {
      const bearing = prng.float(0, 2 * Math.PI)
      const r = prng.float(g.radius_m[0], g.radius_m[1])
      group.push({
        id: `${g.id}-${String(k + 1).padStart(2, '0')}`,
        group: g.id,
        pos: offsetM(centre, r * Math.sin(bearing), r * Math.cos(bearing)),
        reactionS: Math.round(prng.float(Math.min(r0, r1), Math.max(r0, r1))),
        unresponsive: false,
        status: 'working',
        path: null,
        cum: [],
        s: 0,
        muster: null,
        departS: null,
        arrivedS: null,
        redS: 0,
        casualtyS: null,
      })
    }
    // the unresponsive ones: a seeded choice without repeats
    const idx = group.map((_, i) => i)
    for (let k = 0; k < g.unresponsive; k++) {
      const j = k + Math.floor(prng.next() * (idx.length - k))
      ;[idx[k], idx[j]] = [idx[j]!, idx[k]!]
      group[idx[k]!]!.unresponsive = true
    }
    out.push(...group)
  }
  return out
}

// ---------------------------------------------------------------- zones and routing

const levelOf = (f: ThreatZoneFeatureLike) => f.properties.level

const bboxes = new WeakMap<object, [number, number, number, number]>()
/** Bounding box of a zone polygon (cached): most tests are outside it and skip the ring walk. */
function bboxOf(f: ThreatZoneFeatureLike) {
  let b = bboxes.get(f.geometry)
  if (!b) {
    b = [Infinity, Infinity, -Infinity, -Infinity]
    for (const c of f.geometry.coordinates[0]!) {
      b[0] = Math.min(b[0], c[0]!)
      b[1] = Math.min(b[1], c[1]!)
      b[2] = Math.max(b[2], c[0]!)
      b[3] = Math.max(b[3], c[1]!)
    }
    bboxes.set(f.geometry, b)
  }
  return b
}

function inZone(p: LonLat, f: ThreatZoneFeatureLike): boolean {
  const b = bboxOf(f)
  if (p[0] < b[0] || p[0] > b[2] || p[1] < b[1] || p[1] > b[3]) return false
  // even–odd ray casting over the rings, without allocating (the hot loop of the simulation)
  const x = p[0]
  const y = p[1]
  let inside = false
  for (const ring of f.geometry.coordinates) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xi = ring[i]![0]!
      const yi = ring[i]![1]!
      const xj = ring[j]![0]!
      const yj = ring[j]![1]!
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
    }
  }
  return inside
}

function inLevel(p: LonLat, zones: readonly ThreatZoneFeatureLike[], level: 'red' | 'orange' | 'yellow') {
  return zones.some((f) => levelOf(f) === level && inZone(p, f))
}

/** The worst zone level at p (null outside every zone). */
export function zoneLevelAt(p: LonLat, zones: readonly ThreatZoneFeatureLike[]) {
  if (inLevel(p, zones, 'red')) return 'red' as const
  if (inLevel(p, zones, 'orange')) return 'orange' as const
  if (inLevel(p, zones, 'yellow')) return 'yellow' as const
  return null
}

const angleDiff = (a: number, b: number) => {
  const d = Math.abs((((a - b) % 360) + 360) % 360)
  return d > 180 ? 360 - d : d
}

/** Muster points people are sent to in a phase (see the rules at the top). */
export function eligibleMusterPoints(world: DrillWorld, phase: ZonePhase): MusterPoint[] {
  const reachable = world.musterPoints.filter((m) => world.usable.has(m.nodeId))
  const outside = reachable.filter((m) => zoneLevelAt(m.lonLat, phase.zones) === null)
  const upwind = outside.filter(
    (m) => angleDiff(bearingDeg(world.source, m.lonLat), phase.weather.wind_from_deg) <= 90,
  )
  return upwind.length ? upwind : outside.length ? outside : reachable
}

interface Tree {
  dist: Map<string, number>
  /** next hop towards the muster node */
  next: Map<string, { edge: RoadEdge; toward: string }>
}

class Router {
  private readonly trees = new Map<string, Tree>()
  private readonly factors = new Map<string, number>()

  constructor(
    private readonly world: DrillWorld,
    private readonly phase: ZonePhase,
  ) {}

  private factor(e: RoadEdge): number {
    let f = this.factors.get(e.id)
    if (f === undefined) {
      const mid = e.coords[Math.floor(e.coords.length / 2)]!
      const pts = [e.coords[0]!, mid, e.coords.at(-1)!]
      const zones = this.phase.zones
      f = pts.some((p) => inLevel(p, zones, 'red'))
        ? redFactor
        : pts.some((p) => inLevel(p, zones, 'orange'))
          ? orangeFactor
          : 1
      this.factors.set(e.id, f)
    }
    return f
  }

  /** Dijkstra from a muster node over the (undirected) graph. */
  tree(root: string): Tree {
    let tr = this.trees.get(root)
    if (tr) return tr
    const dist = new Map<string, number>([[root, 0]])
    const next = new Map<string, { edge: RoadEdge; toward: string }>()
    const heap = new MinHeap<string>()
    heap.push(0, root)
    for (let top = heap.pop(); top; top = heap.pop()) {
      const [d, id] = top
      if (d > (dist.get(id) ?? Infinity)) continue
      for (const adj of this.world.graph.adjacency.get(id) ?? []) {
        const nd = d + adj.edge.lengthM * this.factor(adj.edge)
        if (nd < (dist.get(adj.to) ?? Infinity)) {
          dist.set(adj.to, nd)
          next.set(adj.to, { edge: adj.edge, toward: id })
          heap.push(nd, adj.to)
        }
      }
    }
    tr = { dist, next }
    this.trees.set(root, tr)
    return tr
  }

  /** The walk from p to a muster point with room left; null when none is reachable. */
  plan(p: LonLat, load: Map<string, number>): { muster: MusterPoint; path: LonLat[] } | null {
    const entries = [...this.world.usable]
      .map((id) => ({ id, d: haversineM(p, this.world.graph.nodes.get(id)!.lonLat) }))
      .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1))
      .slice(0, 3)
      // the straight leg to the road costs like a road: more through the zones (judged at its middle)
      .map((e) => {
        const n = this.world.graph.nodes.get(e.id)!.lonLat
        const mid: LonLat = [(p[0] + n[0]) / 2, (p[1] + n[1]) / 2]
        const zones = this.phase.zones
        const f = inLevel(mid, zones, 'red') ? redFactor : inLevel(mid, zones, 'orange') ? orangeFactor : 1
        return { ...e, d: e.d * f }
      })
    let best: { muster: MusterPoint; entry: string; cost: number } | null = null
    for (const m of eligibleMusterPoints(this.world, this.phase)) {
      if ((load.get(m.id) ?? 0) >= m.capacity) continue
      const tr = this.tree(m.nodeId)
      for (const e of entries) {
        const d = tr.dist.get(e.id)
        if (d === undefined) continue
        const cost = e.d + d + haversineM(this.world.graph.nodes.get(m.nodeId)!.lonLat, m.lonLat)
        if (!best || cost < best.cost - 1e-9) best = { muster: m, entry: e.id, cost }
      }
    }
    if (!best) return null
    const tr = this.tree(best.muster.nodeId)
    const path: LonLat[] = [p]
    const push = (c: LonLat) => {
      const last = path.at(-1)!
      if (last[0] !== c[0] || last[1] !== c[1]) path.push(c)
    }
    push(this.world.graph.nodes.get(best.entry)!.lonLat)
    for (let id = best.entry; id !== best.muster.nodeId;) {
      const hop = tr.next.get(id)!
      const coords = hop.edge.from === id ? hop.edge.coords : [...hop.edge.coords].reverse()
      for (const c of coords) push(c)
      id = hop.toward
    }
    push(best.muster.lonLat)
    return { muster: best.muster, path }
  }
}

function setPath(person: Person, path: LonLat[]) {
  person.path = path
  person.cum = [0]
  for (let i = 1; i < path.length; i++)
    person.cum.push(person.cum[i - 1]! + haversineM(path[i - 1]!, path[i]!))
  person.s = 0
}

function positionAt(person: Person): LonLat {
  const { path, cum, s } = person
  if (!path || path.length < 2) return person.pos
  if (s >= cum.at(-1)!) return path.at(-1)!
  let i = 1
  while (i < cum.length - 1 && cum[i]! < s) i++
  const seg = cum[i]! - cum[i - 1]!
  const f = seg > 0 ? (s - cum[i - 1]!) / seg : 1
  const a = path[i - 1]!
  const b = path[i]!
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f]
}

// ---------------------------------------------------------------- the simulation

export interface SimulatedPerson {
  id: string
  group: string
  lonLat: LonLat
  status: PersonStatus
  unresponsive: boolean
  muster: string | null
  depart_s: number | null
  arrived_s: number | null
  casualty_s: number | null
  red_exposure_s: number
}

export interface DrillSimulation {
  t_s: number
  duration_s: number
  over: boolean
  steps: DrillStepState[]
  extras: DrillAction[]
  release_s: number
  evacuation_s: number | null
  ignition_s: number | null
  phase: number | null
  people: SimulatedPerson[]
  /** who was not at a muster point when the headcount took effect (null: no headcount yet) */
  headcount: {
    at_s: number
    not_mustered: { id: string; status: PersonStatus; unresponsive: boolean }[]
  } | null
}

const phaseIndexAt = (world: DrillWorld, t: number) => {
  let k = 0
  for (let i = 0; i < world.phases.length; i++) if (world.phases[i]!.from_s <= t) k = i
  return k
}

/** Distance the toxic cloud has travelled from the source at t (Infinity for fires and blasts). */
function frontAt(script: DrillScript, world: DrillWorld, releaseS: number, t: number): number | null {
  if (t < releaseS) return null
  if (script.scenario.kind !== 'toxic') return Infinity
  const k = phaseIndexAt(world, t)
  const phase = world.phases[k]!
  return phase.weather.wind_speed_ms * (t - Math.max(releaseS, phase.from_s))
}

/** Runs the drill from 0 to t (clamped to the drill). `ended`: the run was ended (missing steps are missed). */
export function simulate(
  script: DrillScript,
  world: DrillWorld,
  actions: readonly DrillAction[],
  tIn: number,
  ended = false,
): DrillSimulation {
  if (world.phases.length !== weatherPhases(script).length)
    throw new Error(
      `world has ${world.phases.length} zone phases, the script needs ${weatherPhases(script).length}`,
    )
  const duration = drillDuration(script)
  const t = Math.min(Math.max(tIn, 0), duration)
  const over = ended || t >= duration
  const { steps, extras } = matchSteps(script, actions, t, over)
  const releaseS = script.steps[0]!.at_s
  const plannedOf = (kind: string) => steps.find((s) => s.kind === kind)?.plannedEffect ?? null
  const evacS = plannedOf('evacuate')
  const ignitionS = plannedOf('ignition')
  const headcountS = plannedOf('headcount')
  const limit = script.participants.red_exposure_limit_s
  const speed = script.participants.walk_speed_ms

  const people = placePeople(script, world.source)
  const load = new Map<string, number>()
  const routers = new Map<number, Router>()
  const routerOf = (k: number) => {
    let r = routers.get(k)
    if (!r) routers.set(k, (r = new Router(world, world.phases[k]!)))
    return r
  }
  const assign = (p: Person, k: number) => {
    if (p.muster) load.set(p.muster, (load.get(p.muster) ?? 1) - 1)
    const plan = routerOf(k).plan(p.pos, load)
    if (!plan) {
      p.path = null
      p.muster = null
      return
    }
    setPath(p, plan.path)
    p.muster = plan.muster.id
    load.set(plan.muster.id, (load.get(plan.muster.id) ?? 0) + 1)
  }

  let headcount: DrillSimulation['headcount'] = null
  const snapshotHeadcount = (at: number) => {
    headcount = {
      at_s: at,
      not_mustered: people
        .filter((p) => p.status !== 'mustered')
        .map((p) => ({ id: p.id, status: p.status, unresponsive: p.unresponsive })),
    }
  }

  let phase = t >= releaseS ? phaseIndexAt(world, releaseS) : -1
  for (let now = 0; now < t;) {
    const dt = Math.min(tickS, t - now)
    const end = now + dt
    // a wind shift inside this tick: everyone walking re-plans from where they are
    const k = phaseIndexAt(world, end)
    if (end >= releaseS && k !== phase) {
      phase = k
      for (const p of people) if (p.status === 'evacuating') assign(p, k)
    }
    for (const p of people) {
      if (p.status === 'casualty' || p.status === 'mustered') continue
      if (evacS !== null && end >= evacS && p.status === 'working') p.status = 'waiting'
      if (p.status === 'waiting' && !p.unresponsive && end >= evacS! + p.reactionS) {
        p.status = 'evacuating'
        p.departS = evacS! + p.reactionS
        assign(p, phaseIndexAt(world, end))
      }
      if (p.status === 'evacuating' && p.path) {
        const total = p.cum.at(-1)!
        const walkDt = p.departS !== null ? Math.min(dt, end - p.departS) : dt
        p.s += speed * Math.max(0, walkDt)
        if (p.s >= total) {
          p.arrivedS = end - (p.s - total) / speed
          p.s = total
          p.status = 'mustered'
        }
        p.pos = positionAt(p)
      }
      // exposure: the active red zone at the end of the tick
      if (end >= releaseS && p.status !== 'mustered') {
        const zones = world.phases[phaseIndexAt(world, end)]!.zones
        if (script.scenario.kind === 'vce') {
          if (ignitionS !== null && now < ignitionS && end >= ignitionS && inLevel(p.pos, zones, 'red')) {
            p.status = 'casualty'
            p.casualtyS = ignitionS
          }
        } else {
          const front = frontAt(script, world, releaseS, end)!
          if (haversineM(world.source, p.pos) <= front && inLevel(p.pos, zones, 'red')) {
            p.redS += dt
            if (p.redS >= limit) {
              p.status = 'casualty'
              p.casualtyS = end
            }
          }
        }
      }
    }
    if (headcountS !== null && now < headcountS && end >= headcountS) snapshotHeadcount(headcountS)
    now = end
  }

  return {
    t_s: t,
    duration_s: duration,
    over,
    steps: steps.map(({ plannedEffect: _p, ...s }) => s),
    extras,
    release_s: releaseS,
    evacuation_s: evacS !== null && t >= evacS ? evacS : null,
    ignition_s: ignitionS !== null && t >= ignitionS ? ignitionS : null,
    phase: t >= releaseS ? phaseIndexAt(world, t) : null,
    people: people.map((p) => ({
      id: p.id,
      group: p.group,
      lonLat: p.pos,
      status: p.status,
      unresponsive: p.unresponsive,
      muster: p.muster,
      depart_s: p.departS,
      arrived_s: p.arrivedS,
      casualty_s: p.casualtyS,
      red_exposure_s: p.redS,
    })),
    headcount,
  }
}

// ---------------------------------------------------------------- camera and the compact state

/** The camera at t: linear between keyframes (heading the short way round), held before the first and after the last. */
export function cameraAt(script: DrillScript, t: number): DrillState['camera'] {
  const ks = script.camera
  const pick = (k: (typeof ks)[number]) => ({
    lon: k.lon,
    lat: k.lat,
    height_m: k.height_m,
    heading_deg: k.heading_deg,
    pitch_deg: k.pitch_deg,
  })
  if (t <= ks[0]!.t_s) return pick(ks[0]!)
  if (t >= ks.at(-1)!.t_s) return pick(ks.at(-1)!)
  let i = 1
  while (ks[i]!.t_s < t) i++
  const a = ks[i - 1]!
  const b = ks[i]!
  const f = (t - a.t_s) / (b.t_s - a.t_s)
  const lerp = (x: number, y: number) => x + (y - x) * f
  let dh = b.heading_deg - a.heading_deg
  if (dh > 180) dh -= 360
  if (dh < -180) dh += 360
  return {
    lon: lerp(a.lon, b.lon),
    lat: lerp(a.lat, b.lat),
    height_m: lerp(a.height_m, b.height_m),
    heading_deg: (((a.heading_deg + dh * f) % 360) + 360) % 360,
    pitch_deg: lerp(a.pitch_deg, b.pitch_deg),
  }
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6

/** The compact state a client draws: people as [id, lon, lat, status], zones by phase index. */
export function stateAt(
  script: DrillScript,
  world: DrillWorld,
  actions: readonly DrillAction[],
  t: number,
  ended = false,
): DrillState {
  const sim = simulate(script, world, actions, t, ended)
  const phase = sim.phase === null ? null : world.phases[sim.phase]!
  const exposure = { red: 0, orange: 0, yellow: 0 }
  const front = frontAt(script, world, sim.release_s, sim.t_s)
  const byMuster: Record<string, number> = {}
  const people: PersonTuple[] = sim.people.map((p) => {
    if (phase && p.status !== 'mustered' && p.status !== 'casualty') {
      const reached = front !== null && haversineM(world.source, p.lonLat) <= front
      const lv = reached ? zoneLevelAt(p.lonLat, phase.zones) : null
      if (lv) exposure[lv]++
    }
    if (p.status === 'mustered' && p.muster) byMuster[p.muster] = (byMuster[p.muster] ?? 0) + 1
    return [p.id, r6(p.lonLat[0]), r6(p.lonLat[1]), p.status]
  })
  const kind = script.scenario.kind
  const zoneState: DrillState['zone_state'] =
    phase === null
      ? 'none'
      : kind === 'toxic'
        ? 'spreading'
        : kind === 'vce'
          ? sim.ignition_s !== null
            ? 'exploded'
            : 'potential'
          : 'active'
  return {
    t_s: sim.t_s,
    duration_s: sim.duration_s,
    finished: sim.over,
    phase: sim.phase,
    weather: { ...(phase ?? world.phases[0]!).weather },
    zone_state: zoneState,
    front_m: front === null || !Number.isFinite(front) ? null : Math.round(front),
    steps: sim.steps,
    people,
    headcount: {
      total: people.length,
      mustered: sim.people.filter((p) => p.status === 'mustered').length,
      casualties: sim.people.filter((p) => p.status === 'casualty').length,
      by_muster: byMuster,
      not_mustered: sim.people.filter((p) => p.status !== 'mustered').map((p) => p.id),
    },
    exposure,
    camera: cameraAt(script, sim.t_s),
    evacuation_started_s: sim.evacuation_s,
  }
}
