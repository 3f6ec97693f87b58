// The hazmat route rules (危化品车辆路线规则), pure: a tag linked to a watched booking (approved and on its day, or
// in the park) that is outside its booked corridor, the hazmat parking and its destination's parcel for ≥ 30 s
// while moving raises ONE `hazmat_off_route:<booking>` (偏离规划路线, urgent) that returns to normal when the tag is
// back; standing still anywhere but the hazmat parking or the destination for ≥ 5 min raises ONE
// `hazmat_illegal_stop:<booking>` (违规停车, high) that returns to normal when it moves on or reaches them.
// The alarm's source is the tag, so the alarm module keeps one open alarm per tag, rule and booking.
import type { AlarmPriority } from '../../contracts/alarms'
import type { BookingStatus } from '../../contracts/bookings'
import type { PositionSample } from '../../contracts/live'
import type { AlarmAction, TagInfo, TagRule } from '../zones/zone-rules'
import { containsPoint, haversineM, type CompiledZone } from '../zones/zone-shapes'
import { watched } from './bookings.rules'

export interface WatchedBooking {
  id: string
  plate: string
  status: BookingStatus
  tagId: string
  /** destination enterprise: sees the alarms */
  enterpriseId: string
  validFrom: number
  validTo: number
  corridor: CompiledZone
  parking: CompiledZone
  destination: CompiledZone
  /** the band around each (gate of the lot, road frontage of the parcel) that counts as being there */
  parkingNear?: CompiledZone
  destinationNear?: CompiledZone
}

export interface RouteRuleOptions {
  /** seconds outside before off-route fires (default 30) */
  offRouteS?: number
  /** km/h from which a tag counts as moving (default 5) */
  movingKmh?: number
  /** seconds standing outside the parking and the destination before illegal stop fires (default 300) */
  stopS?: number
}

interface TagState {
  bookingId: string
  lastT: number
  last: readonly [number, number]
  offSince: number | null
  offAlarm: boolean
  stopSince: number | null
  stopAlarm: boolean
}

export const offRouteRule = (bookingId: string) => `hazmat_off_route:${bookingId}`
export const illegalStopRule = (bookingId: string) => `hazmat_illegal_stop:${bookingId}`

/** Where a tag is with respect to its booking. */
export function placeOf(
  b: WatchedBooking,
  lon: number,
  lat: number,
): 'parking' | 'destination' | 'route' | 'off' {
  if (containsPoint(b.parking, lon, lat) || (b.parkingNear && containsPoint(b.parkingNear, lon, lat)))
    return 'parking'
  if (
    containsPoint(b.destination, lon, lat) ||
    (b.destinationNear && containsPoint(b.destinationNear, lon, lat))
  )
    return 'destination'
  if (containsPoint(b.corridor, lon, lat)) return 'route'
  return 'off'
}

export class HazmatRouteRule implements TagRule {
  readonly name = 'hazmat_route'
  private byTag = new Map<string, WatchedBooking>()
  private readonly state = new Map<string, TagState>()
  private readonly offRouteMs: number
  private readonly stopMs: number
  private readonly movingKmh: number

  constructor(opts: RouteRuleOptions = {}) {
    this.offRouteMs = (opts.offRouteS ?? 30) * 1000
    this.stopMs = (opts.stopS ?? 300) * 1000
    this.movingKmh = opts.movingKmh ?? 5
  }

  /** Replaces the watched bookings (a tag serves one open booking at a time). */
  setBookings(bookings: readonly WatchedBooking[]): void {
    this.byTag = new Map(bookings.map((b) => [b.tagId, b]))
  }

  bookings(): WatchedBooking[] {
    return [...this.byTag.values()]
  }

  /** The open booking the tag serves, if any. */
  bookingOf(tagId: string): WatchedBooking | undefined {
    return this.byTag.get(tagId)
  }

  /** Marks alarms found open at start, so that a return to normal after a restart still reaches them. */
  seedOpen(tagId: string, rule: string): void {
    const m = /^hazmat_(off_route|illegal_stop):(.+)$/.exec(rule)
    if (!m) return
    const s = this.stateFor(tagId, m[2]!)
    if (m[1] === 'off_route') s.offAlarm = true
    else s.stopAlarm = true
  }

  private stateFor(tagId: string, bookingId: string): TagState {
    let s = this.state.get(tagId)
    if (!s || s.bookingId !== bookingId) {
      s = {
        bookingId,
        lastT: -Infinity,
        last: [NaN, NaN],
        offSince: null,
        offAlarm: false,
        stopSince: null,
        stopAlarm: false,
      }
      this.state.set(tagId, s)
    }
    return s
  }

