// Road rules: edges meet their nodes exactly, one connected graph, sane widths and speeds, roads
// clear of buildings, tank farms and parcels, and everything that should be on the graph is.
import type { GateProps, RoadProps } from '../types'
import type { AnyFeature, CheckContext } from './check-context'
import { sameCoord } from './check-context'
import { distance, segmentDistance, segmentsCrossProperly, type XY } from './planar'
import { boxOf, edgesOf, insideClearance, pointInRing, ringBoundaryDistance } from './polygon'
import { connectedComponents } from './routing'
import { indexRings } from './spatial'

export const roadWidthM: [number, number] = [7, 24]
export const roadSpeedKmh: [number, number] = [20, 60]
const roadClasses = new Set(['trunk', 'branch', 'hazmat'])
/** a parcel's entrance node is on the road in front of it: at most this far from the parcel edge */
export const accessDistanceM = 40

const props = (f: AnyFeature) => f.properties as unknown as RoadProps
const ends = (f: AnyFeature): [XY, XY] | null => {
  const c = f.geometry.type === 'LineString' ? f.geometry.coordinates : []
  return c.length >= 2 ? ([c[0]!, c[c.length - 1]!].map((p) => [p[0]!, p[1]!]) as [XY, XY]) : null
}

export function checkRoadNodes(ctx: CheckContext): void {
  const nodes = ctx.index('roadNodes')
  for (const f of ctx.features('roads')) {
    const p = props(f)
    const [a, b] = ends(f) ?? []
    const from = nodes.get(p.from_node)
    const to = nodes.get(p.to_node)
    let problem = ''
    if (!from || !to) problem = `unknown node ${!from ? p.from_node : p.to_node}`
    else if (p.from_node === p.to_node) problem = 'edge starts and ends at the same node'
    else if (!sameCoord(a, from.geometry.coordinates as number[]))
      problem = `first position is not node ${p.from_node}`
    else if (!sameCoord(b, to.geometry.coordinates as number[]))
      problem = `last position is not node ${p.to_node}`
    if (problem) ctx.report('roads', f.id, 'road-node-match', problem)
  }
}

export function checkRoadConnected(ctx: CheckContext): void {
  const ids = ctx.features('roadNodes').map((f) => String(f.id))
  const edges = ctx.features('roads').map((f) => ({ from: props(f).from_node, to: props(f).to_node }))
  const groups = connectedComponents(ids, edges).sort((a, b) => b.length - a.length)
  for (const group of groups.slice(1)) {
    ctx.report(
      'roadNodes',
      group[0],
      'road-connected',
      `${group.length} node(s) cut off from the road network`,
    )
  }
}

export function checkRoadProps(ctx: CheckContext): void {
  for (const f of ctx.features('roads')) {
    const p = props(f)
    const problems = [
      !(p.width_m >= roadWidthM[0] && p.width_m <= roadWidthM[1]) &&
        `width ${p.width_m} m outside ${roadWidthM.join('–')} m`,
      !(p.speed_limit_kmh >= roadSpeedKmh[0] && p.speed_limit_kmh <= roadSpeedKmh[1]) &&
        `speed limit ${p.speed_limit_kmh} km/h outside ${roadSpeedKmh.join('–')}`,
      !roadClasses.has(p.road_class) && `unknown road class ${p.road_class}`,
      p.road_class === 'hazmat' && p.speed_limit_kmh > 30 && 'hazmat roads are limited to 30 km/h',
      (!p.name || !p.name_en) && 'road needs a name and an English name',
    ].filter(Boolean)
    for (const m of problems) ctx.report('roads', f.id, 'road-props', String(m))
  }
}

/** the carriageway (centreline ± half width) stays clear of buildings and tank farms; no road crosses a parcel */
export function checkRoadClearance(ctx: CheckContext): void {
  const blocks = [...ctx.features('buildings'), ...ctx.features('tankFarms')]
  const blockTree = indexRings(blocks, (f) => ctx.ring(f))
  const parcels = ctx.features('enterprises')
  const parcelTree = indexRings(parcels, (f) => ctx.ring(f))
  for (const f of ctx.features('roads')) {
    const pts =
      f.geometry.type === 'LineString' ? f.geometry.coordinates.map((p) => ctx.frame.toMetres(p)) : []
    const half = props(f).width_m / 2
    for (const [a, b] of pts.slice(1).map((p, i) => [pts[i]!, p] as [XY, XY])) {
      for (const hit of blockTree.search(boxOf([a, b], half))) {
        const ring = ctx.ring(hit.item)
        const gap = pointInRing(a, ring)
          ? 0
          : Math.min(...edgesOf(ring).map(([c, d]) => segmentDistance(a, b, c, d)))
        if (gap < half) ctx.report('roads', f.id, 'road-clearance', `carriageway runs into ${hit.item.id}`)
      }
      for (const hit of parcelTree.search(boxOf([a, b]))) {
        const ring = ctx.ring(hit.item)
        const mid: XY = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]
        const crosses = edgesOf(ring).some(([c, d]) => segmentsCrossProperly(a, b, c, d, 0.05))
        if (crosses || insideClearance(mid, ring) > 0.5)
          ctx.report('roads', f.id, 'road-through-parcel', `cuts through parcel ${hit.item.id}`)
      }
    }
  }
}

