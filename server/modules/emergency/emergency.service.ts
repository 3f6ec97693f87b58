import type {
  Chemical,
  PoolFireBody,
  PoolFireResult,
  VceBody,
  VceResult,
  ZonesBody,
  ZonesResult,
} from '../../contracts/emergency'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import { errors } from '../../platform/http/errors'
import { ChemicalsService } from './chemicals.service'
import * as repo from './emergency.repository'
import * as models from './model-endpoints'
import { unconfinedPoolArea } from './models/pool-fire'
import { pasquillClass, skyAt, solarElevationDeg, type StabilityClass } from './models/stability'
import { computeZones, ZoneInputError } from './models/threat-zones'

export interface EmergencyServiceOptions {
  clock?: () => number
}

/** Hazard models and threat zones of the emergency center (敏捷应急), and the chemicals table they use. */
export class EmergencyService {
  readonly chemicals: ChemicalsService
  private readonly clock: () => number

  constructor(
    private readonly db: Db,
    opts: EmergencyServiceOptions = {},
  ) {
    this.chemicals = new ChemicalsService(db)
    this.clock = opts.clock ?? Date.now
  }

  plume = models.plume
  puff = models.puff

  async poolFire(scope: DbScope, b: PoolFireBody): Promise<PoolFireResult> {
    let fuel: models.PoolFireFuel
    if (b.chemical_id) {
      const c = await this.chemical(scope, b.chemical_id)
      if (c.burning_rate_kg_m2s == null || c.heat_of_combustion_mj_kg == null)
        throw errors.validation(
          `chemical_id: ${c.id} has no burning rate or heat of combustion in the chemicals table`,
          'chemical_id',
        )
      fuel = {
        burningRateKgM2s: c.burning_rate_kg_m2s,
        heatOfCombustionMjKg: c.heat_of_combustion_mj_kg,
        kBetaPerM: b.k_beta_per_m ?? c.k_beta_per_m,
      }
    } else
      fuel = {
        burningRateKgM2s: b.burning_rate_kg_m2s!,
        heatOfCombustionMjKg: b.heat_of_combustion_mj_kg!,
        kBetaPerM: b.k_beta_per_m ?? null,
      }
    return models.poolFire(
      fuel,
      { areaM2: b.area_m2, diameterM: b.diameter_m },
      b.distance_m,
      b.radiant_fraction,
    )
  }

  async vce(scope: DbScope, b: VceBody): Promise<VceResult> {
    let hc = b.heat_of_combustion_mj_kg
    if (b.chemical_id) {
      const c = await this.chemical(scope, b.chemical_id)
      if (c.heat_of_combustion_mj_kg == null)
        throw errors.validation(
          `chemical_id: ${c.id} has no heat of combustion in the chemicals table`,
          'chemical_id',
        )
      hc = c.heat_of_combustion_mj_kg
    }
    return models.vce(hc!, b.mass_kg, b.distance_m, b.yield, b.burst)
  }

