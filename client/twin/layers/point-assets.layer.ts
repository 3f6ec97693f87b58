import {
  BillboardCollection,
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  NearFarScalar,
  VerticalOrigin,
  type Billboard,
  type Label,
  type Viewer,
} from 'cesium'
import type { ParkData } from '../../app/park-data'
import { pick } from '../../shell/i18n/i18n'
import { cssColor } from '../cesium-util'
import { labelFont } from '../palette'
import { iconCanvas } from '../icon-canvas'
import { pickId, type Selection } from '../pick-id'
import { styleFor, type PointStyle } from '../point-kinds'
import type { TwinLayer, TwinState } from '../twin-layer'

interface PointItem {
  style: PointStyle
  name: string
  nameEn: string | null
  billboard: Billboard
  label: Label | null
}

/**
 * Gates, muster points, fire station, hydrants, depots, gas detectors and monitoring points as
 * billboards (runtime-drawn badges) with labels for the few important ones.
 */
export function pointAssetsLayer(pixelScale = 1): TwinLayer {
  let viewer: Viewer | null = null
  let data: ParkData | null = null
  let billboards: BillboardCollection | null = null
  let labels: LabelCollection | null = null
  let items = new Map<string, PointItem>()
  let selectedId: string | null = null
  let locale = ''

  function build(d: ParkData, v: Viewer): void {
    billboards = v.scene.primitives.add(new BillboardCollection({ scene: v.scene })) as BillboardCollection
    labels = v.scene.primitives.add(new LabelCollection({ scene: v.scene })) as LabelCollection
    items = new Map()
    for (const f of d.assets.features) {
      if (f.geometry.type !== 'Point') continue
      const style = styleFor(f.properties.kind, f.properties.props.measure)
      if (!style || style.live) continue
      const id = pickId('asset', f.id)
      const position = Cartesian3.fromDegrees(
        f.geometry.coordinates[0],
        f.geometry.coordinates[1],
        style.heightM,
      )
      const depth = style.alwaysOnTop ? Number.POSITIVE_INFINITY : 0
      const billboard = billboards.add({
        id,
        position,
        image: iconCanvas(style.glyph, style.hex),
        width: style.sizePx * pixelScale,
        height: style.sizePx * pixelScale,
        verticalOrigin: VerticalOrigin.CENTER,
        scaleByDistance: new NearFarScalar(400, 1.25, 9000, 0.55),
        distanceDisplayCondition: new DistanceDisplayCondition(0, style.maxDistanceM),
        disableDepthTestDistance: depth,
      })
      const label = style.labelled
        ? labels.add({
            id,
            position,
            text: f.properties.name,
            font: labelFont,
            scale: pixelScale,
            fillColor: Color.WHITE,
            outlineColor: cssColor('#03101f'),
            outlineWidth: 3,
            style: LabelStyle.FILL_AND_OUTLINE,
            showBackground: true,
            backgroundColor: cssColor('#06203d', 0.72),
            backgroundPadding: new Cartesian2(6, 3),
            horizontalOrigin: HorizontalOrigin.CENTER,
            verticalOrigin: VerticalOrigin.BOTTOM,
            pixelOffset: new Cartesian2(0, -(style.sizePx * pixelScale) / 2 - 4),
            pixelOffsetScaleByDistance: new NearFarScalar(400, 1.25, 9000, 0.55),
            distanceDisplayCondition: new DistanceDisplayCondition(0, style.labelMaxDistanceM ?? 7000),
            disableDepthTestDistance: depth,
          })
        : null
      items.set(f.id, { style, name: f.properties.name, nameEn: f.properties.name_en, billboard, label })
    }
  }

  function removeAll(): void {
    if (billboards) viewer?.scene.primitives.remove(billboards)
    if (labels) viewer?.scene.primitives.remove(labels)
    billboards = labels = null
    items = new Map()
    selectedId = null
  }

  return {
    id: 'point-assets',
    mount(v) {
      viewer = v
    },
    update(state: TwinState) {
      if (!viewer) return
      if (state.data !== data) {
        removeAll()
        data = state.data
        build(data, viewer)
        locale = ''
      }
      for (const item of items.values()) {
        const show = state.visible.has(item.style.layer)
        item.billboard.show = show
        if (item.label) item.label.show = show
      }
      if (locale !== state.locale) {
        locale = state.locale
        for (const item of items.values()) if (item.label) item.label.text = pick(item.name, item.nameEn)
      }
      const id = state.selected?.type === 'asset' && items.has(state.selected.id) ? state.selected.id : null
      if (id !== selectedId) {
        const before = selectedId ? items.get(selectedId) : undefined
        if (before) before.billboard.scale = 1
        const after = id ? items.get(id) : undefined
        if (after) after.billboard.scale = 1.6
        selectedId = id
      }
      viewer.scene.requestRender()
    },
    isReady: () => data !== null,
    sphereOf(selection: Selection, result: BoundingSphere) {
      const item = selection.type === 'asset' ? items.get(selection.id) : undefined
      if (!item) return undefined
      Cartesian3.clone(item.billboard.position, result.center)
      result.radius = 20
      return result
    },
    destroy() {
      removeAll()
      viewer = null
    },
  }
}
