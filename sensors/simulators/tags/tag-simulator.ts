import type { ParkData } from '../../../geodata/types'
import type { PositionSample } from '../../../server/contracts/live'
import { systemClock, type Clock } from '../clock'
import { createPrng, hashSeed } from '../prng'
import { arrivalNodes, gatesFor } from './itinerary'
import { largestComponent, parkPlaces } from './park-places'
import { buildRoadGraph } from './road-graph'
import type { SimTag } from './sim-tag'
import { simZones, zoneCaps, zoneMap } from './sim-zones'
import { TagAgent, type AgentStart, type AgentWorld } from './tag-agent'
import { fenceNodes, standPoints } from './stand-points'
import {
  planKinds,
  planWorkforce,
  tagLabel,
  workforceKind,
  workforceLabel,
  type WorkforceRole,
} from './tag-identities'
import { motionProfiles } from './tag-profiles'
import { createViolations, type ScriptedViolation, type ViolationOptions } from './violations'
import { WorkerAgent, workplacesFor, workProfiles, type WorkerWorld, type Workplace } from './worker-agent'
import { CrewBook, planCrews } from './workforce'
import { workSites, type WorkSite } from './work-sites'

export type { SimTag } from './sim-tag'
export type { ScriptedViolation, ViolationOptions } from './violations'

export interface TagSimulatorOptions {
  park: ParkData
  /** number of the park's positioning cards in use (vehicles, hazmat trucks, visitors, contractors, patrol); default 60 */
  count?: number
  /**
   * number of on-site workers (enterprise operators and maintenance contractors, worker-agent.ts) after the
   * cards, fed by the enterprises' personnel positioning (企业人员定位); default 0
   */
  workforce?: number
  seed?: number
  clock?: Clock
  /**
   * Scripted geofence violations for the demo (violations.ts): by default a vehicle speeding through the
   * hazmat parking every ~20 min and a visitor in an exclusion zone every ~30 min; false: none.
   */
  violations?: ViolationOptions | false
}

export interface TagSimulator {
  /** the park's cards, then the on-site workers (ids CARD-0001… continue) */
  tags: SimTag[]
  /** ids of the on-site workers' cards */
  workforce: ReadonlySet<string>
  /** Advances every tag to clock.now() and returns one sample per tag. */
  step(): PositionSample[]
  /** the scripted violations started so far (the newest 200), oldest first */
  scripted: readonly ScriptedViolation[]
}

const cardId = (i: number): string => `CARD-${String(i + 1).padStart(4, '0')}`

/** Longest gap simulated in one step: after a long pause the tags resume rather than replay hours. */
export const maxCatchUpS = 600

/**
 * Simulated positioning cards moving over the park's roads, and the on-site workforce at the enterprises' units
 * (tank farms and process buildings: workforce.ts, worker-agent.ts). Time-based: step() may be called at any
 * rate and moves tags by the clock time elapsed. Each tag draws from its own PRNG stream (seed, index),
 * so a given seed and clock sequence always give the same samples; the cards move the same with or without
 * the workforce.
 *
 * The cards keep to the park's zones (sim-zones.ts): vehicles drive under the posted limit of every
 * speed zone and hazmat corridor on their road, and routes and destinations keep each card out of the
 * zones it may not enter wherever there is another way; only the scripted violations break the rules.
 */
