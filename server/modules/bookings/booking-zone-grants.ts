// Zones an approved hazmat booking (危化品车辆预约) authorises its truck in. The park approved the route and the
// delivery, so while the booking is valid its truck is no intruder:
// - in the restricted zones of its destination enterprise (it unloads at that enterprise's tank farm), and
// - in restricted zones its booked corridor touches (an exclusion circle reaching over the approved road).
// Anywhere else the zone rules judge it as before, and leaving the corridor is the route rule's off-route alarm.
// Without this, every delivery raised urgent zone-intrusion alarms along its own approved route.
import type { ZoneAuthorizer, ZoneRule } from '../zones/zone-rules'
import { containsPoint, segmentIntersects, type CompiledZone, type LonLat } from '../zones/zone-shapes'
import type { WatchedBooking } from './route-rule'

/** Whether a truck driving anywhere inside the booking's corridor can be inside the zone. */
export function corridorTouches(corridor: CompiledZone, zone: CompiledZone): boolean {
  const c = corridor.shape
  if (c.kind !== 'corridor') return false
  for (let i = 1; i < c.line.length; i++) if (segmentIntersects(zone, c.line[i - 1]!, c.line[i]!)) return true
  const z = zone.shape
  if (z.kind === 'circle') {
    // the circle's centre lies within half-width + radius of the centreline
    const grow = z.radiusM
    const widened: CompiledZone = {
      ...corridor,
      shape: { ...c, halfWidthM: c.halfWidthM + grow },
      bbox: [
        corridor.bbox[0] - grow / corridor.kx,
        corridor.bbox[1] - grow / corridor.ky,
        corridor.bbox[2] + grow / corridor.kx,
        corridor.bbox[3] + grow / corridor.ky,
      ],
    }
    return containsPoint(widened, z.center[0], z.center[1])
  }
  const vertices: readonly LonLat[] = z.kind === 'polygon' ? z.rings.flat() : z.line
  return vertices.some((v) => containsPoint(corridor, v[0], v[1]))
}

/**
 * An authoriser over the bookings a source watches now (the hazmat route rule's `bookingOf`, reloaded on its
 * timer). The corridor test is cached per booking object and zone: a reload that compiles the booking again
 * recomputes it.
 */
export function bookingZoneAuthorizer(
  bookingOf: (tagId: string) => WatchedBooking | undefined,
): ZoneAuthorizer {
  const touches = new WeakMap<WatchedBooking, Map<string, boolean>>()
  return {
    authorised: (tag, zone, t) => {
      const b = bookingOf(tag.id)
      if (!b || t < b.validFrom || t > b.validTo) return false
      if (zone.enterpriseId !== null && zone.enterpriseId === b.enterpriseId) return true
      let cache = touches.get(b)
      if (!cache) touches.set(b, (cache = new Map()))
      let hit = cache.get(zone.id)
      if (hit === undefined) cache.set(zone.id, (hit = corridorTouches(b.corridor, zone)))
      return hit
    },
  }
}

/** The zone rules with presence rules also passing trucks their booking authorises (see above). */
export function withBookingGrants(rules: readonly ZoneRule[], grants: ZoneAuthorizer): ZoneRule[] {
  return rules.map((r): ZoneRule => {
    if (r.trigger !== 'presence') return r
    const inner = r.authorizer
    return {
      ...r,
      authorizer: {
        authorised: (tag, zone, t) =>
          (inner?.authorised(tag, zone, t) ?? false) || grants.authorised(tag, zone, t),
      },
    }
  })
}
