// Zone headcount (区域超员), pure: counts the people inside each zone that has a maximum headcount and raises ONE
// `zone_headcount:<zone>` alarm (source type 'zone', source the zone, value = count, limit = the limit) when the
// count has stayed above the limit for `onDelayS`, returning it to normal once it has stayed at or below the
// limit for `offDelayS` (ISA-18.2 on/off delays, delayed-condition.ts: a crowd at the limit that wobbles
// 10 → 11 → 10 is one alarm, not ten).
//
// Who is inside comes from the zone engine's confirmed membership (enter/exit after dwell, rebuilt from
// `zone_events` after a restart). A member counts when it is a person (not a vehicle tag) and has sent an
// accepted position within `staleS`: a card whose battery died inside a tank farm must not hold the zone "full"
// for ever (its silence is the card-presence rule's business). Times are the server clock, as the sensors'
// device-silent rule uses: the headcount is a condition of now, not of a device's timestamp.
import type { AlarmPriority } from '../../contracts/alarms'
import type { PositionSample, TagKind } from '../../contracts/live'
import { newCondition, stepCondition, type ConditionState } from '../alarms/delayed-condition'
import type { AlarmAction, TagInfo, TagRule, ZoneOccupancy } from './zone-rules'

export interface ZoneLimit {
  zoneId: string
  name: string
  zoneType: string
  enterpriseId: string | null
  /** the most people allowed inside at once */
  limit: number
  /** where the alarm is drawn (the zone's centre); null when unknown */
  location: { lon: number; lat: number } | null
}

export interface HeadcountOptions {
  /** seconds over the limit before the alarm is raised (default 30) */
  onDelayS?: number
  /** seconds at or below the limit before it returns to normal (default 60) */
  offDelayS?: number
  /** a member silent for longer than this is no longer counted, s (default 600) */
  staleS?: number
  /** whether a tag of this kind is a person that counts; default: all but vehicles (unknown tags count) */
  counts?: (kind: TagKind | null) => boolean
  priority?: AlarmPriority
  /** server clock, ms */
  clock?: () => number
}

export const headcountRuleName = (zoneId: string) => `zone_headcount:${zoneId}`
export const headcountRulePrefix = 'zone_headcount:'

/** Vehicles (JT/T 808 terminals, vehicle cards) are not heads. */
export const personKinds = (kind: TagKind | null) => kind !== 'vehicle' && kind !== 'hazmat_vehicle'

interface Seen {
  /** server clock of the tag's newest accepted position; -Infinity when not heard since start */
  at: number
  kind: TagKind | null
  /** the limited zones the tag is inside */
  zones: string[]
}

interface ZoneState {
  cond: ConditionState
  /** the source time of the open alarm (rtn is never older) */
  raisedT: number
}

export class HeadcountRule implements TagRule {
  readonly name = 'zone_headcount'
  private limits = new Map<string, ZoneLimit>()
  private occupancy: ZoneOccupancy | null = null
  private readonly seen = new Map<string, Seen>()
  /** zone → tags inside it (derived from `seen`: zone ∈ seen(tag).zones) */
  private readonly members = new Map<string, Set<string>>()
  private zones = new Map<string, ZoneState>()
  private readonly onDelayMs: number
  private readonly offDelayMs: number
  private readonly staleMs: number
  private readonly counts: (kind: TagKind | null) => boolean
  private readonly priority: AlarmPriority
  private readonly clock: () => number

  constructor(opts: HeadcountOptions = {}) {
    this.onDelayMs = (opts.onDelayS ?? 30) * 1000
    this.offDelayMs = (opts.offDelayS ?? 60) * 1000
    this.staleMs = (opts.staleS ?? 600) * 1000
    this.counts = opts.counts ?? personKinds
    this.priority = opts.priority ?? 'high'
    this.clock = opts.clock ?? Date.now
  }

  /** The zone engine whose membership is counted; resynchronised at once. */
  attach(occupancy: ZoneOccupancy): void {
    this.occupancy = occupancy
    this.resync()
  }

