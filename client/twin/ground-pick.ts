// Picking a point on the twin's ground (地图选点): a panel asks for one point (the incident declare form's "pick
// on map"); the cursor turns to a crosshair, the next left click on the canvas gives its lon/lat, Esc cancels.
// The picked point can be shown as a marker until the panel clears it. app.ts installs the facility on the one
// viewer; without it (or in a unit test) a pick answers null at once.
import {
  Cartesian2,
  Cartesian3,
  Cartographic,
  Color,
  LabelCollection,
  LabelStyle,
  Math as CesiumMath,
  PointPrimitiveCollection,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  VerticalOrigin,
  type Viewer,
} from 'cesium'
import { cssColor } from './cesium-util'
import { labelFont } from './palette'

export interface GroundPoint {
  lon: number
  lat: number
}

interface Facility {
  pick(): Promise<GroundPoint | null>
  cancel(): void
  picking(): boolean
  mark(point: GroundPoint | null, label?: string): void
}

let facility: Facility | null = null

/**
 * Waits for one click on the twin's ground; null when cancelled (Esc, another pick, `cancelGroundPick`, the
 * facility removed) or when no twin is installed.
 */
export function pickGroundPoint(): Promise<GroundPoint | null> {
  return facility ? facility.pick() : Promise.resolve(null)
}

/** Ends a pick in progress (it answers null). */
export function cancelGroundPick(): void {
  facility?.cancel()
}

/** Whether a pick waits for its click. */
export function groundPickActive(): boolean {
  return facility?.picking() ?? false
}

/** Shows one marker at a picked point (with an optional label); null removes it. */
export function markGroundPoint(point: GroundPoint | null, label?: string): void {
  facility?.mark(point, label)
}

/** points whose picked height is beyond this are sky or far-plane noise: the ellipsoid is used instead */
const maxPickHeightM = 500

/** The ground under a window position: the depth picked (a roof, a tank top), else the ellipsoid (no terrain). */
function groundAt(viewer: Viewer, position: Cartesian2): GroundPoint | null {
  const { scene, camera } = viewer
  let world: Cartesian3 | undefined
  if (scene.pickPositionSupported) {
    try {
      world = scene.pickPosition(position)
    } catch {
      world = undefined
    }
  }
  let carto = world ? Cartographic.fromCartesian(world) : undefined
  if (!carto || !Number.isFinite(carto.height) || Math.abs(carto.height) > maxPickHeightM) {
    world = camera.pickEllipsoid(position, scene.globe.ellipsoid)
    carto = world ? Cartographic.fromCartesian(world) : undefined
  }
  if (!carto) return null
  return { lon: CesiumMath.toDegrees(carto.longitude), lat: CesiumMath.toDegrees(carto.latitude) }
}

/** Installs the facility on the viewer (one at a time); the returned function removes it. */
export function installGroundPick(viewer: Viewer): () => void {
  const canvas = viewer.scene.canvas
  const points = viewer.scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection
  const labels = viewer.scene.primitives.add(new LabelCollection({ scene: viewer.scene })) as LabelCollection
  let handler: ScreenSpaceEventHandler | null = null
  let pending: ((p: GroundPoint | null) => void) | null = null
  let cursor = ''

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') finish(null)
  }
  function finish(point: GroundPoint | null): void {
    const done = pending
    pending = null
    handler?.destroy()
    handler = null
    document.removeEventListener('keydown', onKey, true)
    canvas.style.cursor = cursor
    done?.(point)
  }

  const own: Facility = {
    pick() {
      finish(null)
      cursor = canvas.style.cursor
      canvas.style.cursor = 'crosshair'
      document.addEventListener('keydown', onKey, true)
      handler = new ScreenSpaceEventHandler(canvas)
      handler.setInputAction((event: { position: Cartesian2 }) => {
        const point = groundAt(viewer, event.position)
        if (point) finish(point)
      }, ScreenSpaceEventType.LEFT_CLICK)
      return new Promise((resolve) => {
        pending = resolve
      })
    },
    cancel: () => finish(null),
    picking: () => pending !== null,
    mark(point, label) {
      points.removeAll()
      labels.removeAll()
      if (point) {
        const at = Cartesian3.fromDegrees(point.lon, point.lat, 4)
        points.add({
          position: at,
          pixelSize: 14,
          color: cssColor('#ff3b3b'),
          outlineColor: Color.WHITE,
          outlineWidth: 3,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        })
        if (label)
          labels.add({
            position: at,
            text: label,
            font: labelFont,
            fillColor: Color.WHITE,
            outlineColor: cssColor('#03101f'),
            outlineWidth: 3,
            style: LabelStyle.FILL_AND_OUTLINE,
            showBackground: true,
            backgroundColor: cssColor('#7a0d0d', 0.85),
            backgroundPadding: new Cartesian2(6, 3),
            verticalOrigin: VerticalOrigin.BOTTOM,
            pixelOffset: new Cartesian2(0, -12),
            disableDepthTestDistance: Number.POSITIVE_INFINITY,
          })
      }
      viewer.scene.requestRender()
    },
  }
  facility = own
  return () => {
    finish(null)
    if (facility === own) facility = null
    viewer.scene.primitives.remove(points)
    viewer.scene.primitives.remove(labels)
  }
}
