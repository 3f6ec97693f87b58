// Small spherical-earth helpers for the tag simulator. Distances over a park (a few km) are far
// below where haversine's ~0.3 % ellipsoid error matters.

export type LonLat = readonly [number, number]

/** Mean earth radius (IUGG), as turf uses. */
const earthRadiusM = 6371008.8
const rad = Math.PI / 180

export function haversineM(a: LonLat, b: LonLat): number {
  const dLat = (b[1] - a[1]) * rad
  const dLon = (b[0] - a[0]) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2
  return 2 * earthRadiusM * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Initial bearing from a to b, degrees clockwise from north in [0, 360). */
export function bearingDeg(a: LonLat, b: LonLat): number {
  const lat1 = a[1] * rad
  const lat2 = b[1] * rad
  const dLon = (b[0] - a[0]) * rad
  const y = Math.sin(dLon) * Math.cos(lat2)
  const x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon)
  const deg = Math.atan2(y, x) / rad
  return (deg + 360) % 360
}

/** Moves a point by metres east and north (local flat approximation, fine for tens of metres). */
export function offsetM(p: LonLat, eastM: number, northM: number): [number, number] {
  const dLat = northM / earthRadiusM / rad
  const dLon = eastM / (earthRadiusM * Math.cos(p[1] * rad)) / rad
  return [p[0] + dLon, p[1] + dLat]
}

/** Linear interpolation in lon/lat, accurate enough along one road segment. */
export function lerpLonLat(a: LonLat, b: LonLat, f: number): [number, number] {
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f]
}

/** Even–odd ray casting over a polygon's rings (outer ring and holes). */
export function pointInPolygon(p: LonLat, rings: readonly (readonly (readonly number[])[])[]): boolean {
  let inside = false
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number]
      const [xj, yj] = ring[j] as [number, number]
      if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside
    }
  }
  return inside
}

/** Vertex average of a polygon's outer ring (closing vertex excluded): a frontage anchor, not an area centroid. */
export function ringCentre(ring: readonly (readonly number[])[]): [number, number] {
  const pts = ring.length > 1 ? ring.slice(0, -1) : ring
  let lon = 0
  let lat = 0
  for (const c of pts) {
    lon += c[0]!
    lat += c[1]!
  }
  return [lon / pts.length, lat / pts.length]
}

/** Distance in metres from p to the segment a–b (local equirectangular projection around p). */
export function distanceToSegmentM(p: LonLat, a: LonLat, b: LonLat): number {
  const k = Math.cos(p[1] * rad)
  const [ax, ay] = [(a[0] - p[0]) * k, a[1] - p[1]]
  const [bx, by] = [(b[0] - p[0]) * k, b[1] - p[1]]
  const len2 = (bx - ax) ** 2 + (by - ay) ** 2
  const f = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * (bx - ax) + ay * (by - ay)) / len2))
  return Math.hypot(ax + f * (bx - ax), ay + f * (by - ay)) * rad * earthRadiusM
}

/** Distance in metres from p to a ring's edges. */
export function distanceToRingM(p: LonLat, ring: readonly (readonly number[])[]): number {
  let best = Infinity
  for (let i = 1; i < ring.length; i++) {
    best = Math.min(best, distanceToSegmentM(p, ring[i - 1] as [number, number], ring[i] as [number, number]))
  }
  return best
}
