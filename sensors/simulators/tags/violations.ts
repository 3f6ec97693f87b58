// Scripted, rare geofence violations (脚本化违规) so the live demo still shows the zone rules firing, while
// every other card keeps to the posted limits and out of the zones it may not enter:
//
// - speeding: every ~`speedingEveryMin` minutes the idle vehicle nearest the park's strictest speed zone
//   (the hazmat parking, 危化品停车场限速区 15 km/h) drives through it at 90 % of the road's own limit
//   (20–30 km/h there), without stopping: one `zone_overspeed` alarm (an episode well over 10 s);
// - intrusion: every ~`intrusionEveryMin` minutes the idle visitor nearest an exclusion zone (警戒区) walks
//   to the road node closest to it, off the road 25 m into the circle, stays `intrusionStayS` seconds and
//   walks back: one urgent `zone_intrusion` alarm. Only a visitor within 400 m of such a node goes at the
//   planned time; the distance accepted grows by 2 m per second of waiting.
//
// Timing is deterministic from the seed: the first of each kind falls between 0.25 and 0.75 of its interval
// after the start, each next one 0.75–1.25 intervals after the previous planned time (whole simulated
// seconds). When no card is free at that moment the start is retried every 10 s. 0 switches a kind off.
import type { Prng } from '../prng'
import { haversineM, type LonLat } from './geo'
import { joinPaths, shortestPath, type Path, type RoadGraph } from './road-graph'
import { mayEnter, type SimZone, type ZoneMap } from './sim-zones'
import { limitMargin, type TagAgent } from './tag-agent'

export interface ViolationOptions {
  /** mean minutes between vehicles speeding through the strictest speed zone; 0 = never (default 20) */
  speedingEveryMin?: number
  /** mean minutes between visitors wandering into an exclusion zone; 0 = never (default 30) */
  intrusionEveryMin?: number
  /** seconds the visitor stays inside (default 60) */
  intrusionStayS?: number
}

export const defaultViolations: Required<ViolationOptions> = {
  speedingEveryMin: 20,
  intrusionEveryMin: 30,
  intrusionStayS: 60,
}

/** One scripted violation, for logs and tests. */
export interface ScriptedViolation {
  kind: 'speeding' | 'intrusion'
  tagId: string
  zoneId: string
  /** ms: the scripted leg began (the tag left its dwell) */
  startMs: number
  /** ms: the leg ended and the tag is back on its itinerary; null while under way */
  endMs: number | null
}

/** How far into an exclusion zone the visitor walks, metres. */
export const intrusionDepthM = 25
const retryS = 10
/** longest walk to the zone accepted at the planned time, m, and how it grows with the wait, m/s */
const intrusionWalkM = 400
const walkGrowthMs = 2
/** records kept (the newest) */
const keepRecords = 200

/** The two nodes inside the zone joined by the longest road stretch that stays inside it. */
export interface SpeedingTarget {
  zone: SimZone
  a: string
  b: string
}

/** The strictest speed zone with a road through it, and the longest stretch of road inside it. */
export function speedingTarget(graph: RoadGraph, map: ZoneMap): SpeedingTarget | null {
  const zones = map.zones
    .filter((z) => z.zoneType === 'speed' && z.speedLimitKmh !== null)
    .sort((x, y) => x.speedLimitKmh! - y.speedLimitKmh! || x.id.localeCompare(y.id))
  for (const zone of zones) {
    const inner = [...graph.nodes.values()].filter((n) => zone.distanceM(n.lonLat) <= 0).map((n) => n.id)
    const inZone = (edgeId: string) => map.edgeZones.get(edgeId)?.includes(zone) ?? false
    let best: SpeedingTarget | null = null
    let bestM = 0
    for (const a of inner)
      for (const b of inner) {
        if (a >= b) continue
        const path = shortestPath(graph, a, b)
        if (path && path.steps.every((s) => inZone(s.edge.id)) && path.lengthM > bestM) {
          best = { zone, a, b }
          bestM = path.lengthM
        }
      }
    if (best) return best
  }
  return null
}

/** Where a visitor leaves the road for an exclusion zone, and the point inside it walked to. */
export interface IntrusionTarget {
  zone: SimZone
  base: string
  point: LonLat
}

/**
 * For each exclusion zone: the road node nearest it that visitors may stand at (not a fence node), and the
 * point `intrusionDepthM` inside, straight towards the zone's middle.
 */
export function intrusionTargets(
  graph: RoadGraph,
  map: ZoneMap,
  fence: ReadonlySet<string>,
): IntrusionTarget[] {
  const visitor = { kind: 'visitor' as const, enterprise_id: null }
  const standable = [...graph.nodes.values()].filter(
    (n) => !fence.has(n.id) && (map.nodeZones.get(n.id) ?? []).every((z) => mayEnter(visitor, z)),
  )
  const out: IntrusionTarget[] = []
  for (const zone of map.zones.filter((z) => z.zoneType === 'restricted')) {
    let base = standable[0]
    for (const n of standable) if (zone.distanceM(n.lonLat) < zone.distanceM(base!.lonLat)) base = n
    if (!base) continue
    const [w, s, e, n] = zone.bbox
    const mid: LonLat = [(w + e) / 2, (s + n) / 2]
    const lengthM = haversineM(base.lonLat, mid)
    for (let m = 1; m < Math.min(lengthM, 400); m++) {
      const f = m / lengthM
      const p: LonLat = [
        base.lonLat[0] + (mid[0] - base.lonLat[0]) * f,
        base.lonLat[1] + (mid[1] - base.lonLat[1]) * f,
      ]
      if (zone.distanceM(p) <= -intrusionDepthM) {
        out.push({ zone, base: base.id, point: p })
        break
      }
    }
  }
  return out
}