  /** Replaces the limits (a reload). A zone that lost its limit returns to normal at the next tick. */
  setLimits(limits: readonly ZoneLimit[]): void {
    this.limits = new Map(limits.map((l) => [l.zoneId, l]))
    for (const [tagId, s] of this.seen) {
      const zones = s.zones.filter((z) => this.limits.has(z))
      this.setZones(tagId, s, zones)
    }
    // a zone that gained a limit: its occupants from the engine
    this.resync()
  }

  limitsOf(): ZoneLimit[] {
    return [...this.limits.values()]
  }

  /** An alarm found open (condition active) at start: a return to normal after a restart still reaches it. */
  seedOpen(zoneId: string, raisedT: number): void {
    const st = this.zoneState(zoneId)
    st.cond.active = true
    st.cond.since = null
    st.raisedT = raisedT
  }

  /** After a restart: when a member last reported (server clock, from PostGIS) and what it is. */
  seedSeen(tagId: string, at: number, kind: TagKind | null): void {
    const s = this.seenOf(tagId)
    s.at = Math.max(s.at, at)
    s.kind = kind
  }

  /** Tags inside a limited zone (whose freshness a restart looks up). */
  memberTags(): string[] {
    return [...this.seen].filter(([, s]) => s.zones.length).map(([id]) => id)
  }

  /** People counted in the zone at `now`. */
  count(zoneId: string, now = this.clock()): number {
    let n = 0
    for (const id of this.members.get(zoneId) ?? []) {
      const s = this.seen.get(id)
      if (s && now - s.at <= this.staleMs && this.counts(s.kind)) n++
    }
    return n
  }

  /** Whether the zone's alarm condition is active (raised and not yet returned to normal). */
  active(zoneId: string): boolean {
    return this.zones.get(zoneId)?.cond.active ?? false
  }

  private zoneState(zoneId: string): ZoneState {
    let st = this.zones.get(zoneId)
    if (!st) this.zones.set(zoneId, (st = { cond: newCondition(), raisedT: -Infinity }))
    return st
  }

  private seenOf(tagId: string): Seen {
    let s = this.seen.get(tagId)
    if (!s) this.seen.set(tagId, (s = { at: -Infinity, kind: null, zones: [] }))
    return s
  }

  /** Moves a tag's membership to `zones`; returns the zones whose occupants changed. */
  private setZones(tagId: string, s: Seen, zones: string[]): string[] {
    const changed: string[] = []
    for (const z of s.zones)
      if (!zones.includes(z)) {
        this.members.get(z)?.delete(tagId)
        changed.push(z)
      }
    for (const z of zones)
      if (!s.zones.includes(z)) {
        let m = this.members.get(z)
        if (!m) this.members.set(z, (m = new Set()))
        m.add(tagId)
        changed.push(z)
      }
    s.zones = zones
    return changed
  }

  /** Membership again from the engine (its schedule closures and zone reloads change it without samples). */
  private resync(): void {
    if (!this.occupancy) return
    const ids = new Set([...this.seen.keys(), ...this.occupancy.tagIds()])
    for (const id of ids) {
      const zones = this.occupancy.zonesOf(id).filter((z) => this.limits.has(z))
      const s = this.seen.get(id)
      if (!s && !zones.length) continue
      this.setZones(id, s ?? this.seenOf(id), zones)
    }
  }

