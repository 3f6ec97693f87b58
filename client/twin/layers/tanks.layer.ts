import {
  Axis,
  BoundingSphere,
  Cartesian3,
  Color,
  ColorBlendMode,
  Model,
  PerInstanceColorAppearance,
  ShadowMode,
  type Primitive,
  type Viewer,
} from 'cesium'
import { assetsOfKind, type ParkData } from '../../app/park-data'
import { batch, cssColor } from '../cesium-util'
import { InstanceHighlight } from '../instance-highlight'
import { highlightHex } from '../palette'
import { pickId, type Selection } from '../pick-id'
import { isTankType, tankPlacement, type TankPlacement, type TankType } from '../tank-placement'
import type { TwinLayer, TwinState } from '../twin-layer'
import { fallbackTankInstance, tankModelMatrix } from './tank-geometry'

export const tankModelUrls: Record<TankType, string> = {
  vertical: '/models/tank-vertical.glb',
  spherical: '/models/tank-spherical.glb',
  horizontal: '/models/tank-horizontal.glb',
}
const fallbackHex = '#d5dee8'

interface Tank {
  id: string
  lon: number
  lat: number
  placement: TankPlacement
  model?: Model
}

/**
 * Storage tanks as glTF models (one Model per tank; Cesium's resource cache shares each .glb's
 * buffers), scaled to their dimensions. A model type that fails to load falls back to batched
 * cylinders / spheres so the twin still renders.
 */
