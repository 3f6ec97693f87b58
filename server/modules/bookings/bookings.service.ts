import type {
  AssignTagBody,
  BookingsQuery,
  CancelBookingBody,
  HazmatBooking,
  NewBookingBody,
} from '../../contracts/bookings'
import { auditIn } from '../../platform/audit'
import { systemScope, type Db, type DbScope, type Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { defaultCorridorWidthM } from '../zones/zone-shapes'
import {
  findBooking,
  insertBooking,
  listBookings,
  updateBooking,
  type BookingPatch,
} from './bookings.repository'
import { nextStatus, parkDay, parkDayWindow, type BookingAction } from './bookings.rules'
import {
  frontageNode,
  loadRoadNetwork,
  nearestNode,
  planRoute,
  type PlannedRoute,
  type RoadNetwork,
} from './route-planner'

const pgCode = (err: unknown) => (err as { code?: string })?.code
const pgConstraint = (err: unknown) => (err as { constraint?: string })?.constraint ?? ''

function conflictOr(err: unknown): never {
  if (pgCode(err) === '23505' && pgConstraint(err).includes('one_open_per_tag'))
    throw errors.conflict('booking.tag_in_use', 'this tag already serves another open booking')
  throw err
}

export interface BookingsServiceOptions {
  clock?: () => number
  /** told after a commit that changed a booking (the route rules reload) */
  onChanged?: () => void
  /** bookings may be made this many park days ahead (default 30) */
  maxDaysAhead?: number
}

/** Hazmat vehicle bookings (危化品车辆预约): writes in the caller's scope (RLS), audited in the same transaction. */
export class BookingsService {
  private readonly now: () => number
  private network: { at: number; net: RoadNetwork } | null = null

  constructor(
    private readonly db: Db,
    private readonly opts: BookingsServiceOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  private async roads(): Promise<RoadNetwork> {
    // the road graph changes with a new park edition only: keep it for ten minutes
    if (!this.network || this.now() - this.network.at > 600_000)
      this.network = { at: this.now(), net: await this.db.tx(systemScope, loadRoadNetwork) }
    return this.network.net
  }

  private audit(
    q: Queryable,
    who: AppState,
    ip: string | null,
    action: string,
    b: HazmatBooking,
    detail = {},
  ) {
    return auditIn(q, {
      userId: who.user.id,
      username: who.user.username,
      action,
      target: `hazmat_booking:${b.id}`,
      result: 'ok',
      ip,
      detail: { ...detail, enterprise_id: b.enterprise_id, origin_enterprise_id: b.origin_enterprise_id },
      // an audit row belongs to the acting enterprise (its RLS), the park's to the destination
      enterpriseId: who.scope.scope === 'enterprise' ? who.scope.enterpriseId : b.enterprise_id,
    })
  }

  list(scope: DbScope, f: BookingsQuery): Promise<HazmatBooking[]> {
    return this.db.tx(scope, (q) => listBookings(q, f))
  }

  async get(scope: DbScope, id: string): Promise<HazmatBooking> {
    const b = await this.db.tx(scope, (q) => findBooking(q, id))
    if (!b) throw errors.notFound('booking', id)
    return b
  }

  /** Validates the references (system scope: a carrier's enterprise may not see the destination's rows). */
  private async places(b: NewBookingBody) {
    return this.db.tx(systemScope, async (q) => {
      const ents = await q.query<{ id: string; ring: string }>(
        `SELECT id, ST_AsGeoJSON(ST_ExteriorRing(geom)) AS ring FROM enterprises WHERE id = ANY($1)`,
        [[b.enterprise_id, b.origin_enterprise_id].filter(Boolean)],
      )
      const dest = ents.rows.find((e) => e.id === b.enterprise_id)
      if (!dest)
        throw errors.validation(`enterprise_id: unknown enterprise ${b.enterprise_id}`, 'enterprise_id')
      if (b.origin_enterprise_id && !ents.rows.some((e) => e.id === b.origin_enterprise_id))
        throw errors.validation(
          `origin_enterprise_id: unknown enterprise ${b.origin_enterprise_id}`,
          'origin_enterprise_id',
        )
      const gates = await q.query<{ id: string; node_id: string | null; lon: number; lat: number }>(
        `SELECT id, props->>'node_id' AS node_id, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
           FROM assets WHERE kind = 'gate' AND props->>'gate_class' = 'dedicated' ORDER BY id`,
      )
      const gate = b.gate_id ? gates.rows.find((g) => g.id === b.gate_id) : gates.rows[0]
      if (!gate)
        throw errors.validation(
          b.gate_id
            ? `gate_id: ${b.gate_id} is not a dedicated (专用) hazmat gate`
            : 'gate_id: the park has no dedicated (专用) hazmat gate',
          'gate_id',
        )
      const parking = await q.query<{ id: string; node_id: string | null; lon: number; lat: number }>(
        `SELECT id, props->>'node_id' AS node_id, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
           FROM assets WHERE kind = 'parking' ORDER BY (name LIKE '%危化品%') DESC, id LIMIT 1`,
      )
      if (!parking.rows[0]) throw errors.validation('the park has no hazmat parking lot', 'enterprise_id')
      if (b.tag_id) {
        const t = await q.query('SELECT 1 FROM tags WHERE id = $1', [b.tag_id])
        if (!t.rowCount) throw errors.validation(`tag_id: unknown tag ${b.tag_id}`, 'tag_id')
      }
      return {
        gate,
        parking: parking.rows[0],
        ring: (JSON.parse(dest.ring) as { coordinates: [number, number][] }).coordinates,
      }
    })
  }

  /** The corridor's centreline: gate → hazmat parking → destination frontage → gate. */
  async planFor(b: NewBookingBody): Promise<{ route: PlannedRoute; gateId: string; parkingId: string }> {
    const { gate, parking, ring } = await this.places(b)
    const net = await this.roads()
    const node = (id: string | null, lon: number, lat: number) =>
      id && net.usable.has(id) ? id : nearestNode(net, [lon, lat])
    const g = node(gate.node_id, gate.lon, gate.lat)
    const p = node(parking.node_id, parking.lon, parking.lat)
    const d = frontageNode(net, ring)
    const route = g && p && d ? planRoute(net, [g, p, d, g]) : null
    if (!route)
      throw errors.validation(
        'enterprise_id: no road route from the hazmat gate via the hazmat parking to this enterprise',
        'enterprise_id',
      )
    return { route, gateId: gate.id, parkingId: parking.id }
  }

  async create(who: AppState, b: NewBookingBody, ip: string | null): Promise<HazmatBooking> {
    const s = who.scope
    if (
      s.scope === 'enterprise' &&
      b.enterprise_id !== s.enterpriseId &&
      b.origin_enterprise_id !== s.enterpriseId
    )
      throw errors.forbidden('an enterprise account books trips to or from its own enterprise only')
    const today = parkDay(this.now())
    if (b.park_day < today) throw errors.validation(`park_day: ${b.park_day} is in the past`, 'park_day')
    const maxAhead = this.opts.maxDaysAhead ?? 30
    const last = parkDay(this.now() + maxAhead * 86_400_000)
    if (b.park_day > last)
      throw errors.validation(`park_day: bookings open at most ${maxAhead} days ahead (${last})`, 'park_day')
    if (b.origin_enterprise_id && b.origin_enterprise_id === b.enterprise_id)
      throw errors.validation('origin_enterprise_id: the same as the destination', 'origin_enterprise_id')
    const { route, gateId, parkingId } = await this.planFor(b)
    const win = parkDayWindow(b.park_day)
    const booking = await this.db
      .tx(s, async (q) => {
        const row = await insertBooking(q, {
          ...b,
          gate_id: gateId,
          parking_id: parkingId,
          route: route.line,
          route_width_m: b.route_width_m ?? defaultCorridorWidthM,
          route_length_m: Math.round(route.lengthM),
          route_nodes: route.nodes,
          route_stops_m: route.stopsM.map((m) => Math.round(m)),
          valid_from: new Date(win.from),
          valid_to: new Date(win.to),
          created_by: who.user.id,
        })
        await this.audit(q, who, ip, 'booking.create', row, {
          plate: row.plate,
          un_number: row.un_number,
          park_day: row.park_day,
          tag_id: row.tag_id,
        })
        return row
      })
      .catch(conflictOr)
    this.opts.onChanged?.()
    return booking
  }

  /** Loads the booking for a change (visible and writable in the caller's scope), applies it, audits it. */
  private async change(
    who: AppState,
    id: string,
    ip: string | null,
    action: string,
    fn: (b: HazmatBooking, q: Queryable) => Promise<BookingPatch>,
  ): Promise<HazmatBooking> {
    const out = await this.db
      .tx(who.scope, async (q) => {
        const b = await findBooking(q, id, true)
        if (!b) throw errors.notFound('booking', id)
        const patch = await fn(b, q)
        const next = await updateBooking(q, id, patch)
        await this.audit(q, who, ip, action, next, { from: b.status, to: next.status, tag_id: next.tag_id })
        return next
      })
      .catch(conflictOr)
    this.opts.onChanged?.()
    return out
  }

  private move(b: HazmatBooking, action: BookingAction) {
    const to = nextStatus(b.status, action)
    if (typeof to !== 'string') throw errors.conflict('booking.invalid_transition', to.refused)
    return to
  }

  /** Approval (审批) by the destination enterprise or the park; not for a day already over. */
  approve(who: AppState, id: string, ip: string | null): Promise<HazmatBooking> {
    return this.change(who, id, ip, 'booking.approve', async (b) => {
      const s = who.scope
      if (s.scope === 'enterprise' && s.enterpriseId !== b.enterprise_id)
        throw errors.forbidden('only the destination enterprise or the park approves a booking')
      const status = this.move(b, 'approve')
      if (Date.parse(b.valid_to) <= this.now())
        throw errors.conflict('booking.expired', `the booking's day ${b.park_day} is over`)
      return { status, approved_by: who.user.id, approved_at: new Date(this.now()) }
    })
  }

  cancel(who: AppState, id: string, body: CancelBookingBody, ip: string | null): Promise<HazmatBooking> {
    return this.change(who, id, ip, 'booking.cancel', async (b) => ({
      status: this.move(b, 'cancel'),
      cancel_reason: body.reason,
    }))
  }

  /** The vehicle passed the gate (进园). */
  enter(who: AppState, id: string, ip: string | null): Promise<HazmatBooking> {
    return this.change(who, id, ip, 'booking.enter', async (b) => {
      const status = this.move(b, 'enter')
      const t = this.now()
      if (t < Date.parse(b.valid_from) || t >= Date.parse(b.valid_to))
        throw errors.conflict('booking.not_valid_now', `the booking is valid on ${b.park_day} only`)
      return { status, entered_at: new Date(t) }
    })
  }

  /** The vehicle left the park (出园). */
  complete(who: AppState, id: string, ip: string | null): Promise<HazmatBooking> {
    return this.change(who, id, ip, 'booking.complete', async (b) => ({
      status: this.move(b, 'complete'),
      completed_at: new Date(this.now()),
    }))
  }

  /** Links the truck's JT/T 808 terminal tag or an issued card (null unlinks) while the booking is open. */
  assignTag(who: AppState, id: string, body: AssignTagBody, ip: string | null): Promise<HazmatBooking> {
    return this.change(who, id, ip, 'booking.assign_tag', async (b, q) => {
      if (!['requested', 'approved', 'in_park'].includes(b.status))
        throw errors.conflict('booking.closed', `a ${b.status} booking takes no tag`)
      if (body.tag_id) {
        const t = await q.query('SELECT 1 FROM tags WHERE id = $1', [body.tag_id])
        // tags of other enterprises are invisible to an enterprise account: the same answer as unknown
        if (!t.rowCount) throw errors.validation(`tag_id: unknown tag ${body.tag_id}`, 'tag_id')
      }
      return { tag_id: body.tag_id }
    })
  }
}
