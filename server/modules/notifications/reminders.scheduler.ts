import { documentTypeNames } from '../../contracts/documents'
import { parkDay } from '../../contracts/emergency-plans'
import { systemScope, type Db } from '../../platform/db/db'
import { audienceOf, dueThreshold } from '../documents/reminder-plan'
import { notificationChannelsFromEnv, type NotificationChannels } from './channels'
import {
  claimReminder,
  enqueueDelivery,
  insertNotifications,
  recipients,
  reminderCandidates,
  type ReminderCandidate,
} from './notifications.repository'

/*
 * The document expiry scheduler (到期提醒调度). Run every few minutes by the worker (and once right after an
 * upload for that document). It is stateless: what was sent lives in document_reminders, UNIQUE (version,
 * threshold), and each reminder — its row, its notifications and its outbox entries — commits in one
 * transaction. So a run after a restart, a second node running at the same moment, or a run at a later time
 * never sends a threshold twice; a run after a pause sends only the most urgent threshold (reminder-plan.ts).
 */

export interface ReminderRunResult {
  /** versions looked at */
  checked: number
  /** reminders sent now */
  sent: number
  /** notifications created */
  notified: number
}

export interface ReminderRunOptions {
  /** only this document (after an upload) */
  documentId?: string
  /** external channels to queue deliveries for (default: from the environment) */
  channels?: NotificationChannels
}

function message(c: ReminderCandidate, threshold: number, today: string) {
  const type = documentTypeNames[c.doc_type]
  const expired = threshold === 0
  const late = expired && c.expires_on < today
  return {
    kind: expired ? 'document.expired' : 'document.expiring',
    severity: expired ? ('critical' as const) : threshold <= 7 ? ('warning' as const) : ('info' as const),
    title: expired ? `${type.zh}已到期：${c.title}` : `${type.zh}即将到期（${threshold} 天内）：${c.title}`,
    title_en: expired
      ? `${type.en} expired: ${c.title}`
      : `${type.en} expires within ${threshold} days: ${c.title}`,
    body: expired
      ? `《${c.title}》${late ? '已于' : '于'} ${c.expires_on} 到期，请尽快办理换证或更新版本。`
      : `《${c.title}》将于 ${c.expires_on} 到期，请提前办理换证或更新版本。`,
    body_en: expired
      ? `"${c.title}" expired on ${c.expires_on}; renew it or upload the new version.`
      : `"${c.title}" expires on ${c.expires_on}; renew it in time and upload the new version.`,
    source: `document:${c.document_id}`,
    link: `#/management/documents/${c.document_id}`,
  }
}

/** Sends the reminders due at `now` (park day, UTC+8). Idempotent. */
export async function runDocumentReminders(
  db: Db,
  now: Date = new Date(),
  opts: ReminderRunOptions = {},
): Promise<ReminderRunResult> {
  const today = parkDay(now.getTime())
  const channels = opts.channels ?? notificationChannelsFromEnv(process.env)
  const candidates = await db.tx(systemScope, (q) => reminderCandidates(q, today, opts.documentId ?? null))
  let sent = 0
  let notified = 0
  for (const c of candidates) {
    const rule = { days_before: c.days_before, escalate_on_expiry: c.escalate_on_expiry }
    const threshold = dueThreshold(c.expires_on, today, rule, c.sent)
    if (threshold === null) continue
    const audience = audienceOf(threshold, rule)
    const n = await db.tx(systemScope, async (q) => {
      const to = await recipients(q, c.enterprise_id, audience.owners, audience.parkAdmins)
      const id = await claimReminder(q, c, threshold, today, audience.parkAdmins, to.length)
      if (!id) return null // another run sent it meanwhile
      const msg = message(c, threshold, today)
      const made = await insertNotifications(q, { ...msg, reminder_id: id }, to)
      const payload = {
        event: msg.kind,
        document_id: c.document_id,
        version_id: c.version_id,
        doc_type: c.doc_type,
        title: c.title,
        enterprise_id: c.enterprise_id,
        expires_on: c.expires_on,
        threshold_days: threshold,
        escalated: audience.parkAdmins,
        sent_on: today,
      }
      if (channels.webhook)
        await enqueueDelivery(q, {
          channel: 'webhook',
          target: 'webhook',
          enterprise_id: c.enterprise_id,
          reminder_id: id,
          notification_id: null,
          payload,
          now,
        })
      if (channels.smtp) {
        const byUser = new Map(made.map((m) => [m.user_id, m.id]))
        for (const r of to)
          if (r.email && byUser.has(r.user_id))
            await enqueueDelivery(q, {
              channel: 'email',
              target: r.email,
              enterprise_id: c.enterprise_id,
              reminder_id: id,
              notification_id: byUser.get(r.user_id)!,
              payload: { subject: msg.title, text: `${msg.body}\n\n${msg.title_en}\n${msg.body_en}` },
              now,
            })
      }
      return made.length
    })
    if (n === null) continue
    sent++
    notified += n
  }
  return { checked: candidates.length, sent, notified }
}
