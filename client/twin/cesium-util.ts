import {
  BoundingSphere,
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  Primitive,
  type GeometryInstance,
} from 'cesium'
import type { Position } from '../../server/contracts'
import { flatDegrees, openRing } from './geo/polygon-math'

const colorCache = new Map<string, Color>()

/** Cached Cesium colour from CSS hex and alpha. */
export function cssColor(hex: string, alpha = 1): Color {
  const key = `${hex}/${alpha}`
  let color = colorCache.get(key)
  if (!color) {
    color = Color.fromCssColorString(hex).withAlpha(alpha)
    colorCache.set(key, color)
  }
  return color
}

export function colorAttribute(hex: string, alpha = 1): ColorGeometryInstanceAttribute {
  return ColorGeometryInstanceAttribute.fromColor(cssColor(hex, alpha))
}

/** Positions of an open ring at a fixed height above the ellipsoid. */
export function ringPositions(ring: readonly Position[], height = 0): Cartesian3[] {
  const flat = flatDegrees(openRing(ring))
  const out: Cartesian3[] = []
  for (let i = 0; i < flat.length; i += 2) out.push(Cartesian3.fromDegrees(flat[i]!, flat[i + 1]!, height))
  return out
}

/** Closed ring positions (first vertex repeated) for outlines and walls. */
export function closedRingPositions(ring: readonly Position[], height = 0): Cartesian3[] {
  const open = ringPositions(ring, height)
  if (open.length > 0) open.push(Cartesian3.clone(open[0]!))
  return open
}

/** Sets a per-instance colour once the primitive exists; false while it is still being created. */
export function setInstanceColor(primitive: Primitive, instanceId: string, color: Color): boolean {
  if (!primitive.ready) return false
  const attributes = primitive.getGeometryInstanceAttributes(instanceId) as { color?: Uint8Array } | undefined
  if (!attributes) return true
  attributes.color = ColorGeometryInstanceAttribute.toValue(color, attributes.color)
  return true
}

/** Sphere around a ring lifted to `height`, with its centre at `centreHeight`. */
export function ringSphere(
  ring: readonly Position[],
  centre: [number, number],
  centreHeight: number,
  result: BoundingSphere,
): BoundingSphere {
  const points = ringPositions(ring, centreHeight)
  BoundingSphere.fromPoints(points, result)
  Cartesian3.fromDegrees(centre[0], centre[1], centreHeight, undefined, result.center)
  let r = 0
  for (const p of points) r = Math.max(r, Cartesian3.distance(p, result.center))
  result.radius = Math.max(r, centreHeight, 5)
  return result
}

type PrimitiveOptions = NonNullable<ConstructorParameters<typeof Primitive>[0]>

/** A synchronous batched primitive, or null for no instances (Cesium never readies an empty one). */
export function batch(
  instances: GeometryInstance[],
  options: Omit<PrimitiveOptions, 'geometryInstances'>,
): Primitive | null {
  if (instances.length === 0) return null
  return new Primitive({ asynchronous: false, ...options, geometryInstances: instances })
}

export function present<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined
}
