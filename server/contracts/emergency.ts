import { z } from 'zod'
import type { Feature, FeatureCollection, Polygon } from './geo'

/**
 * Emergency-center contracts: the hazard-model endpoints (plume, puff, pool fire, VCE), threat zones of a
 * release and the chemicals table. SI units; every field name carries its unit.
 */

export const stabilityClass = z.enum(['A', 'B', 'C', 'D', 'E', 'F'])
export type StabilityClassName = z.infer<typeof stabilityClass>
export const terrain = z.enum(['rural', 'urban'])
export const burst = z.enum(['surface', 'free_air'])
export const hazardScenario = z.enum(['toxic', 'flash_fire', 'pool_fire', 'vce'])
export type HazardScenario = z.infer<typeof hazardScenario>
export const zoneLevel = z.enum(['red', 'orange', 'yellow'])
export type ZoneLevelName = z.infer<typeof zoneLevel>

const positive = (max: number) => z.number().positive().max(max)
const nonNegative = (max: number) => z.number().min(0).max(max)
const coordinate = z.number().min(-1e5).max(1e5)
const chemicalIdPattern = /^[a-z0-9_]{1,64}$/
export const chemicalId = z.string().regex(chemicalIdPattern, 'a chemical id: lower-case letters, digits, _')

const exclusive = <T extends Record<string, unknown>>(
  ctx: z.RefinementCtx,
  v: T,
  groups: (keyof T & string)[][],
  what: string,
) => {
  const given = groups.filter((g) => g.some((k) => v[k] !== undefined))
  if (given.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: `give ${groups.map((g) => g.join(' + ')).join(' or ')} (${what})`,
      path: [groups[0]![0]!],
    })
    return
  }
  for (const k of given[0]!)
    if (v[k] === undefined) ctx.addIssue({ code: 'custom', message: 'required', path: [k] })
}

/** POST /api/v1/emergency/models/plume */
export const plumeBody = z
  .strictObject({
    q_gs: positive(1e8),
    u_ms: positive(100),
    h_m: nonNegative(1000),
    stability: stabilityClass.optional(),
    terrain: terrain.optional(),
    sigma_y_m: positive(1e5).optional(),
    sigma_z_m: positive(1e5).optional(),
    x_m: coordinate,
    y_m: coordinate,
    z_m: nonNegative(5000),
    mixing_height_m: positive(5000).optional(),
  })
  .superRefine((v, ctx) =>
    exclusive(
      ctx,
      v,
      [
        ['stability', 'terrain'],
        ['sigma_y_m', 'sigma_z_m'],
      ],
      'the σ come from the class or are given',
    ),
  )
export type PlumeBody = z.infer<typeof plumeBody>
export interface PlumeResult {
  concentration_gm3: number
  sigma_y_m: number
  sigma_z_m: number
}

/** POST /api/v1/emergency/models/puff */
export const puffBody = z
  .strictObject({
    mass_g: positive(1e10),
    u_ms: positive(100),
    h_m: nonNegative(1000),
    t_s: positive(86_400),
    stability: stabilityClass.optional(),
    sigma_set: z.enum(['ccps_puff', 'briggs']).optional(),
    terrain: terrain.optional(),
    sigma_x_m: positive(1e5).optional(),
    sigma_y_m: positive(1e5).optional(),
    sigma_z_m: positive(1e5).optional(),
    x_m: coordinate,
    y_m: coordinate,
    z_m: nonNegative(5000),
  })
  .superRefine((v, ctx) =>
    exclusive(
      ctx,
      v,
      [['stability'], ['sigma_x_m', 'sigma_y_m', 'sigma_z_m']],
      'the σ come from the class or are given',
    ),
  )
export type PuffBody = z.infer<typeof puffBody>
export interface PuffResult {
  concentration_gm3: number
  sigma_x_m: number
  sigma_y_m: number
  sigma_z_m: number
}

