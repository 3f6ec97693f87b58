import {
  Cartesian3,
  Material,
  Math as CesiumMath,
  PointPrimitiveCollection,
  type PointPrimitive,
  type Polyline,
  PolylineCollection,
  type Primitive,
  type Viewer,
} from 'cesium'
import {
  drillOverlay,
  emptyDrillOverlay,
  nextKeyframe,
  personClass,
  personHex,
  pickText,
  tourFlightS,
  type DrillOverlayState,
} from '../../centers/emergency/drill-model'
import type { Store } from '../../core/store'
import { onLocaleChange } from '../../shell/i18n/i18n'
import { cssColor, present } from '../cesium-util'
import { overlayMarkers } from './overlay-markers'
import { levelHex, threatZonePrimitives } from './threat-zones.draw'

// heights above the ellipsoid: red on top, a little above the incident overlay's zones
const personHeight = 3
const metresPerDegLat = 111_320

export interface DrillLayer {
  /** zone polygons shown now (0 while the layer is hidden) */
  zonesDrawn(): number
  /** simulated people shown now (0 while the layer is hidden) */
  peopleDrawn(): number
  /** the layer bar's switch ('drill'): hides or shows every primitive, keeping the data and drawing on */
  setVisible(on: boolean): void
  destroy(): void
}

/**
 * The drill on the twin: the zones of the run's current weather phase as translucent ground polygons (red,
 * orange, yellow), the release point, the toxic cloud's front as a ring while it spreads, the simulated people
 * as points coloured by status (working, walking, at muster, casualty, missing) and the muster points with their
 * headcount. With the camera tour on, the camera flies (never waiting on frames) towards the script's next
 * keyframe while the drill plays (also while the layer bar hides the layer). Drawn from the drill overlay the player
 * fills; nothing when no run is open.
 */
