import type { OccupancyReport } from '../../server/contracts/occupancy'
import { request } from './http.client'

/** Zones: people and vehicles per zone now (区域人员分布). */
export const zonesApi = {
  occupancy: (maxAgeS?: number, signal?: AbortSignal) =>
    request<OccupancyReport>('GET', `/zones/occupancy${maxAgeS ? `?max_age_s=${maxAgeS}` : ''}`, { signal }),
}
export type ZonesApi = typeof zonesApi
