// The markers and labels of the emergency overlays (应急指挥 incident and 应急演练 drill): the release point as a
// red marker with a "⚠ title" label, and muster points (集合点) as points in their colour with an optional label of
// the same colour. One point collection and one label collection, always drawn over the ground (no depth test),
// labels shown within 12 km. Shared by incident.layer.ts and drill.layer.ts.
import {
  Cartesian2,
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  PointPrimitiveCollection,
  type PrimitiveCollection,
  type Scene,
  VerticalOrigin,
} from 'cesium'
import { cssColor } from '../cesium-util'
import { labelFont } from '../palette'
import { levelHex } from './threat-zones.draw'

/** markers sit this high above the ellipsoid (above the zones' polygons) */
const markerHeight = 4
const outline = '#03101f'

export interface OverlayMarkers {
  /** removes every marker and label */
  clear(): void
  /** the release point (事故源): a red marker and "⚠ title" on a dark red background */
  source(lon: number, lat: number, title: string): void
  /** a muster point: a point in `colour`, and `label` in that colour when given */
  muster(lon: number, lat: number, colour: string, label: string | null): void
  /** markers drawn now */
  count(): number
  /** hides or shows every marker and label (kept while hidden) */
  setShow(on: boolean): void
  destroy(): void
}

/** The common label style: white with a dark outline on a background box, above the point. */
function labelOptions() {
  return {
    font: labelFont,
    fillColor: Color.WHITE,
    outlineColor: cssColor(outline),
    outlineWidth: 3,
    style: LabelStyle.FILL_AND_OUTLINE,
    showBackground: true,
    backgroundPadding: new Cartesian2(6, 3),
    horizontalOrigin: HorizontalOrigin.CENTER,
    verticalOrigin: VerticalOrigin.BOTTOM,
    pixelOffset: new Cartesian2(0, -12),
    distanceDisplayCondition: new DistanceDisplayCondition(0, 12_000),
    disableDepthTestDistance: Number.POSITIVE_INFINITY,
  }
}

/** Adds the two collections to `primitives`; `destroy` removes them. */
export function overlayMarkers(primitives: PrimitiveCollection, scene: Scene): OverlayMarkers {
  const points = primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection
  const labels = primitives.add(new LabelCollection({ scene })) as LabelCollection
  return {
    clear() {
      points.removeAll()
      labels.removeAll()
    },
    source(lon, lat, title) {
      const at = Cartesian3.fromDegrees(lon, lat, markerHeight)
      points.add({
        position: at,
        pixelSize: 16,
        color: cssColor(levelHex.red),
        outlineColor: Color.WHITE,
        outlineWidth: 3,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      })
      labels.add({
        ...labelOptions(),
        position: at,
        text: `⚠ ${title}`,
        backgroundColor: cssColor('#7a0d0d', 0.85),
        pixelOffset: new Cartesian2(0, -14),
      })
    },
    muster(lon, lat, colour, label) {
      const at = Cartesian3.fromDegrees(lon, lat, markerHeight)
      points.add({
        position: at,
        pixelSize: 11,
        color: cssColor(colour),
        outlineColor: cssColor(outline),
        outlineWidth: 2,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      })
      if (label !== null)
        labels.add({
          ...labelOptions(),
          position: at,
          text: label,
          backgroundColor: cssColor('#06203d', 0.78),
          fillColor: cssColor(colour),
          scale: 0.85,
        })
    },
    count: () => points.length,
    setShow(on) {
      points.show = on
      labels.show = on
    },
    destroy() {
      primitives.remove(points)
      primitives.remove(labels)
    },
  }
}