export function mountDrillLayer(
  viewer: Viewer,
  overlay: Store<DrillOverlayState> = drillOverlay,
): DrillLayer {
  const primitives = viewer.scene.primitives
  let zoneFill: Primitive | null = null
  let zoneOutline: Primitive | null = null
  let zonesKey = ''
  let zoneCount = 0
  const people = primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection
  const markers = overlayMarkers(primitives, viewer.scene)
  const front = primitives.add(new PolylineCollection()) as PolylineCollection
  let visible = true
  let personPoints: PointPrimitive[] = []
  let peopleKey = ''
  let tourTarget = ''

  const removeZones = () => {
    if (zoneFill) primitives.remove(zoneFill)
    if (zoneOutline) primitives.remove(zoneOutline)
    zoneFill = zoneOutline = null
    zoneCount = 0
  }

  function drawZones(s: DrillOverlayState): void {
    const phase = s.view?.state.phase ?? null
    const zones = s.zones && phase !== null ? s.zones.phases[phase] : undefined
    const key = zones && s.view ? `${s.view.run.id}#${phase}` : ''
    if (key === zonesKey) return
    zonesKey = key
    removeZones()
    if (!zones) return
    const drawn = threatZonePrimitives(zones.zones, { width: 2, alpha: 0.9 })
    zoneCount = drawn.count
    zoneFill = drawn.fill
    zoneOutline = drawn.outline
    for (const p of [zoneFill, zoneOutline].filter(present)) {
      p.show = visible
      primitives.add(p)
    }
  }

  function drawPeople(s: DrillOverlayState): void {
    const list = s.view?.state.people ?? []
    const key = s.view ? `${s.view.run.id}/${list.length}` : ''
    if (key !== peopleKey) {
      peopleKey = key
      people.removeAll()
      personPoints = list.map(() =>
        people.add({
          pixelSize: 7,
          outlineColor: cssColor('#03101f'),
          outlineWidth: 1,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        }),
      )
    }
    const ordered = s.view?.state.evacuation_started_s !== null && s.view !== null
    list.forEach(([, lon, lat, status], i) => {
      const p = personPoints[i]!
      p.position = Cartesian3.fromDegrees(lon, lat, personHeight)
      p.color = cssColor(personHex[personClass(status, ordered)])
    })
  }

  // one ring, moved as the front grows (a polyline destroys its material with itself: never re-added)
  let frontRing: Polyline | null = null
  function drawFront(s: DrillOverlayState): void {
    const st = s.view?.state
    const spreading =
      st && s.zones && st.zone_state === 'spreading' && st.front_m !== null && st.front_m > 0 ? st : null
    if (!spreading || !s.zones) {
      if (frontRing) frontRing.show = false
      return
    }
    const [lon, lat] = s.zones.source
    const r = spreading.front_m!
    const cos = Math.cos(CesiumMath.toRadians(lat))
    const ring: Cartesian3[] = []
    for (let i = 0; i <= 72; i++) {
      const a = (i / 72) * 2 * Math.PI
      ring.push(
        Cartesian3.fromDegrees(
          lon + (r * Math.sin(a)) / (metresPerDegLat * cos),
          lat + (r * Math.cos(a)) / metresPerDegLat,
          2.6,
        ),
      )
    }
    frontRing ??= front.add({
      width: 2,
      material: Material.fromType('Color', { color: cssColor(levelHex.red, 0.9) }),
    })
    frontRing.positions = ring
    frontRing.show = true
  }

  function drawMarkers(s: DrillOverlayState): void {
    markers.clear()
    if (!s.view || !s.zones) return
    const title = s.script ? pickText(s.script.title) : s.view.run.drill_id
    markers.source(s.zones.source[0], s.zones.source[1], title)
    const counts = s.view.state.headcount.by_muster
    for (const m of s.musters) {
      const n = counts[m.id] ?? 0
      const label = n > 0 ? `${pickText({ zh: m.name, en: m.name_en ?? m.name })} ✓${n}` : null
      markers.muster(m.lon, m.lat, personHex.muster, label)
    }
  }

  function tour(s: DrillOverlayState): void {
    const v = s.view
    if (!s.tour || !v || !s.script || v.run.status === 'ended' || v.run.paused) {
      if (!s.tour || !v) tourTarget = ''
      return
    }
    const frames = s.script.camera
    const i = nextKeyframe(frames, v.state.t_s)
    const key = `${v.run.id}#${i}`
    if (key === tourTarget) return
    tourTarget = key
    const k = frames[i]!
    // flyTo animates on the render loop; nothing here waits for it
    viewer.camera.flyTo({
      destination: Cartesian3.fromDegrees(k.lon, k.lat, k.height_m),
      orientation: {
        heading: CesiumMath.toRadians(k.heading_deg),
        pitch: CesiumMath.toRadians(k.pitch_deg),
        roll: 0,
      },
      duration: tourFlightS(k.t_s, v.state.t_s, v.run.speed),
    })
  }

  const draw = (s: DrillOverlayState, prev: DrillOverlayState | null) => {
    drawZones(s)
    drawPeople(s)
    drawFront(s)
    if (
      !prev ||
      s.view?.run.id !== prev.view?.run.id ||
      s.zones !== prev.zones ||
      s.script !== prev.script ||
      s.musters !== prev.musters ||
      JSON.stringify(s.view?.state.headcount.by_muster) !==
        JSON.stringify(prev.view?.state.headcount.by_muster)
    )
      drawMarkers(s)
    tour(s)
    viewer.scene.requestRender()
  }
  draw(overlay.get(), null)
  const stop = overlay.subscribe((s, prev) => draw(s, prev))
  const stopLocale = onLocaleChange(() => draw(overlay.get(), { ...emptyDrillOverlay }))

  return {
    zonesDrawn: () => (visible ? zoneCount : 0),
    peopleDrawn: () => (visible ? people.length : 0),
    setVisible(on) {
      if (on === visible) return
      visible = on
      for (const p of [zoneFill, zoneOutline, people, front].filter(present)) p.show = on
      markers.setShow(on)
      viewer.scene.requestRender()
    },
    destroy() {
      stop()
      stopLocale()
      removeZones()
      markers.destroy()
      for (const c of [people, front]) primitives.remove(c)
    },
  }
}
