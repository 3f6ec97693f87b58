// Card and terminal presence rules, pure: overdue exit (逾期未离园) and silence (定位卡/终端失联) of the tags the park
// hands out or lets in — issued positioning cards (not returned) and the tags of hazmat trucks in the park.
//
// `overdue_exit` (high): the card issue's validity ended (valid_to + grace) without the card being returned, or
// the hazmat booking's park day ended (valid_to) while the truck is still `in_park`, AND the tag is still in the
// park: its newest accepted position since the watch began (card issued, truck entered) lies inside the park
// boundary, and no park-gate camera has seen the holder's plate leave since. A tag that never reported since is
// not raised (nothing says it is in the park; the card list shows the issue as overdue). It returns to normal on
// a position outside the boundary, a gate exit of the plate, the card's return or the booking's completion. A
// card goes quiet when it leaves the gateways' coverage, so a visitor who walked off with a card keeps the alarm
// until the card desk books the card back: that is what the desk must do anyway.
//
// `tag_silent` (low; high for hazmat vehicles): a watched tag sent no accepted position for `cardSilentS`
// (cards) or `terminalSilentS` (JT/T 808 terminals); it returns to normal on its next accepted position or when
// the tag is no longer watched. As the sensors' device-silent rule (alarm.engine.ts): a tag is armed by a
// position received after the rule started, or at start when it reported within the last day (then from the
// start time, so a platform outage is not a flood of silence alarms); a tag that never reported since its
// watch began is not armed. A tag whose plate left through a gate is not watched for silence.
//
// Times: silence on the server clock (receipt), as the sensors' rule; the overdue deadline is a wall-clock
// instant; positions carry their device time.
import type { AlarmPriority } from '../../contracts/alarms'
import type { PositionSample } from '../../contracts/live'
import type { AlarmAction, TagRule } from '../zones/zone-rules'
import { containsPoint, type CompiledZone } from '../zones/zone-shapes'

export type HolderType = 'visitor' | 'vehicle' | 'contractor' | 'hazmat_vehicle'

export const tagSilentRule = 'tag_silent'
export const overdueExitRule = 'overdue_exit'

/** A tag the rules watch: an issued card, a hazmat truck in the park, or both (a card as the truck's tag). */
export interface PresenceWatch {
  tagId: string
  label: string
  /** who sees the alarms: the visited enterprise, the booking's destination */
  enterpriseId: string | null
  /** sets the silence timeout */
  device: 'card' | 'terminal'
  /** ms: since when the tag is watched (card issued, truck entered); positions received before do not count */
  since: number
  card: { issueId: string; holder: HolderType; validTo: number; plate: string | null } | null
  booking: { id: string; plate: string; validTo: number } | null
  /** ms: the holder's plate left through a park gate (its newest park-gate event since `since` is an exit) */
  exitedAt: number | null
}

export interface CardPresenceOptions {
  /** seconds without an accepted position before a card is silent (default 300) */
  cardSilentS?: number
  /** the same for a JT/T 808 terminal (default 180) */
  terminalSilentS?: number
  /** seconds after a card's valid_to before it is overdue (default 0) */
  overdueGraceS?: number
  /** server clock, ms */
  clock?: () => number
}

interface LastPosition {
  /** device time, ms */
  t: number
  /** server clock at receipt, ms */
  at: number
  lon: number
  lat: number
  inside: boolean
}

interface TagState {
  /** server clock of the newest accepted position; the start time for a tag armed at start; null: not heard */
  heard: number | null
  last: LastPosition | null
  /** device time of the first position inside the park after one outside */
  insideSince: number | null
  /** source time of the open alarm, null when none */
  silentT: number | null
  overdueT: number | null
}

const isHazmat = (w: PresenceWatch) => w.booking !== null || w.card?.holder === 'hazmat_vehicle'
/** 2026-11-27 18:00 (China Standard Time) */
const cst = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

export class CardPresenceRule implements TagRule {
  readonly name = 'card_presence'
  private watches = new Map<string, PresenceWatch>()
  private readonly state = new Map<string, TagState>()
  private boundary: CompiledZone | null = null
  private readonly cardSilentMs: number
  private readonly terminalSilentMs: number
  private readonly graceMs: number
  private readonly clock: () => number

