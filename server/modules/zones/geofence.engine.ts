// The geofence engine (电子围栏引擎): pure, in memory, per-tag zone state. For each accepted sample it finds
// candidate zones in an rbush index over the bounding box of the segment previous → current sample, tests
// them exactly (zone-shapes.ts) and emits enter / exit (after the zone's minimum dwell), crossing (a jump over
// a zone between two outside samples) and overspeed episodes. PostGIS (zone_events) is the authority for
// reports and for rebuilding this state after a restart (`seed`).
import RBush from 'rbush'
import type { ZoneEventType } from '../../contracts/zones'
import {
  altitudeInside,
  containsPoint,
  haversineM,
  segmentIntersects,
  type CompiledZone,
  type LonLat,
} from './zone-shapes'
import { scheduleActive } from './zone-schedule'

/** An accepted sample as the engine needs it; `altitude_m` only when the device reports one. */
export interface GeoSample {
  tag_id: string
  t: string
  lon: number
  lat: number
  speed_kmh: number | null
  altitude_m?: number | null
}

export interface EngineEvent {
  tag_id: string
  zone_id: string
  event: ZoneEventType
  /** ms; enter/exit: the first sample inside/outside; overspeed_start: the first sample over the limit */
  t: number
  lon: number
  lat: number
  speed_kmh: number | null
  props: Record<string, unknown>
}

export interface GeofenceEngineOptions {
  /** seconds over the limit before an overspeed episode starts, where the zone sets none (default 10) */
  overspeedMinS?: number
  /** no crossing is inferred over a data gap longer than this, s (default 300): the straight line means little */
  maxCrossingGapS?: number
  /** wall clock for `tick` (schedule closures), ms */
  clock?: () => number
}

interface Mark {
  t: number
  lon: number
  lat: number
  speed: number | null
}
interface ZoneState {
  /** confirmed state: inside since an enter fired */
  inside: boolean
  /** first sample whose raw state differs from the confirmed one (dwell running) */
  pending: Mark | null
  over: (Mark & { max: number; active: boolean }) | null
}
interface TagState {
  last: (Mark & { alt: number | null }) | null
  /** ms: samples at or before this were evaluated before a restart (see `seedProcessedUntil`) */
  floor: number
  zones: Map<string, ZoneState>
}
interface Item {
  minX: number
  minY: number
  maxX: number
  maxY: number
  zone: CompiledZone
}

const iso = (t: number) => new Date(t).toISOString()

export class GeofenceEngine {
  private index = new RBush<Item>()
  private zones = new Map<string, CompiledZone>()
  private readonly tags = new Map<string, TagState>()
  private readonly overspeedMinS: number
  private readonly maxGapMs: number
  private readonly clock: () => number

  constructor(zones: readonly CompiledZone[], opts: GeofenceEngineOptions = {}) {
    this.overspeedMinS = opts.overspeedMinS ?? 10
    this.maxGapMs = (opts.maxCrossingGapS ?? 300) * 1000
    this.clock = opts.clock ?? Date.now
    this.setZones(zones)
  }

  /** Replaces the zone set (a reload); state of zones that are gone is dropped, the rest is kept. */
  setZones(zones: readonly CompiledZone[]): void {
    this.zones = new Map(zones.map((z) => [z.id, z]))
    const index = new RBush<Item>()
    index.load(
      zones.map((zone) => {
        const [minX, minY, maxX, maxY] = zone.bbox
        return { minX, minY, maxX, maxY, zone }
      }),
    )
    this.index = index
    for (const tag of this.tags.values())
      for (const id of tag.zones.keys()) if (!this.zones.has(id)) tag.zones.delete(id)
  }

  zoneCount(): number {
    return this.zones.size
  }

  /** Restores confirmed state from the database (after a restart): inside, and an open overspeed episode. */
  seed(
    tagId: string,
    zoneId: string,
    s: { inside: boolean; overspeedSince?: number; maxSpeed?: number },
  ): void {
    if (!this.zones.has(zoneId)) return
    const tag = this.tagState(tagId)
    const st = tag.zones.get(zoneId) ?? { inside: false, pending: null, over: null }
    st.inside = s.inside
    if (s.overspeedSince !== undefined)
      st.over = {
        t: s.overspeedSince,
        lon: NaN,
        lat: NaN,
        speed: null,
        max: s.maxSpeed ?? 0,
        active: true,
      }
    tag.zones.set(zoneId, st)
  }

