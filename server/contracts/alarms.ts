import { z } from 'zod'

/**
 * Alarm states (ISA-18.2 / IEC 62682): `unack` active and unacknowledged, `ack` active and
 * acknowledged, `rtn_unack` returned to normal but unacknowledged, `shelved` (time-limited, by an
 * operator with a reason), `suppressed` by design (the channel is in maintenance or calibration),
 * `out_of_service` (removed by a park admin), `cleared` (acknowledged and normal: the record is closed).
 * "Normal" is the absence of an open record for the source and rule.
 */
export const alarmStates = [
  'unack',
  'ack',
  'rtn_unack',
  'shelved',
  'suppressed',
  'out_of_service',
  'cleared',
] as const
export type AlarmState = (typeof alarmStates)[number]

/** What `GET /alarms?state=active` returns: alarms an operator still has to see. */
export const activeAlarmStates = ['unack', 'ack', 'rtn_unack', 'shelved'] as const

/** ISA-18.2 priorities; target mix per operator about 80 % low, 15 % high, 5 % urgent. */
export const alarmPriorities = ['low', 'high', 'urgent'] as const
export const alarmPriority = z.enum(alarmPriorities)
export type AlarmPriority = z.infer<typeof alarmPriority>

/** Lifecycle events, as recorded in the audit trail (`alarm_events.event`). */
export const alarmEventTypes = [
  'raise',
  'return_to_normal',
  'acknowledge',
  'shelve',
  'unshelve',
  'shelf_expired',
  'remove_from_service',
  'return_to_service',
  'suppress',
  'unsuppress',
  'escalate',
  /** manual clear by a park admin or operator (a transition: the version goes up) */
  'clear',
  /** an operator's note: not a transition; the row carries the alarm's version at the time, unchanged */
  'comment',
] as const
export type AlarmEventType = (typeof alarmEventTypes)[number]

/** The longest an alarm may stay shelved (ISA-18.2: shelving is time-limited). */
export const maxShelveHours = 8

export interface Alarm {
  /** bigint as a decimal string */
  id: string
  /** `sensor`, `system`, … */
  source_type: string
  source_id: string
  /** `hh`, `h`, `l`, `ll`, `roc`, `silent`, `flag_fault`, `flag_comms`, or a system rule */
  rule: string
  /** source time of the event that raised it: with source_id and rule, the natural key */
  source_event_time: string
  /** source time of the newest event applied (re-triggers, return to normal) */
  last_event_time: string
  enterprise_id: string | null
  priority: AlarmPriority
  state: AlarmState
  /** whether the process condition is still abnormal (tracked while shelved, suppressed, out of service) */
  condition_active: boolean
  message: string
  /** last value, in the channel's unit */
  value: number | null
  /** highest (high rules) or lowest (low rules) value while open */
  peak: number | null
  /** the set point that was crossed */
  limit: number | null
  /** raise events merged into this record: the first and every re-trigger (which update, never duplicate) */
  count: number
  /** +1 per transition; consumers keep the highest (alarm id, version) */
  version: number
  raised_at: string
  updated_at: string
  acked_at: string | null
  acked_by: string | null
  shelved_until: string | null
  escalated_at: string | null
  location: { lon: number; lat: number } | null
  props: Record<string, unknown>
}

/** One row of an alarm's audit trail: every transition with who and why. */
export interface AlarmTransition {
  id: string
  alarm_id: string
  version: number
  at: string
  /** `normal` for the raise that created the record */
  from_state: AlarmState | 'normal'
  to_state: AlarmState
  event: AlarmEventType
  user_id: string | null
  username: string | null
  reason: string | null
  detail: Record<string, unknown>
}

export interface AlarmDetail extends Alarm {
  events: AlarmTransition[]
}

/** `alarm.raised`: a new annunciation (new alarm, or re-triggered after returning to normal). */
export const alarmMessageKinds = ['alarm.raised', 'alarm.updated', 'alarm.escalated'] as const
export type AlarmMessageKind = (typeof alarmMessageKinds)[number]

/** What the outbox carries on the `alarms` stream; outbox_id is added by the relay. */
export interface AlarmMessage {
  kind: AlarmMessageKind
  outbox_id: string
  alarm: Alarm
  transition: Pick<AlarmTransition, 'event' | 'from_state' | 'to_state' | 'at' | 'username' | 'reason'>
}