/** POST /api/v1/emergency/models/pool-fire */
export const poolFireBody = z
  .strictObject({
    chemical_id: chemicalId.optional(),
    burning_rate_kg_m2s: positive(1).optional(),
    heat_of_combustion_mj_kg: positive(150).optional(),
    k_beta_per_m: positive(1000).optional(),
    area_m2: positive(1e6).optional(),
    diameter_m: positive(2000).optional(),
    radiant_fraction: z.number().gt(0).max(1).optional(),
    distance_m: positive(1e5),
  })
  .superRefine((v, ctx) => {
    exclusive(ctx, v, [['chemical_id'], ['burning_rate_kg_m2s', 'heat_of_combustion_mj_kg']], 'the fuel')
    exclusive(ctx, v, [['area_m2'], ['diameter_m']], 'the pool')
  })
export type PoolFireBody = z.infer<typeof poolFireBody>
export interface PoolFireResult {
  heat_release_kw: number
  pool_diameter_m: number
  pool_area_m2: number
  flame_height_m: number
  flux_kw_m2: number
  radiant_fraction: number
}

/** POST /api/v1/emergency/models/vce */
export const vceBody = z
  .strictObject({
    chemical_id: chemicalId.optional(),
    heat_of_combustion_mj_kg: positive(150).optional(),
    mass_kg: positive(1e8),
    yield: z.number().gt(0).max(1).optional(),
    burst: burst.optional(),
    distance_m: positive(1e5),
  })
  .superRefine((v, ctx) => exclusive(ctx, v, [['chemical_id'], ['heat_of_combustion_mj_kg']], 'the fuel'))
export type VceBody = z.infer<typeof vceBody>
export interface VceResult {
  tnt_kg: number
  scaled_distance_m_kg13: number
  overpressure_kpa: number
  overpressure_psi: number
  yield: number
  burst: 'surface' | 'free_air'
}

/** Weather of a zone request: the stability class, or the sky from which the Pasquill table gives it. */
export const zoneWeather = z
  .strictObject({
    wind_speed_ms: z.number().min(1, 'at least 1 m/s (calm is not modelled)').max(50),
    wind_from_deg: z.number().min(0).max(360),
    stability: stabilityClass.optional(),
    cloud_cover_oktas: z.number().int().min(0).max(8).optional(),
    /** when (for the sun's elevation); default now */
    time: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.stability === undefined && v.cloud_cover_oktas === undefined)
      ctx.addIssue({ code: 'custom', message: 'give stability or cloud_cover_oktas', path: ['stability'] })
  })

/** POST /api/v1/emergency/zones */
export const zonesBody = z
  .strictObject({
    asset_id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    point: z
      .strictObject({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) })
      .optional(),
    /** default: the chemical of the asset (by CAS number) */
    chemical_id: chemicalId.optional(),
    scenario: hazardScenario,
    rate_gs: positive(1e8).optional(),
    mass_kg: positive(1e8).optional(),
    duration_s: positive(86_400).optional(),
    release_height_m: nonNegative(500).default(0),
    terrain: terrain.default('rural'),
    /** pool fire: default the dike of the asset's tank farm, else mass_kg spread to 1 cm */
    pool_area_m2: positive(1e6).optional(),
    yield: z.number().gt(0).max(1).optional(),
    burst: burst.optional(),
    /** toxic: replace a level of concern (ppm) */
    loc_ppm: z
      .strictObject({ red: positive(1e6), orange: positive(1e6), yellow: positive(1e6) })
      .partial()
      .optional(),
    weather: zoneWeather,
  })
  .superRefine((v, ctx) => {
    if ((v.asset_id === undefined) === (v.point === undefined))
      ctx.addIssue({ code: 'custom', message: 'give asset_id or point', path: ['asset_id'] })
    if (v.scenario === 'toxic' || v.scenario === 'flash_fire') {
      if ((v.rate_gs === undefined) === (v.mass_kg === undefined))
        ctx.addIssue({
          code: 'custom',
          message: 'give rate_gs (continuous) or mass_kg (instantaneous)',
          path: ['rate_gs'],
        })
    }
    if (v.scenario === 'vce' && v.mass_kg === undefined)
      ctx.addIssue({ code: 'custom', message: 'required for a VCE', path: ['mass_kg'] })
  })
