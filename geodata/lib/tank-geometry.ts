// Tank sizes, volumes and footprints, shared by the generator and the validator.
import type { TankType } from '../types'
import type { XY } from './planar'
import { circleRing, type Ring } from './polygon'

/** realistic size ranges in metres (diameter; shell height, or shell length for horizontal) */
export const tankSizeLimits: Record<TankType, { diameterM: [number, number]; heightM: [number, number] }> = {
  vertical: { diameterM: [8, 40], heightM: [10, 20] },
  spherical: { diameterM: [10, 18], heightM: [10, 18] },
  horizontal: { diameterM: [2.5, 4], heightM: [10, 30] },
}

/** geometric volume in m³: cylinder for vertical and horizontal (heads ignored), sphere */
export function tankVolumeM3(type: TankType, diameterM: number, heightM: number): number {
  const r = diameterM / 2
  return type === 'spherical' ? (4 / 3) * Math.PI * r ** 3 : Math.PI * r * r * heightM
}

/** Ground footprint in metres. `axis` is the unit axis direction of a horizontal tank in the same frame. */
export function tankFootprint(
  type: TankType,
  center: XY,
  diameterM: number,
  heightM: number,
  axis: XY,
): Ring {
  if (type !== 'horizontal') return circleRing(center, diameterM / 2, 48, true)
  const [ax, ay] = axis
  const halfL = heightM / 2
  const halfW = diameterM / 2
  const corner = (sl: number, sw: number): XY => [
    center[0] + ax * halfL * sl - ay * halfW * sw,
    center[1] + ay * halfL * sl + ax * halfW * sw,
  ]
  return [corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)]
}

/** unit axis direction (x east, y north) of a bearing in degrees clockwise from north */
export function bearingToAxis(bearingDeg: number): XY {
  const rad = (bearingDeg * Math.PI) / 180
  return [Math.sin(rad), Math.cos(rad)]
}