  private evaluate(zoneId: string, now: number): AlarmAction[] {
    const lim = this.limits.get(zoneId)
    const rule = headcountRuleName(zoneId)
    if (!lim) {
      // no limit any more (removed, zone switched off): an open alarm returns to normal
      const st = this.zones.get(zoneId)
      this.zones.delete(zoneId)
      return st?.cond.active
        ? [{ type: 'rtn', sourceId: zoneId, rule, t: Math.max(now, st.raisedT), value: null }]
        : []
    }
    const n = this.count(zoneId, now)
    const st = this.zoneState(zoneId)
    const since = st.cond.since
    const step = stepCondition(st.cond, now, n > lim.limit, n <= lim.limit, this.onDelayMs, this.offDelayMs)
    const out: AlarmAction[] = []
    if (step === 'raise') {
      // the source time is when the condition qualified: a batch evaluated again raises the same key
      st.raisedT = (since ?? now) + this.onDelayMs
      out.push({
        type: 'raise',
        input: {
          source_type: 'zone',
          source_id: zoneId,
          rule,
          t: st.raisedT,
          value: n,
          limit: lim.limit,
          priority: this.priority,
          message: `${lim.name}: 区域超员 zone headcount over limit (${n} > ${lim.limit})`,
          enterprise_id: lim.enterpriseId,
          location: lim.location,
          props: { zone_id: zoneId, zone_type: lim.zoneType, count: n, max_headcount: lim.limit },
        },
      })
    } else if (step === 'rtn') {
      const t = Math.max((since ?? now) + this.offDelayMs, st.raisedT)
      out.push({ type: 'rtn', sourceId: zoneId, rule, t, value: n })
    }
    // nothing open and nothing pending: no state to keep
    if (!st.cond.active && st.cond.since === null) this.zones.delete(zoneId)
    return out
  }

  process(sample: PositionSample, tag: TagInfo): AlarmAction[] {
    const now = this.clock()
    const s = this.seenOf(sample.tag_id)
    const wasCounted = now - s.at <= this.staleMs && this.counts(s.kind)
    s.at = Math.max(s.at, now)
    const kindChanged = s.kind !== tag.kind
    s.kind = tag.kind
    const zones = this.occupancy
      ? this.occupancy.zonesOf(sample.tag_id).filter((z) => this.limits.has(z))
      : []
    const changed = new Set(this.setZones(sample.tag_id, s, zones))
    // back from stale, or now of another kind: its zones' counts changed too
    if (!wasCounted || kindChanged) for (const z of zones) changed.add(z)
    const out: AlarmAction[] = []
    for (const z of changed) out.push(...this.evaluate(z, now))
    // a pending on/off delay completes on the next sample from anyone inside, not only at the tick
    for (const z of zones)
      if (!changed.has(z) && this.zones.get(z)?.cond.since != null) out.push(...this.evaluate(z, now))
    return out
  }

  /** Stale members drop out, pending delays complete, zones that lost their limit return to normal. */
  tick(now: number): AlarmAction[] {
    this.resync()
    const out: AlarmAction[] = []
    const ids = new Set([...this.limits.keys(), ...this.zones.keys()])
    for (const z of ids) {
      if (this.limits.has(z) && !this.zones.has(z) && !this.members.get(z)?.size) continue
      out.push(...this.evaluate(z, now))
    }
    // forget tags that are nowhere and long silent (bounded memory)
    for (const [id, s] of this.seen) if (!s.zones.length && now - s.at > this.staleMs) this.seen.delete(id)
    return out
  }

  snapshot(tagIds?: ReadonlySet<string>): () => void {
    const ids = tagIds ?? new Set(this.seen.keys())
    const seen = new Map<string, Seen | undefined>()
    for (const id of ids) {
      const s = this.seen.get(id)
      seen.set(id, s && { ...s, zones: [...s.zones] })
    }
    const copy = (st: ZoneState): ZoneState => ({ cond: { ...st.cond }, raisedT: st.raisedT })
    // a batch evaluates only the zones its tags were or are in; the tick (no ids) every zone
    const zonesBefore = new Map([...this.zones].map(([id, st]) => [id, copy(st)]))
    return () => {
      const touched = new Set<string>()
      for (const [id, saved] of seen) {
        const cur = this.seen.get(id)
        if (cur) {
          cur.zones.forEach((z) => touched.add(z))
          this.setZones(id, cur, [])
        }
        if (!saved) {
          this.seen.delete(id)
          continue
        }
        saved.zones.forEach((z) => touched.add(z))
        const restored = { ...saved, zones: [] as string[] }
        this.seen.set(id, restored)
        this.setZones(id, restored, saved.zones)
      }
      const restore = tagIds ? touched : new Set([...zonesBefore.keys(), ...this.zones.keys()])
      for (const z of restore) {
        const st = zonesBefore.get(z)
        if (st) this.zones.set(z, copy(st))
        else this.zones.delete(z)
      }
    }
  }
}
