// The hazmat route rules on the database: loads the watched bookings (approved or in the park, with a tag) and
// compiles their corridors, the hazmat parking and the destination parcels; expires bookings whose day is over;
// restores the open alarms after a restart. Plugged into the geofence worker as a TagRule.
import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import type { TagRule } from '../zones/zone-rules'
import { compileZone, type CompiledZone } from '../zones/zone-shapes'
import {
  bookingsVersion,
  expireBookings,
  watchedBookings,
  type WatchedBookingRow,
} from './bookings.repository'
import { HazmatRouteRule, type RouteRuleOptions, type WatchedBooking } from './route-rule'

export interface HazmatRouteRuleHandle extends TagRule {
  readonly rule: HazmatRouteRule
  /** reload soon (a booking changed on this node) */
  requestReload(): void
}

/** Metres around the parking lot and the destination parcel that count as being there (their road frontage). */
export const frontageBandM = 60

/** The band within `m` metres of a polygon's outer ring, as a corridor along it. */
function bandZone(
  id: string,
  geom: { type: string; coordinates: unknown },
  m: number,
): CompiledZone | undefined {
  const ring = geom.type === 'Polygon' ? (geom.coordinates as [number, number][][])[0] : undefined
  if (!ring || ring.length < 2) return undefined
  return compileZone({
    id,
    name: id,
    zone_type: 'hazmat_booking',
    enterprise_id: null,
    props: { shape: 'corridor', centerline: ring, width_m: 2 * m },
    geom: { type: 'Polygon', coordinates: [] },
  }).zone
}

function polygonZone(id: string, name: string, geom: { type: string; coordinates: unknown }): CompiledZone {
  return compileZone({ id, name, zone_type: 'hazmat_booking', enterprise_id: null, props: {}, geom }).zone
}

export function compileBooking(row: WatchedBookingRow): WatchedBooking {
  const corridor = compileZone({
    id: `booking:${row.id}`,
    name: `${row.plate} route`,
    zone_type: 'hazmat_booking',
    enterprise_id: row.enterprise_id,
    props: { shape: 'corridor', centerline: row.route.coordinates, width_m: row.route_width_m },
    // the polygon is only the fallback of a corridor that does not compile; a corridor always does here
    geom: { type: 'Polygon', coordinates: [] },
  }).zone
  return {
    id: row.id,
    plate: row.plate,
    status: row.status,
    tagId: row.tag_id,
    enterpriseId: row.enterprise_id,
    validFrom: row.valid_from.getTime(),
    validTo: row.valid_to.getTime(),
    corridor,
    parking: polygonZone(`parking:${row.id}`, 'hazmat parking', row.parking_geom),
    destination: polygonZone(`destination:${row.id}`, row.enterprise_id, row.destination_geom),
    parkingNear: bandZone(`parking-near:${row.id}`, row.parking_geom, frontageBandM),
    destinationNear: bandZone(`destination-near:${row.id}`, row.destination_geom, frontageBandM),
  }
}

export function hazmatRouteRule(
  db: Db,
  log: Logger,
  opts: RouteRuleOptions & { clock?: () => number } = {},
): HazmatRouteRuleHandle {
  const rule = new HazmatRouteRule(opts)
  const now = opts.clock ?? Date.now
  let version: string | null = null
  let pending: Promise<boolean> | null = null
  let again = false

  const load = async (): Promise<boolean> => {
    const { v, rows, expired } = await db.tx(systemScope, async (q) => {
      const expired = await expireBookings(q, new Date(now()))
      return { expired, v: await bookingsVersion(q), rows: await watchedBookings(q) }
    })
    if (expired.length) log.info({ expired }, 'hazmat bookings expired')
    if (v === version) return false
    version = v
    const compiled: WatchedBooking[] = []
    for (const row of rows) {
      try {
        compiled.push(compileBooking(row))
      } catch (err) {
        log.error({ err, booking: row.id }, 'booking route not usable: not watched')
      }
    }
    rule.setBookings(compiled)
    log.debug({ bookings: compiled.length }, 'hazmat bookings reloaded')
    return true
  }
  // one load at a time; a request during a load runs another after it (the load may predate the change)
  const reload = (): Promise<boolean> => {
    if (pending) {
      again = true
      return pending
    }
    pending = load().finally(() => {
      pending = null
      if (again) {
        again = false
        void reload().catch((err: unknown) => log.error({ err }, 'hazmat bookings reload failed'))
      }
    })
    return pending
  }

  return {
    name: rule.name,
    rule,
    start: async () => {
      await reload()
      const open = await db.query<{ source_id: string; rule: string }>(
        systemScope,
        `SELECT source_id, rule FROM alarms
          WHERE state IN ('unack', 'ack', 'shelved') AND (rule LIKE 'hazmat\\_off\\_route:%' OR rule LIKE 'hazmat\\_illegal\\_stop:%')`,
      )
      for (const a of open) rule.seedOpen(a.source_id, a.rule)
    },
    reload,
    requestReload: () => {
      reload().catch((err: unknown) => log.error({ err }, 'hazmat bookings reload failed'))
    },
    process: (s, tag) => rule.process(s, tag),
    tick: (t) => rule.tick(t),
    snapshot: (ids) => rule.snapshot(ids),
  }
}