export function checkOnRoadGraph(ctx: CheckContext): void {
  const nodes = ctx.index('roadNodes')
  const degree = new Map<string, number>()
  for (const f of ctx.features('roads'))
    for (const n of [props(f).from_node, props(f).to_node]) degree.set(n, (degree.get(n) ?? 0) + 1)
  for (const layer of ['gates', 'musterPoints', 'parking'] as const) {
    for (const f of ctx.features(layer)) {
      const nodeId = String(f.properties.node_id)
      const node = nodes.get(nodeId)
      let problem = ''
      if (!node) problem = `node ${nodeId} does not exist`
      else if (!degree.get(nodeId)) problem = `node ${nodeId} has no road`
      else if (
        layer !== 'parking' &&
        !sameCoord(f.geometry.coordinates as number[], node.geometry.coordinates as number[])
      ) {
        problem = `not exactly on node ${nodeId}`
      } else if (layer === 'parking') {
        const p = ctx.point(node as AnyFeature)
        if (insideClearance(p, ctx.ring(f)) < -1) problem = `node ${nodeId} does not touch the lot`
      }
      if (problem) ctx.report(layer, f.id, 'on-road-graph', problem)
    }
  }
}

export function checkGates(ctx: CheckContext): void {
  const classes = ['dedicated', 'general', 'unattended', 'emergency']
  const gates = ctx.features('gates')
  for (const c of classes) {
    const n = gates.filter((g) => (g.properties as unknown as GateProps).gate_class === c).length
    if (n !== 1) ctx.report('gates', '*', 'gate-classes', `${n} ${c} gates, need exactly one`)
  }
  for (const g of gates) {
    const p = g.properties as unknown as GateProps
    if (!classes.includes(p.gate_class))
      ctx.report('gates', g.id, 'gate-classes', `unknown gate class ${p.gate_class}`)
    if (!(Number.isInteger(p.lanes) && p.lanes >= 1))
      ctx.report('gates', g.id, 'gate-classes', 'a gate needs 1+ lanes')
    if (ringBoundaryDistance(ctx.point(g), ctx.boundaryRing) > 1)
      ctx.report('gates', g.id, 'gate-on-boundary', 'gate is not on the park boundary')
  }
}

export function checkEnterpriseAccess(ctx: CheckContext): void {
  const connected = new Set(ctx.features('roads').flatMap((f) => [props(f).from_node, props(f).to_node]))
  const nodes = ctx
    .features('roadNodes')
    .filter((n) => connected.has(String(n.id)))
    .map((n) => ctx.point(n))
  for (const e of ctx.features('enterprises')) {
    const ring = ctx.ring(e)
    const box = boxOf(ring, accessDistanceM)
    const reachable = nodes.some(
      (p) =>
        p[0] >= box.minX &&
        p[0] <= box.maxX &&
        p[1] >= box.minY &&
        p[1] <= box.maxY &&
        -insideClearance(p, ring) <= accessDistanceM &&
        !pointInRing(p, ring),
    )
    if (!reachable)
      ctx.report(
        'enterprises',
        e.id,
        'enterprise-access',
        `no road node within ${accessDistanceM} m of the parcel`,
      )
  }
}

/** the lot takes hazmat trucks straight off the dedicated gate */
export const parkingMaxFromGateM = 1000

export function checkParking(ctx: CheckContext): void {
  const gate = ctx.features('gates').find((g) => g.properties.gate_class === 'dedicated')
  for (const lot of ctx.features('parking')) {
    const capacity = Number(lot.properties.capacity)
    if (!(capacity >= 20 && capacity <= 80))
      ctx.report('parking', lot.id, 'parking-location', `capacity ${capacity} outside 20–80`)
    if (gate && ringBoundaryDistance(ctx.point(gate), ctx.ring(lot)) > parkingMaxFromGateM) {
      ctx.report(
        'parking',
        lot.id,
        'parking-location',
        `more than ${parkingMaxFromGateM} m from the dedicated gate`,
      )
    }
  }
}

export const musterMinSpacingM = 250

export function checkMusterSpread(ctx: CheckContext): void {
  const points = ctx.features('musterPoints')
  points.forEach((m, i) => {
    if (!(Number(m.properties.capacity) > 0))
      ctx.report('musterPoints', m.id, 'muster-spread', 'capacity must be positive')
    const near = points.slice(0, i).find((o) => distance(ctx.point(o), ctx.point(m)) < musterMinSpacingM)
    if (near) ctx.report('musterPoints', m.id, 'muster-spread', `within ${musterMinSpacingM} m of ${near.id}`)
  })
}
