// Pure zone-visit maths: pairing the geofence engine's enter / exit / crossing events into visits clipped to a
// report window, and summing them per zone and per tag kind. No I/O, so the unit tests drive it by hand.
//
// Why events and not the positions: `zone_events` is what the engine decided, with each zone's shape (circle,
// corridor, altitude band), schedule and minimum dwell applied, the same record the alarms and the occupants
// list come from. Intersecting the track with the zone polygons would count drive-bys the dwell filtered out
// and ignore schedules, so the two would disagree. A tag with positions but no events was not inside any zone
// (as the engine judged it); a zone added later has no history — reports start when its events start.

export type PresenceEventType = 'enter' | 'exit' | 'crossing'

export interface PresenceEvent {
  tag_id: string
  zone_id: string
  event: PresenceEventType
  /** epoch ms */
  t: number
}

export interface Visit {
  tag_id: string
  zone_id: string
  /** the enter event's time (before `from` when open_at_from), ms */
  enter: number
  /** the exit event's time; null when still inside at the window's end */
  exit: number | null
  /** inside within the window, ms */
  duration_ms: number
  crossing: boolean
  open_at_from: boolean
  open_at_to: boolean
}

const key = (tag: string, zone: string) => `${tag}\u0000${zone}`

/**
 * Pairs events into visits within [from, to).
 * - `before`: per (tag, zone), the newest enter or exit strictly before `from` (older ones are ignored); an
 *   enter there means the tag was inside at `from`: its visit counts from `from`.
 * - `events`: the enter / exit / crossing events in [from, to), in time order (ties in insertion order).
 * - `until`: min(to, now): a visit with no exit by then counts up to `until`.
 * An enter while already inside is a repeat and ignored (the earlier one stands); an exit with no visit open
 * (its enter lost, or hidden from the caller) is ignored; a crossing is a zero-length visit. A visit open at
 * `from` whose exit is exactly at `from` lies outside the window and is dropped.
 */
export function pairVisits(
  before: readonly PresenceEvent[],
  events: readonly PresenceEvent[],
  from: number,
  until: number,
): Visit[] {
  const open = new Map<string, { tag: string; zone: string; enter: number; atFrom: boolean }>()
  for (const b of before)
    if (b.event === 'enter')
      open.set(key(b.tag_id, b.zone_id), { tag: b.tag_id, zone: b.zone_id, enter: b.t, atFrom: true })
  const out: Visit[] = []
  for (const e of events) {
    const k = key(e.tag_id, e.zone_id)
    const cur = open.get(k)
    if (e.event === 'enter') {
      if (!cur) open.set(k, { tag: e.tag_id, zone: e.zone_id, enter: e.t, atFrom: false })
    } else if (e.event === 'exit') {
      if (!cur) continue
      open.delete(k)
      const start = Math.max(cur.enter, from)
      if (cur.atFrom && e.t <= from) continue
      out.push({
        tag_id: e.tag_id,
        zone_id: e.zone_id,
        enter: cur.enter,
        exit: e.t,
        duration_ms: Math.max(0, e.t - start),
        crossing: false,
        open_at_from: cur.atFrom,
        open_at_to: false,
      })
    } else if (!cur)
      out.push({
        tag_id: e.tag_id,
        zone_id: e.zone_id,
        enter: e.t,
        exit: e.t,
        duration_ms: 0,
        crossing: true,
        open_at_from: false,
        open_at_to: false,
      })
  }
  for (const cur of open.values()) {
    const start = Math.max(cur.enter, from)
    out.push({
      tag_id: cur.tag,
      zone_id: cur.zone,
      enter: cur.enter,
      exit: null,
      duration_ms: Math.max(0, until - start),
      crossing: false,
      open_at_from: cur.atFrom,
      open_at_to: true,
    })
  }
  return out.sort(
    (a, b) =>
      a.enter - b.enter ||
      (a.tag_id < b.tag_id ? -1 : a.tag_id > b.tag_id ? 1 : 0) ||
      (a.zone_id < b.zone_id ? -1 : a.zone_id > b.zone_id ? 1 : 0),
  )
}

export interface ZoneSummary {
  zone_id: string
  visits: number
  crossings: number
  total_ms: number
  first_enter: number
  last_exit: number | null
  inside_at_from: boolean
  inside_at_to: boolean
}

/** Per zone: visits, crossings, time inside, first enter, last exit; longest total first, then zone id. */
export function summarizeByZone(visits: readonly Visit[]): ZoneSummary[] {
  const by = new Map<string, ZoneSummary>()
  for (const v of visits) {
    let s = by.get(v.zone_id)
    if (!s) {
      s = {
        zone_id: v.zone_id,
        visits: 0,
        crossings: 0,
        total_ms: 0,
        first_enter: v.enter,
        last_exit: null,
        inside_at_from: false,
        inside_at_to: false,
      }
      by.set(v.zone_id, s)
    }
    s.visits++
    if (v.crossing) s.crossings++
    s.total_ms += v.duration_ms
    s.first_enter = Math.min(s.first_enter, v.enter)
    if (v.exit !== null && (s.last_exit === null || v.exit > s.last_exit)) s.last_exit = v.exit
    s.inside_at_from ||= v.open_at_from
    s.inside_at_to ||= v.open_at_to
  }
  return [...by.values()].sort(
    (a, b) => b.total_ms - a.total_ms || (a.zone_id < b.zone_id ? -1 : a.zone_id > b.zone_id ? 1 : 0),
  )
}

export interface Totals {
  visits: number
  crossings: number
  total_ms: number
  tags: number
}

/** Visits, crossings, time inside and distinct tags, overall and per group (the tag kind). */
export function totalsBy<G extends string>(
  visits: readonly Visit[],
  groupOf: (v: Visit) => G,
): { all: Totals; groups: Map<G, Totals>; insideAtTo: number } {
  const empty = (): Totals & { seen: Set<string> } => ({
    visits: 0,
    crossings: 0,
    total_ms: 0,
    tags: 0,
    seen: new Set(),
  })
  const all = empty()
  const groups = new Map<G, ReturnType<typeof empty>>()
  const inside = new Set<string>()
  for (const v of visits) {
    const g = groupOf(v)
    let s = groups.get(g)
    if (!s) groups.set(g, (s = empty()))
    for (const t of [all, s]) {
      t.visits++
      if (v.crossing) t.crossings++
      t.total_ms += v.duration_ms
      t.seen.add(v.tag_id)
    }
    if (v.open_at_to) inside.add(v.tag_id)
  }
  const strip = ({ seen, ...t }: ReturnType<typeof empty>): Totals => ({ ...t, tags: seen.size })
  return {
    all: strip(all),
    groups: new Map([...groups].map(([g, t]) => [g, strip(t)])),
    insideAtTo: inside.size,
  }
}
