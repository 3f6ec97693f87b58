import type { Alarm, AlarmPriority, AlarmState } from '../../contracts/alarms'
import type { AlarmRecord } from './lifecycle'

/** An `alarms` row as the repository selects it (node-postgres gives Date for timestamptz). */
export interface AlarmRow {
  id: string
  source_type: string
  source_id: string
  rule: string
  source_event_time: Date
  last_event_time: Date
  enterprise_id: string | null
  priority: AlarmPriority
  state: AlarmState
  condition_active: boolean
  message: string
  last_value: number | null
  peak_value: number | null
  limit_value: number | null
  count: number
  version: number
  raised_at: Date
  updated_at: Date
  annunciated_at: Date
  acked_at: Date | null
  acked_by: string | null
  shelved_until: Date | null
  escalated_at: Date | null
  lon: number | null
  lat: number | null
  props: Record<string, unknown>
}

export const alarmColumns = `a.id::text AS id, a.source_type, a.source_id, a.rule, a.source_event_time, a.last_event_time,
  a.enterprise_id, a.priority, a.state, a.condition_active, a.message, a.last_value, a.peak_value, a.limit_value,
  a.count, a.version, a.raised_at, a.updated_at, a.annunciated_at, a.acked_at, a.acked_by, a.shelved_until,
  a.escalated_at, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat, a.props`

const iso = (d: Date | null) => (d ? d.toISOString() : null)
const ms = (d: Date | null) => (d ? d.getTime() : null)

export function toAlarm(r: AlarmRow): Alarm {
  return {
    id: r.id,
    source_type: r.source_type,
    source_id: r.source_id,
    rule: r.rule,
    source_event_time: r.source_event_time.toISOString(),
    last_event_time: r.last_event_time.toISOString(),
    enterprise_id: r.enterprise_id,
    priority: r.priority,
    state: r.state,
    condition_active: r.condition_active,
    message: r.message,
    value: r.last_value,
    peak: r.peak_value,
    limit: r.limit_value,
    count: r.count,
    version: r.version,
    raised_at: r.raised_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    acked_at: iso(r.acked_at),
    acked_by: r.acked_by,
    shelved_until: iso(r.shelved_until),
    escalated_at: iso(r.escalated_at),
    location: r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null,
    props: r.props,
  }
}

export function toRecord(r: AlarmRow): AlarmRecord {
  return {
    state: r.state,
    conditionActive: r.condition_active,
    count: r.count,
    value: r.last_value,
    peak: r.peak_value,
    lastEventTime: r.last_event_time.getTime(),
    annunciatedAt: r.annunciated_at.getTime(),
    ackedAt: ms(r.acked_at),
    ackedBy: r.acked_by,
    shelvedUntil: ms(r.shelved_until),
    escalatedAt: ms(r.escalated_at),
    version: r.version,
  }
}
