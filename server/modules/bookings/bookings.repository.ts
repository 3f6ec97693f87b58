import type { BookingsQuery, BookingStatus, HazmatBooking, NewBookingBody } from '../../contracts/bookings'
import type { Queryable } from '../../platform/db/db'

const cols = `id, plate, driver_name, driver_licence, escort_name, escort_licence, chemical_name, cas_no, un_number,
  hazard_class, quantity_t::float8 AS quantity_t, enterprise_id, origin_enterprise_id, gate_id, parking_id,
  ST_AsGeoJSON(route)::json AS route, route_width_m, route_length_m, route_nodes, route_stops_m, to_char(park_day, 'YYYY-MM-DD') AS park_day,
  valid_from, valid_to, status, tag_id, note, approved_at, entered_at, completed_at, cancel_reason, created_at, updated_at`

type Row = Omit<
  HazmatBooking,
  'valid_from' | 'valid_to' | 'approved_at' | 'entered_at' | 'completed_at' | 'created_at' | 'updated_at'
> & {
  valid_from: Date
  valid_to: Date
  approved_at: Date | null
  entered_at: Date | null
  completed_at: Date | null
  created_at: Date
  updated_at: Date
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)
function toBooking(r: Row): HazmatBooking {
  return {
    ...r,
    valid_from: r.valid_from.toISOString(),
    valid_to: r.valid_to.toISOString(),
    approved_at: iso(r.approved_at),
    entered_at: iso(r.entered_at),
    completed_at: iso(r.completed_at),
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  }
}

export interface NewBookingRow extends Omit<NewBookingBody, 'gate_id' | 'route_width_m'> {
  gate_id: string
  parking_id: string
  route: [number, number][]
  route_width_m: number
  route_length_m: number
  route_nodes: string[]
  route_stops_m: number[]
  valid_from: Date
  valid_to: Date
  created_by: string | null
}

export async function insertBooking(q: Queryable, b: NewBookingRow): Promise<HazmatBooking> {
  const r = await q.query<Row>(
    `INSERT INTO hazmat_bookings (plate, driver_name, driver_licence, escort_name, escort_licence, chemical_name,
       cas_no, un_number, hazard_class, quantity_t, enterprise_id, origin_enterprise_id, gate_id, parking_id, route,
       route_width_m, route_length_m, route_nodes, route_stops_m, park_day, valid_from, valid_to, tag_id, note, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
       ST_SetSRID(ST_GeomFromGeoJSON($15), 4326), $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
     RETURNING ${cols}`,
    [
      b.plate,
      b.driver_name,
      b.driver_licence,
      b.escort_name,
      b.escort_licence,
      b.chemical_name,
      b.cas_no ?? null,
      b.un_number,
      b.hazard_class,
      b.quantity_t,
      b.enterprise_id,
      b.origin_enterprise_id ?? null,
      b.gate_id,
      b.parking_id,
      JSON.stringify({ type: 'LineString', coordinates: b.route }),
      b.route_width_m,
      b.route_length_m,
      b.route_nodes,
      b.route_stops_m,
      b.park_day,
      b.valid_from,
      b.valid_to,
      b.tag_id ?? null,
      b.note ?? null,
      b.created_by,
    ],
  )
  return toBooking(r.rows[0]!)
}

export async function findBooking(q: Queryable, id: string, lock = false): Promise<HazmatBooking | null> {
  const r = await q.query<Row>(
    `SELECT ${cols} FROM hazmat_bookings WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ? toBooking(r.rows[0]) : null
}

export async function listBookings(q: Queryable, f: BookingsQuery): Promise<HazmatBooking[]> {
  const where: string[] = []
  const params: unknown[] = []
  const add = (sql: string, v: unknown) => {
    params.push(v)
    where.push(sql.replaceAll('?', `$${params.length}`))
  }
  if (f.status) add('status = ?', f.status)
  if (f.day) add('park_day = ?', f.day)
  if (f.enterprise) add('(enterprise_id = ? OR origin_enterprise_id = ?)', f.enterprise)
  if (f.plate) add('plate = ?', f.plate)
  if (f.tag) add('tag_id = ?', f.tag)
  params.push(f.limit)
  const r = await q.query<Row>(
    `SELECT ${cols} FROM hazmat_bookings ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY park_day DESC, created_at DESC, id LIMIT $${params.length}`,
    params,
  )
  return r.rows.map(toBooking)
}

export interface BookingPatch {
  status?: BookingStatus
  tag_id?: string | null
  approved_by?: string | null
  approved_at?: Date
  entered_at?: Date
  completed_at?: Date
  cancel_reason?: string
}

export async function updateBooking(q: Queryable, id: string, p: BookingPatch): Promise<HazmatBooking> {
  const sets: string[] = ['updated_at = now()']
  const params: unknown[] = [id]
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined) continue
    params.push(v)
    sets.push(`${k} = $${params.length}`)
  }
  const r = await q.query<Row>(
    `UPDATE hazmat_bookings SET ${sets.join(', ')} WHERE id = $1 RETURNING ${cols}`,
    params,
  )
  if (!r.rows[0]) throw new Error(`booking ${id} not updatable in this scope`)
  return toBooking(r.rows[0])
}

/** Requested or approved bookings whose park day ended before `now`: expired (system scope). */
export async function expireBookings(q: Queryable, now: Date): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `UPDATE hazmat_bookings SET status = 'expired', updated_at = now()
      WHERE status IN ('requested', 'approved') AND valid_to <= $1 RETURNING id`,
    [now],
  )
  return r.rows.map((x) => x.id)
}

/** What the route rules need of the watched bookings (system scope). */
export interface WatchedBookingRow {
  id: string
  plate: string
  status: BookingStatus
  tag_id: string
  enterprise_id: string
  route: { type: 'LineString'; coordinates: [number, number][] }
  route_width_m: number
  valid_from: Date
  valid_to: Date
  /** GeoJSON Polygon or MultiPolygon of the hazmat parking lot and of the destination parcel */
  parking_geom: { type: string; coordinates: unknown }
  destination_geom: { type: string; coordinates: unknown }
}

export async function watchedBookings(q: Queryable): Promise<WatchedBookingRow[]> {
  const r = await q.query<WatchedBookingRow>(
    `SELECT b.id, b.plate, b.status, b.tag_id, b.enterprise_id, ST_AsGeoJSON(b.route)::json AS route,
            b.route_width_m, b.valid_from, b.valid_to,
            ST_AsGeoJSON(p.geom)::json AS parking_geom, ST_AsGeoJSON(e.geom)::json AS destination_geom
       FROM hazmat_bookings b
       JOIN assets p ON p.id = b.parking_id
       JOIN enterprises e ON e.id = b.enterprise_id
      WHERE b.status IN ('approved', 'in_park') AND b.tag_id IS NOT NULL
      ORDER BY b.id`,
  )
  return r.rows
}

/** Changes when any booking changes (cheap poll for the route rules). */
export async function bookingsVersion(q: Queryable): Promise<string> {
  const r = await q.query<{ v: string }>(
    `SELECT count(*)::text || '/' || coalesce(max(updated_at)::text, '') AS v FROM hazmat_bookings`,
  )
  return r.rows[0]!.v
}
