import {
  BillboardCollection,
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  DistanceDisplayCondition,
  NearFarScalar,
  VerticalOrigin,
  type Billboard,
  type Viewer,
} from 'cesium'
import type { TwinLayerId } from '../../../scenes/centers'
import { assetsOfKind, type ParkData } from '../../app/park-data'
import { worstState, type SensorState } from '../../live/sensor-state'
import type { SensorsStore } from '../../live/sensors.store'
import { iconCanvas } from '../icon-canvas'
import { sensorStateHex } from '../palette'
import { pickId, type Selection } from '../pick-id'
import { pointStyles } from '../point-kinds'
import type { TwinLayer, TwinState } from '../twin-layer'

/** What a marker shows: a gas detector's own state, a tank's or an outlet's worst channel. */
type MarkerRole = 'detector' | 'tank' | 'outlet'

interface Marker {
  id: string
  role: MarkerRole
  toggle: TwinLayerId
  billboard: Billboard
  state: SensorState | null
}

export interface SensorsLayer extends TwinLayer {
  /** state the marker of the asset shows now; null when the layer draws none for it */
  markerState(assetId: string): SensorState | null
}

const detectorStyle = pointStyles.gas_detector!
const tankSensorKinds = new Set(['tank_level', 'tank_temperature', 'tank_pressure', 'process'])
const urgent = new Set<SensorState>(['alarm', 'warn'])

const dots = new Map<string, HTMLCanvasElement>()

/** A small round state badge (tanks, outlets). */
function dotCanvas(hex: string, size = 32): HTMLCanvasElement {
  let canvas = dots.get(hex)
  if (canvas) return canvas
  canvas = document.createElement('canvas')
  canvas.width = canvas.height = size
  const ctx = canvas.getContext('2d')
  if (ctx) {
    const c = size / 2
    ctx.beginPath()
    ctx.arc(c, c, c - 2, 0, Math.PI * 2)
    ctx.fillStyle = hex
    ctx.fill()
    ctx.lineWidth = 3
    ctx.strokeStyle = '#03101f'
    ctx.stroke()
  }
  dots.set(hex, canvas)
  return canvas
}

/**
 * Live sensor markers: every gas detector as a badge coloured by its state (alarm red, warning orange,
 * fault purple, maintenance blue, stale grey, normal green), a state dot above each tank with level /
 * temperature / pressure sensors and beside each outlet. Recoloured on every poll of the sensors store;
 * markers carry `asset:<id>` so a click selects the detector, tank or outlet.
 */
