import type { AssetKind } from '../../server/contracts'
import type { TwinLayerId } from '../../scenes/centers'
import type { IconGlyph } from './icon-canvas'

/** How each point-like asset kind is drawn: which toggle shows it, its badge, size and label. */
export interface PointStyle {
  layer: TwinLayerId
  glyph: IconGlyph
  hex: string
  /** CSS px at 1920×1080 */
  sizePx: number
  /** height of the icon centre above ground, m */
  heightM: number
  labelled: boolean
  /** drawn over buildings (few, important icons) */
  alwaysOnTop: boolean
  /** hidden beyond this camera distance (many small icons would read as noise), m */
  maxDistanceM: number
  /** labels hidden beyond this camera distance, m */
  labelMaxDistanceM?: number
  /** drawn by the sensors layer, coloured by live state (layers/sensors.layer.ts), not as a fixed badge */
  live?: boolean
}

export const pointStyles: Partial<Record<AssetKind, PointStyle>> = {
  gate: {
    layer: 'gates',
    glyph: 'gate',
    hex: '#22d3ee',
    sizePx: 30,
    heightM: 10,
    labelled: true,
    alwaysOnTop: true,
    maxDistanceM: 60_000,
  },
  camera: {
    layer: 'cameras',
    glyph: 'camera',
    hex: '#60a5fa',
    sizePx: 22,
    heightM: 8,
    labelled: false,
    alwaysOnTop: true,
    maxDistanceM: 6_000,
  },
  muster_point: {
    layer: 'muster-points',
    glyph: 'flag',
    hex: '#34d399',
    sizePx: 30,
    heightM: 10,
    labelled: true,
    alwaysOnTop: true,
    maxDistanceM: 60_000,
  },
  fire_station: {
    layer: 'fire-facilities',
    glyph: 'flame',
    hex: '#ff4d4f',
    sizePx: 32,
    heightM: 14,
    labelled: true,
    alwaysOnTop: true,
    maxDistanceM: 60_000,
  },
  depot: {
    layer: 'fire-facilities',
    glyph: 'box',
    hex: '#ffa940',
    sizePx: 28,
    heightM: 10,
    labelled: true,
    alwaysOnTop: true,
    maxDistanceM: 60_000,
  },
  hydrant: {
    layer: 'fire-facilities',
    glyph: 'drop',
    hex: '#ff6b6b',
    sizePx: 16,
    heightM: 2,
    labelled: false,
    alwaysOnTop: false,
    maxDistanceM: 1_800,
  },
  gas_detector: {
    layer: 'gas-detectors',
    glyph: 'waves',
    hex: '#facc15',
    sizePx: 18,
    heightM: 4,
    labelled: false,
    alwaysOnTop: false,
    maxDistanceM: 6_000,
    live: true,
  },
  monitor_point: {
    layer: 'monitor-points',
    glyph: 'drop',
    hex: '#38bdf8',
    sizePx: 28,
    heightM: 12,
    labelled: true,
    alwaysOnTop: true,
    maxDistanceM: 60_000,
    labelMaxDistanceM: 2_200,
  },
}

/** Waste-gas monitors get their own badge; wastewater keeps the water drop. */
export function styleFor(kind: AssetKind, measure: unknown): PointStyle | undefined {
  const style = pointStyles[kind]
  if (style && kind === 'monitor_point' && measure === 'waste_gas')
    return { ...style, glyph: 'cloud', hex: '#a3e635' }
  return style
}
