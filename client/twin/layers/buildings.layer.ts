import {
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolygonOutlineGeometry,
} from 'cesium'
import type { AssetFeature } from '../../../server/contracts'
import { assetsOfKind, prop } from '../../app/park-data'
import { batch, colorAttribute, cssColor, present, ringPositions, ringSphere } from '../cesium-util'
import { outerRing, ringCentroid } from '../geo/polygon-math'
import { buildingDefaultHex, buildingUseHex, groundHex, highlightHex } from '../palette'
import { pickId } from '../pick-id'
import { primitiveLayer } from '../primitive-layer'
import type { TwinLayer } from '../twin-layer'

const parkingHeight = 0.6
const defaultHeight = 12
const edgeHex = '#9be7ff'

/** Extruded building footprints (one primitive, colour by use), their edges, and parking lots. */
export function buildingsLayer(): TwinLayer {
  return primitiveLayer({
    id: 'buildings',
    toggle: 'buildings',
    highlights: 'asset',
    build(d) {
      const withRing = (f: AssetFeature) => outerRing(f.geometry).length >= 3
      const buildings = assetsOfKind(d, 'building').filter(withRing)
      const parking = assetsOfKind(d, 'parking').filter(withRing)
      const hierarchy = (f: AssetFeature) => new PolygonHierarchy(ringPositions(outerRing(f.geometry)))
      const solids = batch(
        buildings.map(
          (b) =>
            new GeometryInstance({
              id: pickId('asset', b.id),
              geometry: new PolygonGeometry({
                polygonHierarchy: hierarchy(b),
                height: 0,
                extrudedHeight: heightOf(b),
                vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
              }),
              attributes: { color: colorAttribute(colourOf(b)) },
            }),
        ),
        { appearance: new PerInstanceColorAppearance({ translucent: false, closed: true }) },
      )
      const edges = batch(
        buildings.map(
          (b) =>
            new GeometryInstance({
              geometry: new PolygonOutlineGeometry({
                polygonHierarchy: hierarchy(b),
                height: 0,
                extrudedHeight: heightOf(b),
              }),
              attributes: { color: colorAttribute(edgeHex, 0.55) },
            }),
        ),
        {
          appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
          allowPicking: false,
        },
      )
      const lots = batch(
        parking.map(
          (p) =>
            new GeometryInstance({
              id: pickId('asset', p.id),
              geometry: new PolygonGeometry({
                polygonHierarchy: hierarchy(p),
                height: parkingHeight,
                vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
              }),
              attributes: { color: colorAttribute(groundHex.parking, 0.95) },
            }),
        ),
        { appearance: new PerInstanceColorAppearance({ flat: true, translucent: false }) },
      )
      return {
        drawables: [solids, edges, lots].filter(present),
        highlight(id) {
          const asset = d.assetById.get(id)
          const kind = asset?.properties.kind
          const primitive = kind === 'building' ? solids : kind === 'parking' ? lots : null
          if (!asset || !primitive) return undefined
          const base = kind === 'building' ? cssColor(colourOf(asset)) : cssColor(groundHex.parking, 0.95)
          return { primitive, instanceId: pickId('asset', id), base, lit: cssColor(highlightHex) }
        },
      }
    },
    sphereOf(d, selection, result) {
      const asset = selection.type === 'asset' ? d.assetById.get(selection.id) : undefined
      const kind = asset?.properties.kind
      if (!asset || (kind !== 'building' && kind !== 'parking')) return undefined
      const ring = outerRing(asset.geometry)
      const centreHeight = kind === 'building' ? heightOf(asset) / 2 : parkingHeight
      return ring.length ? ringSphere(ring, ringCentroid(ring), centreHeight, result) : undefined
    },
  })
}

function heightOf(b: AssetFeature): number {
  const h = b.properties.height_m ?? prop<number>(b, 'height_m', 'number')
  return h && h > 0 ? h : defaultHeight
}

function colourOf(b: AssetFeature): string {
  return buildingUseHex[prop<string>(b, 'use', 'string') ?? ''] ?? buildingDefaultHex
}
