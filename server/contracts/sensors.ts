import { z } from 'zod'
import { sensorThresholds, type SensorThresholds } from './alarms'
import type { ReadingKind } from './environment'

/**
 * The sensor registry (传感器台账): every measuring channel, whatever its protocol. Kinds:
 * `gas_detector` (%LEL or ppm of a named gas, GB/T 50493-2019), `tank_level` (%), `tank_temperature` (°C),
 * `tank_pressure` (kPa), `process` (a key parameter of one of the 18 supervised processes), `hj212_channel`
 * (one pollutant code of an HJ 212 data collector) and `monitor_point` (the outlet itself).
 */
export const sensorKinds = [
  'gas_detector',
  'tank_level',
  'tank_temperature',
  'tank_pressure',
  'process',
  'hj212_channel',
  'monitor_point',
] as const
export type SensorKind = (typeof sensorKinds)[number]

/** The limits in force after defaults (GB/T 50493 set points for gas, the outlet's permit for HJ 212). */
export interface EffectiveLimits {
  low_low: number | null
  low: number | null
  high: number | null
  high_high: number | null
  /** `sensor`: the sensor's own thresholds; `default`: a standard's default; null: no limits */
  source: 'sensor' | 'default' | null
}

export interface SensorSummary {
  id: string
  kind: string
  name: string
  name_en: string | null
  /** what is measured: `combustible`, `Cl2`, `level`, `wastewater`, … */
  measure: string
  unit: string | null
  enterprise_id: string | null
  /** the asset watched (a tank, a unit, an outlet) */
  asset_id: string | null
  /** the device asset carrying the sensor, when it is one */
  device_id: string | null
  /** HJ 212 collector MN, for hj212_channel / monitor_point */
  mn: string | null
  /** HJ 212-2017 pollutant code, for hj212_channel */
  code: string | null
  /** as stored and edited (PATCH); defaults are not merged in */
  thresholds: SensorThresholds
  effective: EffectiveLimits
  location: { lon: number; lat: number } | null
}

/** Latest value of one sensor from the live cache. */
export interface SensorLatest {
  sensor_id: string
  t: string
  value: number | null
  flag: string | null
  kind: ReadingKind
}

export interface SensorDetail extends SensorSummary {
  last: SensorLatest | null
}

/** GET /api/v1/sensors */
export const sensorListQuery = z.object({
  kind: z.enum(sensorKinds).optional(),
  asset_id: z.string().min(1).max(100).optional(),
  enterprise_id: z.string().min(1).max(100).optional(),
})
export type SensorListQuery = z.infer<typeof sensorListQuery>
export interface SensorList {
  sensors: SensorSummary[]
}

/** GET /api/v1/sensors/latest: the live cache, filtered by kind */
export const sensorLatestQuery = z.object({ kind: z.enum(sensorKinds).optional() })
export interface SensorLatestMap {
  server_time: string
  values: Record<string, SensorLatest>
}

/** PATCH /api/v1/sensors/:id (park admin): thresholds replace the stored object; a reason is audited. */
export const sensorPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    name_en: z.string().trim().max(100).nullable().optional(),
    unit: z.string().trim().max(20).nullable().optional(),
    thresholds: sensorThresholds.optional(),
    reason: z.string().trim().min(2).max(500),
  })
  .refine((p) => p.name !== undefined || p.name_en !== undefined || p.unit !== undefined || p.thresholds, {
    message: 'nothing to change: give name, name_en, unit or thresholds',
  })
export type SensorPatch = z.infer<typeof sensorPatch>