export function sensorsLayer(store: SensorsStore, pixelScale = 1): SensorsLayer {
  let viewer: Viewer | null = null
  let data: ParkData | null = null
  let billboards: BillboardCollection | null = null
  let markers = new Map<string, Marker>()
  let visible: ReadonlySet<TwinLayerId> = new Set()
  let selectedId: string | null = null
  let stopStore: (() => void) | null = null

  function add(id: string, role: MarkerRole, lon: number, lat: number, height: number): void {
    if (!billboards) return
    const detector = role === 'detector'
    const size = (detector ? detectorStyle.sizePx : 12) * pixelScale
    const billboard = billboards.add({
      id: pickId('asset', id),
      position: Cartesian3.fromDegrees(lon, lat, height),
      width: size,
      height: size,
      verticalOrigin: VerticalOrigin.CENTER,
      pixelOffset:
        role === 'outlet'
          ? new Cartesian2(
              ((pointStyles.monitor_point?.sizePx ?? 28) / 2) * pixelScale,
              -((pointStyles.monitor_point?.sizePx ?? 28) / 2) * pixelScale,
            )
          : Cartesian2.ZERO,
      scaleByDistance: new NearFarScalar(400, 1.25, 9000, 0.55),
      distanceDisplayCondition: new DistanceDisplayCondition(
        0,
        detector ? detectorStyle.maxDistanceM : role === 'outlet' ? 60_000 : 6_000,
      ),
      disableDepthTestDistance: role === 'outlet' ? Number.POSITIVE_INFINITY : 0,
      show: false,
    })
    markers.set(id, {
      id,
      role,
      toggle: detector ? 'gas-detectors' : role === 'tank' ? 'tanks' : 'monitor-points',
      billboard,
      state: null,
    })
  }

  function build(d: ParkData, v: Viewer): void {
    billboards = v.scene.primitives.add(new BillboardCollection({ scene: v.scene })) as BillboardCollection
    markers = new Map()
    for (const f of assetsOfKind(d, 'gas_detector')) {
      if (f.geometry.type !== 'Point') continue
      const [lon, lat] = f.geometry.coordinates
      add(f.id, 'detector', lon, lat, detectorStyle.heightM)
    }
    for (const f of assetsOfKind(d, 'tank')) {
      if (f.geometry.type !== 'Point') continue
      const p = f.properties.props
      const top = Number(p.height_m ?? f.properties.height_m ?? p.diameter_m) || 12
      const [lon, lat] = f.geometry.coordinates
      add(f.id, 'tank', lon, lat, top + 4)
    }
    for (const f of assetsOfKind(d, 'monitor_point')) {
      if (f.geometry.type !== 'Point') continue
      const [lon, lat] = f.geometry.coordinates
      add(f.id, 'outlet', lon, lat, pointStyles.monitor_point?.heightM ?? 12)
    }
    selectedId = null
  }

  function stateOf(m: Marker, nowMs: number): SensorState {
    if (m.role === 'detector') return store.stateOf(m.id, nowMs).state
    const channels = store
      .sensorsOf(m.id)
      .filter((s) => (m.role === 'tank' ? tankSensorKinds.has(s.kind) : true))
    return worstState(channels.map((s) => store.stateOf(s.id, nowMs).state))
  }

  /** Colours every marker from the store; shows it when its toggle is on (badges only with data). */
  function refresh(): void {
    if (!viewer) return
    const now = store.now()
    for (const m of markers.values()) {
      const state = stateOf(m, now)
      if (state !== m.state) {
        const hex = sensorStateHex[state]
        if (m.role === 'detector') m.billboard.setImage(`sensor-detector:${state}`, iconCanvas('waves', hex))
        else m.billboard.setImage(`sensor-dot:${state}`, dotCanvas(hex))
        // an alarm is seen through buildings
        if (m.role === 'detector')
          m.billboard.disableDepthTestDistance = urgent.has(state) ? Number.POSITIVE_INFINITY : 0
        m.state = state
      }
      const hasData = m.role === 'detector' || state !== 'no_data'
      m.billboard.show = visible.has(m.toggle) && hasData
    }
    viewer.scene.requestRender()
  }

  function removeAll(): void {
    if (billboards) viewer?.scene.primitives.remove(billboards)
    billboards = null
    markers = new Map()
  }

  return {
    id: 'sensors',
    mount(v) {
      viewer = v
      stopStore = store.subscribe(refresh)
    },
    update(state: TwinState) {
      if (!viewer) return
      if (state.data !== data) {
        removeAll()
        data = state.data
        build(data, viewer)
      }
      visible = state.visible
      const id = state.selected?.type === 'asset' ? state.selected.id : null
      const mine = id && markers.get(id)?.role === 'detector' ? id : null
      if (mine !== selectedId) {
        const before = selectedId ? markers.get(selectedId) : undefined
        if (before) before.billboard.scale = 1
        const after = mine ? markers.get(mine) : undefined
        if (after) after.billboard.scale = 1.6
        selectedId = mine
      }
      refresh()
    },
    isReady: () => data !== null,
    sphereOf(selection: Selection, result: BoundingSphere) {
      const m = selection.type === 'asset' ? markers.get(selection.id) : undefined
      // tanks and outlets are located by their own layers
      if (!m || m.role !== 'detector') return undefined
      Cartesian3.clone(m.billboard.position, result.center)
      result.radius = 20
      return result
    },
    markerState(assetId) {
      return markers.get(assetId)?.state ?? null
    },
    destroy() {
      stopStore?.()
      removeAll()
      viewer = null
    },
  }
}
