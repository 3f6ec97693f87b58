import type { Alarm, Me } from '../../server/contracts'
import { centerScene, type CenterId } from '../../scenes/centers'
import { alarmsApi } from '../api/alarms.api'
import { parkApi } from '../api/park.api'
import { tracksApi } from '../api/tracks.api'
import { mountAnalysisLauncher } from '../analysis/analysis-launcher'
import { sensorsApi } from '../api/sensors.api'
import { centers } from '../centers/registry'
import type { CenterView } from '../centers/center'
import { bindAlarmFeed } from '../live/alarms.socket'
import { AlarmSound } from '../live/alarms.sound'
import { AlarmStore } from '../live/alarms.store'
import { LiveStore } from '../live/live.store'
import { connectLive } from '../live/live.socket'
import { pollSensors, SensorsStore } from '../live/sensors.store'
import { alarmTarget, startAlarmUi } from '../shell/alarm-ui'
import { mountAssetPanel } from '../shell/asset-panel.view'
import { mountVideoPanel } from '../shell/video-panel.view'
import { mountHeader } from '../shell/header.view'
import { getLocale, onLocaleChange, pick, t } from '../shell/i18n/i18n'
import { mountLayerToggles } from '../shell/layer-toggles.view'
import { centerFromHash, hashFor, watchHash } from '../shell/router'
import { mountReplayPanel } from '../replay/replay-panel.view'
import { ReplayController } from '../replay/replay.controller'
import { screenScale } from '../shell/screen-scale'
import { overlayRef, type Selection } from '../twin/pick-id'
import { installGroundPick } from '../twin/ground-pick'
import { followVisibility } from '../twin/layers/overlay-visibility'
import { Twin } from '../twin/twin'
import { incidentOverlay, mountIncidentLayer } from '../twin/layers/incident.layer'
import { mountDrillLayer } from '../twin/layers/drill.layer'
import { drillOverlay, hookState } from '../centers/emergency/drill-model'
import type { TwinState } from '../twin/twin-layer'
import { createAppStore, type AppState } from './app.store'
import { createLayout } from './app.layout'
import { loadParkData } from './park-data'
import { watchSelection } from './selection.controller'
import { setActiveHooks } from './test-hooks'

export interface AppActions {
  toggleLocale(): void
  logout(): void
}

export interface RunningApp {
  destroy(): void
}

