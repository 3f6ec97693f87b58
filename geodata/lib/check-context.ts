// Shared state of one validation run: the data, a metric frame centred on the park, cached rings
// in metres, id lookups and the issue list.
import type { Feature, Geometry, Point, Polygon } from '../../server/contracts/geo'
import type { ParkData } from '../types'
import { createFrame, type GeoFrame } from './geo-frame'
import type { XY } from './planar'
import type { Ring } from './polygon'

export type LayerKey = keyof ParkData

export interface ValidationIssue {
  layer: LayerKey
  id: string
  rule: string
  message: string
}

export type AnyFeature = Feature<Geometry, Record<string, unknown>>

export class CheckContext {
  readonly issues: ValidationIssue[] = []
  readonly frame: GeoFrame
  private rings = new WeakMap<object, Ring>()

  constructor(readonly data: ParkData) {
    const first = data.boundary?.geometry?.coordinates?.[0]?.[0]
    this.frame = createFrame(first && Number.isFinite(first[0]) ? [first[0], first[1]] : [120.95, 31.95])
  }

  report(layer: LayerKey, id: unknown, rule: string, message: string): void {
    this.issues.push({ layer, id: String(id), rule, message })
  }

  /** features of a layer (the boundary counts as a one-feature layer); tolerates a broken layer */
  features(layer: LayerKey): AnyFeature[] {
    const value = this.data[layer] as unknown as { type?: string; features?: unknown }
    if (layer === 'boundary') return value ? [value as unknown as AnyFeature] : []
    return Array.isArray(value?.features) ? (value.features as AnyFeature[]) : []
  }

  /** outer ring in metres, open (no closing vertex) */
  ring(f: Feature<Polygon, unknown> | AnyFeature): Ring {
    let ring = this.rings.get(f)
    if (!ring) {
      const coords = (f.geometry as Polygon).coordinates[0] ?? []
      ring = coords.slice(0, -1).map((p) => this.frame.toMetres(p))
      this.rings.set(f, ring)
    }
    return ring
  }

  point(f: Feature<Point, unknown> | AnyFeature): XY {
    return this.frame.toMetres((f.geometry as Point).coordinates)
  }

  get boundaryRing(): Ring {
    return this.ring(this.data.boundary)
  }

  /** id → feature for one layer */
  index<P>(layer: LayerKey): Map<string, Feature<Geometry, P>> {
    return new Map(this.features(layer).map((f) => [String(f.id), f as unknown as Feature<Geometry, P>]))
  }
}

export const sameCoord = (a: readonly number[] | undefined, b: readonly number[] | undefined): boolean =>
  !!a && !!b && a[0] === b[0] && a[1] === b[1]
