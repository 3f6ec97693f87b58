import type { TwinLayer } from './twin-layer'

/**
 * Module overlays drawn on the twin (major-hazard grades, the four-colour risk map, active work permits…). Each is a
 * TwinLayer whose data come from its module's overlay store (fed by the module's panel, never fetched by the layer);
 * being in the twin's layer list lets its objects be picked (`overlay:<kind>/<id>`), flown to and highlighted.
 * Add a module's layer here: one import and one entry.
 */
export const overlayLayerFactories: (() => TwinLayer)[] = []
