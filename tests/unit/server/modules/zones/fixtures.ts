// Small zone rows and sample builders for the geofence unit tests (metric offsets around a park origin).
import { compileZone, type CompiledZone, type ZoneRow } from '../../../../../server/modules/zones/zone-shapes'
import type { GeoSample } from '../../../../../server/modules/zones/geofence.engine'

export const origin = [120.95, 31.945] as const
const mPerDegLat = 111_195.08
const mPerDegLon = mPerDegLat * Math.cos((origin[1] * Math.PI) / 180)

/** [lon, lat] of a point east/north metres from the origin. */
export const at = (eastM: number, northM: number): [number, number] => [
  origin[0] + eastM / mPerDegLon,
  origin[1] + northM / mPerDegLat,
]

/** A closed ring of a rectangle in metres from the origin. */
export const rect = (w: number, s: number, e: number, n: number) => [
  at(w, s),
  at(e, s),
  at(e, n),
  at(w, n),
  at(w, s),
]

export function zone(
  id: string,
  props: Record<string, unknown>,
  rings = [rect(-50, -50, 50, 50)],
  extra: Partial<ZoneRow> = {},
): CompiledZone {
  return compileZone({
    id,
    name: `zone ${id}`,
    zone_type: 'restricted',
    enterprise_id: null,
    props,
    geom: { type: 'Polygon', coordinates: rings },
    ...extra,
  }).zone
}

export const t0 = Date.parse('2026-11-27T02:00:00Z')

/** A sample of tag at east/north metres, s seconds after t0. */
export function sample(
  tag: string,
  s: number,
  eastM: number,
  northM: number,
  speed: number | null = 10,
): GeoSample {
  const [lon, lat] = at(eastM, northM)
  return { tag_id: tag, t: new Date(t0 + s * 1000).toISOString(), lon, lat, speed_kmh: speed }
}
