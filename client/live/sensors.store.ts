import type { Collector, ReadingKind, SensorLatestMap, SensorSummary } from '../../server/contracts'
import type { SensorsApi } from '../api/sensors.api'
import {
  expectedPeriodMs,
  limitsOf,
  sensorState,
  worstState,
  type LatestValue,
  type Limits,
  type SensorState,
  type StateResult,
} from './sensor-state'

/** One channel of the registry, as the client needs it. */
export type SensorInfo = Omit<SensorSummary, 'thresholds' | 'effective' | 'location'> & { limits: Limits }

export interface SensorValue extends LatestValue {
  kind: ReadingKind | string
}

/** `ok`: the last poll of GET /sensors/latest answered; `error`: it failed (the last values stay). */
export type SensorsStatus = 'loading' | 'ok' | 'error'

/** Gas detectors, tank and process sensors: a value at least every minute. */
const defaultPeriodMs = 60_000

/** Registry and latest value of every sensor the user may see; fed by `pollSensors`, read by the UI. */
export class SensorsStore {
  readonly sensors = new Map<string, SensorInfo>()
  readonly latest = new Map<string, SensorValue>()
  readonly collectors = new Map<string, Collector>()
  status: SensorsStatus = 'loading'
  /** server clock minus client clock, ms (from `server_time`) */
  skewMs = 0
  polls = 0
  private byAsset: Map<string, SensorInfo[]> | null = null
  private readonly listeners = new Set<() => void>()

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** Server time now (ages are judged on the server's clock). */
  now(): number {
    return Date.now() + this.skewMs
  }

  applyList(list: readonly SensorSummary[]): void {
    this.sensors.clear()
    for (const s of list) {
      this.sensors.set(s.id, {
        id: s.id,
        kind: s.kind,
        name: s.name,
        name_en: s.name_en,
        measure: s.measure,
        unit: s.unit,
        enterprise_id: s.enterprise_id,
        asset_id: s.asset_id,
        device_id: s.device_id,
        mn: s.mn,
        code: s.code,
        limits: s.effective
          ? {
              low_low: s.effective.low_low,
              low: s.effective.low,
              high: s.effective.high,
              high_high: s.effective.high_high,
            }
          : limitsOf(s.thresholds as Record<string, unknown>),
      })
    }
    this.byAsset = null
  }

  applyLatest(map: SensorLatestMap, clientNowMs = Date.now()): void {
    const server = Date.parse(map.server_time)
    if (Number.isFinite(server)) this.skewMs = server - clientNowMs
    for (const [id, v] of Object.entries(map.values)) this.setLatest(id, v)
  }

  applyCollectors(collectors: readonly Collector[]): void {
    this.collectors.clear()
    for (const c of collectors) this.collectors.set(c.mn, c)
  }

  /** Marks a completed poll and tells the listeners (also when nothing changed: states age). */
  notify(): void {
    this.polls++
    this.emit()
  }

  /** Channel whose chart the details panel shows for an asset (an outlet's COD, …), chosen in a center. */
  readonly chosen = new Map<string, string>()

  choose(assetId: string, sensorId: string): void {
    this.chosen.set(assetId, sensorId)
    this.emit()
  }

  private emit(): void {
    for (const fn of [...this.listeners]) fn()
  }

  get(id: string): SensorInfo | undefined {
    return this.sensors.get(id)
  }

  /** Expected time between two values of the channel. */
  periodOf(id: string): number {
    const s = this.sensors.get(id)
    const kind = this.latest.get(id)?.kind
    if (s?.kind === 'hj212_channel') {
      const c = s.mn ? this.collectors.get(s.mn) : undefined
      return expectedPeriodMs(kind, c?.rtd_interval_s ?? 30)
    }
    return Math.max(defaultPeriodMs, expectedPeriodMs(kind === 'rtd' ? null : kind, 60))
  }

  stateOf(id: string, nowMs = this.now()): StateResult {
    const s = this.sensors.get(id)
    return sensorState(this.latest.get(id), s?.limits, nowMs, this.periodOf(id))
  }

  /** Channels watching or carried by the asset (a tank's level and detectors, an outlet's pollutants). */
  sensorsOf(assetId: string): SensorInfo[] {
    if (!this.byAsset) {
      const index = new Map<string, SensorInfo[]>()
      const add = (key: string | null, s: SensorInfo) => {
        if (!key) return
        const list = index.get(key) ?? []
        if (!list.includes(s)) list.push(s)
        index.set(key, list)
      }
      for (const s of this.sensors.values()) {
        if (s.kind === 'monitor_point') continue // the outlet itself carries no value
        add(s.asset_id, s)
        add(s.device_id, s)
      }
      for (const list of index.values()) list.sort((a, b) => a.id.localeCompare(b.id))
      this.byAsset = index
    }
    return this.byAsset.get(assetId) ?? []
  }

  /** Channels of an HJ 212 collector, by MN. */
  channelsOf(mn: string): SensorInfo[] {
    return [...this.sensors.values()]
      .filter((s) => s.kind === 'hj212_channel' && s.mn === mn)
      .sort((a, b) => (a.code ?? a.id).localeCompare(b.code ?? b.id))
  }

  /** The most urgent state of the asset's channels; `no_data` when it has none. */
  assetState(assetId: string, nowMs = this.now()): SensorState {
    return worstState(this.sensorsOf(assetId).map((s) => this.stateOf(s.id, nowMs).state))
  }

  private setLatest(
    id: string,
    v: { t: string; value: number | null; flag: string | null; kind: string },
  ): void {
    const old = this.latest.get(id)
    if (old && Date.parse(old.t) > Date.parse(v.t)) return
    this.latest.set(id, { t: v.t, value: v.value, flag: v.flag, kind: v.kind })
  }
}

export interface PollOptions {
  intervalMs?: number
  /** registry refresh (thresholds edited by the park) every this many polls */
  listEvery?: number
  /** collectors (online state) every this many polls */
  collectorsEvery?: number
}

/**
 * Polls GET /sensors/latest (there is no socket event for readings) and, less often, the registry and the
 * collectors. Returns a stop function.
 */
export function pollSensors(store: SensorsStore, api: SensorsApi, options: PollOptions = {}): () => void {
  const intervalMs = options.intervalMs ?? 5_000
  const listEvery = options.listEvery ?? 12
  const collectorsEvery = options.collectorsEvery ?? 3
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | null = null
  let tick = 0
  let listed = false

  async function once(): Promise<void> {
    const n = tick++
    if (!listed || n % listEvery === 0) {
      store.applyList((await api.list()).sensors)
      listed = true
    }
    if (n % collectorsEvery === 0) store.applyCollectors(await api.collectors())
    store.applyLatest(await api.latest())
    store.status = 'ok'
  }

  async function loop(): Promise<void> {
    try {
      await once()
    } catch {
      if (stopped) return
      store.status = 'error'
    }
    if (stopped) return
    store.notify()
    timer = setTimeout(() => void loop(), intervalMs)
  }

  void loop()
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
  }
}
