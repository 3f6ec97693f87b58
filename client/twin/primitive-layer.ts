import { Primitive, type BoundingSphere, type LabelCollection, type Viewer } from 'cesium'
import type { TwinLayerId } from '../../scenes/centers'
import type { ParkData } from '../app/park-data'
import { InstanceHighlight, type HighlightTarget } from './instance-highlight'
import type { PickType, Selection } from './pick-id'
import type { TwinLayer, TwinState } from './twin-layer'

export type Drawable = Primitive | LabelCollection

/** What a layer's `build` made from the park data. */
export interface Built {
  drawables: Drawable[]
  /** the instance that shows a selected object of the layer's `highlights` type */
  highlight?: (id: string) => HighlightTarget | undefined
  /** extra work on every state change (label language, ...) */
  update?: (state: TwinState) => void
}

export interface PrimitiveLayerSpec {
  id: string
  /** the toggle (scenes/centers layer id) that shows this layer */
  toggle: TwinLayerId
  /** selection type whose instances this layer recolours */
  highlights?: PickType
  build(data: ParkData, viewer: Viewer): Built
  sphereOf?(data: ParkData, selection: Selection, result: BoundingSphere): BoundingSphere | undefined
}

/**
 * A layer of batched primitives built once per park data: shown by one toggle, recolouring the
 * selected instance, ready once every primitive is created.
 */
export function primitiveLayer(spec: PrimitiveLayerSpec): TwinLayer {
  let viewer: Viewer | null = null
  let data: ParkData | null = null
  let built: Built | null = null
  let highlight: InstanceHighlight | null = null

  function removeAll(): void {
    for (const d of built?.drawables ?? []) viewer?.scene.primitives.remove(d)
    built = null
  }

  return {
    id: spec.id,
    mount(v) {
      viewer = v
      highlight = new InstanceHighlight(v, (id) => built?.highlight?.(id))
    },
    update(state) {
      if (!viewer) return
      if (state.data !== data) {
        removeAll()
        data = state.data
        built = spec.build(data, viewer)
        for (const d of built.drawables) viewer.scene.primitives.add(d)
      }
      const show = state.visible.has(spec.toggle)
      for (const d of built?.drawables ?? []) d.show = show
      built?.update?.(state)
      if (spec.highlights) {
        highlight?.select(state.selected?.type === spec.highlights ? state.selected.id : null)
      }
      viewer.scene.requestRender()
    },
    isReady: () => built !== null && built.drawables.every((d) => !(d instanceof Primitive) || d.ready),
    sphereOf: (selection, result) => (data ? spec.sphereOf?.(data, selection, result) : undefined),
    destroy() {
      highlight?.destroy()
      removeAll()
      viewer = null
    },
  }
}