/** The signed-in screen: twin, header, the current center's panels, details panel, live feed. */
export function startApp(root: HTMLElement, me: Me, actions: AppActions): RunningApp {
  const store = createAppStore(centerFromHash(location.hash), getLocale())
  store.set({ me })
  const live = new LiveStore()
  const alarms = new AlarmStore()
  const alarmSound = new AlarmSound()
  const sensors = new SensorsStore()
  const layout = createLayout(root)
  layout.veil.textContent = t('common.loading')

  const twin = new Twin({
    container: layout.twin,
    live,
    sensors,
    pixelScale: Math.max(0.75, screenScale(innerWidth, innerHeight)),
    nameOf: (sel, state) => nameOf(sel, state, live),
    onPick: (selection) => store.set({ selected: selection }),
    onReadiness: (layersReady, ready) => store.set({ layersReady, ready }),
  })
  void twin.flyToPreset(centerScene(store.get().center).camera, 0)
  // the incident overlay (zones, routes, muster points), fed by the 应急指挥 panel
  const incidentLayer = mountIncidentLayer(twin.viewer)
  // track replay on the Cesium clock; the live layer keeps running beside it
  const replay = new ReplayController(twin.viewer, tracksApi)
  const drillLayer = mountDrillLayer(twin.viewer)

  const focus = (selection: Selection) => {
    store.set({ selected: selection })
    void twin.flyTo(selection)
  }
  let center: CenterView | null = null
  // before the first center opens: its panels may listen on the page's socket
  const connection = connectLive(live, { fetchSnapshot: parkApi.liveTags })
  const openCenter = (id: CenterId) => {
    center?.destroy()
    center = centers[id](layout.left, layout.right, {
      store,
      live,
      sensors,
      focus,
      flyToPoint: (lon, lat, radiusM) => void twin.flyToPoint(lon, lat, radiusM),
      socket: connection.socket,
    })
  }

  const stops = [
    mountHeader(layout.header, {
      store,
      live,
      navigate: (id) => (location.hash = hashFor(id)),
      toggleLocale: actions.toggleLocale,
      logout: actions.logout,
    }),
    mountAssetPanel(layout.overlay, store, live, sensors, undefined, (tagId) => void replay.open(tagId)),
    mountVideoPanel(layout.overlay, store),
    mountReplayPanel(layout.overlay, replay, (id) => live.tags.get(id)?.label ?? id),
    mountAnalysisLauncher(layout.overlay, store),
    pollSensors(sensors, sensorsApi),
    mountLayerToggles(layout.overlay, store),
    // "pick on map" for the incident form; the incident and drill overlays follow the layer bar
    installGroundPick(twin.viewer),
    followVisibility(store, { incident: incidentLayer, drill: drillLayer }),
    watchSelection(store, parkApi),
    watchHash((id) => {
      if (id !== store.get().center) store.set({ center: id, visible: new Set(centerScene(id).layers) })
    }),
    onLocaleChange((locale) => store.set({ locale })),
    store.subscribe((s, prev) => {
      if (s.center !== prev.center) {
        openCenter(s.center)
        void twin.flyToPreset(centerScene(s.center).camera)
      }
      if (
        s.data &&
        (s.data !== prev.data ||
          s.visible !== prev.visible ||
          s.selected !== prev.selected ||
          s.locale !== prev.locale)
      ) {
        twin.update(twinState(s))
      }
      if (s.ready !== prev.ready || s.dataError !== prev.dataError) {
        layout.veil.hidden = s.ready && !s.dataError
        layout.veil.textContent = s.dataError ?? t('common.loading')
      }
    }),
  ]
  const flyToAlarm = async (alarm: Alarm): Promise<boolean> => {
    const target = alarmTarget(alarm, store.get().data?.assets.features ?? [])
    if (target?.type === 'asset') focus({ type: 'asset', id: target.id })
    else if (target) await twin.flyToPoint(target.lon, target.lat)
    return target !== null
  }
  stops.push(
    startAlarmUi(layout.overlay, {
      alarms,
      sound: alarmSound,
      api: alarmsApi,
      role: () => store.get().me?.role ?? null,
      flyTo: flyToAlarm,
      setFlashes: (points) => twin.setAlarmFlashes(points),
    }),
  )
  openCenter(store.get().center)
  const alarmFeed = bindAlarmFeed(connection.socket, alarms, { fetchSnapshot: alarmsApi.active })
  loadParkData(parkApi).then(
    (data) => store.set({ data }),
    (err: unknown) =>
      store.set({
        dataError: `${t('common.loadFailed')}: ${err instanceof Error ? err.message : String(err)}`,
      }),
  )

  setActiveHooks({
    state: () => {
      const s = store.get()
      return {
        ready: s.ready,
        loggedIn: true,
        center: s.center,
        locale: s.locale,
        tagsShown: twin.tagsShown(),
        framesReceived: live.framesReceived,
        selected: s.selected?.id ?? null,
        layersReady: [...s.layersReady],
      }
    },
    screenPositionOf: (id) => twin.screenPositionOf({ type: 'asset', id }),
    tagPosition: (id) => twin.tagPosition(id),
    tagIds: () => twin.tagIds(),
    flyToAsset: async (id) => {
      await twin.flyTo({ type: 'asset', id })
    },
    sensorState: (id) => {
      const latest = sensors.latest.get(id)
      if (!sensors.get(id) && !latest) return null
      const { state, level } = sensors.stateOf(id)
      return { state, level, value: latest?.value ?? null, t: latest?.t ?? null }
    },
    sensorMarker: (assetId) => twin.sensorMarkerState(assetId),
    sensorPolls: () => sensors.polls,
    alarms: () =>
      alarms.list().map((a) => ({
        id: a.id,
        source_id: a.source_id,
        rule: a.rule,
        priority: a.priority,
        state: a.state,
        version: a.version,
        value: a.value,
        limit: a.limit,
      })),
    alarmFeed: () => ({
      subscribed: alarms.subscribed,
      snapshotLoaded: alarms.snapshotLoaded,
      applied: alarms.applied,
      repeats: alarms.repeats,
      error: alarms.error,
    }),
    alarmFlashes: () => twin.alarmFlashIds(),
    replay: () => {
      const r = replay.snapshot()
      return {
        state: r.state,
        tagId: r.tagId,
        time: r.time,
        start: r.start,
        end: r.end,
        points: r.points,
        speed: r.speed,
        stops: r.stops,
        follow: r.follow,
      }
    },
    selectTag: (id) => store.set({ selected: { type: 'tag', id } }),
    drill: () => hookState(drillOverlay.get()),
    incident: () => {
      const o = incidentOverlay.get()
      if (!o.incident) return null
      return {
        id: o.incident.id,
        status: o.incident.status,
        zones: incidentLayer.zonesDrawn(),
        inside: o.inside?.incident_id === o.incident.id ? o.inside.inside.length : 0,
        routes: incidentLayer.routesDrawn(),
        wind_from_deg: o.incident.weather.wind_from_deg,
        zones_at: o.incident.zones_at,
      }
    },
  })

  return {
    destroy() {
      setActiveHooks(null)
      alarmFeed.stop()
      connection.close()
      alarmSound.destroy()
      center?.destroy()
      for (const stop of stops) stop()
      replay.destroy()
      drillLayer.destroy()
      incidentLayer.destroy()
      twin.destroy()
      root.replaceChildren()
    },
  }
}

function twinState(s: AppState): TwinState {
  return { data: s.data!, visible: s.visible, selected: s.selected, locale: s.locale }
}

function nameOf(sel: Selection, state: TwinState, live: LiveStore): string {
  if (sel.type === 'tag') return live.tags.get(sel.id)?.label ?? sel.id
  if (sel.type === 'overlay') return overlayRef(sel)?.id ?? sel.id
  const item = sel.type === 'asset' ? state.data.assetById.get(sel.id) : state.data.enterpriseById.get(sel.id)
  return item ? pick(item.properties.name, item.properties.name_en) : sel.id
}
