// The single-point model calculations behind POST /api/v1/emergency/models/*: request body → model → result.
// Pure; the fuel of a pool fire or VCE is given here already resolved (the service reads chemical_id).
import type {
  PlumeBody,
  PlumeResult,
  PoolFireResult,
  PuffBody,
  PuffResult,
  VceResult,
} from '../../contracts/emergency'
import { briggsSigmas } from './models/dispersion-coefficients'
import { plumeConcentration } from './models/gaussian-plume'
import { puffConcentration, puffSigmasAt } from './models/gaussian-puff'
import {
  defaultRadiantFraction,
  heatReleaseRateKw,
  heskestadFlameHeight,
  pointSourceFlux,
  poolDiameter,
} from './models/pool-fire'
import { kpaToPsi } from './models/units'
import { defaultYield, overpressureKpa, scaledDistance, tntEquivalentKg, type Burst } from './models/vce'

export function plume(b: PlumeBody): PlumeResult {
  const s =
    b.sigma_y_m !== undefined && b.sigma_z_m !== undefined
      ? { sigmaY: b.sigma_y_m, sigmaZ: b.sigma_z_m }
      : briggsSigmas(b.x_m, b.stability!, b.terrain!)
  const c =
    b.x_m > 0
      ? plumeConcentration({
          qGs: b.q_gs,
          uMs: b.u_ms,
          hM: b.h_m,
          ...s,
          yM: b.y_m,
          zM: b.z_m,
          mixingHeightM: b.mixing_height_m ?? null,
        })
      : 0
  return { concentration_gm3: c, sigma_y_m: s.sigmaY, sigma_z_m: s.sigmaZ }
}

export function puff(b: PuffBody): PuffResult {
  const s =
    b.stability !== undefined
      ? puffSigmasAt(b.u_ms * b.t_s, b.stability, b.sigma_set ?? 'ccps_puff', b.terrain ?? 'rural')
      : { sigmaX: b.sigma_x_m!, sigmaY: b.sigma_y_m!, sigmaZ: b.sigma_z_m! }
  const c = puffConcentration({
    massG: b.mass_g,
    uMs: b.u_ms,
    tS: b.t_s,
    hM: b.h_m,
    xM: b.x_m,
    yM: b.y_m,
    zM: b.z_m,
    ...s,
  })
  return { concentration_gm3: c, sigma_x_m: s.sigmaX, sigma_y_m: s.sigmaY, sigma_z_m: s.sigmaZ }
}

export interface PoolFireFuel {
  burningRateKgM2s: number
  heatOfCombustionMjKg: number
  kBetaPerM: number | null
}

export function poolFire(
  fuel: PoolFireFuel,
  pool: { areaM2?: number; diameterM?: number },
  distanceM: number,
  radiantFraction = defaultRadiantFraction,
): PoolFireResult {
  const areaM2 = pool.areaM2 ?? (Math.PI * pool.diameterM! ** 2) / 4
  const d = poolDiameter(areaM2)
  const q = heatReleaseRateKw({ ...fuel, areaM2 })
  return {
    heat_release_kw: q,
    pool_diameter_m: d,
    pool_area_m2: areaM2,
    flame_height_m: heskestadFlameHeight(q, d),
    flux_kw_m2: pointSourceFlux(q, distanceM, radiantFraction),
    radiant_fraction: radiantFraction,
  }
}

export function vce(
  heatOfCombustionMjKg: number,
  massKg: number,
  distanceM: number,
  yieldFraction = defaultYield,
  burst: Burst = 'surface',
): VceResult {
  const tnt = tntEquivalentKg(massKg, heatOfCombustionMjKg, yieldFraction)
  const kpa = overpressureKpa(distanceM, tnt, burst)
  return {
    tnt_kg: tnt,
    scaled_distance_m_kg13: scaledDistance(distanceM, tnt),
    overpressure_kpa: kpa,
    overpressure_psi: kpaToPsi(kpa),
    yield: yieldFraction,
    burst,
  }
}
