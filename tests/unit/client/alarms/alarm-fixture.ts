import type { Alarm, AlarmDelivery, AlarmMessageKind } from '../../../../server/contracts'

let seq = 0
export function alarm(over: Partial<Alarm> = {}): Alarm {
  seq++
  const at = over.raised_at ?? new Date(Date.UTC(2026, 10, 28, 8, 0, seq)).toISOString()
  return {
    id: String(seq),
    source_type: 'sensor',
    source_id: `MN${seq}.w01018`,
    rule: 'h',
    source_event_time: at,
    last_event_time: at,
    enterprise_id: 'E01',
    priority: 'high',
    state: 'unack',
    condition_active: true,
    message: `废水总排口 COD: 高报 H 62 mg/L ≥ 50 mg/L`,
    value: 62,
    peak: 62,
    limit: 50,
    count: 1,
    version: 1,
    raised_at: at,
    updated_at: at,
    acked_at: null,
    acked_by: null,
    shelved_until: null,
    escalated_at: null,
    location: { lon: 120.95, lat: 31.95 },
    props: { unit: 'mg/L', measure: 'wastewater' },
    ...over,
  }
}

export function delivery(a: Alarm, kind: AlarmMessageKind = 'alarm.updated', attempt = 1): AlarmDelivery {
  return {
    kind,
    outbox_id: `${a.id}-${a.version}`,
    attempt,
    alarm: a,
    transition: {
      event: 'raise',
      from_state: 'normal',
      to_state: a.state,
      at: a.updated_at,
      username: null,
      reason: null,
    },
  }
}
