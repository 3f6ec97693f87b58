// From the plume frame to GeoJSON: rotate by the wind (meteorological convention: the direction the wind
// blows FROM, degrees clockwise from north; the plume travels the opposite way) and convert local east/north
// metres to lon/lat with the park's equirectangular frame (geodata/lib/geo-frame.ts) centred on the source.
import { createFrame, roundCoord } from '../../../../geodata/lib/geo-frame'
import type { XY } from './footprint'

/** Unit vector (east, north) the plume travels along for a wind from `windFromDeg`. */
export function downwindUnit(windFromDeg: number): XY {
  const a = (windFromDeg * Math.PI) / 180
  return [-Math.sin(a), -Math.cos(a)]
}

/** Plume-frame (downwind x, crosswind-left y) → east/north metres. A proper rotation: rings keep their turn. */
export function plumeToEastNorth([x, y]: XY, windFromDeg: number): XY {
  const [de, dn] = downwindUnit(windFromDeg)
  return [x * de - y * dn, x * dn + y * de]
}

/** East/north metres ring around `source` ([lon, lat]) → rounded [lon, lat] ring. */
export function toLonLatRing(ringEastNorth: XY[], source: XY): XY[] {
  const frame = createFrame(source)
  return ringEastNorth.map((p) => {
    const [lon, lat] = frame.toLonLat(p)
    return [roundCoord(lon), roundCoord(lat)]
  })
}

/** Plume-frame ring → lon/lat ring for a source and wind. */
export function plumeRingToLonLat(ring: XY[], source: XY, windFromDeg: number): XY[] {
  return toLonLatRing(
    ring.map((p) => plumeToEastNorth(p, windFromDeg)),
    source,
  )
}
