// Pure rules of hazmat bookings: park days (China Standard Time, UTC+8) and the status machine
// requested → approved → in_park → completed, with cancelled (before the vehicle leaves) and expired (the day
// passed before the vehicle entered).
import type { BookingStatus } from '../../contracts/bookings'

const CST_OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000

/** The park day (YYYY-MM-DD, UTC+8) of an instant. */
export function parkDay(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10)
}

/** [start, end) of a park day in ms: 00:00 to 24:00 China Standard Time. */
export function parkDayWindow(day: string): { from: number; to: number } {
  const from = Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS
  return { from, to: from + DAY_MS }
}

export type BookingAction = 'approve' | 'enter' | 'complete' | 'cancel' | 'expire'

const moves: Record<BookingAction, { from: readonly BookingStatus[]; to: BookingStatus }> = {
  approve: { from: ['requested'], to: 'approved' },
  enter: { from: ['approved'], to: 'in_park' },
  complete: { from: ['in_park'], to: 'completed' },
  // a vehicle in the park must leave first (complete); cancelling then would hide it from the route rules
  cancel: { from: ['requested', 'approved'], to: 'cancelled' },
  expire: { from: ['requested', 'approved'], to: 'expired' },
}

/** The status after an action, or a refusal message. */
export function nextStatus(
  current: BookingStatus,
  action: BookingAction,
): BookingStatus | { refused: string } {
  const m = moves[action]
  if (m.from.includes(current)) return m.to
  return { refused: `a ${current} booking cannot be ${action === 'enter' ? 'entered' : action + 'd'}` }
}

/** Whether the route rules watch a booking at time t (ms). */
export function watched(status: BookingStatus, validFrom: number, validTo: number, t: number): boolean {
  if (status === 'in_park') return true // a vehicle that entered stays watched until it completes, past midnight too
  return status === 'approved' && t >= validFrom && t < validTo
}