  private raise(
    b: WatchedBooking,
    tag: TagInfo,
    rule: string,
    priority: AlarmPriority,
    label: string,
    t: number,
    p: readonly [number, number],
    since: number,
  ): AlarmAction {
    return {
      type: 'raise',
      input: {
        source_type: 'tag',
        source_id: b.tagId,
        rule,
        t,
        value: Math.round((t - since) / 1000),
        limit: Math.round((rule.startsWith('hazmat_off_route') ? this.offRouteMs : this.stopMs) / 1000),
        priority,
        message: `${b.plate}: ${label} (booking ${b.id}, ${Math.round((t - since) / 1000)} s)`,
        enterprise_id: b.enterpriseId,
        location: { lon: p[0], lat: p[1] },
        props: {
          booking_id: b.id,
          plate: b.plate,
          tag_label: tag.label,
          since: new Date(since).toISOString(),
        },
      },
    }
  }

  /** Open alarms of a tag whose booking no longer applies return to normal at t. */
  private release(tagId: string, s: TagState, t: number): AlarmAction[] {
    const out: AlarmAction[] = []
    if (s.offAlarm)
      out.push({ type: 'rtn', sourceId: tagId, rule: offRouteRule(s.bookingId), t, value: null })
    if (s.stopAlarm)
      out.push({ type: 'rtn', sourceId: tagId, rule: illegalStopRule(s.bookingId), t, value: null })
    this.state.delete(tagId)
    return out
  }

  process(sample: PositionSample, tag: TagInfo): AlarmAction[] {
    const t = Date.parse(sample.t)
    const b = this.byTag.get(sample.tag_id)
    const prev = this.state.get(sample.tag_id)
    if (!b || !watched(b.status, b.validFrom, b.validTo, t)) {
      return prev && t > prev.lastT ? this.release(sample.tag_id, prev, t) : []
    }
    const out: AlarmAction[] = prev && prev.bookingId !== b.id ? this.release(sample.tag_id, prev, t) : []
    const s = this.stateFor(sample.tag_id, b.id)
    if (!(t > s.lastT)) return out // a replayed or out-of-order sample changes nothing
    const p = [sample.lon, sample.lat] as const
    const speed =
      sample.speed_kmh ??
      (Number.isFinite(s.last[0]) && Number.isFinite(s.lastT)
        ? (haversineM(s.last, p) / ((t - s.lastT) / 1000)) * 3.6
        : 0)
    const moving = speed >= this.movingKmh
    s.lastT = t
    s.last = p
    const where = placeOf(b, p[0], p[1])

    // off route: outside every allowed area, counted from the first moving sample outside
    if (where !== 'off') {
      s.offSince = null
      if (s.offAlarm) {
        out.push({ type: 'rtn', sourceId: b.tagId, rule: offRouteRule(b.id), t, value: null })
        s.offAlarm = false
      }
    } else {
      if (s.offSince === null && moving) s.offSince = t
      if (s.offSince !== null && !s.offAlarm && t - s.offSince >= this.offRouteMs) {
        out.push(
          this.raise(
            b,
            tag,
            offRouteRule(b.id),
            'urgent',
            '偏离规划路线 off the planned route',
            t,
            p,
            s.offSince,
          ),
        )
        s.offAlarm = true
      }
    }

    // illegal stop: standing still anywhere but the hazmat parking or the destination
    if (moving || where === 'parking' || where === 'destination') {
      s.stopSince = null
      if (s.stopAlarm) {
        out.push({ type: 'rtn', sourceId: b.tagId, rule: illegalStopRule(b.id), t, value: null })
        s.stopAlarm = false
      }
    } else {
      s.stopSince ??= t
      if (!s.stopAlarm && t - s.stopSince >= this.stopMs) {
        out.push(
          this.raise(b, tag, illegalStopRule(b.id), 'high', '违规停车 illegal stop', t, p, s.stopSince),
        )
        s.stopAlarm = true
      }
    }
    return out
  }

  /** Alarms of tags whose booking closed (completed, cancelled, unlinked, day over) return to normal. */
  tick(now: number): AlarmAction[] {
    const out: AlarmAction[] = []
    for (const [tagId, s] of [...this.state]) {
      const b = this.byTag.get(tagId)
      if (b && b.id === s.bookingId && watched(b.status, b.validFrom, b.validTo, now)) continue
      out.push(...this.release(tagId, s, Math.max(now, s.lastT + 1)))
    }
    return out
  }

  snapshot(tagIds?: ReadonlySet<string>): () => void {
    const ids = tagIds ?? new Set(this.state.keys())
    const saved = new Map<string, TagState | undefined>()
    for (const id of ids) {
      const s = this.state.get(id)
      saved.set(id, s ? { ...s } : undefined)
    }
    return () => {
      for (const [id, s] of saved) {
        if (s) this.state.set(id, s)
        else this.state.delete(id)
      }
    }
  }
}
