// The road graph: every road line gets stations (crossings, T-junctions, gates, enterprise
// entrances, muster points), consecutive stations on an existing stretch become edges, and long
// edges are split so that per-segment speeds and congestion stay local.
import type { RoadClass } from '../types'
import { cellInPark, mergedAcross, type Lattice } from './lattice'
import type { Site } from './parcels'
import { intersectLines, lerp, lineThrough, paramOf, pointAt, type Line, type XY } from './planar'
import type { Ring } from './polygon'
import { rayHitsRing } from './ray'
import { roster } from './roster'
import { ewRoads, gatePlans, maxEdgeM, musterPlans, nsRoads, type LineRef } from './site-plan'

export interface RoadNode {
  key: string
  p: XY
  name?: string
}

export interface RoadStyle {
  name: string
  nameEn: string
  widthM: number
  speedKmh: number
  roadClass: RoadClass
}

export interface RoadEdge extends RoadStyle {
  from: string
  to: string
  line: string
}

export interface RoadGraph {
  nodes: Map<string, RoadNode>
  edges: RoadEdge[]
  /** enterprise id → entrance node keys, main gate first */
  entrances: Map<string, string[]>
  gates: Map<string, string>
  muster: string[]
  parkingNode: string
}

interface LineBuild {
  key: string
  line: Line
  style: RoadStyle
  intervals: [number, number][]
  stations: { s: number; key: string }[]
}

const snapM = 20

class GraphBuilder {
  readonly nodes = new Map<string, RoadNode>()
  readonly lines = new Map<string, LineBuild>()

  addLine(key: string, line: Line, style: RoadStyle): LineBuild {
    const build: LineBuild = { key, line, style, intervals: [], stations: [] }
    this.lines.set(key, build)
    return build
  }

  line(key: string): LineBuild {
    const build = this.lines.get(key)
    if (!build) throw new Error(`unknown road line ${key}`)
    return build
  }

  /** a station at `p` on the line; reuses a station within snapM so gates do not make stub edges */
  station(lineKey: string, p: XY, key: string, exact = false, name?: string): string {
    const build = this.line(lineKey)
    const s = paramOf(build.line, p)
    const near = exact
      ? build.stations.find((st) => st.key === key)
      : build.stations.find((st) => Math.abs(st.s - s) < snapM)
    if (near) return near.key
    build.stations.push({ s, key })
    if (!this.nodes.has(key))
      this.nodes.set(key, { key, p: exact ? p : pointAt(build.line, s), ...(name ? { name } : {}) })
    return key
  }

  edges(): RoadEdge[] {
    const out: RoadEdge[] = []
    for (const build of this.lines.values()) {
      const stations = [...build.stations].sort((a, b) => a.s - b.s)
      stations.slice(1).forEach((b, k) => {
        const a = stations[k]!
        const mid = (a.s + b.s) / 2
        if (a.key === b.key || !build.intervals.some(([lo, hi]) => lo <= mid && mid <= hi)) return
        this.chain(build, a, b, out)
      })
    }
    return out
  }

  private chain(
    build: LineBuild,
    a: { s: number; key: string },
    b: { s: number; key: string },
    out: RoadEdge[],
  ) {
    const pieces = Math.ceil((b.s - a.s) / maxEdgeM)
    let from = a.key
    for (let k = 1; k <= pieces; k++) {
      let to = b.key
      if (k < pieces) {
        to = `${build.key}#${a.key}#${k}`
        this.nodes.set(to, {
          key: to,
          p: lerp(this.nodes.get(a.key)!.p, this.nodes.get(b.key)!.p, k / pieces),
        })
      }
      out.push({ ...build.style, from, to, line: build.key })
      from = to
    }
  }
}

const styleOf = (def: (typeof ewRoads)[number]): RoadStyle => ({
  name: def.name,
  nameEn: def.nameEn,
  widthM: def.widthM,
  speedKmh: def.speedKmh,
  roadClass: def.roadClass,
})

const crossingKey = (i: number, j: number) => `X:${i}:${j}`

