import {
  Cartesian3,
  GeometryInstance,
  PolylineColorAppearance,
  PolylineGeometry,
  type Primitive,
  type Viewer,
} from 'cesium'
import type {
  EvacuationReport,
  Incident,
  InsideReport,
  MusterReport,
} from '../../../server/contracts/incidents'
import { createStore, type Store } from '../../core/store'
import { drawnRoutes, musterRows } from '../../centers/emergency/incident-model'
import { onLocaleChange, pick } from '../../shell/i18n/i18n'
import { batch, colorAttribute, present } from '../cesium-util'
import { overlayMarkers } from './overlay-markers'
import { threatZonePrimitives } from './threat-zones.draw'

/**
 * What the incident overlay draws: the incident the command panel shows (its zones), the people inside, their
 * evacuation routes and the muster headcount. The 应急指挥中心's incident panel fills it while it is open and
 * empties it when it closes; the twin layer and the test hooks read it.
 */
export interface IncidentOverlayState {
  incident: Incident | null
  inside: InsideReport | null
  evacuation: EvacuationReport | null
  muster: MusterReport | null
}

export const emptyOverlay: IncidentOverlayState = {
  incident: null,
  inside: null,
  evacuation: null,
  muster: null,
}

/** The page's one incident overlay (one twin, one command panel). */
export const incidentOverlay: Store<IncidentOverlayState> = createStore<IncidentOverlayState>(emptyOverlay)

/** At most this many evacuation routes are drawn (one batched primitive); the panel says when more exist. */
export const maxDrawnRoutes = 2000

// heights above the ellipsoid: stacked so red is on top, all above the park's control zones (1.3 m)
const routeHeight = 3

export interface IncidentLayer {
  /** zone polygons shown now (0 while the layer is hidden) */
  zonesDrawn(): number
  /** evacuation routes shown now (at most maxDrawnRoutes; 0 while the layer is hidden) */
  routesDrawn(): number
  /** routes there are (some may not be drawn) */
  routesTotal(): number
  /** the layer bar's switch ('incident'): hides or shows every primitive, keeping the data and drawing on */
  setVisible(on: boolean): void
  destroy(): void
}

/**
 * The incident on the twin: the threat zones as translucent ground polygons (yellow, orange, red stacked, red
 * on top) with outlines, the source as a marker, the evacuation routes thin and coloured by the muster point they
 * lead to (one batched primitive, at most maxDrawnRoutes), and the muster points with their assigned / capacity and headcount. Redrawn when the overlay changes
 * (a wind change computes new zones; the panel polls who is inside and the routes), also while hidden by the layer
 * bar's 'incident' switch (setVisible). Not pickable.
 */
export function mountIncidentLayer(
  viewer: Viewer,
  overlay: Store<IncidentOverlayState> = incidentOverlay,
): IncidentLayer {
  const primitives = viewer.scene.primitives
  let zoneFill: Primitive | null = null
  let zoneOutline: Primitive | null = null
  let zonesKey = ''
  let zoneCount = 0
  let routes: Primitive | null = null
  let routesKey = ''
  const markers = overlayMarkers(primitives, viewer.scene)
  let routeCount = 0
  let routeTotal = 0
  let visible = true
  /** adds a new primitive shown as the layer is */
  const addShown = (p: Primitive) => {
    p.show = visible
    primitives.add(p)
  }

  const removeZones = () => {
    if (zoneFill) primitives.remove(zoneFill)
    if (zoneOutline) primitives.remove(zoneOutline)
    zoneFill = zoneOutline = null
    zoneCount = 0
  }

  function drawZones(incident: Incident | null): void {
    const key = incident ? `${incident.id}@${incident.zones_at}` : ''
    if (key === zonesKey) return
    zonesKey = key
    removeZones()
    if (!incident) return
    const drawn = threatZonePrimitives(incident.zones.zones.features, { width: 2.5, alpha: 0.95 })
    zoneCount = drawn.count
    zoneFill = drawn.fill
    zoneOutline = drawn.outline
    for (const p of [zoneFill, zoneOutline].filter(present)) addShown(p)
  }

  function drawRoutes(s: IncidentOverlayState): void {
    const ev = s.incident && s.evacuation?.incident_id === s.incident.id ? s.evacuation : null
    const { routes: shown, total } = ev ? drawnRoutes(ev.people, maxDrawnRoutes) : { routes: [], total: 0 }
    // the same routes to the same points (people standing still): nothing to rebuild
    const key = ev
      ? `${ev.incident_id}|${shown.map((p) => `${p.tag_id}>${p.muster_id}:${p.length_m.toFixed(1)}`).join(',')}`
      : ''
    if (key === routesKey) return
    routesKey = key
    if (routes) primitives.remove(routes)
    routes = null
    routeCount = routeTotal = 0
    if (!ev) return
    const colours = new Map(musterRows(ev, null).map((r) => [r.id, r.colour]))
    const lines = shown.filter((p) => (p.route?.coordinates.length ?? 0) >= 2)
    routes = batch(
      lines.map(
        (p) =>
          new GeometryInstance({
            geometry: new PolylineGeometry({
              positions: p.route!.coordinates.map(([lon, lat]) =>
                Cartesian3.fromDegrees(lon, lat, routeHeight),
              ),
              width: 2,
            }),
            attributes: {
              color: colorAttribute((p.muster_id && colours.get(p.muster_id)) || '#e2e8f0', 0.95),
            },
          }),
      ),
      { appearance: new PolylineColorAppearance({ translucent: true }), allowPicking: false },
    )
    if (routes) addShown(routes)
    routeCount = lines.length
    routeTotal = total
  }

  function drawMarkers(s: IncidentOverlayState): void {
    markers.clear()
    const inc = s.incident
    if (!inc) return
    markers.source(inc.source.lon, inc.source.lat, inc.title)
    const ours = <R extends { incident_id: string }>(r: R | null): R | null =>
      r && r.incident_id === inc.id ? r : null
    for (const m of musterRows(ours(s.evacuation), ours(s.muster))) {
      if (m.status === 'excluded') continue
      const counts = `${m.assigned}/${m.capacity}${m.present !== null ? ` · ✓${m.present}` : ''}`
      markers.muster(m.lon, m.lat, m.colour, `${pick(m.name, m.name_en)} ${counts}`)
    }
  }

  const draw = (s: IncidentOverlayState, prev: IncidentOverlayState | null) => {
    drawZones(s.incident)
    if (!prev || s.incident !== prev.incident || s.evacuation !== prev.evacuation) drawRoutes(s)
    if (!prev || s.incident !== prev.incident || s.evacuation !== prev.evacuation || s.muster !== prev.muster)
      drawMarkers(s)
    viewer.scene.requestRender()
  }
  draw(overlay.get(), null)
  const stop = overlay.subscribe((s, prev) => draw(s, prev))
  const stopLocale = onLocaleChange(() => draw(overlay.get(), { ...emptyOverlay }))

  return {
    zonesDrawn: () => (visible ? zoneCount : 0),
    routesDrawn: () => (visible ? routeCount : 0),
    routesTotal: () => routeTotal,
    setVisible(on) {
      if (on === visible) return
      visible = on
      for (const p of [zoneFill, zoneOutline, routes].filter(present)) p.show = on
      markers.setShow(on)
      viewer.scene.requestRender()
    },
    destroy() {
      stop()
      stopLocale()
      removeZones()
      if (routes) primitives.remove(routes)
      markers.destroy()
    },
  }
}
