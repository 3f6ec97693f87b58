import {
  BoundingSphere,
  CallbackPositionProperty,
  CallbackProperty,
  Cartesian2,
  Cartesian3,
  Color,
  Ellipsoid,
  HorizontalOrigin,
  LabelStyle,
  PolylineGlowMaterialProperty,
  VerticalOrigin,
  type Entity,
  type Viewer,
} from 'cesium'
import { cssColor } from '../cesium-util'
import { highlightHex, labelFont } from '../palette'
import { sameSelection, type Selection } from '../pick-id'
import type { TwinLayer, TwinState } from '../twin-layer'

/** metres the marker's label floats above the selected object's top */
const riseM = 35

export type Locate = (selection: Selection, result: BoundingSphere) => BoundingSphere | undefined

/**
 * The one Entity of the twin: a glowing pin and name label over the selected object, following
 * it (tags move) through a callback position.
 */
export function selectionLayer(
  locate: Locate,
  nameOf: (selection: Selection, state: TwinState) => string,
): TwinLayer {
  let viewer: Viewer | null = null
  let entity: Entity | null = null
  let shown: Selection | null = null
  let locale = ''
  const sphere = new BoundingSphere()
  const up = new Cartesian3()
  const pin: [Cartesian3, Cartesian3] = [new Cartesian3(), new Cartesian3()]
  const noPin: Cartesian3[] = []

  /** Ground point and the label point above the object, or undefined while it cannot be located. */
  function ends(selection: Selection, top: boolean, result: Cartesian3): Cartesian3 | undefined {
    if (!locate(selection, sphere)) return undefined
    Ellipsoid.WGS84.geodeticSurfaceNormal(sphere.center, up)
    const h = top ? sphere.radius + riseM : -Ellipsoid.WGS84.cartesianToCartographic(sphere.center).height
    return Cartesian3.add(sphere.center, Cartesian3.multiplyByScalar(up, h, up), result)
  }

  function show(selection: Selection | null, state: TwinState): void {
    if (entity) viewer?.entities.remove(entity)
    entity = null
    shown = selection
    if (!selection || !viewer) return
    const sel = selection
    entity = viewer.entities.add({
      position: new CallbackPositionProperty(
        (_t, result) => ends(sel, true, result ?? new Cartesian3()),
        false,
      ),
      label: {
        text: nameOf(sel, state),
        font: labelFont.replace('15px', '18px'),
        fillColor: Color.WHITE,
        outlineColor: cssColor('#001020'),
        outlineWidth: 3,
        style: LabelStyle.FILL_AND_OUTLINE,
        showBackground: true,
        backgroundColor: cssColor('#005f7a', 0.85),
        backgroundPadding: new Cartesian2(10, 6),
        horizontalOrigin: HorizontalOrigin.CENTER,
        verticalOrigin: VerticalOrigin.BOTTOM,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      },
      polyline: {
        positions: new CallbackProperty(
          () => (ends(sel, false, pin[0]) && ends(sel, true, pin[1]) ? pin : noPin),
          false,
        ),
        width: 6,
        material: new PolylineGlowMaterialProperty({ color: cssColor(highlightHex, 0.9), glowPower: 0.3 }),
      },
    })
  }

  return {
    id: 'selection',
    mount(v) {
      viewer = v
    },
    update(state: TwinState) {
      if (!viewer) return
      if (sameSelection(shown, state.selected) && locale === state.locale) return
      locale = state.locale
      show(state.selected, state)
      viewer.scene.requestRender()
    },
    isReady: () => true,
    sphereOf: () => undefined,
    destroy() {
      if (entity) viewer?.entities.remove(entity)
      entity = null
      viewer = null
    },
  }
}
