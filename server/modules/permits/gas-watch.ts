import { hostname } from 'node:os'
import { z } from 'zod'
import { streams, type Bus, type Subscription } from '../../platform/bus/bus'
import { isTransientDbError } from '../../platform/db/errors'
import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import type { SystemAlarmSink } from '../alarms/system-conditions'
import { permitAlarmPrefix } from './permits.check'
import { gasDetector, hotWorkNear, insertEvent, loadSettings } from './permits.repository'

/** What the watch reads of an alarm transition on the `alarms` stream (AlarmMessage, relayed from the outbox). */
const alarmEntry = z.object({
  kind: z.string(),
  alarm: z.object({
    id: z.string(),
    source_type: z.string(),
    source_id: z.string(),
    rule: z.string(),
    source_event_time: z.string(),
    value: z.number().nullable().optional(),
    message: z.string().optional(),
    props: z.record(z.string(), z.unknown()).optional(),
  }),
  transition: z.object({ event: z.string(), to_state: z.string().optional() }),
})

export interface PermitGasWatchDeps {
  db: Db
  bus: Bus
  /** raises the urgent alarm (the alarm engine: `{ raise: (a) => engine.raiseSystemAlarm(a), … }`) */
  alarms: Pick<SystemAlarmSink, 'raise'>
  log: Logger
  /** this node's stable consumer name (default host name) */
  node?: string
  /** stream of alarm transitions (default `alarms`) */
  stream?: string
  /** consumer group (default `work-permits-gas`) */
  group?: string
  /** override of the park setting gas_link_radius_m */
  radiusM?: number
}

export interface GasLinkResult {
  permit_id: string
  distance_m: number
}

/**
 * Handles one alarm transition: when a gas detector's alarm becomes active (raised, or re-raised after returning
 * to normal) within the radius (park setting, 15 m) of a hot-work permit in work, raises an URGENT system alarm
 * `work_permit:<id>` rule `gas_near_hot_work` and logs it on the permit. Idempotent: a transition delivered
 * again raises the same alarm event (same source time) and logs nothing new.
 */
export async function linkGasAlarm(
  d: Pick<PermitGasWatchDeps, 'db' | 'alarms' | 'radiusM'>,
  payload: unknown,
): Promise<GasLinkResult[]> {
  const parsed = alarmEntry.safeParse(payload)
  if (!parsed.success) return []
  const { kind, alarm, transition } = parsed.data
  if (kind !== 'alarm.raised' || transition.event !== 'raise' || alarm.source_type !== 'sensor') return []
  if (alarm.props?.sensor_kind !== undefined && alarm.props.sensor_kind !== 'gas_detector') return []
  const found = await d.db.tx(systemScope, async (q) => {
    const detector = await gasDetector(q, alarm.source_id)
    if (!detector) return null
    const radius = d.radiusM ?? (await loadSettings(q)).gas_link_radius_m
    return { detector, radius, permits: await hotWorkNear(q, detector.lon, detector.lat, radius) }
  })
  if (!found?.permits.length) return []
  const { detector, radius } = found
  const unit = (alarm.props?.unit as string | undefined) ?? detector.unit ?? ''
  const value = alarm.value ?? null
  const shown = value === null ? '' : ` ${value}${unit ? ` ${unit}` : ''}`
  const out: GasLinkResult[] = []
  for (const p of found.permits) {
    await d.alarms.raise({
      source_type: 'system',
      source_id: `${permitAlarmPrefix}${p.id}`,
      rule: 'gas_near_hot_work',
      priority: 'urgent',
      t: alarm.source_event_time,
      enterprise_id: p.enterprise_id,
      message:
        `动火作业 ${p.number}（${p.place}）${p.distance_m} m 内可燃/有毒气体探测器 ${detector.name} 报警${shown}，立即停止动火 / ` +
        `hot work ${p.number}: gas detector ${detector.sensor_id} alarms${shown} ${p.distance_m} m away (within ${radius} m) — stop the hot work`,
      props: {
        permit_id: p.id,
        number: p.number,
        sensor_id: detector.sensor_id,
        detector: detector.name,
        alarm_id: alarm.id,
        alarm_rule: alarm.rule,
        value,
        unit,
        distance_m: p.distance_m,
        radius_m: radius,
      },
    })
    await d.db.tx(systemScope, (q) =>
      insertEvent(q, {
        permit_id: p.id,
        enterprise_id: p.enterprise_id,
        kind: 'gas_alarm',
        by: null,
        // one log line per detector event (its 1st and 2nd alarm come from one reading), however the time is spelled
        ref: `${detector.sensor_id}@${new Date(alarm.source_event_time).toISOString()}`,
        at: alarm.source_event_time,
        detail: {
          sensor_id: detector.sensor_id,
          detector: detector.name,
          alarm_id: alarm.id,
          rule: alarm.rule,
          value,
          unit,
          distance_m: p.distance_m,
        },
      }),
    )
    out.push({ permit_id: p.id, distance_m: p.distance_m })
  }
  return out
}

/**
 * Worker role: the gas linkage of hot work (动火作业气体联动) on the alarm transitions the outbox relay publishes,
 * through its own consumer group (each transition handled once across nodes, acknowledged after the alarm and
 * the log committed).
 */
export function startPermitGasWatch(d: PermitGasWatchDeps): Subscription {
  const stream = d.stream ?? streams.alarms
  return d.bus.consume<unknown>(
    stream,
    d.group ?? 'work-permits-gas',
    d.node ?? `permits-${hostname()}`,
    async (entries) => {
      for (const e of entries) {
        const linked = await linkGasAlarm(d, e.payload)
        if (linked.length) d.log.warn({ entry: e.id, linked }, 'gas alarm near active hot work')
      }
    },
    {
      batch: 50,
      isTransient: isTransientDbError,
      onDeadLetter: (entry, err) =>
        d.log.error({ entry: entry.id, err }, 'permit gas watch: entry dead-lettered'),
    },
  )
}