  /** Threat zones of a release at an asset or a point (POST /api/v1/emergency/zones). */
  async zones(scope: DbScope, b: ZonesBody): Promise<ZonesResult> {
    const { asset, chemical } = await this.db.tx(scope, async (q) => {
      const asset = b.asset_id ? await repo.releaseAsset(q, b.asset_id) : null
      if (b.asset_id && !asset) throw errors.notFound('asset', b.asset_id)
      return { asset, chemical: await this.releaseChemical(q, b, asset) }
    })
    const source: [number, number] = asset ? [asset.lon, asset.lat] : [b.point!.lon, b.point!.lat]
    const weather = this.weather(b.weather, source)
    const pool = b.scenario === 'pool_fire' ? poolArea(b, asset, chemical) : null
    let result
    try {
      result = computeZones({
        source,
        chemical,
        scenario: b.scenario,
        rateGs: b.rate_gs ?? null,
        massKg: b.mass_kg ?? null,
        durationS: b.duration_s ?? null,
        releaseHeightM: b.release_height_m,
        terrain: b.terrain,
        weather: {
          windMs: b.weather.wind_speed_ms,
          windFromDeg: b.weather.wind_from_deg,
          stability: weather.stability,
        },
        poolAreaM2: pool?.areaM2 ?? null,
        yieldFraction: b.yield,
        burst: b.burst,
        locOverride: b.loc_ppm,
      })
    } catch (err) {
      if (err instanceof ZoneInputError) throw errors.validation(err.message, err.field)
      throw err
    }
    const d = result.dense_gas
    return {
      scenario: b.scenario,
      model: result.model,
      source: {
        lon: source[0],
        lat: source[1],
        asset_id: asset?.id ?? null,
        release_height_m: b.release_height_m,
      },
      chemical: { id: chemical.id, name_zh: chemical.name_zh, name_en: chemical.name_en },
      weather: {
        wind_speed_ms: b.weather.wind_speed_ms,
        wind_from_deg: b.weather.wind_from_deg,
        stability: weather.stability,
        stability_basis: weather.basis,
      },
      terrain: b.terrain,
      levels: result.levels,
      zones: { type: 'FeatureCollection', features: result.features },
      dense_gas: d && {
        dense: d.dense,
        criterion: d.criterion,
        threshold: d.threshold,
        release_density_kg_m3: d.releaseDensityKgM3,
        reason: d.reason,
      },
      figures: pool ? { ...result.figures, pool_area_basis: pool.basis } : result.figures,
      limits: result.limits,
    }
  }

  private async chemical(scope: DbScope, id: string): Promise<Chemical> {
    const c = await this.db.tx(scope, (q) => repo.chemicalById(q, id))
    if (!c) throw errors.validation(`chemical_id: unknown chemical ${id}`, 'chemical_id')
    return c
  }

  private async releaseChemical(q: Queryable, b: ZonesBody, asset: repo.ReleaseAsset | null) {
    if (b.chemical_id) {
      const c = await repo.chemicalById(q, b.chemical_id)
      if (!c) throw errors.validation(`chemical_id: unknown chemical ${b.chemical_id}`, 'chemical_id')
      return c
    }
    const c = asset?.cas ? await repo.chemicalByCas(q, asset.cas) : null
    if (!c)
      throw errors.validation(
        asset?.cas
          ? `chemical_id: the chemical of ${asset.id} (CAS ${asset.cas}) is not in the chemicals table`
          : 'chemical_id: required (the release point stores no known chemical)',
        'chemical_id',
      )
    return c
  }

  private weather(w: ZonesBody['weather'], [lon, lat]: [number, number]) {
    if (w.stability) return { stability: w.stability as StabilityClass, basis: 'given' }
    const t = w.time ? Date.parse(w.time) : this.clock()
    const elevation = solarElevationDeg(t, lon, lat)
    const sky = skyAt(elevation, w.cloud_cover_oktas!)
    const r = pasquillClass(w.wind_speed_ms, sky)
    const what =
      sky.kind === 'day' ? `day, ${sky.insolation} sun` : sky.kind === 'night' ? 'night' : 'overcast'
    return {
      stability: r.stability,
      basis: `pasquill ${r.table} (${what}, ${w.cloud_cover_oktas}/8 cloud, sun at ${Math.round(elevation)}°)`,
    }
  }
}

function poolArea(b: ZonesBody, asset: repo.ReleaseAsset | null, c: Chemical) {
  if (b.pool_area_m2) return { areaM2: b.pool_area_m2, basis: 'given' }
  if (asset?.dike_area_m2) return { areaM2: asset.dike_area_m2, basis: `dike of ${asset.farm_id}` }
  if (b.mass_kg && c.liquid_density_kg_m3)
    return { areaM2: unconfinedPoolArea(b.mass_kg, c.liquid_density_kg_m3), basis: 'mass_kg spread to 1 cm' }
  throw errors.validation(
    'pool_area_m2: give the pool area, a tank inside a dike, or mass_kg',
    'pool_area_m2',
  )
}