interface Stream {
  everyS: number
  plannedS: number
  nextS: number
  /** starts a violation now, when a card is free for it; `waitedS` since it was planned */
  start(simS: number, waitedS: number): ScriptedViolation | null
}

export interface Violations {
  /** simulated seconds (since the start) of the next scripted start; Infinity when none */
  nextDueS(): number
  /** starts what is due at simS */
  fire(simS: number): void
  /** scripted violations so far (the newest 200), oldest first */
  records: ScriptedViolation[]
}

const length = (p: Path | null): number => (p ? p.lengthM : Infinity)

export function createViolations(
  opts: ViolationOptions | false | undefined,
  ctx: {
    graph: RoadGraph
    zones: ZoneMap
    fence: ReadonlySet<string>
    agents: readonly TagAgent[]
    rng: Prng
    /** clock ms at a simulated second of the current step */
    msAt(simS: number): number
  },
): Violations {
  const { graph, agents, rng } = ctx
  const records: ScriptedViolation[] = []
  const d = defaultViolations
  const o = {
    speedingEveryMin: opts === false ? 0 : (opts?.speedingEveryMin ?? d.speedingEveryMin),
    intrusionEveryMin: opts === false ? 0 : (opts?.intrusionEveryMin ?? d.intrusionEveryMin),
  }
  const stayS = Math.max(1, (opts === false ? undefined : opts?.intrusionStayS) ?? d.intrusionStayS)

  const record = (kind: ScriptedViolation['kind'], agent: TagAgent, zoneId: string, simS: number) => {
    const r: ScriptedViolation = { kind, tagId: agent.tag.id, zoneId, startMs: ctx.msAt(simS), endMs: null }
    records.push(r)
    if (records.length > keepRecords) records.shift()
    return { r, onEnd: (atS: number) => (r.endMs = ctx.msAt(atS)) }
  }

  const streams: Stream[] = []
  const speeding = o.speedingEveryMin > 0 ? speedingTarget(graph, ctx.zones) : null
  if (speeding) {
    streams.push({
      everyS: o.speedingEveryMin * 60,
      plannedS: 0,
      nextS: 0,
      start(simS) {
        // the idle vehicle with the shortest drive to the zone enters at the nearer end and leaves at the other
        let best: { agent: TagAgent; path: Path } | null = null
        for (const agent of agents) {
          const kind = agent.tag.kind
          if (!agent.idle || (kind !== 'vehicle' && kind !== 'hazmat_vehicle')) continue
          const toA = agent.node === speeding.a ? null : agent.pathTo(speeding.a)
          const toB = agent.node === speeding.b ? null : agent.pathTo(speeding.b)
          const [first, end, lead] =
            length(toA) <= length(toB) ? [speeding.a, speeding.b, toA] : [speeding.b, speeding.a, toB]
          const through = shortestPath(graph, first, end, agent.cost)
          if (!through || (lead === null && agent.node !== first)) continue
          const path = lead ? joinPaths(lead, through) : through
          if (!best || path.lengthM < best.path.lengthM) best = { agent, path }
        }
        if (!best) return null
        const { r, onEnd } = record('speeding', best.agent, speeding.zone.id, simS)
        best.agent.speedAlong(best.path, speeding.zone.id, limitMargin, onEnd)
        return r
      },
    })
  }
  const intrusions = o.intrusionEveryMin > 0 ? intrusionTargets(graph, ctx.zones, ctx.fence) : []
  if (intrusions.length > 0) {
    streams.push({
      everyS: o.intrusionEveryMin * 60,
      plannedS: 0,
      nextS: 0,
      start(simS, waitedS) {
        // the idle visitor with the shortest walk to an exclusion zone; a long walk only after a wait, so
        // the intrusion follows its planned time by minutes, not by half an hour
        let best: { agent: TagAgent; target: IntrusionTarget; path: Path | null; m: number } | null = null
        for (const agent of agents) {
          if (!agent.idle || agent.tag.kind !== 'visitor') continue
          for (const target of intrusions) {
            const path = agent.node === target.base ? null : agent.pathTo(target.base)
            const m = agent.node === target.base ? 0 : length(path)
            if (m < (best?.m ?? Infinity)) best = { agent, target, path, m }
          }
        }
        if (!best || best.m > intrusionWalkM + walkGrowthMs * waitedS) return null
        const { r, onEnd } = record('intrusion', best.agent, best.target.zone.id, simS)
        best.agent.wanderTo(best.path, best.target.point, best.target.zone.id, stayS, onEnd)
        return r
      },
    })
  }
  for (const s of streams) {
    s.plannedS = Math.round(s.everyS * rng.float(0.25, 0.75))
    s.nextS = s.plannedS
  }

  return {
    records,
    nextDueS: () => Math.min(Infinity, ...streams.map((s) => s.nextS)),
    fire(simS) {
      for (const s of streams) {
        if (s.nextS > simS + 1e-9) continue
        if (s.start(simS, simS - s.plannedS)) {
          s.plannedS += Math.round(s.everyS * rng.float(0.75, 1.25))
          // after a long wait for a free card, no burst of catch-up violations
          s.plannedS = Math.max(s.plannedS, Math.ceil(simS + s.everyS / 2))
          s.nextS = s.plannedS
        } else s.nextS = simS + retryS
      }
    },
  }
}
