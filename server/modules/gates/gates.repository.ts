// The gate module's reads: events with their gate, hazmat flag and booking, today's counts per gate, the gates.
// Every query runs in the caller's scope: an enterprise sees only its second gates' events (RLS on gate_events).
import type { Gate, GateCount, GateEvent, GateEventsQuery, GateKind } from '../../contracts/gates'
import type { Queryable } from '../../platform/db/db'
import { gatePhotoUrl } from '../video/gate-photo-ref'

/** A hazmat vehicle entered the park with no approved booking for the day (未预约入园). */
export const gateNoBookingRule = 'gate_no_booking'

/** Park gates (assets of kind gate) and enterprise second gates as one relation. */
const allGates = `
  SELECT id, 'park'::text AS kind, name, name_en, enterprise_id, props->>'gate_class' AS gate_class, geom
    FROM assets WHERE kind = 'gate'
  UNION ALL
  SELECT id, 'enterprise', name, NULL, enterprise_id, NULL, geom FROM enterprise_gates`

type EventRow = Omit<GateEvent, 't' | 'received_at' | 'booking' | 'photo_url'> & {
  t: Date
  received_at: Date
  booking_id: string | null
  booking_status: NonNullable<GateEvent['booking']>['status'] | null
  booking_enterprise_id: string | null
}

/**
 * `events` is a subquery of gate_events rows (all columns). The booking: the plate's booking of the event's park
 * day, the most advanced first. Hazmat: as the ingest decides it (gates.service needsBooking), plus the camera's
 * own flag, which survives in the gate_no_booking alarm it raised.
 */
const enrichedSql = (events: string) => `
  SELECT e.id::text, e.gate_id, e.gate_kind, e.enterprise_id, g.name AS gate_name, e.plate, e.lane, e.direction,
         e.t, e.photo_ref, e.source, e.received_at,
         b.id AS booking_id, b.status AS booking_status, b.enterprise_id AS booking_enterprise_id,
         (b.id IS NOT NULL OR g.gate_class = 'dedicated'
          OR EXISTS (SELECT 1 FROM hazmat_bookings hb WHERE norm_plate(hb.plate) = e.plate_norm)
          OR EXISTS (SELECT 1 FROM card_issues ci
                      WHERE ci.holder_type = 'hazmat_vehicle' AND norm_plate(ci.plate) = e.plate_norm
                        AND ci.issued_at <= e.t AND (ci.returned_at IS NULL OR ci.returned_at > e.t))
          OR EXISTS (SELECT 1 FROM alarms a
                      WHERE a.source_id = 'plate:' || e.plate_norm AND a.rule = '${gateNoBookingRule}'
                        AND a.source_event_time = e.t)) AS hazmat
    FROM (${events}) e
    LEFT JOIN LATERAL (SELECT name, gate_class FROM (${allGates}) ag
                        WHERE ag.id = e.gate_id AND ag.kind = e.gate_kind LIMIT 1) g ON true
    LEFT JOIN LATERAL (SELECT hb.id, hb.status, hb.enterprise_id FROM hazmat_bookings hb
                        WHERE norm_plate(hb.plate) = e.plate_norm
                          AND hb.park_day = (e.t AT TIME ZONE 'Asia/Shanghai')::date
                        ORDER BY array_position(ARRAY['in_park', 'approved', 'completed', 'requested', 'expired',
                                                      'cancelled'], hb.status), hb.created_at DESC
                        LIMIT 1) b ON true
   ORDER BY e.t DESC, e.id DESC`

const toEvent = ({ booking_id, booking_status, booking_enterprise_id, ...r }: EventRow): GateEvent => ({
  ...r,
  t: r.t.toISOString(),
  received_at: r.received_at.toISOString(),
  photo_url: gatePhotoUrl(r.id, r.photo_ref),
  booking:
    booking_id && booking_status && booking_enterprise_id
      ? { id: booking_id, status: booking_status, enterprise_id: booking_enterprise_id }
      : null,
})

