// Pool-fire radiation and VCE overpressure zones: circles around the source at the distances of the
// thermal (10 / 5 / 2 kW/m²) and overpressure (8 / 3.5 / 1 psi) levels.
import type { Feature, Polygon } from '../../../contracts/geo'
import { circleRing } from './footprint'
import { overpressureLevels, thermalLevels, type LevelOfConcern } from './levels-of-concern'
import { distanceForFlux, heatReleaseRateKw, heskestadFlameHeight, poolDiameter } from './pool-fire'
import { psiToKpa } from './units'
import { distanceForOverpressure, tntEquivalentKg } from './vce'
import { toLonLatRing } from './zone-geometry'
import {
  drawOrder,
  polygon,
  r1,
  ZoneInputError,
  type LevelSummary,
  type ZoneModel,
  type ZoneProperties,
  type ZoneRequest,
  type ZoneResult,
} from './zone-types'

function circleZones(
  r: ZoneRequest,
  model: ZoneModel,
  levels: readonly LevelOfConcern[],
  radiusOf: (l: LevelOfConcern) => number,
): Pick<ZoneResult, 'levels' | 'features'> {
  const summaries: LevelSummary[] = []
  const features: Feature<Polygon, ZoneProperties>[] = []
  for (const l of levels) {
    const radius = radiusOf(l)
    const props: ZoneProperties = {
      level: l.level,
      basis: l.basis,
      threshold: { value: l.value, unit: l.unit },
      reach_m: r1(radius),
      start_m: 0,
      max_half_width_m: r1(radius),
      capped: false,
      model,
    }
    summaries.push({ ...props, reached: radius > 0 })
    if (radius > 0)
      features.push(polygon(`${r.scenario}-${l.level}`, toLonLatRing(circleRing(radius), r.source), props))
  }
  return { levels: summaries, features: drawOrder(features) }
}

export function poolFireZones(r: ZoneRequest): ZoneResult {
  const c = r.chemical
  if (c.burning_rate_kg_m2s == null || c.heat_of_combustion_mj_kg == null)
    throw new ZoneInputError(
      `chemical ${c.id} has no burning rate or heat of combustion: enter them in the chemicals table`,
      'chemical_id',
    )
  const area = r.poolAreaM2
  if (!(area != null && area > 0))
    throw new ZoneInputError(
      'pool_area_m2: give the pool area, a tank with a dike, or mass_kg',
      'pool_area_m2',
    )
  const q = heatReleaseRateKw({
    burningRateKgM2s: c.burning_rate_kg_m2s,
    heatOfCombustionMjKg: c.heat_of_combustion_mj_kg,
    areaM2: area,
    kBetaPerM: c.k_beta_per_m,
  })
  const d = poolDiameter(area)
  const zones = circleZones(r, 'pool_fire_point_source', thermalLevels, (l) =>
    Math.max(distanceForFlux(q, l.value), d / 2),
  )
  return {
    model: 'pool_fire_point_source',
    ...zones,
    dense_gas: null,
    figures: {
      pool_area_m2: r1(area),
      pool_diameter_m: r1(d),
      heat_release_kw: Math.round(q),
      flame_height_m: r1(heskestadFlameHeight(q, d)),
      radiant_fraction: 0.3,
    },
    limits: [
      {
        id: 'pool_fire.point_source',
        text: 'point-source radiation (NUREG-1805 ch. 5): conservative within about two pool diameters; wind tilt and smoke obscuration ignored',
      },
      { id: 'pool_fire.pool_edge', text: 'a zone never ends inside the pool itself' },
      { id: 'pool_fire.exposure', text: 'thresholds are for 60 s exposure' },
    ],
  }
}

export function vceZones(r: ZoneRequest): ZoneResult {
  const c = r.chemical
  if (c.heat_of_combustion_mj_kg == null)
    throw new ZoneInputError(
      `chemical ${c.id} has no heat of combustion: enter it in the chemicals table`,
      'chemical_id',
    )
  if (!(r.massKg != null && r.massKg > 0))
    throw new ZoneInputError('mass_kg: the flammable mass is required', 'mass_kg')
  const yieldFraction = r.yieldFraction ?? 0.05
  const burst = r.burst ?? 'surface'
  const tnt = tntEquivalentKg(r.massKg, c.heat_of_combustion_mj_kg, yieldFraction)
  const zones = circleZones(r, 'tnt_equivalence', overpressureLevels, (l) =>
    distanceForOverpressure(psiToKpa(l.value), tnt, burst),
  )
  return {
    model: 'tnt_equivalence',
    ...zones,
    dense_gas: null,
    figures: { tnt_kg: r1(tnt), yield: yieldFraction, burst, tnt_energy_mj_kg: 4.68 },
    limits: [
      {
        id: 'vce.tnt',
        text: `TNT equivalence (yield ${yieldFraction * 100}%, E_TNT 4.68 MJ/kg, Kinney–Graham ${burst === 'surface' ? 'surface burst' : 'free air'}); congestion and confinement are ignored — TNO Multi-Energy or Baker–Strehlow–Tang suit process areas better`,
      },
      { id: 'vce.mass', text: 'the whole given mass is taken as the flammable part of the cloud' },
    ],
  }
}
