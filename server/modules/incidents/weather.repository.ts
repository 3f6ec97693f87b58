import type { Queryable } from '../../platform/db/db'
import type { WeatherObservation } from './incidents.repository'

export interface StationLatest extends WeatherObservation {
  /** observations kept of the station */
  observations: number
}

/** The newest observation of every station that has reported, by station id. */
export async function latestOfStations(q: Queryable): Promise<StationLatest[]> {
  const r = await q.query<Omit<StationLatest, 't' | 'observations'> & { t: Date; observations: string }>(
    `SELECT DISTINCT ON (w.station_id) w.station_id, w.t, w.wind_speed_ms, w.wind_from_deg, w.temp_c,
            w.cloud_cover_oktas, count(*) OVER (PARTITION BY w.station_id) AS observations
       FROM weather_observations w ORDER BY w.station_id, w.t DESC`,
  )
  return r.rows.map((row) => ({ ...row, t: row.t.toISOString(), observations: Number(row.observations) }))
}

/** A station's observations from `since` on, oldest first, at most `limit`. */
export async function stationObservations(
  q: Queryable,
  stationId: string,
  since: string,
  limit: number,
): Promise<WeatherObservation[]> {
  const r = await q.query<Omit<WeatherObservation, 't'> & { t: Date }>(
    `SELECT station_id, t, wind_speed_ms, wind_from_deg, temp_c, cloud_cover_oktas FROM weather_observations
      WHERE station_id = $1 AND t >= $2 ORDER BY t DESC LIMIT $3`,
    [stationId, since, limit],
  )
  return r.rows.map((row) => ({ ...row, t: row.t.toISOString() })).reverse()
}

/** Whether the station has ever reported. */
export async function stationExists(q: Queryable, stationId: string): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM weather_observations WHERE station_id = $1 LIMIT 1', [stationId])
  return (r.rowCount ?? 0) > 0
}
