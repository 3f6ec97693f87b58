import {
  Cartesian3,
  Color,
  DirectionalLight,
  EllipsoidTerrainProvider,
  Transforms,
  Viewer,
  Matrix4,
} from 'cesium'
import 'cesium/Build/Cesium/Widgets/widgets.css'
import { groundHex } from './palette'

/**
 * The one Cesium viewer. Fully offline: no ion imagery, terrain or geocoder; the park's own
 * ground is drawn by ground.layer. Renders only on request (layers call scene.requestRender()).
 */
export function createViewer(container: HTMLElement): Viewer {
  window.CESIUM_BASE_URL ??= CESIUM_BASE_URL
  const viewer = new Viewer(container, {
    baseLayer: false,
    terrainProvider: new EllipsoidTerrainProvider(),
    baseLayerPicker: false,
    geocoder: false,
    homeButton: false,
    sceneModePicker: false,
    navigationHelpButton: false,
    animation: false,
    timeline: false,
    fullscreenButton: false,
    infoBox: false,
    selectionIndicator: false,
    scene3DOnly: true,
    requestRenderMode: true,
    maximumRenderTimeChange: Infinity,
    shadows: false,
    // a wall screen runs for days: an error in one frame is logged and rendering resumes (below), instead of
    // Cesium's default of stopping for good behind an error panel
    showRenderLoopErrors: false,
  })
  const { scene } = viewer
  // Nothing on the twin buffers time-dynamic data: no data source may hold the clock still (Cesium's default lets
  // an entity that is still building its geometry, like the alarm flash's pulsing ring, pause a track replay).
  viewer.allowDataSourcesToSuspendAnimation = false
  // An error in a frame stops Cesium's render loop for good (and silently, outside scene.render: a clock listener,
  // a data source update). A wall screen runs for days: log it and resume rendering after a growing delay.
  let renderErrors = 0
  const resume = (what: string, err: unknown) => {
    renderErrors++
    const delayMs = Math.min(30_000, 1000 * renderErrors)
    console.error(`twin ${what} #${renderErrors}; rendering resumes in ${delayMs} ms:`, err)
    setTimeout(() => {
      viewer.useDefaultRenderLoop = true
      scene.requestRender()
    }, delayMs)
  }
  scene.renderError.addEventListener((_scene, err) => resume('render error', err))
  const widget = viewer.cesiumWidget as unknown as { render(): void }
  const frame = widget.render.bind(widget)
  widget.render = () => {
    try {
      frame()
    } catch (err) {
      // Cesium's loop catches this and stops; the timer above starts it again
      resume('frame error', err instanceof Error ? `${err.message}\n${err.stack}` : err)
      throw err
    }
  }
  scene.globe.baseColor = Color.fromCssColorString(groundHex.surroundings)
  scene.globe.showGroundAtmosphere = false
  scene.globe.enableLighting = false
  scene.backgroundColor = Color.fromCssColorString('#050b16')
  scene.fog.enabled = true
  scene.fog.density = 1.2e-4
  scene.highDynamicRange = false
  const camera = scene.screenSpaceCameraController
  camera.minimumZoomDistance = 40
  camera.maximumZoomDistance = 60_000
  viewer.cesiumWidget.creditContainer.classList.add('cpt-credits')
  return viewer
}

const scratchFrame = new Matrix4()
const scratchDir = new Cartesian3()

/**
 * A fixed sun from the south-east, high in the sky, so tanks and buildings read the same at any
 * clock time (the default sun follows the real date and leaves the park dark at night).
 */
export function fixLight(viewer: Viewer, lonDeg: number, latDeg: number): void {
  const origin = Cartesian3.fromDegrees(lonDeg, latDeg)
  Transforms.eastNorthUpToFixedFrame(origin, undefined, scratchFrame)
  // light travels from (east +0.45, south -0.55, up 1) towards the ground
  const local = Cartesian3.normalize(new Cartesian3(-0.45, 0.55, -1), scratchDir)
  const direction = Matrix4.multiplyByPointAsVector(scratchFrame, local, new Cartesian3())
  viewer.scene.light = new DirectionalLight({
    direction: Cartesian3.normalize(direction, direction),
    intensity: 2.2,
  })
  viewer.scene.requestRender()
}
