// The gate panel's state without the DOM: today's counts and the newest events, kept current by pushed events.
import type { GateCount, GateEvent, GateKind, GateSummary } from '../../../server/contracts/gates'
import { chinaDay } from '../../api/sensors.api'

export type GateFilter = 'all' | GateKind
/** events the panel keeps (and lists) */
export const maxGateEvents = 40

export interface GateBoard {
  events: GateEvent[]
  summary: GateSummary | null
}

const newestFirst = (a: GateEvent, b: GateEvent) =>
  Date.parse(b.t) - Date.parse(a.t) || b.id.length - a.id.length || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0)

/** Newest first (time, then id), each id once, at most `max`. */
export function mergeEvents(
  list: readonly GateEvent[],
  incoming: readonly GateEvent[],
  max = maxGateEvents,
): GateEvent[] {
  const byId = new Map(list.map((e) => [e.id, e]))
  for (const e of incoming) byId.set(e.id, e)
  return [...byId.values()].sort(newestFirst).slice(0, max)
}

/** Decimal bigint ids compared as numbers (longer is larger). */
const newerId = (a: string, b: string | null) =>
  b === null || a.length > b.length || (a.length === b.length && a > b)

/**
 * The board after a pushed event: listed once, and counted at its gate when it happened on the summary's day and
 * is newer than the summary's `through_id` (else the counts hold it already). The periodic re-read corrects the
 * rare event committed out of id order.
 */
export function applyGateEvent(board: GateBoard, e: GateEvent): GateBoard {
  const listed = board.events.some((x) => x.id === e.id)
  const events = listed ? board.events : mergeEvents(board.events, [e])
  const s = board.summary
  if (!s || !newerId(e.id, s.through_id) || chinaDay(Date.parse(e.t)) !== s.day)
    return listed ? board : { events, summary: s }
  const found = s.gates.some((g) => g.gate_id === e.gate_id && g.gate_kind === e.gate_kind)
  const rows: GateCount[] = found
    ? s.gates
    : [
        ...s.gates,
        {
          gate_id: e.gate_id,
          gate_kind: e.gate_kind,
          gate_name: e.gate_name,
          enterprise_id: e.enterprise_id,
          in: 0,
          out: 0,
          inside: 0,
        },
      ]
  const gates = rows.map((g) => {
    if (g.gate_id !== e.gate_id || g.gate_kind !== e.gate_kind) return g
    const next = { ...g, [e.direction]: g[e.direction] + 1 }
    return { ...next, inside: next.in - next.out }
  })
  return { events, summary: { ...s, gates, through_id: e.id } }
}

export function byKind<T extends { gate_kind: GateKind }>(rows: readonly T[], f: GateFilter): T[] {
  return f === 'all' ? [...rows] : rows.filter((r) => r.gate_kind === f)
}

/** A row of the counts table: a gate, or (`gates` > 0) the enterprise second gates added up. */
export type CountRow = GateCount & { gates?: number }

/**
 * The counts table: one filter's gates; under `all`, the park's gates one by one and the second gates (二道闸) as
 * one row (the enterprise filter lists them).
 */
export function countRows(rows: readonly GateCount[], f: GateFilter): CountRow[] {
  if (f !== 'all') return byKind(rows, f)
  const second = byKind(rows, 'enterprise')
  if (!second.length) return [...rows]
  const sum = gateTotals(second)
  return [
    ...byKind(rows, 'park'),
    {
      gate_id: 'enterprise',
      gate_kind: 'enterprise',
      gate_name: null,
      enterprise_id: null,
      ...sum,
      gates: second.length,
    },
  ]
}

export function gateTotals(rows: readonly GateCount[]): { in: number; out: number; inside: number } {
  const sum = { in: 0, out: 0, inside: 0 }
  for (const g of rows) {
    sum.in += g.in
    sum.out += g.out
  }
  sum.inside = sum.in - sum.out
  return sum
}

/**
 * Where the event's photo opens: the `photo_url` the server resolved (GET /api/v1/gate-events/:id/photo, which serves
 * a demo snapshot or redirects to the camera platform's http(s) URL); a reference it cannot resolve has none.
 */
export function photoHref(e: Pick<GateEvent, 'photo_url'>): string | null {
  return e.photo_url || null
}

/**
 * A hazmat vehicle's booking as the gate sees it: `booked` with an approved (or later) booking for the day,
 * `unbooked` without one (未预约); null for other vehicles.
 */
export function bookingMark(e: Pick<GateEvent, 'hazmat' | 'booking'>): 'booked' | 'unbooked' | null {
  if (!e.hazmat) return null
  const s = e.booking?.status
  return s === 'approved' || s === 'in_park' || s === 'completed' ? 'booked' : 'unbooked'
}
