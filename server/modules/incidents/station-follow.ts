// Incidents that take a weather station's weather follow the station (pure rules): a newer observation whose wind
// differs from the incident's current weather by at least `minDirectionDeg` or `minSpeedMs` (a wind shift, 风向突变)
// becomes the incident's weather, and its zones, who is inside and the evacuation are computed again, as when an
// operator changes the wind by hand. Smaller changes (the wind's ordinary meander) leave the zones as they are, so the
// command center is not redrawn every minute; calm (< 1 m/s) is not modelled and keeps the last weather.
import type { IncidentWeather } from '../../contracts/incidents'
import type { WeatherObservation } from './incidents.repository'

export interface FollowThresholds {
  /** a change of wind direction of at least this many degrees is a shift; default 15 */
  minDirectionDeg: number
  /** a change of wind speed of at least this many m/s is a shift; default 1 */
  minSpeedMs: number
}

export const defaultFollowThresholds: FollowThresholds = { minDirectionDeg: 15, minSpeedMs: 1 }

/** The lowest wind speed the zone models take (gaussian.min_wind). */
export const minModelledWindMs = 1

/** Smallest angle between two directions, degrees in [0, 180]. */
export function directionChangeDeg(a: number, b: number): number {
  const d = Math.abs((((a - b) % 360) + 360) % 360)
  return d > 180 ? 360 - d : d
}

export type FollowDecision =
  | { follow: true; direction_change_deg: number; speed_change_ms: number }
  | { follow: false; reason: 'other_source' | 'not_newer' | 'calm' | 'small_change' }

/** Whether an incident with weather `current` takes observation `obs` (see the file comment). */
export function followDecision(
  current: IncidentWeather,
  obs: WeatherObservation,
  t: FollowThresholds = defaultFollowThresholds,
): FollowDecision {
  if (current.source !== 'station' || current.station_id !== obs.station_id)
    return { follow: false, reason: 'other_source' }
  if (current.observed_at && Date.parse(obs.t) <= Date.parse(current.observed_at))
    return { follow: false, reason: 'not_newer' }
  if (obs.wind_speed_ms < minModelledWindMs) return { follow: false, reason: 'calm' }
  const dir = directionChangeDeg(obs.wind_from_deg, current.wind_from_deg)
  const speed = Math.abs(obs.wind_speed_ms - current.wind_speed_ms)
  if (dir < t.minDirectionDeg && speed < t.minSpeedMs) return { follow: false, reason: 'small_change' }
  return {
    follow: true,
    direction_change_deg: Math.round(dir * 10) / 10,
    speed_change_ms: Math.round(speed * 10) / 10,
  }
}

/** The incident weather of a station observation (the zones' stability from its cloud cover and time, else D). */
export function stationWeather(stationId: string, obs: WeatherObservation): IncidentWeather {
  return {
    wind_speed_ms: obs.wind_speed_ms,
    wind_from_deg: obs.wind_from_deg % 360,
    // no cloud cover from the station: neutral (D), the conservative default for a park's daytime winds
    ...(obs.cloud_cover_oktas !== null
      ? { cloud_cover_oktas: obs.cloud_cover_oktas, time: obs.t }
      : { stability: 'D' as const }),
    source: 'station',
    station_id: stationId,
    observed_at: obs.t,
  }
}
