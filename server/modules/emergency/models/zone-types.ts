// Types and small helpers shared by the threat-zone builders (threat-zones.ts, dispersion-zones.ts,
// fire-blast-zones.ts).
import type { ThreatZoneProperties } from '../../../contracts/emergency'
import type { Feature, Polygon, Position } from '../../../contracts/geo'
import type { Terrain } from './dispersion-coefficients'
import type { DenseGasVerdict } from './dense-gas'
import type { XY } from './footprint'
import type { LocOverride, ToxicLimits, ZoneLevel } from './levels-of-concern'
import type { StabilityClass } from './stability'
import type { Burst } from './vce'

export const scenarios = ['toxic', 'flash_fire', 'pool_fire', 'vce'] as const
export type Scenario = (typeof scenarios)[number]

/** ALOHA's limit for Gaussian dispersion, m. */
export const gaussianCapM = 10_000

export interface ZoneChemical extends ToxicLimits {
  id: string
  mw: number
  lel_pct: number | null
  burning_rate_kg_m2s: number | null
  heat_of_combustion_mj_kg: number | null
  k_beta_per_m: number | null
  boiling_point_c: number | null
  liquefied_gas: boolean
}

export interface ZoneWeather {
  /** wind speed at 10 m, m/s (≥ 1) */
  windMs: number
  /** where the wind blows from, degrees clockwise from north */
  windFromDeg: number
  stability: StabilityClass
}

export interface ZoneRequest {
  /** [lon, lat] of the release */
  source: XY
  chemical: ZoneChemical
  scenario: Scenario
  /** continuous release, g/s (toxic, flash fire) */
  rateGs?: number | null
  /** instantaneous release or fuel mass, kg */
  massKg?: number | null
  durationS?: number | null
  releaseHeightM: number
  terrain: Terrain
  weather: ZoneWeather
  /** pool fire: the burning area, m² (resolved by the caller) */
  poolAreaM2?: number | null
  yieldFraction?: number
  burst?: Burst
  locOverride?: LocOverride
  capM?: number
}

export interface Limit {
  id: string
  text: string
}

export type ZoneModel = ThreatZoneProperties['model']

/** Properties of a zone polygon (the REST contract's). */
export type ZoneProperties = ThreatZoneProperties

export interface LevelSummary extends ZoneProperties {
  /** false: the level is not reached anywhere (no polygon) */
  reached: boolean
}

export interface ZoneResult {
  model: ZoneModel
  levels: LevelSummary[]
  features: Feature<Polygon, ZoneProperties>[]
  dense_gas: DenseGasVerdict | null
  /** figures of the model run (heat release, TNT mass, transport wind…) */
  figures: Record<string, number | string>
  limits: Limit[]
}

/** A request the models cannot answer (e.g. a chemical without a burning rate); `field` names the input. */
export class ZoneInputError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message)
  }
}

export const r1 = (v: number) => Math.round(v * 10) / 10
export const r3 = (v: number) => Math.round(v * 1000) / 1000
/** Yellow first, red last: the order to draw them. */
export const drawOrder = <T extends { properties: { level: ZoneLevel } }>(fs: T[]) => {
  const rank: Record<ZoneLevel, number> = { yellow: 0, orange: 1, red: 2 }
  return [...fs].sort((a, b) => rank[a.properties.level] - rank[b.properties.level])
}

export const polygon = (
  id: string,
  ring: XY[],
  properties: ZoneProperties,
): Feature<Polygon, ZoneProperties> => ({
  type: 'Feature',
  id,
  geometry: { type: 'Polygon', coordinates: [ring as Position[]] },
  properties,
})
