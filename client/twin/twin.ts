import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Entity,
  SceneTransforms,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  type Viewer,
} from 'cesium'
import type { CameraPreset } from '../../scenes/centers'
import type { LiveStore } from '../live/live.store'
import type { SensorState } from '../live/sensor-state'
import type { SensorsStore } from '../live/sensors.store'
import { alarmFlashLayer, type FlashPoint } from './layers/alarm-flash.layer'
import { buildingsLayer } from './layers/buildings.layer'
import { groundLayer } from './layers/ground.layer'
import { pointAssetsLayer } from './layers/point-assets.layer'
import { selectionLayer } from './layers/selection.layer'
import { sensorsLayer, type SensorsLayer } from './layers/sensors.layer'
import { tagsLayer, type TagsLayer } from './layers/tags.layer'
import { tankFarmsLayer } from './layers/tank-farms.layer'
import { tanksLayer } from './layers/tanks.layer'
import { zonesLayer } from './layers/zones.layer'
import { overlayLayerFactories } from './overlay-layers.registry'
import { parsePickId, type Selection } from './pick-id'
import type { LonLat } from './tag-motion'
import { flyToPreset, flyToSphere } from './twin-camera'
import type { TwinLayer, TwinState } from './twin-layer'
import { TwinReadiness } from './twin-readiness'
import { createViewer, fixLight } from './viewer'

export interface TwinOptions {
  container: HTMLElement
  live: LiveStore
  /** live sensor values: gas detectors, tank and outlet state markers */
  sensors?: SensorsStore
  /** CSS px per design px (1 at 1920×1080, 2 at 4K) for icons and points */
  pixelScale: number
  nameOf: (selection: Selection, state: TwinState) => string
  onPick: (selection: Selection | null) => void
  onReadiness: (layersReady: string[], ready: boolean) => void
}

const scratchSphere = new BoundingSphere()
const scratchWindow = new Cartesian2()

/** The one Cesium viewer and its layers; fed from the app store by `update`. */
export class Twin {
  readonly viewer: Viewer
  private readonly layers: TwinLayer[]
  private readonly tags: TagsLayer
  private readonly sensors: SensorsLayer | null
  private readonly alarmFlash = alarmFlashLayer()
  private readonly readiness: TwinReadiness
  private readonly clicks: ScreenSpaceEventHandler
  private lit = false

  constructor(options: TwinOptions) {
    this.viewer = createViewer(options.container)
    this.tags = tagsLayer(options.live, options.pixelScale)
    this.sensors = options.sensors ? sensorsLayer(options.sensors, options.pixelScale) : null
    const locate = (s: Selection, r: BoundingSphere) => this.locate(s, r)
    this.layers = [
      groundLayer(),
      zonesLayer(),
      tankFarmsLayer(),
      buildingsLayer(),
      tanksLayer(),
      pointAssetsLayer(options.pixelScale),
      ...(this.sensors ? [this.sensors] : []),
      ...overlayLayerFactories.map((make) => make()),
      this.tags,
      selectionLayer(locate, options.nameOf),
      this.alarmFlash,
    ]
    for (const layer of this.layers) layer.mount(this.viewer)
    this.readiness = new TwinReadiness(this.viewer, this.layers, options.onReadiness)
    const widgetHandler = this.viewer.cesiumWidget.screenSpaceEventHandler
    widgetHandler.removeInputAction(ScreenSpaceEventType.LEFT_DOUBLE_CLICK)
    this.clicks = new ScreenSpaceEventHandler(this.viewer.scene.canvas)
    this.clicks.setInputAction((event: { position: Cartesian2 }) => {
      const picked: unknown = this.viewer.scene.pick(event.position)
      const id = picked && typeof picked === 'object' && 'id' in picked ? picked.id : undefined
      if (id instanceof Entity) return // the selection marker itself
      options.onPick(parsePickId(id))
    }, ScreenSpaceEventType.LEFT_CLICK)
  }

  update(state: TwinState): void {
    if (!this.lit) {
      const [lon, lat] = state.data.park.center.coordinates
      fixLight(this.viewer, lon, lat)
      this.lit = true
    }
    for (const layer of this.layers) layer.update(state)
    this.readiness.check()
  }

  flyToPreset(preset: CameraPreset, durationS = 2): Promise<void> {
    return flyToPreset(this.viewer.camera, preset, durationS).then(() => this.readiness.nextFrame())
  }

  /** Flies to the object; false when no layer draws it. */
  async flyTo(selection: Selection, durationS = 1.5): Promise<boolean> {
    const sphere = this.locate(selection, new BoundingSphere())
    if (!sphere) return false
    await flyToSphere(this.viewer.camera, sphere, durationS)
    await this.readiness.nextFrame()
    return true
  }

  /** Flies to look at a ground point (an alarm's location) from `radiusM` metres' worth of view. */
  async flyToPoint(lon: number, lat: number, radiusM = 40, durationS = 1.5): Promise<void> {
    await flyToSphere(
      this.viewer.camera,
      new BoundingSphere(Cartesian3.fromDegrees(lon, lat, 5), radiusM),
      durationS,
    )
    await this.readiness.nextFrame()
  }

  /** Pulsing rings at these points (unacknowledged urgent alarms); [] clears them. */
  setAlarmFlashes(points: readonly FlashPoint[]): void {
    this.alarmFlash.setFlashes(points)
  }

  alarmFlashIds(): string[] {
    return this.alarmFlash.flashIds()
  }

  /** CSS px in the page of the object's visual centre; null when unknown or off-screen. */
  screenPositionOf(selection: Selection): { x: number; y: number } | null {
    const sphere = this.locate(selection, scratchSphere)
    if (!sphere) return null
    const { scene } = this.viewer
    const win = SceneTransforms.worldToWindowCoordinates(scene, sphere.center, scratchWindow)
    const canvas = scene.canvas
    if (!win || win.x < 0 || win.y < 0 || win.x > canvas.clientWidth || win.y > canvas.clientHeight)
      return null
    const rect = canvas.getBoundingClientRect()
    return { x: rect.left + win.x, y: rect.top + win.y }
  }

  tagIds(): string[] {
    return this.tags.tagIds()
  }

  tagPosition(id: string): LonLat | null {
    return this.tags.displayed(id)
  }

  /** state shown by the sensor marker of a detector, tank or outlet; null when none is drawn */
  sensorMarkerState(assetId: string): SensorState | null {
    return this.sensors?.markerState(assetId) ?? null
  }

  tagsShown(): number {
    return this.tags.shownCount()
  }

  destroy(): void {
    this.clicks.destroy()
    this.readiness.destroy()
    for (const layer of this.layers) layer.destroy()
    this.viewer.destroy()
  }

  private locate(selection: Selection, result: BoundingSphere): BoundingSphere | undefined {
    for (const layer of this.layers) {
      const sphere = layer.sphereOf(selection, result)
      if (sphere) return sphere
    }
    return undefined
  }
}