export function tanksLayer(): TwinLayer {
  let viewer: Viewer | null = null
  let data: ParkData | null = null
  let tanks = new Map<string, Tank>()
  let fallback: Primitive | null = null
  const fellBack = new Set<Tank>()
  let selectedId: string | null = null
  let pending = 0
  let generation = 0
  let visible = true
  let selectedModel: Model | null = null
  let highlight: InstanceHighlight | null = null

  function build(d: ParkData, v: Viewer): void {
    const gen = ++generation
    tanks = new Map()
    for (const f of assetsOfKind(d, 'tank')) {
      if (f.geometry.type !== 'Point') continue
      const p = f.properties.props
      const type = isTankType(p.tank_type) ? p.tank_type : 'vertical'
      const placement = tankPlacement({
        tank_type: type,
        diameter_m: Number(p.diameter_m),
        height_m: Number(p.height_m ?? f.properties.height_m),
        axis_deg: typeof p.axis_deg === 'number' ? p.axis_deg : undefined,
      })
      tanks.set(f.id, { id: f.id, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], placement })
    }
    const byType = new Map<TankType, Tank[]>()
    for (const t of tanks.values())
      byType.set(t.placement.model, [...(byType.get(t.placement.model) ?? []), t])
    pending = byType.size
    for (const [type, group] of byType) {
      loadType(type, group, v, gen).finally(() => {
        if (gen !== generation) return
        pending--
        v.scene.requestRender()
      })
    }
  }

  async function loadType(type: TankType, group: Tank[], v: Viewer, gen: number): Promise<void> {
    const [first, ...rest] = group
    if (!first) return
    try {
      await loadModel(first, v, gen)
    } catch (err) {
      if (gen !== generation) return
      console.warn(
        `tank model ${tankModelUrls[type]} unavailable, drawing ${group.length} ${type} tanks as plain geometry`,
        err,
      )
      addFallback(group, v)
      return
    }
    const results = await Promise.allSettled(rest.map((t) => loadModel(t, v, gen)))
    const failed = rest.filter((_, i) => results[i]?.status === 'rejected')
    if (failed.length && gen === generation) addFallback(failed, v)
  }

  async function loadModel(tank: Tank, v: Viewer, gen: number): Promise<void> {
    const model = await Model.fromGltfAsync({
      url: tankModelUrls[tank.placement.model],
      modelMatrix: tankModelMatrix(tank.lon, tank.lat, tank.placement),
      id: pickId('asset', tank.id),
      upAxis: Axis.Y,
      forwardAxis: Axis.X,
      shadows: ShadowMode.DISABLED,
      // per-model environment maps would re-render the sky for every tank
      environmentMapOptions: { enabled: false },
      show: visible,
    })
    if (gen !== generation || v.isDestroyed()) return void model.destroy()
    tank.model = model
    v.scene.primitives.add(model)
    // a model can still fail while its buffers load: draw that tank as geometry instead
    model.errorEvent.addEventListener((err: unknown) => {
      if (gen !== generation || tank.model !== model) return
      console.warn(`tank model for ${tank.id} failed`, err)
      tank.model = undefined
      v.scene.primitives.remove(model)
      addFallback([tank], v)
    })
  }

  function addFallback(group: Tank[], v: Viewer): void {
    const instances = group.map((t) =>
      fallbackTankInstance(pickId('asset', t.id), t.lon, t.lat, t.placement, fallbackHex),
    )
    // one fallback primitive at most: rebuild it with everything that fell back so far
    for (const t of fellBack) {
      instances.push(fallbackTankInstance(pickId('asset', t.id), t.lon, t.lat, t.placement, fallbackHex))
    }
    for (const t of group) fellBack.add(t)
    if (fallback) v.scene.primitives.remove(fallback)
    fallback = batch(instances, { appearance: new PerInstanceColorAppearance({ closed: true }) })
    if (fallback) {
      fallback.show = visible
      v.scene.primitives.add(fallback)
    }
    highlight?.reset()
    highlight?.select(selectedId)
  }

  function selectModel(id: string | null): void {
    const model = id ? (tanks.get(id)?.model ?? null) : null
    if (model === selectedModel) return
    if (selectedModel && !selectedModel.isDestroyed()) paint(selectedModel, false)
    if (model) paint(model, true)
    selectedModel = model
  }

  function removeAll(): void {
    generation++
    for (const t of tanks.values()) if (t.model) viewer?.scene.primitives.remove(t.model)
    if (fallback) viewer?.scene.primitives.remove(fallback)
    tanks = new Map()
    fallback = null
    fellBack.clear()
    selectedModel = null
  }

  return {
    id: 'tanks',
    mount(v) {
      viewer = v
      highlight = new InstanceHighlight(v, (id) =>
        fallback && [...fellBack].some((t) => t.id === id)
          ? {
              primitive: fallback,
              instanceId: pickId('asset', id),
              base: cssColor(fallbackHex),
              lit: cssColor(highlightHex),
            }
          : undefined,
      )
    },
    update(state: TwinState) {
      if (!viewer) return
      if (state.data !== data) {
        removeAll()
        data = state.data
        build(data, viewer)
      }
      visible = state.visible.has('tanks')
      for (const t of tanks.values()) if (t.model) t.model.show = visible
      if (fallback) fallback.show = visible
      selectedId = state.selected?.type === 'asset' ? state.selected.id : null
      selectModel(selectedId)
      highlight?.select(selectedId)
      viewer.scene.requestRender()
    },
    isReady() {
      if (!data || pending > 0) return false
      for (const t of tanks.values()) if (t.model && !t.model.ready) return false
      return !fallback || fallback.ready
    },
    sphereOf(selection: Selection, result: BoundingSphere) {
      const tank = selection.type === 'asset' ? tanks.get(selection.id) : undefined
      if (!tank) return undefined
      if (tank.model?.ready) return BoundingSphere.clone(tank.model.boundingSphere, result)
      const { placement } = tank
      Cartesian3.fromDegrees(tank.lon, tank.lat, placement.centre_height_m, undefined, result.center)
      result.radius = Math.max(...placement.scale) / 2
      return result
    },
    destroy() {
      highlight?.destroy()
      removeAll()
      viewer = null
    },
  }
}

function paint(model: Model, selected: boolean): void {
  model.color = selected ? cssColor(highlightHex) : Color.WHITE
  model.colorBlendMode = selected ? ColorBlendMode.MIX : ColorBlendMode.HIGHLIGHT
  model.colorBlendAmount = selected ? 0.55 : 0
  model.silhouetteColor = cssColor(highlightHex)
  model.silhouetteSize = selected ? 2 : 0
}