  constructor(opts: CardPresenceOptions = {}) {
    this.cardSilentMs = (opts.cardSilentS ?? 300) * 1000
    this.terminalSilentMs = (opts.terminalSilentS ?? 180) * 1000
    this.graceMs = (opts.overdueGraceS ?? 0) * 1000
    this.clock = opts.clock ?? Date.now
  }

  /** The park boundary; without one every position counts as inside the park. */
  setBoundary(zone: CompiledZone | null): void {
    this.boundary = zone
  }

  /** Replaces the watched tags (a reload); alarms of tags no longer watched return to normal at the tick. */
  setWatches(watches: readonly PresenceWatch[]): void {
    this.watches = new Map(watches.map((w) => [w.tagId, w]))
  }

  watched(): PresenceWatch[] {
    return [...this.watches.values()]
  }

  private stateOf(tagId: string): TagState {
    let s = this.state.get(tagId)
    if (!s)
      this.state.set(
        tagId,
        (s = { heard: null, last: null, insideSince: null, silentT: null, overdueT: null }),
      )
    return s
  }

  private inPark(lon: number, lat: number): boolean {
    return this.boundary ? containsPoint(this.boundary, lon, lat) : true
  }

  /** An alarm found open (condition active) at start, with its source time. */
  seedOpen(tagId: string, rule: string, t: number): void {
    const s = this.stateOf(tagId)
    if (rule === tagSilentRule) s.silentT = t
    else if (rule === overdueExitRule) s.overdueT = t
  }

  /**
   * After a restart: the tag's newest stored position since its watch began (device time t, received at), and
   * whether it reported within the last day (then it is armed for silence from `now`, the start).
   */
  seedPosition(
    tagId: string,
    p: { t: number; at: number; lon: number; lat: number },
    armedAt: number | null,
  ): void {
    const s = this.stateOf(tagId)
    if (!s.last || p.t > s.last.t) {
      const inside = this.inPark(p.lon, p.lat)
      s.last = { ...p, inside }
      s.insideSince = inside ? p.t : null
    }
    if (armedAt !== null && s.heard === null) s.heard = armedAt
  }

  /** a hazmat truck off the radar is high; a visitor's or contractor's card, low (as a silent sensor) */
  private silentPriority(w: PresenceWatch): AlarmPriority {
    return isHazmat(w) ? 'high' : 'low'
  }

  private silenceMs(w: PresenceWatch): number {
    return w.device === 'terminal' ? this.terminalSilentMs : this.cardSilentMs
  }

  /** The deadlines that have passed at now, earliest first. */
  private overdueReasons(w: PresenceWatch, now: number): { reason: 'card' | 'booking'; deadline: number }[] {
    const out: { reason: 'card' | 'booking'; deadline: number }[] = []
    if (w.card && now >= w.card.validTo + this.graceMs)
      out.push({ reason: 'card', deadline: w.card.validTo + this.graceMs })
    if (w.booking && now >= w.booking.validTo) out.push({ reason: 'booking', deadline: w.booking.validTo })
    return out.sort((a, b) => a.deadline - b.deadline)
  }

  private overdue(tagId: string, s: TagState, now: number, t: number): AlarmAction[] {
    const w = this.watches.get(tagId)
    const reasons = w ? this.overdueReasons(w, now) : []
    const last = s.last
    const inPark = !!w && w.exitedAt === null && last !== null && last.at >= w.since && last.inside
    if (w && last && reasons.length && inPark) {
      if (s.overdueT !== null) return []
      // the condition began when the deadline passed, or when the tag came back into the park after it
      s.overdueT = Math.max(reasons[0]!.deadline, s.insideSince ?? last.t)
      const what = reasons
        .map((r) =>
          r.reason === 'card'
            ? `card valid to ${cst(w.card!.validTo)}`
            : `booking ${w.booking!.id} ended ${cst(w.booking!.validTo)}`,
        )
        .join(', ')
      return [
        {
          type: 'raise',
          input: {
            source_type: 'tag',
            source_id: tagId,
            rule: overdueExitRule,
            t: s.overdueT,
            value: null,
            limit: null,
            priority: 'high',
            message: `${w.label}: 逾期未离园 overdue exit (${what}; last seen in the park ${cst(last.t)})`,
            enterprise_id: w.enterpriseId,
            location: { lon: last.lon, lat: last.lat },
            props: {
              reasons: reasons.map((r) => r.reason),
              issue_id: w.card?.issueId ?? null,
              holder_type: w.card?.holder ?? null,
              valid_to: w.card ? new Date(w.card.validTo).toISOString() : null,
              booking_id: w.booking?.id ?? null,
              booking_valid_to: w.booking ? new Date(w.booking.validTo).toISOString() : null,
              plate: w.booking?.plate ?? w.card?.plate ?? null,
              last_seen_at: new Date(last.t).toISOString(),
            },
          },
        },
      ]
    }
    if (s.overdueT === null) return []
    const rtn: AlarmAction = {
      type: 'rtn',
      sourceId: tagId,
      rule: overdueExitRule,
      t: Math.max(t, s.overdueT),
      value: null,
    }
    s.overdueT = null
    return [rtn]
  }

