// The park's zones (geodata zones.geojson) as the tag simulator drives by them: posted speed limits that cap
// the roads through them, and zones a card may not enter (the geofence rules of server/modules/zones/
// zone-rules.ts, mirrored here: restricted zones for anyone but that enterprise's own staff, construction
// zones for visitors). The simulator only reads the GeoJSON; it never imports the server's engine.
import type { ParkData, ZoneType } from '../../../geodata/types'
import { distanceToRingM, distanceToSegmentM, haversineM, pointInPolygon, type LonLat } from './geo'
import type { EdgeCost, RoadEdge, RoadGraph } from './road-graph'
import type { SimTag } from './sim-tag'

export interface SimZone {
  id: string
  name: string
  zoneType: ZoneType
  enterpriseId: string | null
  /** posted limit in km/h (speed zones, hazmat corridors); null when none */
  speedLimitKmh: number | null
  /** west, south, east, north in degrees */
  bbox: [number, number, number, number]
  /** metres from p to the zone's edge; ≤ 0 inside */
  distanceM(p: LonLat): number
}

/** A zone speed limit on a piece of road. */
export interface ZoneCap {
  zoneId: string
  limitKmh: number
}

/**
 * How close to a zone a road counts as passing through it. People walk up to 8 m off the centreline
 * (tag-agent.ts), dwellers stand up to 6 m from their node: 15 m keeps every sample of a tag that stays
 * off such roads and nodes outside the zone.
 */
export const zoneMarginM = 15

/** Route cost added per edge through a zone the tag may not enter: any way round is taken when one exists. */
export const forbiddenPenalty = 1e6

const mPerDeg = 111_195

function bboxOf(points: readonly LonLat[], padM: number): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of points) {
    w = Math.min(w, x)
    e = Math.max(e, x)
    s = Math.min(s, y)
    n = Math.max(n, y)
  }
  const dLat = padM / mPerDeg
  const dLon = dLat / Math.cos((Math.max(Math.abs(s), Math.abs(n)) * Math.PI) / 180)
  return [w - dLon, s - dLat, e + dLon, n + dLat]
}

const asLonLat = (c: readonly number[]): LonLat => [c[0]!, c[1]!]

/**
 * The zones that matter to tags (speed limits and presence rules); tank-farm outlines carry no rule. `all`: every
 * zone, rule or not (the on-site workforce keeps the headcount of tank-farm control areas too, workforce.ts).
 */
export function simZones(park: ParkData, opts: { all?: boolean } = {}): SimZone[] {
  const out: SimZone[] = []
  for (const f of park.zones.features) {
    const p = f.properties
    const limit = typeof p.speed_limit_kmh === 'number' && p.speed_limit_kmh > 0 ? p.speed_limit_kmh : null
    if (!opts.all && limit === null && p.zone_type !== 'restricted' && p.zone_type !== 'construction')
      continue
    const base = { id: f.id, name: p.name, zoneType: p.zone_type, enterpriseId: p.enterprise_id ?? null }
    if (p.shape === 'circle' && p.center && p.radius_m && p.radius_m > 0) {
      const center = asLonLat(p.center)
      const r = p.radius_m
      out.push({
        ...base,
        speedLimitKmh: limit,
        bbox: bboxOf([center], r),
        distanceM: (q) => haversineM(center, q) - r,
      })
    } else if (p.shape === 'corridor' && p.centerline && p.centerline.length >= 2) {
      const line = p.centerline.map(asLonLat)
      const half = (p.width_m ?? 25) / 2
      out.push({
        ...base,
        speedLimitKmh: limit,
        bbox: bboxOf(line, half),
        distanceM: (q) => {
          let d = Infinity
          for (let i = 1; i < line.length; i++) d = Math.min(d, distanceToSegmentM(q, line[i - 1]!, line[i]!))
          return d - half
        },
      })
    } else {
      const rings = f.geometry.coordinates
      out.push({
        ...base,
        speedLimitKmh: limit,
        bbox: bboxOf(rings[0]!.map(asLonLat), 0),
        distanceM: (q) =>
          pointInPolygon(q, rings) ? -1 : Math.min(...rings.map((ring) => distanceToRingM(q, ring))),
      })
    }
  }
  return out
}

