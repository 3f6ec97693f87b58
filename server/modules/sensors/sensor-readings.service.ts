import type { ItemRejection, SafetyReading } from '../../../sensors/protocols/safety'
import { dataFlagOf } from '../../../sensors/protocols/safety'
import type { ReadingsRecorded, ReadingValue } from '../../contracts'
import { streams, type Bus } from '../../platform/bus/bus'
import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { within, withRetry } from '../environment/ingest-retry'
import { liveKeys } from '../environment/live-keys'
import {
  insertSensorReadings,
  loadRegistry,
  readingKey,
  syncSafetySensors,
  type RegistryEntry,
  type SensorReadingInsert,
} from './sensor-readings.repository'

/** Sensor kinds whose readings arrive over MQTT or HTTP (HJ 212 channels arrive over HJ 212 only). */
export const safetySensorKinds: ReadonlySet<string> = new Set([
  'gas_detector',
  'tank_level',
  'tank_temperature',
  'tank_pressure',
  'process',
])

export type SafetyIngestSource = 'mqtt' | 'http'

export interface StoreOutcome {
  /** readings written now */
  stored: number
  /** readings already stored (a resent message) or repeated within the input: dropped */
  duplicates: number
  /** refused by the registry; `index` is the position in the input */
  rejected: ItemRejection[]
}

export interface SensorReadingsOptions {
  /** the registry cache is reloaded at least this often; default 60 s */
  registryTtlMs?: number
  /** an unknown id reloads it, but not more often than this; default 5 s */
  missReloadMs?: number
  /** a bus that does not answer within this is given up on (the data is stored); default 2 s */
  busTimeoutMs?: number
  clock?: () => number
}

/**
 * Stores safety-sensor readings (gas detectors, tanks, key process parameters): checks each sensor id against
 * the registry (cached), writes one transaction per call, idempotent by (sensor, 'rtd', t), and only after
 * the commit announces the new readings on `readings.recorded` (alarm engine) and in the live cache.
 */
export class SensorReadingsService {
  private registry = new Map<string, RegistryEntry>()
  private loadedAt = Number.NEGATIVE_INFINITY
  private loading: Promise<void> | null = null
  /** newest source time (ms) this node put in the live cache, per sensor: bounded by the registry */
  private readonly cachedMs = new Map<string, number>()
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly log: Logger,
    private readonly o: SensorReadingsOptions = {},
  ) {
    this.now = o.clock ?? Date.now
  }

  /** Creates missing tank and process sensors and gas-detector defaults (migration 0008), then reloads. */
  async syncRegistry(): Promise<number> {
    const n = await this.db.tx(systemScope, syncSafetySensors)
    await this.reload()
    return n
  }

  async store(readings: readonly SafetyReading[], source: SafetyIngestSource): Promise<StoreOutcome> {
    await this.ensureRegistry(readings)
    const out: StoreOutcome = { stored: 0, duplicates: 0, rejected: [] }
    const rows: (SensorReadingInsert & { measure: string; ms: number })[] = []
    const seen = new Set<string>()
    readings.forEach((r, index) => {
      const s = this.registry.get(r.sensor)
      if (!s)
        return void out.rejected.push({ index, reason: 'unknown_sensor', message: `no sensor ${r.sensor}` })
      if (!safetySensorKinds.has(s.kind))
        return void out.rejected.push({
          index,
          reason: 'wrong_kind',
          message: `${r.sensor} is a ${s.kind} sensor, not a safety sensor`,
        })
      const key = readingKey(r.sensor, r.tMs)
      if (seen.has(key)) return void out.duplicates++
      seen.add(key)
      rows.push({
        sensor_id: r.sensor,
        t: r.t,
        ms: r.tMs,
        enterprise_id: s.enterprise_id,
        value: r.v,
        flag: dataFlagOf(r.flag),
        measure: s.measure,
      })
    })
    if (!rows.length) return out
    const inserted = await withRetry(() => this.db.tx(systemScope, (q) => insertSensorReadings(q, rows)))
    out.stored = inserted.size
    out.duplicates += rows.length - inserted.size
    const fresh = rows.filter((r) => inserted.has(readingKey(r.sensor_id, r.ms)))
    if (fresh.length) await this.announce(fresh, source)
    return out
  }

  private async ensureRegistry(readings: readonly SafetyReading[]): Promise<void> {
    const age = this.now() - this.loadedAt
    const miss = readings.some((r) => !this.registry.has(r.sensor))
    if (age >= (this.o.registryTtlMs ?? 60_000) || (miss && age >= (this.o.missReloadMs ?? 5_000)))
      await this.reload()
  }

  private reload(): Promise<void> {
    this.loading ??= this.db
      .tx(systemScope, loadRegistry)
      .then((rows) => {
        this.registry = new Map(rows.map((r) => [r.id, r]))
        this.loadedAt = this.now()
      })
      .finally(() => (this.loading = null))
    return this.loading
  }

  /** After the commit; a bus failure is logged, never thrown: the readings are durable. */
  private async announce(
    rows: (SensorReadingInsert & { measure: string; ms: number })[],
    source: SafetyIngestSource,
  ): Promise<void> {
    const byEnterprise = new Map<string | null, ReadingValue[]>()
    // newest per sensor, and only if newer than what this node last cached (the cache never goes back)
    const newest = new Map<string, { ms: number; value: ReadingValue }>()
    for (const r of rows) {
      const value: ReadingValue = {
        sensor_id: r.sensor_id,
        code: r.measure,
        kind: 'rtd',
        t: r.t,
        value: r.value,
        flag: r.flag,
        stats: null,
      }
      const list = byEnterprise.get(r.enterprise_id) ?? []
      list.push(value)
      byEnterprise.set(r.enterprise_id, list)
      const prev = newest.get(r.sensor_id)?.ms ?? this.cachedMs.get(r.sensor_id) ?? Number.NEGATIVE_INFINITY
      if (r.ms > prev) newest.set(r.sensor_id, { ms: r.ms, value })
    }
    for (const [id, n] of newest) this.cachedMs.set(id, n.ms)
    const timeout = this.o.busTimeoutMs ?? 2_000
    try {
      for (const [enterprise_id, readings] of byEnterprise) {
        const event: ReadingsRecorded = { source, enterprise_id, readings }
        await within(this.bus.publish(streams.readingsRecorded, event), timeout)
      }
      await within(this.refreshLive(newest), timeout)
    } catch (err) {
      this.log.error({ err, source, n: rows.length }, 'safety readings stored but not announced on the bus')
    }
  }

  // another node (or this one before a restart) may have cached a newer value: compare as instants
  private async refreshLive(newest: Map<string, { ms: number; value: ReadingValue }>): Promise<void> {
    if (!newest.size) return
    const cached = await this.bus.getLatestFields<ReadingValue>(liveKeys.readings, [...newest.keys()])
    const latest: Record<string, ReadingValue> = {}
    for (const [id, n] of newest) {
      const c = cached[id]
      if (!c || !(Date.parse(c.t) >= n.ms)) latest[id] = n.value
    }
    if (Object.keys(latest).length) await this.bus.setLatest(liveKeys.readings, latest)
  }
}
