// The weather a park's automatic weather station (自动气象站) measures, as a pure function of time: deterministic for a
// seed whatever the start or the sampling, so every node and every test sees the same wind at the same instant.
//
// - Wind direction: the season's prevailing wind on the Jiangsu coast (winter N–NW, spring ESE, summer SE, autumn
//   NE), veering slowly with the weather systems (±60° over hours), meandering (±15° over tens of minutes) and
//   fluctuating (±5° over a few minutes).
// - Wind speed: light at night, freshest early in the afternoon (daytime mixing), varying with the weather systems,
//   with gusts of 1–3 m/s lasting seconds. A station reports the mean over its averaging window (2 min, as
//   aviation and emergency-response stations do), so the gusts show only as small changes of the mean.
// - Temperature: the month's normal for Nantong, a diurnal swing (coolest near 05:00, warmest near 14:00) damped
//   by cloud, and slow weather-system changes.
// - Cloud cover: 0–8 oktas, drifting over hours with shorter variations.
import { hashSeed } from '../prng'

export interface WeatherSample {
  /** mean wind over the averaging window, m/s */
  wind_speed_ms: number
  /** direction the wind blows from, degrees clockwise from north, [0, 360) */
  wind_from_deg: number
  temp_c: number
  cloud_cover_oktas: number
}

export interface WeatherModelOptions {
  seed?: number
  /** the prevailing wind, degrees from; default by month (Jiangsu coast) */
  prevailingFromDeg?: number
  /** seconds averaged into one reported wind; default 120 */
  averagingS?: number
  /** hours east of UTC of the station's clock (diurnal cycle); default 8 (China Standard Time) */
  utcOffsetH?: number
}

/** Prevailing wind (from, degrees) on the Jiangsu coast by month, January first. */
export const prevailingByMonth = [340, 340, 110, 110, 120, 135, 135, 135, 45, 45, 20, 340] as const
/** Monthly normal air temperature at Nantong, °C, January first. */
export const normalTempByMonth = [3.5, 5, 9, 15, 20.5, 24.5, 28, 28, 24, 18.5, 12, 6] as const

const HOUR = 3_600_000

/** A uniform number in [0, 1) for the parts: FNV-1a (hashSeed) finished with murmur3's fmix32 for its high bits. */
export function hashUnit(...parts: (number | string)[]): number {
  let h = hashSeed(...parts)
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296
}

/** Smooth value noise in [-1, 1]: hashed values at whole multiples of `periodMs`, eased in between. */
export function valueNoise(seed: number, stream: string, tMs: number, periodMs: number): number {
  const x = tMs / periodMs
  const i = Math.floor(x)
  const f = x - i
  const at = (k: number) => hashUnit(seed, stream, k) * 2 - 1
  const e = f * f * (3 - 2 * f)
  return at(i) * (1 - e) + at(i + 1) * e
}

/** A short gust (+1–3 m/s, 5–20 s) in some 30 s slots: the extra wind at tMs. */
function gustAt(seed: number, tMs: number): number {
  const slot = Math.floor(tMs / 30_000)
  const u = hashUnit(seed, 'gust', slot)
  if (u > 0.25) return 0
  const v = hashUnit(seed, 'gust-shape', slot)
  const lengthMs = 5_000 + 15_000 * v
  const into = tMs - slot * 30_000 - (30_000 - lengthMs) * u * 4
  if (into < 0 || into > lengthMs) return 0
  return (1 + 2 * v) * Math.sin((Math.PI * into) / lengthMs)
}

export interface WeatherModel {
  /** what the station reports at tMs (the wind averaged over the window before it) */
  at(tMs: number): WeatherSample
}

const round1 = (v: number) => Math.round(v * 10) / 10

export function createWeatherModel(o: WeatherModelOptions = {}): WeatherModel {
  const seed = o.seed ?? 1
  const averagingS = Math.max(1, Math.round(o.averagingS ?? 120))
  const offsetMs = (o.utcOffsetH ?? 8) * HOUR
  const localHour = (tMs: number) => ((((tMs + offsetMs) % (24 * HOUR)) + 24 * HOUR) % (24 * HOUR)) / HOUR
  const month = (tMs: number) => new Date(tMs + offsetMs).getUTCMonth()

  const cloudAt = (tMs: number) =>
    Math.min(
      8,
      Math.max(
        0,
        4 +
          4.5 * valueNoise(seed, 'cloud', tMs, 4 * HOUR) +
          1.5 * valueNoise(seed, 'cloud2', tMs, 0.6 * HOUR),
      ),
    )
  const directionAt = (tMs: number) => {
    const prevailing = o.prevailingFromDeg ?? prevailingByMonth[month(tMs)]!
    return (
      prevailing +
      60 * valueNoise(seed, 'veer', tMs, 6 * HOUR) +
      15 * valueNoise(seed, 'meander', tMs, 0.4 * HOUR) +
      5 * valueNoise(seed, 'flutter', tMs, 180_000)
    )
  }
  const speedAt = (tMs: number) => {
    const h = localHour(tMs)
    // daytime mixing: calmer at night, freshest about 14:00
    const diurnal = 2.2 + 1.8 * Math.max(0, Math.sin((Math.PI * (h - 8)) / 12))
    const synoptic = Math.exp(0.35 * valueNoise(seed, 'speed', tMs, 8 * HOUR))
    const turbulence = 1 + 0.12 * valueNoise(seed, 'turbulence', tMs, 20_000)
    return Math.max(0.3, diurnal * synoptic * turbulence + gustAt(seed, tMs))
  }

  return {
    at(tMs) {
      // the window mean of the wind vector (directions average as vectors, not as numbers)
      let [east, north, speed] = [0, 0, 0]
      for (let k = 0; k < averagingS; k++) {
        const t = tMs - k * 1000
        const s = speedAt(t)
        const a = (directionAt(t) * Math.PI) / 180
        east += s * Math.sin(a)
        north += s * Math.cos(a)
        speed += s
      }
      const from = ((Math.atan2(east, north) * 180) / Math.PI + 360) % 360
      const cloud = cloudAt(tMs)
      const h = localHour(tMs)
      const swing = 4.5 * (1 - (0.6 * cloud) / 8) * Math.cos((2 * Math.PI * (h - 14)) / 24)
      const temp = normalTempByMonth[month(tMs)]! + swing + 3 * valueNoise(seed, 'temp', tMs, 36 * HOUR)
      return {
        wind_speed_ms: round1(speed / averagingS),
        wind_from_deg: Math.round(from) % 360,
        temp_c: round1(temp),
        cloud_cover_oktas: Math.round(cloud),
      }
    },
  }
}
