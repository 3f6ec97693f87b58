import {
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  WallGeometry,
} from 'cesium'
import type { AssetFeature } from '../../../server/contracts'
import { assetsOfKind, prop } from '../../app/park-data'
import {
  batch,
  closedRingPositions,
  colorAttribute,
  cssColor,
  present,
  ringPositions,
  ringSphere,
} from '../cesium-util'
import { outerRing, ringCentroid } from '../geo/polygon-math'
import { groundHex, highlightHex } from '../palette'
import { pickId } from '../pick-id'
import { primitiveLayer } from '../primitive-layer'
import type { TwinLayer } from '../twin-layer'

const floorHeight = 0.35
/** 围堰 default when a farm carries no dike height, m */
const defaultDikeM = 1.2

/** Tank-farm floors (pickable) and their dike walls as low extrusions of the outline. */
export function tankFarmsLayer(): TwinLayer {
  return primitiveLayer({
    id: 'tank-farms',
    toggle: 'tank-farms',
    highlights: 'asset',
    build(d) {
      const farms = assetsOfKind(d, 'tank_farm').filter((f) => outerRing(f.geometry).length >= 3)
      const floors = batch(
        farms.map(
          (f) =>
            new GeometryInstance({
              id: pickId('asset', f.id),
              geometry: new PolygonGeometry({
                polygonHierarchy: new PolygonHierarchy(ringPositions(outerRing(f.geometry))),
                height: floorHeight,
                vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
              }),
              attributes: { color: colorAttribute(groundHex.tankFarmFloor) },
            }),
        ),
        { appearance: new PerInstanceColorAppearance({ flat: true }) },
      )
      const walls = batch(
        farms.map((f) => {
          const positions = closedRingPositions(outerRing(f.geometry))
          return new GeometryInstance({
            id: pickId('asset', f.id),
            geometry: new WallGeometry({
              positions,
              maximumHeights: positions.map(() => dikeOf(f)),
              minimumHeights: positions.map(() => 0),
              vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
            }),
            attributes: { color: colorAttribute(groundHex.dike) },
          })
        }),
        { appearance: new PerInstanceColorAppearance({ closed: false }) },
      )
      return {
        drawables: [floors, walls].filter(present),
        highlight: (id) =>
          floors && d.assetById.get(id)?.properties.kind === 'tank_farm'
            ? {
                primitive: floors,
                instanceId: pickId('asset', id),
                base: cssColor(groundHex.tankFarmFloor),
                lit: cssColor(highlightHex, 0.9),
              }
            : undefined,
      }
    },
    sphereOf(d, selection, result) {
      const asset = selection.type === 'asset' ? d.assetById.get(selection.id) : undefined
      if (asset?.properties.kind !== 'tank_farm') return undefined
      const ring = outerRing(asset.geometry)
      return ring.length ? ringSphere(ring, ringCentroid(ring), dikeOf(asset) / 2, result) : undefined
    },
  })
}

function dikeOf(farm: AssetFeature): number {
  const h = prop<number>(farm, 'dike_height_m', 'number') ?? farm.properties.height_m
  return h && h > 0 ? h : defaultDikeM
}
