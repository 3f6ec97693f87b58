import {
  BillboardCollection,
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  GeometryInstance,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  NearFarScalar,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
  type Primitive,
  VerticalOrigin,
  type Viewer,
} from 'cesium'
import type { WorkPermit } from '../../../server/contracts/permits'
import {
  circleRing,
  permitColour,
  workPermitsOverlay,
  type WorkPermitsOverlayState,
} from '../../centers/safety/permits/permit-model'
import { tx } from '../../centers/safety/permits/permit-texts'
import type { Store } from '../../core/store'
import { batch, colorAttribute, cssColor } from '../cesium-util'
import { iconCanvas } from '../icon-canvas'
import { labelFont } from '../palette'
import { overlayPickId, overlayRef, type Selection } from '../pick-id'
import type { TwinLayer, TwinState } from '../twin-layer'

export const workPermitsLayerId = 'work-permits'
const kind = 'work_permit'
// heights above the ellipsoid: the circle just above the ground and the park's control zones (1.3 m)
const circleHeight = 1.6
const iconHeight = 6

/**
 * Active work permits on the twin (特殊作业): an icon per approved or in-work permit (hot work a flame in orange for
 * 二级, red for 特级/一级; flagged permits red; others blue) over a translucent circle of the isolation radius (15 m
 * by default), pickable as `overlay:work_permit/<id>`. Drawn from the work-permits overlay the 特殊作业 tab fills;
 * shown only while the 'work-permits' layer is on.
 */
export function workPermitsLayer(overlay: Store<WorkPermitsOverlayState> = workPermitsOverlay): TwinLayer {
  let viewer: Viewer | null = null
  let billboards: BillboardCollection | null = null
  let labels: LabelCollection | null = null
  let fill: Primitive | null = null
  let outline: Primitive | null = null
  let shown = false
  let drawn = new Map<string, WorkPermit>()
  let radius = 15
  let stop: (() => void) | null = null

  const removeCircles = () => {
    if (fill) viewer?.scene.primitives.remove(fill)
    if (outline) viewer?.scene.primitives.remove(outline)
    fill = outline = null
  }

  function draw(s: WorkPermitsOverlayState) {
    if (!viewer || !billboards || !labels) return
    billboards.removeAll()
    labels.removeAll()
    removeCircles()
    radius = s.radiusM
    drawn = new Map(s.permits.map((p) => [p.id, p]))
    const rings = s.permits.map((p) => ({
      p,
      hex: permitColour(p),
      ring: circleRing(p.position.coordinates[0], p.position.coordinates[1], s.radiusM),
    }))
    fill = batch(
      rings.map(
        (r) =>
          new GeometryInstance({
            id: overlayPickId(kind, r.p.id),
            geometry: new PolygonGeometry({
              polygonHierarchy: new PolygonHierarchy(
                r.ring.slice(0, -1).map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat, circleHeight)),
              ),
              height: circleHeight,
              vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
            }),
            attributes: { color: colorAttribute(r.hex, 0.22) },
          }),
      ),
      { appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }) },
    )
    outline = batch(
      rings.map(
        (r) =>
          new GeometryInstance({
            geometry: new PolylineGeometry({
              positions: r.ring.map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat, circleHeight + 0.1)),
              width: 2,
            }),
            attributes: { color: colorAttribute(r.hex, 0.95) },
          }),
      ),
      { appearance: new PolylineColorAppearance({ translucent: true }), allowPicking: false },
    )
    if (fill) viewer.scene.primitives.add(fill)
    if (outline) viewer.scene.primitives.add(outline)
    for (const r of rings) {
      const position = Cartesian3.fromDegrees(
        r.p.position.coordinates[0],
        r.p.position.coordinates[1],
        iconHeight,
      )
      const id = overlayPickId(kind, r.p.id)
      billboards.add({
        id,
        position,
        image: iconCanvas(r.p.work_type === 'hot_work' ? 'flame' : 'flag', r.hex),
        width: 30,
        height: 30,
        verticalOrigin: VerticalOrigin.CENTER,
        scaleByDistance: new NearFarScalar(300, 1.3, 8000, 0.5),
        distanceDisplayCondition: new DistanceDisplayCondition(0, 9000),
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      })
      labels.add({
        id,
        position,
        text: tx(r.p.work_type),
        font: labelFont,
        scale: 0.8,
        fillColor: Color.WHITE,
        outlineColor: cssColor('#03101f'),
        outlineWidth: 3,
        style: LabelStyle.FILL_AND_OUTLINE,
        showBackground: true,
        backgroundColor: cssColor(r.hex, 0.55),
        backgroundPadding: new Cartesian2(5, 2),
        horizontalOrigin: HorizontalOrigin.CENTER,
        verticalOrigin: VerticalOrigin.BOTTOM,
        pixelOffset: new Cartesian2(0, -20),
        distanceDisplayCondition: new DistanceDisplayCondition(0, 2500),
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      })
    }
    applyShow()
  }

  function applyShow() {
    if (billboards) billboards.show = shown
    if (labels) labels.show = shown
    if (fill) fill.show = shown
    if (outline) outline.show = shown
    viewer?.scene.requestRender()
  }

  return {
    id: workPermitsLayerId,
    mount(v) {
      viewer = v
      billboards = v.scene.primitives.add(new BillboardCollection({ scene: v.scene })) as BillboardCollection
      labels = v.scene.primitives.add(new LabelCollection({ scene: v.scene })) as LabelCollection
      draw(overlay.get())
      stop = overlay.subscribe((s, prev) => {
        if (s.permits !== prev.permits || s.radiusM !== prev.radiusM) draw(s)
      })
    },
    update(state: TwinState) {
      const show = state.visible.has(workPermitsLayerId)
      if (show !== shown) {
        shown = show
        applyShow()
      }
    },
    // primitives are built synchronously: ready at once, also with nothing to draw
    isReady: () => true,
    sphereOf(selection: Selection, result: BoundingSphere) {
      const ref = overlayRef(selection)
      if (ref?.kind !== kind) return undefined
      const p = drawn.get(ref.id)
      if (!p) return undefined
      Cartesian3.fromDegrees(
        p.position.coordinates[0],
        p.position.coordinates[1],
        iconHeight,
        undefined,
        result.center,
      )
      result.radius = Math.max(radius, 10)
      return result
    },
    destroy() {
      stop?.()
      removeCircles()
      if (billboards) viewer?.scene.primitives.remove(billboards)
      if (labels) viewer?.scene.primitives.remove(labels)
      billboards = labels = null
      viewer = null
    },
  }
}
