import {
  Cartesian2,
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  GeometryInstance,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  PolylineColorAppearance,
  PolylineGeometry,
  type BoundingSphere,
  type Primitive,
  VerticalOrigin,
  type Viewer,
} from 'cesium'
import type { ParkData } from '../../app/park-data'
import {
  majorHazardOverlay,
  overlayOutlines,
  type MajorHazardOverlayState,
} from '../../centers/safety/hazards/hazards-model'
import type { Store } from '../../core/store'
import { batch, colorAttribute, cssColor, ringSphere } from '../cesium-util'
import { outerRing, ringCentroid } from '../geo/polygon-math'
import { labelFont } from '../palette'
import { pickId, type Selection } from '../pick-id'
import type { TwinLayer } from '../twin-layer'

const layerId = 'major-hazards'
/** outline lift above a tank farm's dike or a building's roof, m */
const lift = 0.6

/**
 * 重大危险源 on the twin: each major-hazard unit (a tank farm's dike or a process building) outlined in its grade's
 * colour (一级 red, 二级 orange, 三级 yellow, 四级 blue) with a "grade R=…" label. The outline carries the asset's
 * own pick id, so a click selects the tank farm or building and its details show the major-hazard card. Data come
 * from the overlay store the 重大危险源 tab fills; nothing drawn while the store is empty.
 */
export function majorHazardsLayer(overlay: Store<MajorHazardOverlayState> = majorHazardOverlay): TwinLayer {
  let viewer: Viewer | null = null
  let data: ParkData | null = null
  let outlines: Primitive | null = null
  let labels: LabelCollection | null = null
  let key = ''
  let builtFor: ParkData | null = null
  let visible = false
  let drawn = new Set<string>()
  let stop: (() => void) | null = null

  const heightOf = (d: ParkData, assetId: string) => {
    const a = d.assetById.get(assetId)
    const dike = Number((a?.properties as { dike_height_m?: unknown } | undefined)?.dike_height_m)
    const base = a?.properties.kind === 'tank_farm' ? (Number.isFinite(dike) && dike > 0 ? dike : 1.2) : 0
    return (a?.properties.height_m ?? base) + lift
  }

  function rebuild(): void {
    if (!viewer || !data) return
    const d = data
    const rows = overlayOutlines(overlay.get()).filter((o) => {
      const a = d.assetById.get(o.asset_id)
      return a !== undefined && outerRing(a.geometry).length >= 3
    })
    const next = rows.map((o) => `${o.asset_id}:${o.label}`).join('|')
    if (next !== key || d !== builtFor) {
      key = next
      builtFor = d
      if (outlines) viewer.scene.primitives.remove(outlines)
      labels?.removeAll()
      drawn = new Set(rows.map((o) => o.asset_id))
      outlines = batch(
        rows.map((o) => {
          const ring = outerRing(d.assetById.get(o.asset_id)!.geometry)
          const z = heightOf(d, o.asset_id)
          return new GeometryInstance({
            id: pickId('asset', o.asset_id),
            geometry: new PolylineGeometry({
              positions: [...ring, ring[0]!].map(([lon, lat]) => Cartesian3.fromDegrees(lon!, lat!, z)),
              width: 4,
            }),
            attributes: { color: colorAttribute(o.colour, 0.95) },
          })
        }),
        { appearance: new PolylineColorAppearance({ translucent: true }) },
      )
      if (outlines) viewer.scene.primitives.add(outlines)
      for (const o of rows) {
        const [lon, lat] = ringCentroid(outerRing(d.assetById.get(o.asset_id)!.geometry))
        labels?.add({
          position: Cartesian3.fromDegrees(lon, lat, heightOf(d, o.asset_id) + 2),
          text: o.label,
          font: labelFont,
          fillColor: Color.WHITE,
          outlineColor: cssColor('#03101f'),
          outlineWidth: 3,
          style: LabelStyle.FILL_AND_OUTLINE,
          showBackground: true,
          backgroundColor: cssColor(o.colour, 0.75),
          backgroundPadding: new Cartesian2(5, 2),
          horizontalOrigin: HorizontalOrigin.CENTER,
          verticalOrigin: VerticalOrigin.BOTTOM,
          distanceDisplayCondition: new DistanceDisplayCondition(0, 6_000),
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        })
      }
    }
    if (outlines) outlines.show = visible
    if (labels) labels.show = visible
    viewer.scene.requestRender()
  }

  return {
    id: layerId,
    mount(v) {
      viewer = v
      labels = v.scene.primitives.add(new LabelCollection({ scene: v.scene })) as LabelCollection
      stop = overlay.subscribe(() => rebuild())
    },
    update(state) {
      visible = state.visible.has(layerId)
      data = state.data
      rebuild()
    },
    // nothing to draw is ready; a built outline primitive once Cesium readied it
    isReady: () => !outlines || outlines.ready,
    sphereOf(selection: Selection, result: BoundingSphere) {
      if (selection.type !== 'asset' || !drawn.has(selection.id) || !data) return undefined
      const ring = outerRing(data.assetById.get(selection.id)!.geometry)
      return ringSphere(ring, ringCentroid(ring), heightOf(data, selection.id) / 2, result)
    },
    destroy() {
      stop?.()
      if (outlines) viewer?.scene.primitives.remove(outlines)
      if (labels) viewer?.scene.primitives.remove(labels)
      outlines = labels = null
      viewer = null
    },
  }
}
