// Small, always-on hooks for the end-to-end test (tests/e2e) and for operators' diagnostics.

export interface CptState {
  ready: boolean
  loggedIn: boolean
  center: string
  locale: string
  tagsShown: number
  framesReceived: number
  selected: string | null
  layersReady: string[]
}

export interface CptHooks {
  state(): CptState
  /** CSS px in the page of the asset's visual centre (a tank: mid-height of the model); null if off-screen */
  screenPositionOf(assetId: string): { x: number; y: number } | null
  /** displayed (interpolated) position of a live tag */
  tagPosition(tagId: string): { lon: number; lat: number } | null
  tagIds(): string[]
  flyToAsset(assetId: string): Promise<void>
  /** live state of a sensor channel (client/live/sensor-state.ts); null when the client does not know it */
  sensorState(sensorId: string): SensorHookState | null
  /** state shown by the twin marker of a gas detector, tank or outlet; null when none is drawn */
  sensorMarker(assetId: string): string | null
  /** completed polls of GET /sensors/latest (or its fallback) */
  sensorPolls(): number
  /** the alarm store's active alarms, in the console's default order (priority, then newest) */
  alarms(): CptAlarm[]
  /** alarm feed diagnostics: subscribed, snapshot loaded, pushed messages applied / dropped as repeats */
  alarmFeed(): CptAlarmFeed
  /** ids of the alarms flashing on the twin */
  alarmFlashes(): string[]
  /** track replay (client/replay): state, tag, replay time (epoch ms), loaded vertices */
  replay(): CptReplay
  /** selects a live tag as a click on it would (opens its details panel) */
  selectTag(tagId: string): void
  /** the drill player (应急演练): its run, state, drill time, fired steps, people, headcount, evaluation */
  drill(): CptDrill
  /** the incident the 应急指挥 panel shows and the twin draws; null when none */
  incident(): CptIncident | null
}

export interface CptIncident {
  id: string
  status: string
  /** zone polygons drawn on the twin */
  zones: number
  /** tags inside the zones (last poll) */
  inside: number
  /** evacuation routes drawn on the twin */
  routes: number
  wind_from_deg: number
  /** when the zones were last computed */
  zones_at: string
}

export interface CptDrill {
  runId: string | null
  drillId: string | null
  state: 'idle' | 'playing' | 'paused' | 'ended'
  t_s: number
  speed: number
  /** drill time has reached the script's end (the run still needs ending) */
  finished: boolean
  fired: number
  people: number
  atMuster: number
  evaluated: boolean
  score: number | null
}

export interface CptReplay {
  state: string
  tagId: string | null
  time: number | null
  start: number | null
  end: number | null
  points: number
  speed: number
  stops: number
  follow: boolean
}

export interface CptAlarm {
  id: string
  source_id: string
  rule: string
  priority: string
  state: string
  version: number
  value: number | null
  limit: number | null
}

export interface CptAlarmFeed {
  subscribed: boolean
  snapshotLoaded: boolean
  applied: number
  repeats: number
  error: string | null
}

export interface SensorHookState {
  state: string
  level: string | null
  value: number | null
  t: string | null
}

declare global {
  interface Window {
    __cpt?: CptHooks
  }
}

let active: CptHooks | null = null

/** Installs `window.__cpt`; calls go to the running app, or answer "signed out" without one. */
export function installTestHooks(signedOut: () => CptState): void {
  window.__cpt = {
    state: () => active?.state() ?? signedOut(),
    screenPositionOf: (id) => active?.screenPositionOf(id) ?? null,
    tagPosition: (id) => active?.tagPosition(id) ?? null,
    tagIds: () => active?.tagIds() ?? [],
    flyToAsset: (id) => active?.flyToAsset(id) ?? Promise.resolve(),
    sensorState: (id) => active?.sensorState(id) ?? null,
    sensorMarker: (id) => active?.sensorMarker(id) ?? null,
    sensorPolls: () => active?.sensorPolls() ?? 0,
    alarms: () => active?.alarms() ?? [],
    alarmFeed: () =>
      active?.alarmFeed() ?? {
        subscribed: false,
        snapshotLoaded: false,
        applied: 0,
        repeats: 0,
        error: null,
      },
    alarmFlashes: () => active?.alarmFlashes() ?? [],
    replay: () =>
      active?.replay() ?? {
        state: 'idle',
        tagId: null,
        time: null,
        start: null,
        end: null,
        points: 0,
        speed: 1,
        stops: 0,
        follow: false,
      },
    selectTag: (id) => active?.selectTag(id),
    incident: () => active?.incident() ?? null,
    drill: () =>
      active?.drill() ?? {
        runId: null,
        drillId: null,
        state: 'idle',
        t_s: 0,
        speed: 1,
        finished: false,
        fired: 0,
        people: 0,
        atMuster: 0,
        evaluated: false,
        score: null,
      },
  }
}

export function setActiveHooks(hooks: CptHooks | null): void {
  active = hooks
}
