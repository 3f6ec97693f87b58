// Local tangent-plane frames. The generator designs the park on "plan" axes (u along the river,
// v inland), rotates them onto east/north metres and converts to WGS-84 degrees. The validator
// uses the same equirectangular frame centred on the park: across a few kilometres its scale
// error is about 1e-4, i.e. millimetres at the size of a tank.
import { rotate, type XY } from './planar'

/** turf's mean earth radius, so frame distances agree with turf.area and turf.distance */
export const earthRadiusM = 6371008.8
export const parkOrigin: XY = [120.95, 31.95]
/** the river here runs towards the east-south-east: plan u axis turned 20° clockwise from east */
export const planRotationDeg = -20
/** GeoJSON coordinate precision: 1e-7° is about 1 cm */
export const coordDecimals = 7

export interface GeoFrame {
  toMetres(lonLat: readonly number[]): XY
  toLonLat(xy: XY): XY
}

export function createFrame(origin: XY = parkOrigin): GeoFrame {
  const mPerDegLat = (earthRadiusM * Math.PI) / 180
  const mPerDegLon = mPerDegLat * Math.cos((origin[1] * Math.PI) / 180)
  return {
    toMetres: (p) => [(p[0]! - origin[0]) * mPerDegLon, (p[1]! - origin[1]) * mPerDegLat],
    toLonLat: ([x, y]) => [origin[0] + x / mPerDegLon, origin[1] + y / mPerDegLat],
  }
}

export const roundCoord = (value: number): number => {
  const k = 10 ** coordDecimals
  return Math.round(value * k) / k
}

const planFrame = createFrame()
const planRotationRad = (planRotationDeg * Math.PI) / 180

/** plan metres → rounded [lon, lat] */
export function planToLonLat(p: XY): XY {
  const [lon, lat] = planFrame.toLonLat(rotate(p, planRotationRad))
  return [roundCoord(lon), roundCoord(lat)]
}

/** a plan-frame direction → compass bearing in degrees (clockwise from north), axis in [0, 180) */
export function planAxisBearingDeg(direction: XY): number {
  const [x, y] = rotate(direction, planRotationRad)
  const bearing = (Math.atan2(x, y) * 180) / Math.PI
  return Math.round((((bearing % 180) + 180) % 180) * 10) / 10
}
