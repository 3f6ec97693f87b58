import {
  Cartesian3,
  CylinderGeometry,
  EllipsoidGeometry,
  GeometryInstance,
  Matrix3,
  Matrix4,
  PerInstanceColorAppearance,
  Transforms,
} from 'cesium'
import { colorAttribute } from '../cesium-util'
import type { TankPlacement } from '../tank-placement'

const scratchRotation = new Matrix3()

/**
 * Model matrix for a unit tank model at (lon, lat): east-north-up frame × turn about up × scale.
 * The tank's base sits on the ellipsoid.
 */
export function tankModelMatrix(
  lonDeg: number,
  latDeg: number,
  placement: TankPlacement,
  result = new Matrix4(),
): Matrix4 {
  Transforms.eastNorthUpToFixedFrame(Cartesian3.fromDegrees(lonDeg, latDeg, 0), undefined, result)
  if (placement.rotation_deg !== 0) {
    Matrix3.fromRotationZ((placement.rotation_deg * Math.PI) / 180, scratchRotation)
    Matrix4.multiplyByMatrix3(result, scratchRotation, result)
  }
  return Matrix4.multiplyByScale(result, Cartesian3.fromArray(placement.scale), result)
}

/**
 * Stand-in geometry when a .glb cannot be loaded: cylinder (vertical, horizontal) or sphere, in
 * the same proportions as the models so centres and sizes agree.
 */
export function fallbackTankInstance(
  id: string,
  lonDeg: number,
  latDeg: number,
  placement: TankPlacement,
  hex: string,
): GeometryInstance {
  // unit geometry centred on the origin, lifted to the model's centre height (in scaled units)
  const unitCentre = placement.centre_height_m / placement.scale[2]
  const geometry =
    placement.model === 'spherical'
      ? new EllipsoidGeometry({
          radii: new Cartesian3(0.5, 0.5, 0.5),
          vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
        })
      : new CylinderGeometry({
          length: 1,
          topRadius: 0.5,
          bottomRadius: 0.5,
          vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
        })
  const matrix = tankModelMatrix(lonDeg, latDeg, placement, new Matrix4())
  Matrix4.multiplyByTranslation(matrix, new Cartesian3(0, 0, unitCentre), matrix)
  if (placement.model === 'horizontal') {
    // cylinder axis z → x
    Matrix4.multiplyByMatrix3(matrix, Matrix3.fromRotationY(Math.PI / 2, scratchRotation), matrix)
  }
  return new GeometryInstance({
    id,
    geometry,
    modelMatrix: matrix,
    attributes: { color: colorAttribute(hex) },
  })
}
