import {
  Cartesian3,
  CornerType,
  CorridorGeometry,
  GeometryInstance,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  Material,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
  PolylineMaterialAppearance,
  VerticalOrigin,
  type Scene,
} from 'cesium'
import type { Position } from '../../../server/contracts'
import type { ParkData } from '../../app/park-data'
import { pick } from '../../shell/i18n/i18n'
import {
  batch,
  closedRingPositions,
  colorAttribute,
  cssColor,
  present,
  ringPositions,
  ringSphere,
} from '../cesium-util'
import { ringCentroid } from '../geo/polygon-math'
import { riverPolygon } from '../geo/river'
import { groundHex, labelFont, riskHex } from '../palette'
import { pickId } from '../pick-id'
import { primitiveLayer } from '../primitive-layer'
import type { TwinLayer } from '../twin-layer'

// Heights above the ellipsoid (m) that keep the flat ground parts in a fixed stacking order.
const H = { river: 0.05, belt: 0.1, park: 0.2, parcel: 0.45, road: 0.7, lines: 0.9, boundary: 1.1 }
const parcelAlpha = 0.3
const parcelSelectedAlpha = 0.62
/** 防护绿地: the green belt drawn along the boundary, m */
const greenBeltM = 140

const flatFill = (translucent = false) => new PerInstanceColorAppearance({ flat: true, translucent })

/** The park drawn as its own ground: river, green belt, boundary, risk-coloured parcels, roads. */
export function groundLayer(): TwinLayer {
  return primitiveLayer({
    id: 'ground',
    toggle: 'ground',
    highlights: 'enterprise',
    build(d, viewer) {
      const boundary = d.park.boundary.geometry.coordinates[0] ?? []
      const { scenery, labels } = sceneryOf(boundary, viewer.scene)
      const parcels = batch(
        d.enterprises.features.map((e) =>
          polygon(
            pickId('enterprise', e.id),
            e.geometry.coordinates[0] ?? [],
            H.parcel,
            riskHex[e.properties.risk],
            parcelAlpha,
          ),
        ),
        { appearance: flatFill(true) },
      )
      const outlines = batch(
        d.enterprises.features.map(
          (e) =>
            new GeometryInstance({
              geometry: new PolylineGeometry({
                positions: closedRingPositions(e.geometry.coordinates[0] ?? [], H.lines),
                width: 2,
              }),
              attributes: { color: colorAttribute(riskHex[e.properties.risk], 0.95) },
            }),
        ),
        { appearance: new PolylineColorAppearance({ translucent: true }), allowPicking: false },
      )
      const boundaryLine = batch(
        [
          new GeometryInstance({
            geometry: new PolylineGeometry({
              positions: closedRingPositions(boundary, H.boundary),
              width: 7,
            }),
          }),
        ],
        {
          appearance: new PolylineMaterialAppearance({
            material: Material.fromType('PolylineGlow', {
              color: cssColor(groundHex.boundary, 0.9),
              glowPower: 0.25,
            }),
          }),
          allowPicking: false,
        },
      )
      return {
        drawables: [scenery, roadsOf(d), parcels, outlines, boundaryLine, labels].filter(present),
        highlight(id) {
          const risk = d.enterpriseById.get(id)?.properties.risk
          if (!parcels || !risk) return undefined
          const hex = riskHex[risk]
          return {
            primitive: parcels,
            instanceId: pickId('enterprise', id),
            base: cssColor(hex, parcelAlpha),
            lit: cssColor(hex, parcelSelectedAlpha),
          }
        },
        update() {
          for (let i = 0; i < (labels?.length ?? 0); i++) labels!.get(i).text = pick('长江', 'Yangtze River')
        },
      }
    },
    sphereOf(d, selection, result) {
      if (selection.type !== 'enterprise') return undefined
      const ring = d.enterpriseById.get(selection.id)?.geometry.coordinates[0]
      return ring ? ringSphere(ring, ringCentroid(ring), 0, result) : undefined
    },
  })
}

/** River (with its name), green belt and park fill: one primitive and one label collection. */
function sceneryOf(boundary: readonly Position[], scene: Scene) {
  const river = riverPolygon(boundary)
  const instances: GeometryInstance[] = []
  if (river.ring.length) instances.push(polygon('river', river.ring, H.river, groundHex.river))
  instances.push(
    new GeometryInstance({
      id: 'green-belt',
      geometry: new CorridorGeometry({
        positions: closedRingPositions(boundary),
        width: greenBeltM,
        height: H.belt,
        cornerType: CornerType.MITERED,
      }),
      attributes: { color: colorAttribute(groundHex.green) },
    }),
    polygon('park', boundary, H.park, groundHex.park),
  )
  let labels: LabelCollection | null = null
  if (river.labelAt) {
    labels = new LabelCollection({ scene })
    labels.add({
      position: Cartesian3.fromDegrees(river.labelAt[0], river.labelAt[1], 5),
      text: '长江',
      font: labelFont.replace('500 15px', '600 26px'),
      fillColor: cssColor('#7cc4ff', 0.85),
      style: LabelStyle.FILL,
      horizontalOrigin: HorizontalOrigin.CENTER,
      verticalOrigin: VerticalOrigin.CENTER,
    })
  }
  return { scenery: batch(instances, { appearance: flatFill(), allowPicking: false }), labels }
}

/** Roads as corridors of their real width, hazmat routes in their own colour. */
function roadsOf(d: ParkData) {
  return batch(
    d.roads.features.map(
      (road) =>
        new GeometryInstance({
          geometry: new CorridorGeometry({
            positions: road.geometry.coordinates.map((p) => Cartesian3.fromDegrees(p[0], p[1])),
            width: Math.max(road.properties.width_m, 4),
            height: H.road,
            cornerType: CornerType.ROUNDED,
          }),
          attributes: {
            color: colorAttribute(
              road.properties.road_class === 'hazmat' ? groundHex.hazmatRoad : groundHex.road,
            ),
          },
        }),
    ),
    { appearance: flatFill(), allowPicking: false },
  )
}

function polygon(id: string, ring: readonly Position[], height: number, hex: string, alpha = 1) {
  return new GeometryInstance({
    id,
    geometry: new PolygonGeometry({
      polygonHierarchy: new PolygonHierarchy(ringPositions(ring)),
      height,
      vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
    }),
    attributes: { color: colorAttribute(hex, alpha) },
  })
}
