// Zones the geofence engine watches: a control zone around every tank farm, exclusion circles
// around toxic liquefied-gas storage, speed zones and the construction site. Hazmat corridors are
// built in corridors.ts.
import type { Feature, Polygon } from '../../server/contracts/geo'
import type { ZoneProps } from '../types'
import { chemicals, storedName } from './chemicals'
import { polygonFeature } from './features'
import { planToLonLat } from './geo-frame'
import type { Site } from './parcels'
import type { PlantAssets } from './plant-features'
import type { XY } from './planar'
import { circleRing, offsetConvexRing, ringBoundaryDistance, type Ring } from './polygon'
import type { Lattice } from './lattice'
import type { EnterpriseSpec } from './roster'

export type ZoneDraft = { ring: Ring; props: ZoneProps }

/** metres: the control zone around a dike, the exclusion circle around toxic gas storage */
const farmZoneM = 10
const exclusionRadiusM = 120
export const circleVertices = 64

const centroid = (ring: Ring): XY => [
  ring.reduce((s, p) => s + p[0], 0) / ring.length,
  ring.reduce((s, p) => s + p[1], 0) / ring.length,
]

/** who a zone belongs to, with the short company name zone names start with */
export interface ZoneOwner {
  id: string
  short: string
  shortEn: string
}

export const zoneOwner = (spec: EnterpriseSpec): ZoneOwner => ({
  id: spec.id,
  short: spec.name.replace(/有限公司$/, ''),
  shortEn: spec.nameEn.replace(/ Co\., Ltd\.$/, ''),
})

export function farmZones(owner: ZoneOwner, assets: PlantAssets): ZoneDraft[] {
  return assets.farms.map((farm) => ({
    ring: offsetConvexRing(farm.ring, farmZoneM),
    props: {
      name: `${owner.short}${farm.name}管控区`,
      name_en: `${owner.shortEn} ${farm.nameEn} Control Zone`,
      zone_type: 'tank_farm',
      shape: 'polygon',
      enterprise_id: owner.id,
    },
  }))
}

function circleZone(
  center: XY,
  radiusM: number,
  props: Omit<ZoneProps, 'shape' | 'radius_m' | 'center'>,
): ZoneDraft {
  return {
    ring: circleRing(center, radiusM, circleVertices),
    props: { ...props, shape: 'circle', radius_m: radiusM, center: planToLonLat(center) },
  }
}

/** exclusion circles around chlorine and ammonia storage, shrunk to stay inside the park */
export function exclusionZones(owner: ZoneOwner, assets: PlantAssets, boundary: Ring): ZoneDraft[] {
  const toxic = new Set(['chlorine', 'ammonia'])
  return assets.farms
    .filter((farm) => farm.contents.some((c) => toxic.has(c)))
    .map((farm) => {
      const [zh, en] = storedName(chemicals[farm.contents.find((c) => toxic.has(c))!])
      const center = centroid(farm.ring)
      const radiusM = Math.min(
        exclusionRadiusM,
        Math.floor((ringBoundaryDistance(center, boundary) - 5) / 5) * 5,
      )
      return circleZone(center, radiusM, {
        name: `${owner.short}${zh}储存区警戒区`,
        name_en: `${owner.shortEn} ${en} Storage Exclusion Zone`,
        zone_type: 'restricted',
        enterprise_id: owner.id,
      })
    })
}

export function siteZones(site: Site, lattice: Lattice, fireStation: XY): ZoneDraft[] {
  const zones: ZoneDraft[] = [
    {
      ring: offsetConvexRing(site.parking.quad, 35),
      props: {
        name: '危化品停车场限速区',
        name_en: 'Hazmat Parking Speed Zone',
        zone_type: 'speed',
        shape: 'polygon',
        speed_limit_kmh: 15,
      },
    },
    circleZone(fireStation, 150, {
      name: '消防站周边限速区',
      name_en: 'Fire Station Speed Zone',
      zone_type: 'speed',
      speed_limit_kmh: 30,
    }),
  ]
  // the riverside road past the big tank farms, 30 m either side of its centreline
  const a = lattice.crossing(0, 1)
  const b = lattice.crossing(0, 6)
  const n: XY = [-(b[1] - a[1]), b[0] - a[0]]
  const k = 30 / Math.hypot(n[0], n[1])
  const band: Ring = [
    [a[0] - n[0] * k, a[1] - n[1] * k],
    [b[0] - n[0] * k, b[1] - n[1] * k],
    [b[0] + n[0] * k, b[1] + n[1] * k],
    [a[0] + n[0] * k, a[1] + n[1] * k],
  ]
  zones.push({
    ring: band,
    props: {
      name: '沿江罐区限速区',
      name_en: 'Riverside Tank Area Speed Zone',
      zone_type: 'speed',
      shape: 'polygon',
      speed_limit_kmh: 20,
    },
  })
  for (const r of site.reserved.filter((x) => x.construction)) {
    zones.push({
      ring: offsetConvexRing(r.quad, -30),
      props: {
        name: '二期项目施工区',
        name_en: 'Phase II Construction Site',
        zone_type: 'construction',
        shape: 'polygon',
      },
    })
  }
  return zones
}

export function zoneFeature(id: string, draft: ZoneDraft): Feature<Polygon, ZoneProps> {
  return polygonFeature(id, draft.ring, draft.props)
}
