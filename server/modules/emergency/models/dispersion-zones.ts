// Toxic and flash-fire zones: the footprint of each level of concern under the Gaussian plume (continuous
// release) or the passing puff (instantaneous release), oriented by the wind and cut at the model limit.
import type { Feature, Polygon } from '../../../contracts/geo'
import { briggsSigmas, puffSigmas } from './dispersion-coefficients'
import { denseGasCheck } from './dense-gas'
import { footprint } from './footprint'
import { plumeConcentration } from './gaussian-plume'
import { puffPeakAtGround } from './gaussian-puff'
import type { LevelOfConcern } from './levels-of-concern'
import { ppmToGm3 } from './units'
import { transportWind } from './wind-profile'
import { plumeRingToLonLat } from './zone-geometry'
import {
  drawOrder,
  gaussianCapM,
  polygon,
  r1,
  r3,
  type LevelSummary,
  type Limit,
  type ZoneModel,
  type ZoneProperties,
  type ZoneRequest,
  type ZoneResult,
} from './zone-types'

const gaussianLimits = (continuous: boolean, capM: number): Limit[] => [
  {
    id: 'gaussian.passive',
    text: 'Gaussian dispersion of a neutrally buoyant gas over flat open ground; buildings and terrain are ignored',
  },
  { id: 'gaussian.cap', text: `zones are cut at ${capM / 1000} km (the model limit)` },
  {
    id: 'gaussian.near_field',
    text: 'σ fitted for 100 m – 10 km (Briggs); nearer than 100 m the values are extrapolated',
  },
  { id: 'gaussian.min_wind', text: 'wind of at least 1 m/s; calm conditions are not modelled' },
  { id: 'gaussian.ground_receptor', text: 'concentrations at ground level' },
  continuous
    ? {
        id: 'plume.steady',
        text: 'steady-state plume: the release duration and the travel time are not modelled (conservative)',
      }
    : {
        id: 'puff.peak',
        text: 'instantaneous release: the peak concentration of the passing puff is compared with the level (no dose)',
      },
]

export function dispersionZones(r: ZoneRequest, levels: LevelOfConcern[], extra: Limit[]): ZoneResult {
  const { chemical: c, weather: w } = r
  const capM = r.capM ?? gaussianCapM
  const continuous = r.rateGs != null
  const h = r.releaseHeightM
  const u = transportWind(w.windMs, h, w.stability, r.terrain)
  let c0: (x: number) => number
  let sy: (x: number) => number
  if (continuous) {
    const q = r.rateGs!
    c0 = (x) => {
      const s = briggsSigmas(x, w.stability, r.terrain)
      return plumeConcentration({ qGs: q, uMs: u, hM: h, ...s, yM: 0, zM: 0 })
    }
    sy = (x) => briggsSigmas(x, w.stability, r.terrain).sigmaY
  } else {
    const m = r.massKg! * 1000
    c0 = (x) => puffPeakAtGround(m, h, puffSigmas(x, w.stability))
    sy = (x) => puffSigmas(x, w.stability).sigmaY
  }
  const model: ZoneModel = continuous ? 'gaussian_plume' : 'gaussian_puff'
  const summaries: LevelSummary[] = []
  const features: Feature<Polygon, ZoneProperties>[] = []
  for (const l of levels) {
    const fp = footprint(c0, sy, ppmToGm3(l.value, c.mw), { capM })
    const props: ZoneProperties = {
      level: l.level,
      basis: l.basis,
      threshold: { value: l.value, unit: l.unit },
      reach_m: fp ? r1(fp.reachM) : 0,
      start_m: fp ? r1(fp.startM) : 0,
      max_half_width_m: fp ? r1(fp.maxHalfWidthM) : 0,
      capped: fp?.capped ?? false,
      model,
    }
    summaries.push({ ...props, reached: fp !== null })
    if (fp)
      features.push(
        polygon(`${r.scenario}-${l.level}`, plumeRingToLonLat(fp.ring, r.source, w.windFromDeg), props),
      )
  }
  const dense = denseGasCheck({
    mwGmol: c.mw,
    boilingPointC: c.boiling_point_c,
    rateGs: r.rateGs ?? null,
    massG: r.massKg != null ? r.massKg * 1000 : null,
    windMs: w.windMs,
    liquefiedGas: c.liquefied_gas,
  })
  const limits = [...gaussianLimits(continuous, capM), ...extra]
  if (dense.dense) limits.unshift({ id: 'dense_gas', text: dense.reason! })
  const figures: Record<string, number | string> = { transport_wind_ms: r3(u), stability: w.stability }
  if (continuous && r.durationS != null) figures.duration_s = r.durationS
  return { model, levels: summaries, features: drawOrder(features), dense_gas: dense, figures, limits }
}
