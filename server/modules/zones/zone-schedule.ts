// Zone schedules (围栏生效时段): windows of weekdays and times of day in China time (UTC+8, no DST).
import { zoneSchedule, type ZoneSchedule } from '../../contracts/zones'

const chinaOffsetMs = 8 * 3_600_000
const dayMin = 1440

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

export type ScheduleParse = { ok: true; schedule: ZoneSchedule } | { ok: false; error: string }

/** Validates `props.schedule`; the error names the first bad field. */
export function parseSchedule(raw: unknown): ScheduleParse {
  const r = zoneSchedule.safeParse(raw)
  if (r.success) return { ok: true, schedule: r.data }
  const issue = r.error.issues[0]!
  return { ok: false, error: `schedule.${issue.path.join('.')}: ${issue.message}` }
}

/**
 * Whether the schedule is in force at instant `tMs`. A window starts on each listed weekday at `from` and
 * lasts until `to` (the next day when `to` ≤ `from`; 24 h when they are equal).
 */
export function scheduleActive(schedule: ZoneSchedule, tMs: number): boolean {
  const local = new Date(tMs + chinaOffsetMs)
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay()
  const yesterday = weekday === 1 ? 7 : weekday - 1
  const m = local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60
  for (const w of schedule.windows) {
    const from = minutes(w.from)
    const length = (minutes(w.to) - from + dayMin) % dayMin || dayMin
    // started today, or started yesterday and runs past midnight
    if (w.days.includes(weekday) && m >= from && m < from + length) return true
    if (w.days.includes(yesterday) && m + dayMin < from + length) return true
  }
  return false
}