export type ZonesBody = z.infer<typeof zonesBody>

export interface ThreatZoneProperties {
  level: ZoneLevelName
  basis: string
  threshold: { value: number; unit: 'ppm' | 'kW/m2' | 'psi' }
  reach_m: number
  start_m: number
  max_half_width_m: number
  capped: boolean
  model: 'gaussian_plume' | 'gaussian_puff' | 'pool_fire_point_source' | 'tnt_equivalence'
}
export type ThreatZoneFeature = Feature<Polygon, ThreatZoneProperties>

export interface ZonesResult {
  scenario: HazardScenario
  model: ThreatZoneProperties['model']
  source: { lon: number; lat: number; asset_id: string | null; release_height_m: number }
  chemical: { id: string; name_zh: string; name_en: string }
  weather: {
    wind_speed_ms: number
    wind_from_deg: number
    stability: StabilityClassName
    /** 'given', or the Pasquill cell used, e.g. 'pasquill A-B (day, moderate)' */
    stability_basis: string
  }
  terrain: 'rural' | 'urban'
  /** every level, also those not reached (no polygon) */
  levels: (ThreatZoneProperties & { reached: boolean })[]
  zones: FeatureCollection<Polygon, ThreatZoneProperties>
  dense_gas: {
    dense: boolean
    criterion: number | null
    threshold: number | null
    release_density_kg_m3: number
    reason: string | null
  } | null
  figures: Record<string, number | string>
  limits: { id: string; text: string }[]
}

const num = (max: number) => z.number().min(0).max(max).nullable()

/** PATCH /api/v1/emergency/chemicals/:id — park admin; null clears a value. */
export const chemicalPatchBody = z
  .strictObject({
    name_zh: z.string().trim().min(1).max(100),
    name_en: z.string().trim().min(1).max(100),
    cas: z
      .string()
      .regex(/^[0-9]{2,7}-[0-9]{2}-[0-9]$/, 'a CAS number like 7782-50-5')
      .nullable(),
    un_number: z
      .string()
      .regex(/^[0-9]{4}$/, 'four digits')
      .nullable(),
    mw: z.number().positive().max(1000),
    aegl1_ppm: num(1e6),
    aegl2_ppm: num(1e6),
    aegl3_ppm: num(1e6),
    erpg1_ppm: num(1e6),
    erpg2_ppm: num(1e6),
    erpg3_ppm: num(1e6),
    idlh_ppm: num(1e6),
    lel_pct: num(100),
    uel_pct: num(100),
    burning_rate_kg_m2s: num(1),
    heat_of_combustion_mj_kg: num(150),
    k_beta_per_m: num(1000),
    liquid_density_kg_m3: num(25_000),
    boiling_point_c: z.number().min(-273.15).max(2000).nullable(),
    liquefied_gas: z.boolean(),
    props: z.record(z.string(), z.unknown()),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change')
export type ChemicalPatchBody = z.infer<typeof chemicalPatchBody>

export interface Chemical {
  id: string
  name_zh: string
  name_en: string
  cas: string | null
  un_number: string | null
  mw: number
  aegl1_ppm: number | null
  aegl2_ppm: number | null
  aegl3_ppm: number | null
  erpg1_ppm: number | null
  erpg2_ppm: number | null
  erpg3_ppm: number | null
  idlh_ppm: number | null
  lel_pct: number | null
  uel_pct: number | null
  burning_rate_kg_m2s: number | null
  heat_of_combustion_mj_kg: number | null
  k_beta_per_m: number | null
  liquid_density_kg_m3: number | null
  boiling_point_c: number | null
  liquefied_gas: boolean
  /** sources, unconfirmed fields, notes */
  props: Record<string, unknown>
  updated_at: string
  updated_by: string | null
}
