// Pasquill–Gifford stability class from the surface (10 m) wind speed and the sky, after Turner (1970),
// Workbook of Atmospheric Dispersion Estimates, Table 1 (shared/domain/hazard-models.md).

export const stabilityClasses = ['A', 'B', 'C', 'D', 'E', 'F'] as const
export type StabilityClass = (typeof stabilityClasses)[number]

export type Insolation = 'strong' | 'moderate' | 'slight'

/**
 * Day: incoming solar radiation. Night: cloud cover in oktas (eighths). `overcast` (8/8, day or night)
 * is always D.
 */
export type Sky =
  { kind: 'day'; insolation: Insolation } | { kind: 'night'; cloudOktas: number } | { kind: 'overcast' }

/** Rows of Turner's Table 1 by 10 m wind speed: < 2, 2–3, 3–5, 5–6, ≥ 6 m/s (lower bound inclusive). */
const rowOf = (windMs: number) => (windMs < 2 ? 0 : windMs < 3 ? 1 : windMs < 5 ? 2 : windMs < 6 ? 3 : 4)

// columns: strong, moderate, slight, night thin overcast or ≥ 4/8 low cloud, night ≤ 3/8 cloud
const table: readonly (readonly string[])[] = [
  ['A', 'A-B', 'B', 'E', 'F'],
  ['A-B', 'B', 'C', 'E', 'F'],
  ['B', 'B-C', 'C', 'D', 'E'],
  ['C', 'C-D', 'D', 'D', 'D'],
  ['C', 'D', 'D', 'D', 'D'],
]
const dayColumn: Record<Insolation, number> = { strong: 0, moderate: 1, slight: 2 }

export interface PasquillResult {
  /** the class the models use: for a two-class cell the more stable one (larger threat zones) */
  stability: StabilityClass
  /** the cell as printed in the table, e.g. 'A-B' */
  table: string
}

export function pasquillClass(windMs: number, sky: Sky): PasquillResult {
  if (!(windMs >= 0)) throw new RangeError('wind speed must be ≥ 0')
  if (sky.kind === 'overcast') return { stability: 'D', table: 'D' }
  const column = sky.kind === 'day' ? dayColumn[sky.insolation] : sky.cloudOktas >= 4 ? 3 : 4
  const cell = table[rowOf(windMs)]![column]!
  return { stability: cell.slice(-1) as StabilityClass, table: cell }
}

/**
 * Insolation class from the sun's elevation and the cloud cover (our documented simplification of Turner
 * 1964): elevation > 60° strong, 35–60° moderate, otherwise slight; 5/8–7/8 cloud lowers it one step.
 */
export function insolationOf(solarElevationDeg: number, cloudOktas: number): Insolation {
  const base: Insolation = solarElevationDeg > 60 ? 'strong' : solarElevationDeg > 35 ? 'moderate' : 'slight'
  if (cloudOktas < 5) return base
  return base === 'strong' ? 'moderate' : 'slight'
}

/** The sky at a place and time: night when the sun is at or below the horizon; 8/8 cloud is overcast. */
export function skyAt(solarElevationDeg: number, cloudOktas: number): Sky {
  if (cloudOktas >= 8) return { kind: 'overcast' }
  if (solarElevationDeg <= 0) return { kind: 'night', cloudOktas }
  return { kind: 'day', insolation: insolationOf(solarElevationDeg, cloudOktas) }
}

const rad = Math.PI / 180

/**
 * Solar elevation angle in degrees (refraction ignored) from the low-precision solar coordinates of the
 * Astronomical Almanac (accurate to about 0.1° for 1950–2050).
 */
export function solarElevationDeg(epochMs: number, lonDeg: number, latDeg: number): number {
  const d = (epochMs - Date.UTC(2000, 0, 1, 12)) / 86_400_000
  const g = (357.529 + 0.98560028 * d) * rad
  const q = 280.459 + 0.98564736 * d
  const lambda = (q + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * rad
  const eps = (23.439 - 0.00000036 * d) * rad
  const ra = Math.atan2(Math.cos(eps) * Math.sin(lambda), Math.cos(lambda))
  const dec = Math.asin(Math.sin(eps) * Math.sin(lambda))
  const gmstDeg = (18.697374558 + 24.06570982441908 * d) * 15
  const hourAngle = (gmstDeg + lonDeg) * rad - ra
  const lat = latDeg * rad
  const sinEl = Math.sin(lat) * Math.sin(dec) + Math.cos(lat) * Math.cos(dec) * Math.cos(hourAngle)
  return Math.asin(Math.max(-1, Math.min(1, sinEl))) / rad
}
