import { z } from 'zod'

/**
 * Series a reading belongs to: HJ 212-2017 real-time data (CN 2011, `value` = Rtd) and minute, hour and day
 * data (CN 2051 / 2061 / 2031, `value` = Avg, Min/Max/Cou in `stats`).
 */
export const readingKinds = ['rtd', 'min', 'hour', 'day'] as const
export const readingKind = z.enum(readingKinds)
export type ReadingKind = z.infer<typeof readingKind>

/** Interval statistics of minute/hour/day data and converted (折算, Zs*) values, as sent. */
export type ReadingStats = Partial<
  Record<'min' | 'max' | 'cou' | 'avg' | 'rtd' | 'zs_rtd' | 'zs_avg' | 'zs_min' | 'zs_max', number | null>
>

/** One stored reading as it travels on the bus (`readings.recorded`) and in the live cache. */
export interface ReadingValue {
  sensor_id: string
  /**
   * HJ 212-2017 pollutant code (`w01018`); for a safety sensor (readings over MQTT or HTTP) its measure
   * (`combustible`, `level`, `temperature`, …)
   */
  code: string
  kind: ReadingKind
  /** DataTime as an ISO instant (UTC) */
  t: string
  value: number | null
  /** HJ 212 data flag (N normal, M maintenance, C calibration, D fault, B comms, …) or null */
  flag: string | null
  stats: ReadingStats | null
}

/**
 * Payload of the `readings.recorded` stream, after the readings' commit: the readings of one HJ 212 upload
 * (with its collector MN and command code), or those of one enterprise from one safety-sensor batch received
 * over MQTT or HTTP.
 */
export type ReadingsRecorded = {
  enterprise_id: string | null
  readings: ReadingValue[]
} & (
  { source: 'hj212'; mn: string; cn: number } | { source: 'mqtt' | 'http'; mn?: undefined; cn?: undefined }
)

// Bucket widths of GET /sensors/:id/readings, and the longest range each may ask for.
export const readingSteps = ['raw', 'minute', 'hour', 'day'] as const
export type ReadingStep = (typeof readingSteps)[number]
const DAY_MS = 86_400_000
export const maxRangeMs: Record<ReadingStep, number> = {
  raw: 7 * DAY_MS,
  minute: 7 * DAY_MS,
  hour: 93 * DAY_MS,
  day: 3 * 366 * DAY_MS,
}

const instant = z.iso.datetime({
  offset: true,
  message: 'an ISO-8601 instant with a zone, e.g. 2026-11-28T08:00:00Z',
})

export const readingsQuery = z
  .object({
    from: instant,
    to: instant,
    step: z.enum(readingSteps).default('raw'),
    /** which stored series to read; default real-time */
    kind: readingKind.default('rtd'),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'must be after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= maxRangeMs[q.step], {
    message: 'range too long for this step (raw and minute ≤ 7 days, hour ≤ 93 days, day ≤ 3 years)',
    path: ['to'],
  })
export type ReadingsQuery = z.infer<typeof readingsQuery>

export interface ReadingPoint {
  t: string
  value: number | null
  flag: string | null
  stats: ReadingStats | null
}

/** Aggregate of one bucket; buckets are aligned to China Standard Time (UTC+8) minutes, hours and days. */
export interface ReadingBucket {
  t: string
  avg: number | null
  min: number | null
  max: number | null
  count: number
}

export interface SensorRef {
  id: string
  name: string
  unit: string | null
  code: string | null
  enterprise_id: string | null
  thresholds: Record<string, unknown>
}

export type ReadingsSeries = { sensor: SensorRef; kind: ReadingKind; from: string; to: string } & (
  | { step: 'raw'; points: ReadingPoint[]; truncated: boolean }
  | { step: Exclude<ReadingStep, 'raw'>; buckets: ReadingBucket[] }
)

export interface CollectorChannel {
  sensor_id: string
  code: string
  name: string
  unit: string | null
  thresholds: Record<string, unknown>
}

/** A data collector (数采仪) as listed by GET /environment/collectors; its PW is never sent. */
export interface Collector {
  mn: string
  name: string
  name_en: string | null
  measure: 'wastewater' | 'waste_gas'
  st: number | null
  enterprise_id: string | null
  asset_id: string | null
  active: boolean
  rtd_interval_s: number
  last_packet_at: string | null
  /** a packet received within twice the real-time interval */
  online: boolean
  status: Record<string, string> | null
  status_at: string | null
  channels: CollectorChannel[]
}

export interface LatestReading {
  sensor_id: string
  mn: string
  code: string
  unit: string | null
  enterprise_id: string | null
  last: ReadingValue | null
}

export const rejectionsQuery = z.object({
  protocol: z
    .string()
    .regex(/^[a-z0-9_]{1,16}$/, 'a protocol name such as hj212')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
export type RejectionsQuery = z.infer<typeof rejectionsQuery>

export interface IngestRejection {
  id: number
  at: string
  protocol: string
  reason: string
  peer: string | null
  mn: string | null
  detail: string
  raw_excerpt: string | null
}

/** Counters of one ingest listener since it started (all rejections, including those not written as rows). */
export interface RejectionCounters {
  protocol: string
  node: string
  since: string
  /** refreshed at least every 30 s while the listener runs; older entries are of stopped nodes */
  updated_at: string
  total: number
  by_reason: Record<string, number>
}

export interface RejectionsReport {
  counters: RejectionCounters[]
  rows: IngestRejection[]
}
