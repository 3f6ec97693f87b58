// Zone rules → alarms (区域报警规则). A data-driven table: each rule names the zones it applies to, what
// triggers it (presence of an unauthorised tag, or an overspeed episode) and its ISA-18.2 priority. The alarm
// rule is `<rule>:<zone id>` with the tag as source, so a tag has at most one open alarm per rule and zone.
//
// Extension point: presence rules ask a ZoneAuthorizer whether a tag may be in a zone. The card
// authorisations (访客/承包商授权区域) and hazmat route bookings (危化品车辆预约路线) of the next issue add
// rules such as `zone_unauthorised` and `route_deviation` with their own authorisers, without touching the engine.
import type { AlarmPriority } from '../../contracts/alarms'
import type { PositionSample, TagKind } from '../../contracts/live'
import type { RaiseInput } from '../alarms/alarms.service'
import type { EngineEvent } from './geofence.engine'
import type { CompiledZone } from './zone-shapes'

export interface TagInfo {
  id: string
  /** null when the tag is not registered (never authorised anywhere) */
  kind: TagKind | null
  label: string
  enterprise_id: string | null
}

/** Whether a tag may be inside a zone at time t (ms). */
export interface ZoneAuthorizer {
  authorised(tag: TagInfo, zone: CompiledZone, t: number): boolean
}

export interface ZoneRule {
  /** alarm rule prefix: the alarm's rule is `${name}:${zone id}` */
  name: string
  /** message text, Chinese term first */
  label: string
  priority: AlarmPriority
  /** presence: an unauthorised tag entered (or jumped across); overspeed: an overspeed episode */
  trigger: 'presence' | 'overspeed'
  appliesTo(zone: CompiledZone): boolean
  /** presence rules only; a rule without one treats every tag as unauthorised */
  authorizer?: ZoneAuthorizer
}

/** Staff (员工) of the zone's own enterprise; nobody else, and nobody at all for a park-owned zone. */
export const staffOfZoneEnterprise: ZoneAuthorizer = {
  authorised: (tag, zone) =>
    tag.kind === 'staff' && zone.enterpriseId !== null && tag.enterprise_id === zone.enterpriseId,
}

/** Anyone but visitors (访客). */
export const notVisitor: ZoneAuthorizer = { authorised: (tag) => tag.kind !== null && tag.kind !== 'visitor' }

export const zoneRules: readonly ZoneRule[] = [
  {
    name: 'zone_intrusion',
    label: '警戒区闯入 restricted-zone intrusion',
    priority: 'urgent',
    trigger: 'presence',
    appliesTo: (z) => z.zoneType === 'restricted',
    authorizer: staffOfZoneEnterprise,
  },
  {
    name: 'zone_construction_visitor',
    label: '访客进入施工区 visitor in a construction zone',
    priority: 'high',
    trigger: 'presence',
    appliesTo: (z) => z.zoneType === 'construction',
    authorizer: notVisitor,
  },
  {
    name: 'zone_overspeed',
    label: '区域超速 zone overspeed',
    priority: 'high',
    trigger: 'overspeed',
    appliesTo: (z) => z.speedLimitKmh !== null,
  },
]

/** Read access to the zone engine's confirmed membership (GeofenceEngine), for rules that count occupants. */
export interface ZoneOccupancy {
  /** zones the tag is (confirmed) inside now */
  zonesOf(tagId: string): string[]
  /** every tag the engine holds state for */
  tagIds(): string[]
}

/** What the geofence worker hands a tag rule at start. */
export interface TagRuleContext {
  /** the zone engine, already seeded from `zone_events` (the state a restart is rebuilt from) */
  occupancy: ZoneOccupancy
}

/**
 * Extension point for rules that follow a tag rather than a zone (hazmat route bookings: off route, illegal
 * stop). The geofence worker hands it every accepted sample in order, after the zone engine, and applies the
 * alarm actions it returns with the zone alarms of the same batch; a batch that fails is evaluated again after
 * `snapshot`'s restore. `reload` and `tick` run on the worker's timers.
 */
export interface TagRule {
  name: string
  /**
   * loads the rule's configuration and open state; called once before the worker consumes, after the zone
   * engine has been rebuilt (`ctx.occupancy` then answers who is inside which zone)
   */
  start?(ctx: TagRuleContext): Promise<void>
  /** reloads the configuration if it changed; true when it did */
  reload?(): Promise<boolean>
  process(sample: PositionSample, tag: TagInfo): AlarmAction[]
  /** time-driven transitions (a tag that went silent, a booking that closed), now in ms */
  tick?(now: number): AlarmAction[]
  /** captures the state of these tags (of all without a set); calling the result puts it back */
  snapshot(tagIds?: ReadonlySet<string>): () => void
}

export type AlarmAction =
  | { type: 'raise'; input: RaiseInput }
  | { type: 'rtn'; sourceId: string; rule: string; t: number; value: number | null }

export const alarmRuleName = (rule: ZoneRule, zone: CompiledZone) => `${rule.name}:${zone.id}`

