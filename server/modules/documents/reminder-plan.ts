import { dayDiff } from '../../contracts/documents'

/*
 * Expiry reminders (到期提醒) — the pure planner.
 *
 * A rule per document type lists the days before expiry at which the owners are reminded (defaults 90/30/7;
 * licences 90/30/7/0, 0 being the day of expiry) and whether the expiry escalates to every park admin. The
 * thresholds of a version are its rule's days, plus 0 when the rule escalates.
 *
 * A threshold t is CROSSED on a park day when the days left until expiry are ≤ t. On each run only the MOST
 * URGENT crossed threshold (the smallest) is sent, and only when nothing as urgent or more urgent was sent for
 * the version before. So:
 * - a licence uploaded 20 days before expiry gets the 30-day reminder at once — not also the 90-day one — then
 *   the 7-day one 7 days before expiry, then the expiry (0) one on the expiry day;
 * - a scheduler that was down for weeks sends one reminder (the most urgent), not a burst of stale ones;
 * - once the 7-day reminder is sent, a later rule change adding 14 days sends nothing more before the expiry.
 * Each sent reminder is a row UNIQUE (version, threshold) in the database: the once-only guarantee holds across
 * restarts and concurrent nodes whatever this planner says. A new version (a renewed licence) starts afresh.
 *
 * Recipients: threshold > 0 → the owners; threshold 0 → the owners when the rule lists 0, and every park admin
 * when it escalates. The owners are the enterprise users of the owning enterprise (an asset's enterprise); a
 * park document (no enterprise) is owned by the park admins.
 */

export interface ReminderRuleLike {
  days_before: readonly number[]
  escalate_on_expiry: boolean
}

/** The thresholds of a rule, most distant first (90, 30, 7, 0). */
export function thresholdsOf(rule: ReminderRuleLike): number[] {
  const set = new Set(rule.days_before)
  if (rule.escalate_on_expiry) set.add(0)
  return [...set].sort((a, b) => b - a)
}

/** The threshold to send now, or null: the most urgent crossed one, unless it or a more urgent one was sent. */
export function dueThreshold(
  expiresOn: string,
  today: string,
  rule: ReminderRuleLike,
  sent: readonly number[],
): number | null {
  const left = dayDiff(today, expiresOn)
  const crossed = thresholdsOf(rule).filter((t) => left <= t)
  if (!crossed.length) return null
  const urgent = Math.min(...crossed)
  if (sent.some((s) => s <= urgent)) return null
  return urgent
}

export interface ReminderAudience {
  owners: boolean
  parkAdmins: boolean
}

/** Who a threshold goes to (before resolving owners of a park document to the park admins). */
export function audienceOf(threshold: number, rule: ReminderRuleLike): ReminderAudience {
  if (threshold > 0) return { owners: true, parkAdmins: false }
  return { owners: rule.days_before.includes(0), parkAdmins: rule.escalate_on_expiry }
}

/** The park day a threshold falls on (expiry minus t days). */
export function scheduledDay(expiresOn: string, threshold: number): string {
  return new Date(Date.parse(`${expiresOn}T00:00:00Z`) - threshold * 86_400_000).toISOString().slice(0, 10)
}

/** The next reminder a version will get after `today` given what was sent (for the UI), or null. */
export function nextReminder(
  expiresOn: string,
  today: string,
  rule: ReminderRuleLike,
  sent: readonly number[],
): { threshold: number; on: string } | null {
  const floor = sent.length ? Math.min(...sent) : Infinity
  const left = dayDiff(today, expiresOn)
  const ahead = thresholdsOf(rule).filter((t) => t < floor && t < left)
  if (!ahead.length) return null
  const t = Math.max(...ahead)
  return { threshold: t, on: scheduledDay(expiresOn, t) }
}