  /**
   * After a restart: the tag's samples up to `t` (ms; its newest recorded event) were evaluated already, so a
   * redelivered older sample must not be judged against the restored state (it would exit and re-enter).
   */
  seedProcessedUntil(tagId: string, t: number): void {
    const tag = this.tagState(tagId)
    tag.floor = Math.max(tag.floor, t)
  }

  tagIds(): string[] {
    return [...this.tags.keys()]
  }

  /** Zones the tag is (confirmed) inside now. */
  zonesOf(tagId: string): string[] {
    const tag = this.tags.get(tagId)
    return tag ? [...tag.zones].filter(([, s]) => s.inside).map(([id]) => id) : []
  }

  /** Tags (confirmed) inside the zone now. */
  occupants(zoneId: string): string[] {
    const out: string[] = []
    for (const [id, tag] of this.tags) if (tag.zones.get(zoneId)?.inside) out.push(id)
    return out
  }

  /** A copy of the named tags' state and a function that puts it back (a batch that failed to commit). */
  snapshot(tagIds: Iterable<string>): () => void {
    const saved = new Map<string, TagState | undefined>()
    for (const id of tagIds) {
      const s = this.tags.get(id)
      saved.set(id, s && structuredClone(s))
    }
    return () => {
      for (const [id, s] of saved) {
        if (s) this.tags.set(id, s)
        else this.tags.delete(id)
      }
    }
  }

  private tagState(tagId: string): TagState {
    let tag = this.tags.get(tagId)
    if (!tag) {
      tag = { last: null, floor: -Infinity, zones: new Map() }
      this.tags.set(tagId, tag)
    }
    return tag
  }

  private rawInside(z: CompiledZone, t: number, lon: number, lat: number, alt: number | null): boolean {
    if (z.schedule && !scheduleActive(z.schedule, t)) return false
    return altitudeInside(z, alt) && containsPoint(z, lon, lat)
  }

  /** Evaluates one sample; samples of a tag must come in time order (older or equal ones are ignored). */
  process(s: GeoSample): EngineEvent[] {
    const t = Date.parse(s.t)
    if (!Number.isFinite(t) || !Number.isFinite(s.lon) || !Number.isFinite(s.lat)) return []
    const tag = this.tagState(s.tag_id)
    const prev = tag.last
    if ((prev && t <= prev.t) || t <= tag.floor) return []
    const alt = s.altitude_m ?? null
    const cur: LonLat = [s.lon, s.lat]
    let speed = s.speed_kmh
    if (speed === null && prev && t > prev.t)
      speed = (haversineM([prev.lon, prev.lat], cur) / (t - prev.t)) * 3600
    const here: Mark = { t, lon: s.lon, lat: s.lat, speed }

    const candidates = new Set(tag.zones.keys())
    for (const item of this.index.search({
      minX: Math.min(s.lon, prev?.lon ?? s.lon),
      minY: Math.min(s.lat, prev?.lat ?? s.lat),
      maxX: Math.max(s.lon, prev?.lon ?? s.lon),
      maxY: Math.max(s.lat, prev?.lat ?? s.lat),
    }))
      candidates.add(item.zone.id)

    const out: EngineEvent[] = []
    const emit = (z: CompiledZone, event: ZoneEventType, m: Mark, props: Record<string, unknown> = {}) =>
      out.push({
        tag_id: s.tag_id,
        zone_id: z.id,
        event,
        t: m.t,
        lon: m.lon,
        lat: m.lat,
        speed_kmh: m.speed,
        props,
      })

    for (const id of candidates) {
      const z = this.zones.get(id)
      if (!z) continue
      const st = tag.zones.get(id) ?? { inside: false, pending: null, over: null }
      const inside = this.rawInside(z, t, s.lon, s.lat, alt)
      if (inside) {
        this.dwell(z, st, true, here, emit)
        this.overspeed(z, st, true, here, emit)
      } else {
        this.overspeed(z, st, false, here, emit)
        this.dwell(z, st, false, here, emit)
        // a jump over the zone: both samples outside, the segment between them through it. Only where no
        // dwell is asked for: a dwell asks for presence, which a jump cannot show.
        if (
          prev &&
          !st.inside &&
          z.dwellS === 0 &&
          t - prev.t <= this.maxGapMs &&
          !this.rawInside(z, prev.t, prev.lon, prev.lat, prev.alt) &&
          (!z.schedule || scheduleActive(z.schedule, t)) &&
          segmentIntersects(z, [prev.lon, prev.lat], cur)
        )
          emit(z, 'crossing', here, { from_t: iso(prev.t), from: [prev.lon, prev.lat] })
      }
      if (st.inside || st.pending || st.over) tag.zones.set(id, st)
      else tag.zones.delete(id)
    }
    tag.last = { ...here, alt }
    return out
  }

