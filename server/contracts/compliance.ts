import { z } from 'zod'

// GET /api/v1/environment/compliance?day=YYYY-MM-DD: one park day (China Standard Time, UTC+8) of every HJ 212
// outlet (data collector, 数采仪) the caller may see: data completeness of the minute records and minutes above
// or below each channel's limit.

const isRealDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

export const complianceQuery = z.object({
  /** default: today in the park */
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
    .refine(isRealDay, 'not a calendar day')
    .optional(),
})
export type ComplianceQuery = z.infer<typeof complianceQuery>

/** Which records counted: minute data (CN 2051), or real-time data (CN 2011) when the outlet sent no minute data. */
export type ComplianceSource = 'min' | 'rtd'

export interface ChannelCompliance {
  sensor_id: string
  /** HJ 212-2017 pollutant code */
  code: string
  name: string
  unit: string | null
  /** the channel's limits (sensors.thresholds high / low); null when not set */
  high: number | null
  low: number | null
  /** minutes with a valid value (flag N or none) */
  valid_minutes: number
  /** valid minutes whose average is above `high` or below `low` */
  exceedance_minutes: number
  /** newest value of the day (real-time before minute data at the same instant) */
  latest: { t: string; value: number | null; flag: string | null } | null
}

export interface OutletCompliance {
  mn: string
  name: string
  name_en: string | null
  measure: 'wastewater' | 'waste_gas'
  enterprise_id: string | null
  /** minutes of the day elapsed (1440 for a past day) */
  expected_minutes: number
  /** distinct minutes with a record of `source` */
  received_minutes: number
  /** received / expected × 100, one decimal; null when nothing was expected yet */
  completeness_pct: number | null
  /** null when nothing was received */
  source: ComplianceSource | null
  /** minutes in which at least one channel exceeded its limit */
  exceedance_minutes: number
  channels_exceeding: number
  channels: ChannelCompliance[]
}

export interface ComplianceReport {
  day: string
  /** the day's window, ISO instants: [from, to); `to` is now for today */
  from: string
  to: string
  expected_minutes: number
  outlets: OutletCompliance[]
  overall: {
    outlets: number
    expected_minutes: number
    received_minutes: number
    completeness_pct: number | null
    exceedance_minutes: number
    outlets_exceeding: number
  }
}