function addLattice(g: GraphBuilder, lattice: Lattice) {
  const crossingName = (i: number, j: number) => `${ewRoads[i]!.name}与${nsRoads[j]!.name}交叉口`
  lattice.ew.forEach((line, i) => g.addLine(`ew:${i}`, line, styleOf(ewRoads[i]!)))
  lattice.ns.forEach((line, j) => g.addLine(`ns:${j}`, line, styleOf(nsRoads[j]!)))
  const segment = (lineKey: string, a: [number, number], b: [number, number]) => {
    const build = g.line(lineKey)
    const pa = lattice.crossing(...a)
    const pb = lattice.crossing(...b)
    for (const [[i, j], p] of [
      [a, pa],
      [b, pb],
    ] as const) {
      g.station(`ew:${i}`, p, crossingKey(i, j), true, crossingName(i, j))
      g.station(`ns:${j}`, p, crossingKey(i, j), true, crossingName(i, j))
    }
    build.intervals.push([paramOf(build.line, pa), paramOf(build.line, pb)])
  }
  for (let i = 0; i <= lattice.rows; i++)
    for (let j = 0; j < lattice.cols; j++)
      if (cellInPark(i - 1, j) || cellInPark(i, j)) segment(`ew:${i}`, [i, j], [i, j + 1])
  for (let j = 0; j <= lattice.cols; j++)
    for (let i = 0; i < lattice.rows; i++)
      if ((cellInPark(i, j - 1) || cellInPark(i, j)) && !mergedAcross(i, j))
        segment(`ns:${j}`, [i, j], [i + 1, j])
}

function addBranches(g: GraphBuilder, lattice: Lattice, site: Site) {
  for (const br of site.branches) {
    const style: RoadStyle = {
      name: br.name,
      nameEn: br.nameEn,
      widthM: br.widthM,
      speedKmh: br.speedKmh,
      roadClass: 'branch',
    }
    const build = g.addLine(br.key, br.line, style)
    const ends = [br.row, br.row + 1].map((i) => {
      const p = intersectLines(lattice.ew[i]!, br.line)
      const key = `${br.key}:T${i}`
      g.station(`ew:${i}`, p, key, true, `${ewRoads[i]!.name}与${br.name}交叉口`)
      g.station(br.key, p, key, true)
      return paramOf(br.line, p)
    }) as [number, number]
    build.intervals.push(ends)
  }
}

const lineKeyOf = (ref: LineRef) => `${ref.family}:${ref.index}`

function addGates(g: GraphBuilder, boundary: Ring): Map<string, string> {
  const gates = new Map<string, string>()
  for (const plan of gatePlans) {
    const build = g.line(lineKeyOf(plan.line))
    const ends = build.intervals.flat()
    const s = plan.end === 'start' ? Math.min(...ends) : Math.max(...ends)
    const from = pointAt(build.line, s)
    const dir: XY = plan.end === 'start' ? [-build.line.d[0], -build.line.d[1]] : build.line.d
    const hit = rayHitsRing(from, dir, boundary)
    if (!hit) throw new Error(`gate ${plan.id}: road does not reach the boundary`)
    const key = g.station(build.key, hit, `gate:${plan.id}`, true, plan.name)
    build.intervals.push([Math.min(s, paramOf(build.line, hit)), Math.max(s, paramOf(build.line, hit))])
    gates.set(plan.id, key)
  }
  return gates
}

function addMuster(g: GraphBuilder, lattice: Lattice): string[] {
  return musterPlans.map((m, k) => {
    const [a, b] =
      m.line.family === 'ew'
        ? [lattice.crossing(m.line.index, m.between), lattice.crossing(m.line.index, m.between + 1)]
        : [lattice.crossing(m.between, m.line.index), lattice.crossing(m.between + 1, m.line.index)]
    return g.station(lineKeyOf(m.line), lerp(a, b, m.t), `muster:${k}`, false, m.name)
  })
}

export function buildRoadGraph(lattice: Lattice, site: Site, boundary: Ring): RoadGraph {
  const g = new GraphBuilder()
  addLattice(g, lattice)
  addBranches(g, lattice, site)
  const gates = addGates(g, boundary)
  const entrances = new Map<string, string[]>()
  for (const parcel of site.parcels) {
    const company = roster.find((r) => r.id === parcel.enterpriseId)?.name ?? parcel.enterpriseId
    const keys = parcel.entrances.map((e, k) =>
      g.station(
        e.road,
        e.point,
        `ent:${parcel.enterpriseId}:${k}`,
        false,
        `${company}${k === 0 ? '大门' : '物流门'}`,
      ),
    )
    entrances.set(parcel.enterpriseId, keys)
  }
  const muster = addMuster(g, lattice)
  const roadNode = g.station(site.parking.road.road, site.parking.road.point, 'parking:road')
  const spur = g.addLine('spur:P1', lineThrough(g.nodes.get(roadNode)!.p, site.parking.entrance), {
    name: '危化品停车场进场道路',
    nameEn: 'Hazmat Parking Access Road',
    widthM: 7,
    speedKmh: 20,
    roadClass: 'hazmat',
  })
  g.station(spur.key, g.nodes.get(roadNode)!.p, roadNode, true)
  const parkingNode = g.station(spur.key, site.parking.entrance, 'parking:lot', true, '危化品停车场入口')
  spur.intervals.push([0, paramOf(spur.line, site.parking.entrance)])
  return { nodes: g.nodes, edges: g.edges(), entrances, gates, muster, parkingNode }
}
