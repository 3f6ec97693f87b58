// Threat zones (危险区域) on the twin: red / orange / yellow translucent polygons with outlines, stacked so red is
// on top, as two batched primitives. Shared by the incident layer and the drill layer.
import {
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
  type Primitive,
} from 'cesium'
import type { Position } from '../../../server/contracts'
import type { ZoneLevelName } from '../../../server/contracts/emergency'
import { batch, closedRingPositions, colorAttribute, ringPositions } from '../cesium-util'

export const levelHex: Record<ZoneLevelName, string> = {
  red: '#ff3b3b',
  orange: '#ff8c1a',
  yellow: '#ffd21a',
}
const zoneHeight: Record<ZoneLevelName, number> = { yellow: 1.7, orange: 2.0, red: 2.3 }
const zoneAlpha: Record<ZoneLevelName, number> = { yellow: 0.2, orange: 0.24, red: 0.3 }
const drawOrder: readonly ZoneLevelName[] = ['yellow', 'orange', 'red']

export interface ThreatZoneFeature {
  properties: { level: ZoneLevelName }
  geometry: { coordinates: Position[][] }
}

export interface ThreatZonePrimitives {
  fill: Primitive | null
  outline: Primitive | null
  /** polygons drawn (rings with at least four positions) */
  count: number
}

/** The primitives of a set of zones (not yet added to the scene); nothing for an empty set. */
export function threatZonePrimitives(
  zones: readonly ThreatZoneFeature[],
  outline: { width: number; alpha: number } = { width: 2, alpha: 0.9 },
): ThreatZonePrimitives {
  const features = zones
    .filter((f) => (f.geometry.coordinates[0]?.length ?? 0) >= 4)
    .sort((a, b) => drawOrder.indexOf(a.properties.level) - drawOrder.indexOf(b.properties.level))
  if (!features.length) return { fill: null, outline: null, count: 0 }
  const fill = batch(
    features.map(
      (f) =>
        new GeometryInstance({
          geometry: new PolygonGeometry({
            polygonHierarchy: new PolygonHierarchy(ringPositions(f.geometry.coordinates[0]!)),
            height: zoneHeight[f.properties.level],
            vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
          }),
          attributes: {
            color: colorAttribute(levelHex[f.properties.level], zoneAlpha[f.properties.level]),
          },
        }),
    ),
    { appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }), allowPicking: false },
  )
  const lines = batch(
    features.map(
      (f) =>
        new GeometryInstance({
          geometry: new PolylineGeometry({
            positions: closedRingPositions(f.geometry.coordinates[0]!, zoneHeight[f.properties.level] + 0.1),
            width: outline.width,
          }),
          attributes: { color: colorAttribute(levelHex[f.properties.level], outline.alpha) },
        }),
    ),
    { appearance: new PolylineColorAppearance({ translucent: true }), allowPicking: false },
  )
  return { fill, outline: lines, count: features.length }
}
