import type { ReadingValue } from '../../contracts/environment'
import type {
  SensorDetail,
  SensorKind,
  SensorLatest,
  SensorLatestMap,
  SensorList,
  SensorListQuery,
  SensorPatch,
  SensorSummary,
} from '../../contracts/sensors'
import { auditIn } from '../../platform/audit'
import type { Bus } from '../../platform/bus/bus'
import type { Db } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { liveKeys } from '../environment/live-keys'
import { effectiveLimits, thresholdOrderError } from './sensor-limits'
import {
  findSensor,
  listSensors,
  updateSensor,
  visibleSensorIds,
  type SensorEdit,
  type SensorRow,
} from './sensors.repository'

function toSummary(r: SensorRow): SensorSummary {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    name_en: r.name_en,
    measure: r.measure,
    unit: r.unit,
    enterprise_id: r.enterprise_id,
    asset_id: r.asset_id,
    device_id: r.device_id,
    mn: r.mn,
    code: r.code,
    thresholds: r.thresholds,
    effective: effectiveLimits(r),
    location: r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null,
  }
}

const toLatest = (v: ReadingValue): SensorLatest => ({
  sensor_id: v.sensor_id,
  t: v.t,
  value: v.value,
  flag: v.flag,
  kind: v.kind,
})

/**
 * The sensor registry (传感器台账): reads under the caller's row-level-security scope (another enterprise's
 * sensor does not exist for an enterprise user: 404), edits by park admins with an audit row. The alarm engine
 * caches each sensor's thresholds for 60 s (alarms/sensor-catalog.ts), so an edit takes effect within a minute.
 */
export class SensorsService {
  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
  ) {}

  async list(who: AppState, query: SensorListQuery): Promise<SensorList> {
    const rows = await this.db.tx(who.scope, (q) => listSensors(q, query))
    return { sensors: rows.map(toSummary) }
  }

  /** Latest live values (cache `live:readings`, filled by the ingest) of the sensors the caller may see. */
  async latest(who: AppState, kind: SensorKind | null): Promise<SensorLatestMap> {
    const ids = await this.db.tx(who.scope, (q) => visibleSensorIds(q, kind))
    const cache = ids.length ? await this.bus.getLatestFields<ReadingValue>(liveKeys.readings, ids) : {}
    const values: Record<string, SensorLatest> = {}
    for (const id of ids) {
      const v = cache[id]
      if (v) values[id] = toLatest({ ...v, sensor_id: id })
    }
    return { server_time: new Date().toISOString(), values }
  }

  async get(who: AppState, id: string): Promise<SensorDetail> {
    const row = await this.db.tx(who.scope, (q) => findSensor(q, id))
    if (!row) throw errors.notFound('sensor', id)
    const cache = await this.bus.getLatestFields<ReadingValue>(liveKeys.readings, [id])
    const v = cache[id]
    return { ...toSummary(row), last: v ? toLatest({ ...v, sensor_id: id }) : null }
  }

  /** Park admin edit of name, unit and thresholds; the old and new values and the reason are audited. */
  async update(who: AppState, id: string, patch: SensorPatch, ip: string | null): Promise<SensorDetail> {
    if (patch.thresholds) {
      const bad = thresholdOrderError(patch.thresholds)
      if (bad) throw errors.validation(bad.message, bad.field)
    }
    await this.db.tx(who.scope, async (q) => {
      const row = await findSensor(q, id, true)
      if (!row) throw errors.notFound('sensor', id)
      const before: SensorEdit = {
        name: row.name,
        name_en: row.name_en,
        unit: row.unit,
        thresholds: row.thresholds,
      }
      const after: SensorEdit = {
        name: patch.name ?? before.name,
        name_en: patch.name_en === undefined ? before.name_en : patch.name_en,
        unit: patch.unit === undefined ? before.unit : patch.unit,
        thresholds: patch.thresholds ?? before.thresholds,
      }
      const changed = (Object.keys(after) as (keyof SensorEdit)[]).filter(
        (k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]),
      )
      await updateSensor(q, id, after)
      await auditIn(q, {
        userId: who.user.id,
        username: who.user.username,
        action: 'sensor.update',
        target: `sensor:${id}`,
        result: 'ok',
        ip,
        detail: {
          reason: patch.reason,
          changed,
          old: Object.fromEntries(changed.map((k) => [k, before[k]])),
          new: Object.fromEntries(changed.map((k) => [k, after[k]])),
        },
        enterpriseId: row.enterprise_id,
      })
    })
    return this.get(who, id)
  }
}
