import {
  CallbackProperty,
  Cartesian3,
  Color,
  ColorMaterialProperty,
  PolylineGlowMaterialProperty,
  type Entity,
  type Viewer,
} from 'cesium'
import { cssColor } from '../cesium-util'
import type { TwinLayer } from '../twin-layer'

export interface FlashPoint {
  /** alarm id */
  id: string
  lon: number
  lat: number
}

export interface AlarmFlashLayer extends TwinLayer {
  /** Replaces the flashing points (unacknowledged urgent alarms); [] clears them. */
  setFlashes(points: readonly FlashPoint[]): void
  flashIds(): string[]
}

const periodMs = 1400
const minRadiusM = 12
const maxRadiusM = 70
const beamM = 120
const red = '#ff3b3b'

/**
 * 0 → 1 over each period, shared by every ring so they pulse together. Sampled once per pump tick, not per
 * property evaluation: the ellipse reads its two axes separately, and two readings of a running clock made the minor
 * axis a hair longer than the major one, an error that stopped the render loop (and with it any track replay).
 */
let pulse = 0
const samplePulse = () => {
  pulse = (performance.now() % periodMs) / periodMs
}
const phase = () => pulse

/**
 * Pulsing red rings with a light beam at the locations of unacknowledged urgent alarms. The viewer
 * renders on request, so while anything flashes the layer asks for frames itself.
 */
export function alarmFlashLayer(): AlarmFlashLayer {
  let viewer: Viewer | null = null
  const shown = new Map<string, { point: FlashPoint; entities: Entity[] }>()
  let pump: ReturnType<typeof setInterval> | null = null
  const radius = new CallbackProperty(() => minRadiusM + (maxRadiusM - minRadiusM) * phase(), false)
  const fill = new ColorMaterialProperty(
    new CallbackProperty((_t, result) => {
      const out = Color.clone(cssColor(red), result ?? new Color())
      out.alpha = 0.7 * (1 - phase())
      return out
    }, false),
  )

  function add(p: FlashPoint): Entity[] {
    if (!viewer) return []
    const ground = Cartesian3.fromDegrees(p.lon, p.lat, 1.5)
    return [
      viewer.entities.add({
        position: ground,
        ellipse: {
          semiMajorAxis: radius,
          semiMinorAxis: radius,
          height: 1.5,
          material: fill,
          outline: false,
        },
      }),
      viewer.entities.add({
        polyline: {
          positions: [ground, Cartesian3.fromDegrees(p.lon, p.lat, beamM)],
          width: 10,
          material: new PolylineGlowMaterialProperty({ color: cssColor(red, 0.9), glowPower: 0.25 }),
        },
      }),
      viewer.entities.add({
        position: Cartesian3.fromDegrees(p.lon, p.lat, beamM),
        point: {
          pixelSize: 14,
          color: cssColor(red),
          outlineColor: Color.WHITE,
          outlineWidth: 2,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        },
      }),
    ]
  }

  function remove(id: string): void {
    const item = shown.get(id)
    if (!item) return
    for (const e of item.entities) viewer?.entities.remove(e)
    shown.delete(id)
  }

  function syncPump(): void {
    if (shown.size > 0 && !pump && viewer) {
      const v = viewer
      pump = setInterval(() => {
        samplePulse()
        v.scene.requestRender()
      }, 120)
    } else if (shown.size === 0 && pump) {
      clearInterval(pump)
      pump = null
    }
  }

  return {
    id: 'alarm-flash',
    mount(v) {
      viewer = v
    },
    update() {},
    isReady: () => true,
    sphereOf: () => undefined,
    setFlashes(points) {
      const wanted = new Map(points.map((p) => [p.id, p]))
      for (const [id, item] of [...shown])
        if (wanted.get(id)?.lon !== item.point.lon || wanted.get(id)?.lat !== item.point.lat) remove(id)
      for (const p of wanted.values()) if (!shown.has(p.id)) shown.set(p.id, { point: p, entities: add(p) })
      syncPump()
      viewer?.scene.requestRender()
    },
    flashIds: () => [...shown.keys()],
    destroy() {
      for (const id of [...shown.keys()]) remove(id)
      syncPump()
      viewer = null
    },
  }
}
