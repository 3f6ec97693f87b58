import type { ParkData } from '../../../geodata/types'
import type { PositionSample } from '../../../server/contracts/live'
import { systemClock, type Clock } from '../clock'
import { createPrng, hashSeed } from '../prng'
import { arrivalNodes, gatesFor } from './itinerary'
import { parkPlaces } from './park-places'
import { buildRoadGraph } from './road-graph'
import type { SimTag } from './sim-tag'
import { TagAgent, type AgentStart, type AgentWorld } from './tag-agent'
import { fenceNodes, standPoints } from './stand-points'
import { planKinds, tagLabel } from './tag-identities'
import { motionProfiles } from './tag-profiles'

export type { SimTag } from './sim-tag'

export interface TagSimulatorOptions {
  park: ParkData
  /** number of cards in use; default 60 */
  count?: number
  seed?: number
  clock?: Clock
}

export interface TagSimulator {
  tags: SimTag[]
  /** Advances every tag to clock.now() and returns one sample per tag. */
  step(): PositionSample[]
}

/** Longest gap simulated in one step: after a long pause the tags resume rather than replay hours. */
export const maxCatchUpS = 600

/**
 * Simulated positioning cards moving over the park's roads. Time-based: step() may be called at any
 * rate and moves tags by the clock time elapsed. Each tag draws from its own PRNG stream (seed, index),
 * so a given seed and clock sequence always give the same samples.
 */
export function createTagSimulator({
  park,
  count = 60,
  seed = 1,
  clock = systemClock,
}: TagSimulatorOptions): TagSimulator {
  const graph = buildRoadGraph(park.roadNodes, park.roads)
  const places = parkPlaces(park, graph)
  const boundary = park.boundary.geometry.coordinates
  const fence = fenceNodes(
    graph,
    boundary,
    park.gates.features.map((g) => g.properties.node_id),
  )
  const world: AgentWorld = { graph, places, boundary, fence, standPoint: standPoints(graph, fence) }
  const setup = createPrng(hashSeed(seed, 'tags'))
  const hazmatFirms = places.enterprises.filter((e) => e.hazmat)

  const agents = planKinds(count).map((kind, i) => {
    const rng = createPrng(hashSeed(seed, i))
    const firm =
      kind === 'staff' ? null : setup.pick(kind === 'hazmat_vehicle' ? hazmatFirms : places.enterprises)
    const tag: SimTag = {
      id: `CARD-${String(i + 1).padStart(4, '0')}`,
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

  let lastMs = clock.now()
  return {
    tags: agents.map((a) => a.tag),
    step() {
      const now = clock.now()
      const dtS = Math.min(maxCatchUpS, Math.max(0, (now - lastMs) / 1000))
      lastMs = Math.max(lastMs, now)
      return agents.map((a) => {
        a.advance(dtS)
        return a.sample(now)
      })
    },
  }
}