/**
 * Pure: the alarm transitions one zone event causes. Enter raises presence rules for unauthorised tags, exit
 * returns them to normal (whatever the authorisation says now: nothing happens without an open alarm), a
 * crossing raises at the midpoint time and returns to normal at the outside sample (a jump is a real, short
 * intrusion the operator must still see); overspeed start/end raise and return the overspeed rule.
 */
export function alarmActions(
  ev: EngineEvent,
  tag: TagInfo,
  zone: CompiledZone,
  rules: readonly ZoneRule[] = zoneRules,
): AlarmAction[] {
  const out: AlarmAction[] = []
  const max = typeof ev.props.max_speed_kmh === 'number' ? ev.props.max_speed_kmh : null
  const raise = (rule: ZoneRule, t: number, value: number | null, limit: number | null): AlarmAction => ({
    type: 'raise',
    input: {
      source_type: 'tag',
      source_id: tag.id,
      rule: alarmRuleName(rule, zone),
      t,
      value,
      limit,
      priority: rule.priority,
      message:
        rule.trigger === 'overspeed'
          ? `${tag.label}: ${rule.label} ${zone.name} (${value ?? '?'} km/h > ${limit} km/h)`
          : `${tag.label}: ${rule.label} ${zone.name}`,
      // the zone's enterprise sees intrusions into its zones; otherwise the tag's enterprise
      enterprise_id: zone.enterpriseId ?? tag.enterprise_id,
      location: { lon: ev.lon, lat: ev.lat },
      props: { zone_id: zone.id, zone_type: zone.zoneType, event: ev.event, tag_kind: tag.kind },
    },
  })
  const rtn = (rule: ZoneRule, t: number, value: number | null = null): AlarmAction => ({
    type: 'rtn',
    sourceId: tag.id,
    rule: alarmRuleName(rule, zone),
    t,
    value,
  })
  for (const rule of rules) {
    if (!rule.appliesTo(zone)) continue
    if (rule.trigger === 'overspeed') {
      if (ev.event === 'overspeed_start') out.push(raise(rule, ev.t, max, zone.speedLimitKmh))
      else if (ev.event === 'overspeed_end') out.push(rtn(rule, ev.t, max))
      continue
    }
    const unauthorised = () => !(rule.authorizer?.authorised(tag, zone, ev.t) ?? false)
    if (ev.event === 'enter' && unauthorised()) out.push(raise(rule, ev.t, null, null))
    else if (ev.event === 'exit') out.push(rtn(rule, ev.t))
    else if (ev.event === 'crossing' && unauthorised()) {
      const from = Date.parse(String(ev.props.from_t))
      const mid = Number.isFinite(from) && from < ev.t ? Math.floor((from + ev.t) / 2) : ev.t - 1
      out.push(raise(rule, mid, null, null), rtn(rule, ev.t))
    }
  }
  return out
}

/** What the zone rules need to know of issued positioning cards (CardAuthorizations in production). */
export interface CardGrants {
  /** the holder type of the tag's open card issue; undefined when the tag holds no issued card */
  holderOf(tagId: string): 'visitor' | 'vehicle' | 'contractor' | 'hazmat_vehicle' | undefined
  /** the tag's open card issue names the zone and t lies in its validity window */
  allows(tagId: string, zoneId: string, t: number): boolean
}

/** Zone types where a card holder needs the zone in the card's authorised list (受控区域). */
export const cardControlledZoneTypes: readonly string[] = ['restricted', 'controlled']

/**
 * The zone rules with positioning-card authorisations (访客/承包商授权区域): a visitor or contractor holding an
 * issued card is authorised in a restricted or controlled zone only if the card's authorised zones name it
 * (within its validity window); otherwise `zone_unauthorised:<zone>` is raised (urgent in a restricted zone,
 * high in a controlled one). For such a holder that rule replaces `zone_intrusion` (one alarm, not two); any
 * card holder whose card names a restricted zone is no intruder there; everyone else is judged as before.
 */
export function cardZoneRules(cards: CardGrants, base: readonly ZoneRule[] = zoneRules): ZoneRule[] {
  const governed = (tag: TagInfo) => {
    const h = cards.holderOf(tag.id)
    return h === 'visitor' || h === 'contractor'
  }
  const cardAuthorizer: ZoneAuthorizer = {
    authorised: (tag, zone, t) => !governed(tag) || cards.allows(tag.id, zone.id, t),
  }
  const rules = base.map((r): ZoneRule => {
    if (r.name !== 'zone_intrusion' || r.trigger !== 'presence') return r
    const inner = r.authorizer
    return {
      ...r,
      authorizer: {
        authorised: (tag, zone, t) =>
          (inner?.authorised(tag, zone, t) ?? false) || governed(tag) || cards.allows(tag.id, zone.id, t),
      },
    }
  })
  const unauthorised = (zoneType: string, priority: AlarmPriority): ZoneRule => ({
    name: 'zone_unauthorised',
    label: '未授权区域 unauthorised zone entry (card)',
    priority,
    trigger: 'presence',
    appliesTo: (z) => z.zoneType === zoneType,
    authorizer: cardAuthorizer,
  })
  return [...rules, unauthorised('restricted', 'urgent'), unauthorised('controlled', 'high')]
}