  private dwell(
    z: CompiledZone,
    st: ZoneState,
    inside: boolean,
    here: Mark,
    emit: (z: CompiledZone, e: ZoneEventType, m: Mark, p?: Record<string, unknown>) => void,
  ) {
    if (inside === st.inside) {
      st.pending = null
      return
    }
    st.pending ??= here
    if (here.t - st.pending.t < z.dwellS * 1000) return
    st.inside = inside
    emit(
      z,
      inside ? 'enter' : 'exit',
      st.pending,
      z.dwellS > 0 ? { confirmed_at: iso(here.t), dwell_s: z.dwellS } : {},
    )
    st.pending = null
  }

  private overspeed(
    z: CompiledZone,
    st: ZoneState,
    inside: boolean,
    here: Mark,
    emit: (z: CompiledZone, e: ZoneEventType, m: Mark, p?: Record<string, unknown>) => void,
  ) {
    const limit = z.speedLimitKmh
    if (limit !== null && inside && here.speed !== null && here.speed > limit) {
      st.over ??= { ...here, max: here.speed, active: false }
      st.over.max = Math.max(st.over.max, here.speed)
      const minS = z.overspeedMinS ?? this.overspeedMinS
      if (!st.over.active && here.t - st.over.t >= minS * 1000) {
        st.over.active = true
        emit(z, 'overspeed_start', st.over, {
          max_speed_kmh: st.over.max,
          limit_kmh: limit,
          confirmed_at: iso(here.t),
        })
      }
      return
    }
    if (st.over?.active)
      emit(z, 'overspeed_end', here, {
        max_speed_kmh: st.over.max,
        limit_kmh: limit,
        started_at: iso(st.over.t),
        duration_s: (here.t - st.over.t) / 1000,
      })
    st.over = null
  }

  /**
   * Closes presence in zones whose schedule has ended by `now` for tags silent for at least `silentS` (a tag
   * parked inside sends no sample that would tell): exit at now, at the tag's last position. A tag still
   * reporting is closed by its next sample instead.
   */
  tick(now = this.clock(), silentS = 60): EngineEvent[] {
    const out: EngineEvent[] = []
    for (const [tagId, tag] of this.tags)
      for (const [zoneId, st] of tag.zones) {
        const z = this.zones.get(zoneId)
        if (!z?.schedule || !st.inside || !tag.last || now - tag.last.t < silentS * 1000) continue
        if (scheduleActive(z.schedule, now)) continue
        const base = {
          tag_id: tagId,
          zone_id: zoneId,
          lon: tag.last.lon,
          lat: tag.last.lat,
          speed_kmh: null,
          t: now,
        }
        if (st.over?.active)
          out.push({
            ...base,
            event: 'overspeed_end',
            props: { max_speed_kmh: st.over.max, reason: 'schedule' },
          })
        out.push({ ...base, event: 'exit', props: { reason: 'schedule' } })
        st.inside = false
        st.pending = null
        st.over = null
      }
    return out
  }
}