/** Whether the geofence lets this card be in the zone without an alarm (zone-rules.ts). */
export function mayEnter(tag: Pick<SimTag, 'kind' | 'enterprise_id'>, zone: SimZone): boolean {
  if (zone.zoneType === 'restricted')
    return tag.kind === 'staff' && zone.enterpriseId !== null && tag.enterprise_id === zone.enterpriseId
  if (zone.zoneType === 'construction') return tag.kind !== 'visitor'
  return true
}

/** Where each road and node lies relative to the zones (within `zoneMarginM`). */
export interface ZoneMap {
  zones: SimZone[]
  /** zones each edge passes through or near, by edge id (edges near none are absent) */
  edgeZones: Map<string, SimZone[]>
  /** zones each node lies in or near, by node id */
  nodeZones: Map<string, SimZone[]>
}

const near = (z: SimZone, p: LonLat, marginM: number): boolean => {
  const pad = marginM / mPerDeg
  const [w, s, e, n] = z.bbox
  // longitude padding at least as wide as latitude padding this far from the poles
  if (p[0] < w - 2 * pad || p[0] > e + 2 * pad || p[1] < s - pad || p[1] > n + pad) return false
  return z.distanceM(p) <= marginM
}

/** Points along an edge at most `stepM` apart, ends included. */
function densify(coords: readonly LonLat[], stepM: number): LonLat[] {
  const out: LonLat[] = [coords[0]!]
  for (let i = 1; i < coords.length; i++) {
    const a = coords[i - 1]!
    const b = coords[i]!
    const n = Math.max(1, Math.ceil(haversineM(a, b) / stepM))
    for (let k = 1; k <= n; k++) out.push([a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n])
  }
  return out
}

export function zoneMap(graph: RoadGraph, zones: SimZone[], marginM = zoneMarginM): ZoneMap {
  const edgeZones = new Map<string, SimZone[]>()
  const nodeZones = new Map<string, SimZone[]>()
  if (zones.length === 0) return { zones, edgeZones, nodeZones }
  for (const edge of graph.edges) {
    const pts = densify(edge.coords, 2)
    const hit = zones.filter((z) => pts.some((p) => near(z, p, marginM)))
    if (hit.length > 0) edgeZones.set(edge.id, hit)
  }
  for (const node of graph.nodes.values()) {
    const hit = zones.filter((z) => near(z, node.lonLat, marginM))
    if (hit.length > 0) nodeZones.set(node.id, hit)
  }
  return { zones, edgeZones, nodeZones }
}

/** The zone speed limits on an edge, lowest first. */
export function zoneCaps(map: ZoneMap, edgeId: string): ZoneCap[] {
  return (map.edgeZones.get(edgeId) ?? [])
    .filter((z) => z.speedLimitKmh !== null)
    .map((z) => ({ zoneId: z.id, limitKmh: z.speedLimitKmh! }))
    .sort((a, b) => a.limitKmh - b.limitKmh)
}

/** What one card may not enter: edges and nodes near such zones. */
export interface Forbidden {
  edge(edge: RoadEdge): boolean
  node(nodeId: string): boolean
}

export function forbiddenFor(map: ZoneMap, tag: Pick<SimTag, 'kind' | 'enterprise_id'>): Forbidden {
  const banned = (zs: SimZone[] | undefined): boolean => (zs ?? []).some((z) => !mayEnter(tag, z))
  const edges = new Set([...map.edgeZones].filter(([, zs]) => banned(zs)).map(([id]) => id))
  const nodes = new Set([...map.nodeZones].filter(([, zs]) => banned(zs)).map(([id]) => id))
  return { edge: (e) => edges.has(e.id), node: (id) => nodes.has(id) }
}

/** A route cost that makes edges through forbidden zones a last resort. */
export function avoidingCost(base: EdgeCost, forbidden: Forbidden): EdgeCost {
  return (e) => base(e) + (forbidden.edge(e) ? forbiddenPenalty : 0)
}