export function createTagSimulator({
  park,
  count = 60,
  workforce = 0,
  seed = 1,
  clock = systemClock,
  violations,
}: TagSimulatorOptions): TagSimulator {
  const graph = buildRoadGraph(park.roadNodes, park.roads)
  const zones = zoneMap(graph, simZones(park))
  for (const edge of graph.edges) edge.zoneCaps = zoneCaps(zones, edge.id)
  // visits end outside exclusion zones: nobody the simulator issues a card to may stand in one
  const inExclusion = (id: string) => (zones.nodeZones.get(id) ?? []).some((z) => z.zoneType === 'restricted')
  const places = parkPlaces(park, graph, inExclusion)
  const boundary = park.boundary.geometry.coordinates
  const fence = fenceNodes(
    graph,
    boundary,
    park.gates.features.map((g) => g.properties.node_id),
  )
  const world: AgentWorld = { graph, places, boundary, fence, standPoint: standPoints(graph, fence), zones }
  const setup = createPrng(hashSeed(seed, 'tags'))
  const hazmatFirms = places.enterprises.filter((e) => e.hazmat)

  const roadAgents = planKinds(count).map((kind, i) => {
    const rng = createPrng(hashSeed(seed, i))
    const firm =
      kind === 'staff' ? null : setup.pick(kind === 'hazmat_vehicle' ? hazmatFirms : places.enterprises)
    const tag: SimTag = {
      id: cardId(i),
      kind,
      label: tagLabel(kind, rng),
      enterprise_id: firm?.id ?? null,
    }
    let start: AgentStart
    if (kind === 'hazmat_vehicle') {
      // trucks queue at the dedicated gate for inspection and registration before entering
      start = { at: rng.pick(gatesFor(kind, places)), purposeDone: 'exit', dwellS: rng.float(0, 120) }
    } else {
      const from = rng.pick(kind === 'vehicle' ? gatesFor(kind, places) : arrivalNodes(places))
      start = { from, purpose: kind === 'staff' ? 'roam' : 'visit', progress: rng.float(0, 0.9) }
    }
    return new TagAgent(tag, world, motionProfiles[kind], rng, firm?.nodeId ?? null, start)
  })

  // the on-site workforce after the park's cards: units, who may work where, each worker's enterprise and home
  // unit (workforce.ts); a worker no unit can take is left out
  const usable = largestComponent(graph)
  for (const id of fence) usable.delete(id)
  const workerWorld: WorkerWorld = { graph, boundary, usable, zones, book: new CrewBook() }
  const sites = workSites(park, simZones(park, { all: true }))
  const workplaces = new Map<string, Workplace[]>()
  const workplacesOf = (role: WorkforceRole, enterpriseId: string): Workplace[] => {
    const key = `${role} ${enterpriseId}`
    let list = workplaces.get(key)
    if (!list) {
      const tag = { kind: workforceKind[role], enterprise_id: enterpriseId }
      const own = sites.filter((s) => s.enterpriseId === enterpriseId)
      workplaces.set(key, (list = workplacesFor(tag, own, workerWorld)))
    }
    return list
  }
  const mayWork = (role: WorkforceRole, site: WorkSite) =>
    workplacesOf(role, site.enterpriseId).some((w) => w.site === site)
  const roles = planWorkforce(workforce)
  const posts = planCrews(roles, sites, mayWork, workerWorld.book)
  const firmName = new Map(park.enterprises.features.map((e) => [e.id, e.properties.name]))
  const workers: WorkerAgent[] = []
  roles.forEach((role, k) => {
    const post = posts[k]
    if (!post) return
    const i = count + workers.length
    const rng = createPrng(hashSeed(seed, i))
    const tag: SimTag = {
      id: cardId(i),
      kind: workforceKind[role],
      label: workforceLabel(role, rng, firmName.get(post.enterpriseId) ?? post.enterpriseId),
      enterprise_id: post.enterpriseId,
    }
    const own = workplacesOf(role, post.enterpriseId).filter(
      (w) => !post.within || post.within.includes(w.site),
    )
    const home = own.find((w) => w.site === post.home)!
    workers.push(
      new WorkerAgent(tag, workerWorld, workProfiles[role], rng, [home, ...own.filter((w) => w !== home)]),
    )
  })
  const agents: (TagAgent | WorkerAgent)[] = [...roadAgents, ...workers]

  let lastMs = clock.now()
  /** simulated seconds since the start, and where the current step ends (clock ms and seconds) */
  let simS = 0
  let stepEnd = { ms: lastMs, s: 0 }
  const scripts = createViolations(violations, {
    graph,
    zones,
    fence,
    agents: roadAgents,
    rng: createPrng(hashSeed(seed, 'violations')),
    msAt: (s) => Math.round(stepEnd.ms - (stepEnd.s - s) * 1000),
  })
  return {
    tags: agents.map((a) => a.tag),
    workforce: new Set(workers.map((w) => w.tag.id)),
    scripted: scripts.records,
    step() {
      const now = clock.now()
      const dtS = Math.min(maxCatchUpS, Math.max(0, (now - lastMs) / 1000))
      lastMs = Math.max(lastMs, now)
      const endS = simS + dtS
      stepEnd = { ms: now, s: endS }
      // advance everyone to each scripted start in turn, so scripts start at the same simulated second
      // whatever the step length
      while (simS < endS - 1e-9) {
        const due = scripts.nextDueS()
        if (due <= simS + 1e-9) {
          scripts.fire(simS)
          continue
        }
        const to = Math.min(endS, due)
        for (const a of agents) a.advance(to - simS)
        simS = to
      }
      if (scripts.nextDueS() <= simS + 1e-9) scripts.fire(simS)
      return agents.map((a) => a.sample(now))
    },
  }
}