  process(sample: PositionSample): AlarmAction[] {
    const now = this.clock()
    const t = Date.parse(sample.t)
    if (!Number.isFinite(t)) return []
    const s = this.stateOf(sample.tag_id)
    const out: AlarmAction[] = []
    s.heard = Math.max(s.heard ?? now, now)
    if (s.silentT !== null) {
      out.push({
        type: 'rtn',
        sourceId: sample.tag_id,
        rule: tagSilentRule,
        t: Math.max(now, s.silentT),
        value: null,
      })
      s.silentT = null
    }
    // a replayed or out-of-order sample moves nothing
    if (!s.last || t > s.last.t) {
      const inside = this.inPark(sample.lon, sample.lat)
      if (!inside) s.insideSince = null
      else if (!s.last?.inside || s.insideSince === null) s.insideSince = t
      s.last = { t, at: now, lon: sample.lon, lat: sample.lat, inside }
    }
    if (this.watches.has(sample.tag_id) || s.overdueT !== null)
      out.push(...this.overdue(sample.tag_id, s, now, t))
    return out
  }

  tick(now: number): AlarmAction[] {
    const out: AlarmAction[] = []
    for (const [tagId, w] of this.watches) {
      const s = this.stateOf(tagId)
      const timeout = this.silenceMs(w)
      const armed = s.heard !== null && s.heard >= w.since && w.exitedAt === null
      if (armed && s.silentT === null && now - s.heard! >= timeout) {
        s.silentT = s.heard! + timeout
        const what = w.device === 'terminal' ? '终端失联 terminal silent' : '定位卡失联 card silent'
        out.push({
          type: 'raise',
          input: {
            source_type: 'tag',
            source_id: tagId,
            rule: tagSilentRule,
            t: s.silentT,
            value: null,
            limit: timeout / 1000,
            priority: this.silentPriority(w),
            message: `${w.label}: ${what} (no position since ${cst(s.heard!)})`,
            enterprise_id: w.enterpriseId,
            location: s.last ? { lon: s.last.lon, lat: s.last.lat } : null,
            props: {
              device: w.device,
              timeout_s: timeout / 1000,
              last_heard_at: new Date(s.heard!).toISOString(),
              issue_id: w.card?.issueId ?? null,
              holder_type: w.card?.holder ?? null,
              booking_id: w.booking?.id ?? null,
            },
          },
        })
      } else if (s.silentT !== null && w.exitedAt !== null) {
        out.push({
          type: 'rtn',
          sourceId: tagId,
          rule: tagSilentRule,
          t: Math.max(now, s.silentT),
          value: null,
        })
        s.silentT = null
      }
      out.push(...this.overdue(tagId, s, now, now))
    }
    // tags no longer watched (card returned, booking completed): their alarms return to normal
    for (const [tagId, s] of this.state) {
      if (this.watches.has(tagId)) continue
      if (s.silentT !== null) {
        out.push({
          type: 'rtn',
          sourceId: tagId,
          rule: tagSilentRule,
          t: Math.max(now, s.silentT),
          value: null,
        })
        s.silentT = null
      }
      if (s.overdueT !== null) out.push(...this.overdue(tagId, s, now, now))
      // bounded memory: an unwatched tag is kept only while it reports
      if (s.heard === null || now - s.heard > 86_400_000) this.state.delete(tagId)
    }
    return out
  }

  snapshot(tagIds?: ReadonlySet<string>): () => void {
    const ids = tagIds ?? new Set(this.state.keys())
    const saved = new Map<string, TagState | undefined>()
    for (const id of ids) {
      const s = this.state.get(id)
      saved.set(id, s && { ...s, last: s.last && { ...s.last } })
    }
    return () => {
      for (const [id, s] of saved) {
        if (s) this.state.set(id, s)
        else this.state.delete(id)
      }
    }
  }
}
