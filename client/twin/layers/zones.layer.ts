import {
  GeometryInstance,
  Material,
  MaterialAppearance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
  type VertexFormat,
} from 'cesium'
import type { ParkData } from '../../app/park-data'
import { batch, closedRingPositions, colorAttribute, cssColor, present, ringPositions } from '../cesium-util'
import { zoneDefault, zoneHex } from '../palette'
import { primitiveLayer } from '../primitive-layer'
import type { TwinLayer } from '../twin-layer'

const zoneHeight = 1.3

type ZoneFeature = ParkData['zones']['features'][number]

/**
 * Control zones as translucent ground polygons by zone_type: restricted zones hatched red,
 * hazmat corridors orange, speed zones blue; outlined. Not pickable (clicks reach the parcels).
 */
export function zonesLayer(): TwinLayer {
  return primitiveLayer({
    id: 'zones',
    toggle: 'zones',
    build(d) {
      const zones = d.zones.features.filter((z) => (z.geometry.coordinates[0]?.length ?? 0) >= 4)
      const restricted = zones.filter((z) => z.properties.zone_type === 'restricted')
      const others = zones.filter((z) => z.properties.zone_type !== 'restricted')
      const hatch = batch(
        restricted.map(
          (z) =>
            new GeometryInstance({
              geometry: polygon(z, MaterialAppearance.MaterialSupport.TEXTURED.vertexFormat),
            }),
        ),
        {
          appearance: new MaterialAppearance({
            material: Material.fromType('Stripe', {
              evenColor: cssColor('#ff3040', 0.5),
              oddColor: cssColor('#ff3040', 0.08),
              repeat: 24,
            }),
            translucent: true,
            flat: true,
          }),
          allowPicking: false,
        },
      )
      const fills = batch(
        others.map(
          (z) =>
            new GeometryInstance({
              geometry: polygon(z, PerInstanceColorAppearance.FLAT_VERTEX_FORMAT),
              attributes: { color: colorAttribute(styleOf(z).fill, styleOf(z).alpha) },
            }),
        ),
        {
          appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
          allowPicking: false,
        },
      )
      const outlines = batch(
        zones.map(
          (z) =>
            new GeometryInstance({
              geometry: new PolylineGeometry({
                positions: closedRingPositions(z.geometry.coordinates[0] ?? [], zoneHeight + 0.1),
                width: 2,
              }),
              attributes: { color: colorAttribute(styleOf(z).fill, 0.9) },
            }),
        ),
        { appearance: new PolylineColorAppearance({ translucent: true }), allowPicking: false },
      )
      return { drawables: [hatch, fills, outlines].filter(present) }
    },
  })
}

function styleOf(zone: ZoneFeature): { fill: string; alpha: number } {
  return zoneHex[zone.properties.zone_type] ?? zoneDefault
}

function polygon(zone: ZoneFeature, vertexFormat: VertexFormat): PolygonGeometry {
  return new PolygonGeometry({
    polygonHierarchy: new PolygonHierarchy(ringPositions(zone.geometry.coordinates[0] ?? [])),
    height: zoneHeight,
    vertexFormat,
  })
}