/** Newest first; `f.plate` already normalised. */
export async function listGateEvents(q: Queryable, f: GateEventsQuery): Promise<GateEvent[]> {
  const where: string[] = []
  const params: unknown[] = []
  const add = (sql: string, v: unknown) => {
    params.push(v)
    where.push(sql.replace('?', `$${params.length}`))
  }
  if (f.gate) add('gate_id = ?', f.gate)
  if (f.kind) add('gate_kind = ?', f.kind)
  if (f.enterprise) add('enterprise_id = ?', f.enterprise)
  if (f.plate) add('plate_norm = ?', f.plate)
  if (f.from) add('t >= ?', f.from)
  if (f.to) add('t < ?', f.to)
  params.push(f.limit)
  const events = `SELECT * FROM gate_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                   ORDER BY t DESC, id DESC LIMIT $${params.length}`
  const r = await q.query<EventRow>(enrichedSql(events), params)
  return r.rows.map(toEvent)
}

export async function gateEventsById(q: Queryable, ids: readonly string[]): Promise<GateEvent[]> {
  if (!ids.length) return []
  const r = await q.query<EventRow>(enrichedSql('SELECT * FROM gate_events WHERE id = ANY($1::bigint[])'), [
    ids,
  ])
  return r.rows.map(toEvent)
}

/** Park gates and second gates by id, whoever owns them (the ingest, in park scope). */
export async function gatesByIds(q: Queryable, ids: readonly string[]): Promise<Gate[]> {
  const r = await q.query<Gate>(
    `SELECT id, kind, name, name_en, enterprise_id, gate_class, NULL::float8 AS lon, NULL::float8 AS lat
       FROM (${allGates}) g WHERE id = ANY($1::text[])`,
    [ids],
  )
  return r.rows
}

/**
 * The gates the caller may see: park scope sees the park's gates and every second gate; an enterprise only its
 * own second gates (RLS on enterprise_gates; the park's gates are left out, as their events are not its to see).
 */
export async function listGates(q: Queryable, kind?: GateKind): Promise<Gate[]> {
  const r = await q.query<Gate>(
    `SELECT id, kind, name, name_en, enterprise_id, gate_class,
            ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
       FROM (${allGates}) g
      WHERE ($1::text IS NULL OR kind = $1) AND (kind = 'enterprise' OR app_scope() = 'park')
      ORDER BY kind DESC, id`,
    [kind ?? null],
  )
  return r.rows
}

/**
 * In and out per gate on one park day (China Standard Time), every visible gate listed (zeros included), and
 * any gate id that has events but is no longer registered; `through_id`: the newest event id the counts include,
 * read in the same statement, so a client adds a pushed event only when it is newer.
 */
export async function gateCounts(
  q: Queryable,
  day: string,
  kind?: GateKind,
): Promise<{ gates: GateCount[]; through_id: string | null }> {
  const r = await q.query<GateCount & { through_id: string | null }>(
    `WITH c AS (
       SELECT gate_id, gate_kind, min(enterprise_id) AS enterprise_id,
              count(*) FILTER (WHERE direction = 'in')::int AS in,
              count(*) FILTER (WHERE direction = 'out')::int AS out
         FROM gate_events
        WHERE t >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
          AND t < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
          AND ($2::text IS NULL OR gate_kind = $2)
        GROUP BY gate_id, gate_kind),
     g AS (
       SELECT id, kind, name, enterprise_id FROM (${allGates}) ag
        WHERE ($2::text IS NULL OR kind = $2) AND (kind = 'enterprise' OR app_scope() = 'park')),
     m AS (SELECT max(id)::text AS through_id FROM gate_events)
     SELECT coalesce(g.id, c.gate_id) AS gate_id, coalesce(g.kind, c.gate_kind) AS gate_kind, g.name AS gate_name,
            coalesce(g.enterprise_id, c.enterprise_id) AS enterprise_id,
            coalesce(c.in, 0) AS in, coalesce(c.out, 0) AS out, coalesce(c.in, 0) - coalesce(c.out, 0) AS inside,
            m.through_id
       FROM g FULL JOIN c ON c.gate_id = g.id AND c.gate_kind = g.kind CROSS JOIN m
      ORDER BY 2 DESC, 1`,
    [day, kind ?? null],
  )
  return {
    gates: r.rows.map(({ through_id: _, ...g }) => g),
    through_id: r.rows[0]?.through_id ?? null,
  }
}
