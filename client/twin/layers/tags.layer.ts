import {
  BoundingSphere,
  Cartesian3,
  Ellipsoid,
  NearFarScalar,
  PointPrimitiveCollection,
  type PointPrimitive,
  type Scene,
  type Viewer,
} from 'cesium'
import type { LiveChange, LiveStore } from '../../live/live.store'
import { cssColor } from '../cesium-util'
import { highlightHex, tagKindHex } from '../palette'
import { pickId, type Selection } from '../pick-id'
import { TagMotion, type LonLat } from '../tag-motion'
import type { TwinLayer, TwinState } from '../twin-layer'

/** drawn this high above the ground so points clear the road surface, m */
const tagHeightM = 3
const scratch = new Cartesian3()

interface TagView {
  motion: TagMotion
  point: PointPrimitive
  kind: string
}

export interface TagsLayer extends TwinLayer {
  tagIds(): string[]
  displayed(id: string): LonLat | null
  shownCount(): number
}

/**
 * Live tags as one point collection, coloured by kind. New samples start a one-second glide from
 * the drawn position; the glide is stepped before each frame and renders are requested only while
 * a tag moves.
 */
export function tagsLayer(live: LiveStore, pixelScale = 1): TagsLayer {
  let viewer: Viewer | null = null
  let points: PointPrimitiveCollection | null = null
  const views = new Map<string, TagView>()
  const moving = new Set<string>()
  let unsubscribe: (() => void) | null = null
  let selectedId: string | null = null

  function onChange(change: LiveChange): void {
    if (!points) return
    const now = performance.now()
    if (change.full) {
      for (const [id, view] of views) {
        if (live.tags.get(id)?.last) continue
        points.remove(view.point)
        views.delete(id)
        moving.delete(id)
      }
    }
    for (const id of change.ids) {
      const tag = live.tags.get(id)
      if (!tag?.last) continue
      const { lon, lat } = tag.last
      const kind = tag.kind ?? 'unknown'
      let view = views.get(id)
      if (!view) {
        const point = points.add({
          id: pickId('tag', id),
          position: Cartesian3.fromDegrees(lon, lat, tagHeightM),
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
          scaleByDistance: new NearFarScalar(300, 1.3, 9000, 0.6),
        })
        view = { motion: new TagMotion(lon, lat), point, kind: '' }
        views.set(id, view)
      } else {
        view.motion.retarget(lon, lat, now)
        moving.add(id)
      }
      if (view.kind !== kind) {
        view.kind = kind
        style(view, id === selectedId)
      }
    }
    viewer?.scene.requestRender()
  }

  function style(view: TagView, selected: boolean): void {
    const hex = tagKindHex[view.kind as keyof typeof tagKindHex] ?? tagKindHex.unknown
    const base = view.kind === 'hazmat_vehicle' ? 13 : 10
    view.point.color = cssColor(hex)
    view.point.pixelSize = (selected ? base + 8 : base) * pixelScale
    view.point.outlineColor = selected ? cssColor(highlightHex) : cssColor('#ffffff', 0.85)
    view.point.outlineWidth = (selected ? 3 : 1.5) * pixelScale
  }

  function step(scene: Scene): void {
    if (moving.size === 0) return
    const now = performance.now()
    for (const id of moving) {
      const view = views.get(id)
      const still = view?.motion.step(now) ?? false
      if (view) {
        const d = view.motion.displayed
        view.point.position = Cartesian3.fromDegrees(d.lon, d.lat, tagHeightM, Ellipsoid.WGS84, scratch)
      }
      if (!still) moving.delete(id)
    }
    scene.requestRender()
  }

  return {
    id: 'tags',
    mount(v) {
      viewer = v
      points = v.scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection
      v.scene.preUpdate.addEventListener(step)
      unsubscribe = live.subscribe(onChange)
      onChange({ full: true, ids: new Set(live.tags.keys()) })
    },
    update(state: TwinState) {
      if (!points || !viewer) return
      points.show = state.visible.has('tags')
      const id = state.selected?.type === 'tag' ? state.selected.id : null
      if (id !== selectedId) {
        const before = selectedId ? views.get(selectedId) : undefined
        const after = id ? views.get(id) : undefined
        selectedId = id
        if (before) style(before, false)
        if (after) style(after, true)
        viewer.scene.requestRender()
      }
    },
    isReady: () => points !== null,
    sphereOf(selection: Selection, result: BoundingSphere) {
      const view = selection.type === 'tag' ? views.get(selection.id) : undefined
      if (!view) return undefined
      const d = view.motion.displayed
      Cartesian3.fromDegrees(d.lon, d.lat, tagHeightM, Ellipsoid.WGS84, result.center)
      result.radius = 15
      return result
    },
    tagIds: () => [...views.keys()],
    displayed(id) {
      const view = views.get(id)
      return view ? { lon: view.motion.displayed.lon, lat: view.motion.displayed.lat } : null
    },
    shownCount: () => (points?.show ? views.size : 0),
    destroy() {
      unsubscribe?.()
      viewer?.scene.preUpdate.removeEventListener(step)
      if (points) viewer?.scene.primitives.remove(points)
      points = null
      views.clear()
      moving.clear()
      viewer = null
    },
  }
}