/** What a socket receives; `attempt` > 1 is a re-send after no receipt. Drop duplicates by alarm id + version. */
export interface AlarmDelivery extends AlarmMessage {
  attempt: number
}
/** The client's receipt of a delivery (not the operator's acknowledgement, which is POST /ack). */
export interface AlarmReceipt {
  ok: boolean
}

/** Alarm flood per operator position (ISA-18.2): > 10 alarms in 10 min starts, < 5 ends. */
export interface FloodState {
  position: string
  name: string
  in_flood: boolean
  /** annunciations in the last window */
  count: number
  window_s: number
  since: string | null
  /** the highest-priority open alarm of the position, shown on top during a flood */
  top: Alarm | null
}

const instant = z.iso.datetime({
  offset: true,
  message: 'an ISO-8601 instant with a zone, e.g. 2026-11-28T08:00:00Z',
})
const reason = z.string().trim().min(1, 'a reason is required').max(500)

export const alarmListQuery = z
  .object({
    /** active: unack, ack, rtn_unack, shelved; all: every state */
    state: z.enum(['active', 'all']).default('active'),
    /** comma-separated priorities */
    priority: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(',') : undefined))
      .pipe(z.array(alarmPriority).optional()),
    enterprise: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, 'an enterprise id')
      .optional(),
    /** raised at or after */
    from: instant.optional(),
    /** raised before */
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'must be after from',
    path: ['to'],
  })
export type AlarmListQuery = z.infer<typeof alarmListQuery>

export const ackBody = z.object({ reason: z.string().trim().max(500).optional() })
/** `until` must be in the future and at most maxShelveHours ahead. */
export const shelveBody = z.object({ until: instant, reason })
export const outOfServiceBody = z.object({ reason })
export const optionalReasonBody = z.object({ reason: z.string().trim().max(500).optional() })
/** POST /alarms/:id/comments: a note in the alarm's audit trail (detail.text); the alarm itself is unchanged. */
export const alarmCommentBody = z.strictObject({
  text: z.string().trim().min(1, 'a comment needs text').max(2000),
})
export type AlarmCommentBody = z.infer<typeof alarmCommentBody>
/**
 * POST /alarms/:id/clear (park admin, operator): closes an alarm whose condition is no longer active, or a
 * system alarm whose source cannot return to normal by itself (ISA-18.2: latched). Always with a reason.
 */
export const alarmClearBody = z.strictObject({ reason })

/**
 * Alarm settings of one sensor channel, stored in `sensors.thresholds` (park-editable data). Limits are in
 * the channel's unit; rules: `hh` ≥ high_high, `h` ≥ high, `l` ≤ low, `ll` ≤ low_low. Gas detectors without
 * limits get the GB/T 50493-2019 §5.5.2 set points from their measure. Unknown keys (`source`, …) are kept.
 */
export const sensorThresholds = z.looseObject({
  low_low: z.number().finite().optional(),
  low: z.number().finite().optional(),
  high: z.number().finite().optional(),
  high_high: z.number().finite().optional(),
  /** return-to-normal hysteresis in the channel's unit */
  deadband: z.number().min(0).optional(),
  /** hysteresis as % of each limit's magnitude, when `deadband` is absent; default 5 */
  deadband_pct: z.number().min(0).max(100).optional(),
  /** the condition must hold this long before the alarm is raised; default 0 */
  on_delay_s: z.number().min(0).max(3600).optional(),
  /** the value must stay back past the deadband this long before returning to normal; default 0 */
  off_delay_s: z.number().min(0).max(3600).optional(),
  /** rate-of-change rule: rise in units per minute over rate_window_s */
  rate_per_min: z.number().positive().optional(),
  rate_window_s: z.number().positive().max(3600).optional(),
  /** device-silent rule: no data for this long (server clock) */
  silence_timeout_s: z
    .number()
    .positive()
    .max(7 * 86_400)
    .optional(),
  /** which HJ 212 series is evaluated: rtd (default), min, hour or day */
  series: z.enum(['rtd', 'min', 'hour', 'day']).optional(),
  /** per-rule priority overrides, e.g. {"h": "urgent"} */
  priorities: z.record(z.string(), alarmPriority).optional(),
})
export type SensorThresholds = z.infer<typeof sensorThresholds>
