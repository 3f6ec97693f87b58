import { systemScope, type Db } from '../../platform/db/db'
import { nextTryAfter, type NotificationChannels } from './channels'
import { dueDeliveries, markAttemptFailed, markDelivered } from './notifications.repository'
import { sendMail } from './smtp'
import { postWebhook } from './webhook'

/**
 * Sends the due e-mail and webhook deliveries of the outbox (run every minute by the worker). Each batch is
 * locked FOR UPDATE SKIP LOCKED, so several nodes never send the same entry; a failure is retried with backoff
 * (1 min, 5 min, 30 min, 2 h, 12 h) and then given up (failed_at, last_error kept). A channel that is not
 * configured leaves its entries waiting.
 */
export async function deliverNotifications(
  db: Db,
  channels: NotificationChannels,
  now: Date = new Date(),
): Promise<{ delivered: number; failed: number }> {
  if (!channels.smtp && !channels.webhook) return { delivered: 0, failed: 0 }
  return db.tx(systemScope, async (q) => {
    let delivered = 0
    let failed = 0
    for (const d of await dueDeliveries(q, now)) {
      try {
        if (d.channel === 'email') {
          if (!channels.smtp) continue
          await sendMail(channels.smtp, {
            to: d.target,
            subject: String(d.payload.subject ?? ''),
            text: String(d.payload.text ?? ''),
          })
        } else {
          if (!channels.webhook) continue
          await postWebhook(channels.webhook, d.payload)
        }
        await markDelivered(q, d.id, now)
        delivered++
      } catch (err) {
        const wait = nextTryAfter(d.attempts + 1)
        await markAttemptFailed(
          q,
          d.id,
          (err as Error).message,
          wait === null ? null : new Date(now.getTime() + wait),
          now,
        )
        failed++
      }
    }
    return { delivered, failed }
  })
}
