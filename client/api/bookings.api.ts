import type { HazmatBooking } from '../../server/contracts/bookings'
import { request } from './http.client'

/** Hazmat vehicle bookings (危化品车辆预约), read side. */
export const bookingsApi = {
  /** the bookings of one park day (YYYY-MM-DD, China time) */
  ofDay: (day: string, signal?: AbortSignal) =>
    request<HazmatBooking[]>('GET', `/bookings?day=${encodeURIComponent(day)}&limit=500`, { signal }),
}
