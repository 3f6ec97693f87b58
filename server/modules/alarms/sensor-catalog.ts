import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { findSensor, sensorsWithSilence } from './sensors.repository'
import { resolveThresholds, type ResolvedThresholds } from './thresholds'

export interface SensorInfo {
  id: string
  kind: string
  measure: string
  unit: string | null
  name: string
  enterprise_id: string | null
  location: { lon: number; lat: number } | null
  /** null: no alarm settings (or settings that do not parse, which is logged) */
  thresholds: ResolvedThresholds | null
}

/**
 * Sensor registry lookups for the alarm engine, cached for ttlMs so that thresholds the park edits in
 * `sensors.thresholds` take effect within that time without a restart. Unknown ids are cached too.
 */
export class SensorCatalog {
  private readonly cache = new Map<string, { at: number; info: SensorInfo | null }>()

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly silenceDefaultsS: Record<string, number>,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(id: string): Promise<SensorInfo | null> {
    const hit = this.cache.get(id)
    if (hit && this.now() - hit.at < this.ttlMs) return hit.info
    const row = await this.db.tx(systemScope, (q) => findSensor(q, id))
    let info: SensorInfo | null = null
    if (row) {
      const silence = this.silenceDefaultsS[row.kind]
      const resolved = resolveThresholds(row, silence === undefined ? null : silence * 1000)
      if ('error' in resolved)
        this.log.warn({ sensor: id, error: resolved.error }, 'sensor thresholds ignored')
      info = {
        id: row.id,
        kind: row.kind,
        measure: row.measure,
        unit: row.unit,
        name: row.name,
        enterprise_id: row.enterprise_id,
        location: row.lon !== null && row.lat !== null ? { lon: row.lon, lat: row.lat } : null,
        thresholds: 'error' in resolved ? null : resolved,
      }
    }
    this.cache.set(id, { at: this.now(), info })
    return info
  }

  explicitSilence(): Promise<string[]> {
    return this.db.tx(systemScope, sensorsWithSilence)
  }
}
