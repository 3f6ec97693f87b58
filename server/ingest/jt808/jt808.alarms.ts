// Terminal alarm bits of 0x0200 (JT/T 808 报警标志位) raised through the alarm module: an SOS press, a
// collision or a rollover is urgent whether or not the report carries a fix. Raised before the terminal is
// answered (like its positions), so a report the platform failed to act on is retransmitted, and raised
// idempotently (natural key: tag, rule, report time), so a retransmit never raises twice.
import type { AlarmName, Jt808Location } from '../../../sensors/protocols/jt808'
import type { AlarmPriority } from '../../contracts/alarms'
import { systemScope, type Db } from '../../platform/db/db'
import type { RaiseInput } from '../../modules/alarms/alarms.service'

/** What the handlers need of the alarm module (AlarmsService in production). */
export interface AlarmSink {
  raise(input: RaiseInput): Promise<unknown>
  returnToNormal(sourceId: string, rule: string, t: number): Promise<unknown>
}

export interface DeviceRule {
  rule: string
  priority: AlarmPriority
  label: string
}

/**
 * The bits the platform raises. Terminal-side zone and route bits (20, 21, 23) are not raised: the park's
 * own geofence engine judges zones and routes; their raw DWORD stays in the stored position's props.
 */
export const deviceRules: Partial<Record<AlarmName, DeviceRule>> = {
  sos: { rule: 'device_sos', priority: 'urgent', label: '紧急报警 SOS' },
  collision: { rule: 'device_collision', priority: 'urgent', label: '碰撞预警 collision' },
  rollover: { rule: 'device_rollover', priority: 'urgent', label: '侧翻预警 rollover' },
  overspeed: { rule: 'device_overspeed', priority: 'high', label: '超速报警 overspeed (terminal)' },
  fatigue: { rule: 'device_fatigue', priority: 'low', label: '疲劳驾驶 fatigue driving' },
}
const ruleNames = Object.values(deviceRules).map((r) => r.rule)

export type DeviceAlarmChange =
  | {
      type: 'raise'
      name: AlarmName
      rule: DeviceRule
      t: number
      location: { lon: number; lat: number } | null
    }
  | { type: 'rtn'; rule: DeviceRule; t: number }

/**
 * Pure: the changes a run of reports makes to the set of active terminal alarms (mutated in place).
 * Reports are taken in time order; one without a time uses `now`. A bit still set stays one alarm.
 */
export function deviceAlarmChanges(
  active: Set<string>,
  locations: readonly Jt808Location[],
  now: number,
): DeviceAlarmChange[] {
  const timed = locations
    .map((loc) => ({ loc, t: loc.time ? Date.parse(loc.time) : now }))
    .sort((a, b) => a.t - b.t)
  const out: DeviceAlarmChange[] = []
  for (const { loc, t } of timed) {
    const set = new Set(loc.alarms)
    for (const [name, rule] of Object.entries(deviceRules) as [AlarmName, DeviceRule][]) {
      if (set.has(name) && !active.has(rule.rule)) {
        active.add(rule.rule)
        const located = loc.flags.fixed && !(loc.lat === 0 && loc.lon === 0)
        out.push({ type: 'raise', name, rule, t, location: located ? { lon: loc.lon, lat: loc.lat } : null })
      } else if (!set.has(name) && active.has(rule.rule)) {
        active.delete(rule.rule)
        out.push({ type: 'rtn', rule, t })
      }
    }
  }
  return out
}

interface TagAlarmState {
  label: string
  enterprise_id: string | null
  active: Set<string>
}

/**
 * Per listener: which terminal alarms are active per tag (loaded from the open alarms the first time a tag
 * reports, so a bit that clears after a restart still returns its alarm to normal).
 */
export class DeviceAlarms {
  private readonly tags = new Map<string, TagAlarmState>()

  constructor(
    private readonly db: Db,
    private readonly sink: AlarmSink,
  ) {}

  private async state(tagId: string): Promise<TagAlarmState> {
    const known = this.tags.get(tagId)
    if (known) return known
    const [tag, open] = await this.db.tx(systemScope, async (q) => [
      (
        await q.query<{ label: string; enterprise_id: string | null }>(
          'SELECT label, enterprise_id FROM tags WHERE id = $1',
          [tagId],
        )
      ).rows[0],
      (
        await q.query<{ rule: string }>(
          `SELECT rule FROM alarms
            WHERE source_id = $1 AND rule = ANY($2::text[]) AND state <> 'cleared' AND condition_active`,
          [tagId, ruleNames],
        )
      ).rows,
    ])
    const state: TagAlarmState = {
      label: tag?.label ?? tagId,
      enterprise_id: tag?.enterprise_id ?? null,
      active: new Set(open.map((r) => r.rule)),
    }
    this.tags.set(tagId, state)
    return state
  }

  /**
   * Whether apply() has anything to do: false in the common case, a known tag with nothing active reporting no
   * alarm bit (the caller may then skip it, and its promise).
   */
  hasWork(tagId: string, locations: readonly Jt808Location[]): boolean {
    const known = this.tags.get(tagId)
    if (!known || known.active.size) return true
    for (const l of locations) if (l.alarm !== 0) return true
    return false
  }

  /** Raises and returns to normal what the reports say; throws if the alarm module fails (no answer then). */
  async apply(
    tagId: string,
    terminal: string,
    locations: readonly Jt808Location[],
    now: number,
  ): Promise<number> {
    // the common case: a known tag with nothing active reporting no alarm bit costs no query
    if (!this.hasWork(tagId, locations)) return 0
    const state = await this.state(tagId)
    const before = new Set(state.active)
    const changes = deviceAlarmChanges(state.active, locations, now)
    try {
      for (const c of changes) {
        if (c.type === 'rtn') {
          await this.sink.returnToNormal(tagId, c.rule.rule, c.t)
          continue
        }
        await this.sink.raise({
          source_type: 'tag',
          source_id: tagId,
          rule: c.rule.rule,
          t: c.t,
          value: null,
          limit: null,
          priority: c.rule.priority,
          message: `${state.label}: ${c.rule.label} (JT/T 808 ${terminal})`,
          enterprise_id: state.enterprise_id,
          location: c.location,
          props: { terminal, bit: c.name, protocol: 'jt808' },
        })
      }
    } catch (err) {
      // not acted on: forget the change so the retransmitted report raises it again
      state.active.clear()
      for (const r of before) state.active.add(r)
      throw err
    }
    return changes.length
  }
}

/** What of a report is kept beside the stored position (positions.props): alarm and status words, extras. */
export function positionProps(loc: Jt808Location): Record<string, unknown> | null {
  const { raw, ...known } = loc.extras
  const props: Record<string, unknown> = {}
  if (loc.alarm !== 0) {
    props.alarm = loc.alarm
    props.alarms = loc.alarms
  }
  if (Object.keys(known).length) props.extras = known
  if (raw.length) props.extras_raw = raw
  if (loc.altitudeM) props.altitude_m = loc.altitudeM
  return Object.keys(props).length ? props : null
}
