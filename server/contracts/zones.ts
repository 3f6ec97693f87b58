import { z } from 'zod'

/**
 * Geofence (电子围栏) contracts: the zone events the engine records, the schedule format of a zone and the
 * REST queries on events and occupants.
 */

/** `crossing`: the segment between two samples passed through the zone while both samples lie outside. */
export const zoneEventTypes = ['enter', 'exit', 'crossing', 'overspeed_start', 'overspeed_end'] as const
export const zoneEventType = z.enum(zoneEventTypes)
export type ZoneEventType = z.infer<typeof zoneEventType>

export interface ZoneEvent {
  /** bigint as a decimal string */
  id: string
  tag_id: string
  zone_id: string
  event: ZoneEventType
  /** source time of the event (enter/exit: the first sample inside/outside, even when a dwell delayed it) */
  t: string
  lon: number
  lat: number
  speed_kmh: number | null
  /** event details: `confirmed_at` (dwell), `max_speed_kmh`, `limit_kmh`, `duration_s`, `from_t` (crossing) */
  props: Record<string, unknown>
}

/** A tag inside a zone now (its last enter/exit event for the zone is an enter). */
export interface ZoneOccupant {
  tag_id: string
  kind: string | null
  label: string | null
  enterprise_id: string | null
  /** when it entered */
  since: string
}

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM (00:00–23:59)')
  .or(z.literal('24:00'))

/**
 * One window of a zone schedule, in China time (UTC+8, no daylight saving). `days`: ISO weekdays the
 * window starts on (1 = Monday … 7 = Sunday). `to` ≤ `from` means the window runs past midnight into the
 * next day (22:00–06:00 started on Friday ends Saturday 06:00); `from` = `to` is the whole day.
 */
export const scheduleWindow = z.strictObject({
  days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  from: hhmm.refine((v) => v !== '24:00', 'a window starts at 00:00–23:59'),
  to: hhmm,
})
/** `props.schedule` of a zone: the zone is active only inside one of its windows. */
export const zoneSchedule = z.strictObject({ windows: z.array(scheduleWindow).min(1).max(32) })
export type ZoneSchedule = z.infer<typeof zoneSchedule>

const instant = z.iso.datetime({
  offset: true,
  message: 'an ISO-8601 instant with a zone, e.g. 2026-11-28T08:00:00Z',
})
const id = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'an id (letters, digits, _ . : -)')

/** GET /api/v1/zone-events: newest first. */
export const zoneEventsQuery = z
  .object({
    tag: id.optional(),
    zone: id.optional(),
    /** comma-separated event types */
    event: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(',') : undefined))
      .pipe(z.array(zoneEventType).optional()),
    /** at or after */
    from: instant.optional(),
    /** before */
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'must be after from',
    path: ['to'],
  })
export type ZoneEventsQuery = z.infer<typeof zoneEventsQuery>

export const zoneIdParam = id
