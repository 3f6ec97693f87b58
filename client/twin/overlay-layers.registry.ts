import { majorHazardsLayer } from './layers/major-hazards.layer'
import { riskMapLayer } from './layers/risk-map.layer'
import { workPermitsLayer } from './layers/work-permits.layer'
import type { TwinLayer } from './twin-layer'

/**
 * Module overlays drawn on the twin (major-hazard grades, the four-colour risk map, active work permits…). Each is a
 * TwinLayer whose data come from its module's overlay store (fed by the module's panel, never fetched by the layer);
 * being in the twin's layer list lets its objects be picked (`overlay:<kind>/<id>`), flown to and highlighted.
 * Add a module's layer here: one import and one entry.
 */
export const overlayLayerFactories: (() => TwinLayer)[] = [
  // 重大危险源: major-hazard units outlined by grade
  majorHazardsLayer,
  // 双重预防: the four-colour risk map (parcels and units tinted, risk points pickable)
  riskMapLayer,
  // 特殊作业: active work permits with their 15 m circle
  workPermitsLayer,
]
