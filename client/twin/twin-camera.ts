import { BoundingSphere, Cartesian3, HeadingPitchRange, Math as CesiumMath, type Camera } from 'cesium'
import type { CameraPreset } from '../../scenes/centers'

/** Puts the camera at a preset, immediately or over `durationS` seconds. */
export function flyToPreset(camera: Camera, preset: CameraPreset, durationS: number): Promise<void> {
  const destination = Cartesian3.fromDegrees(preset.lon_deg, preset.lat_deg, preset.height_m)
  const orientation = {
    heading: CesiumMath.toRadians(preset.heading_deg),
    pitch: CesiumMath.toRadians(preset.pitch_deg),
    roll: 0,
  }
  if (durationS <= 0) {
    camera.setView({ destination, orientation })
    return Promise.resolve()
  }
  return new Promise((resolve) => {
    camera.flyTo({ destination, orientation, duration: durationS, complete: resolve, cancel: resolve })
  })
}

/** How far from an object of `radius` metres the camera stops, m. */
export function viewRange(radius: number): number {
  return Math.min(Math.max(radius * 4.5, 140), 4000)
}

/** Flies to look at a sphere obliquely (45° down), keeping the current heading. */
export function flyToSphere(camera: Camera, sphere: BoundingSphere, durationS: number): Promise<void> {
  const target = BoundingSphere.clone(sphere)
  const offset = new HeadingPitchRange(camera.heading, CesiumMath.toRadians(-45), viewRange(sphere.radius))
  return new Promise((resolve) => {
    camera.flyToBoundingSphere(target, { offset, duration: durationS, complete: resolve, cancel: resolve })
  })
}
