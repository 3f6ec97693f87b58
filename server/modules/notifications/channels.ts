import { z } from 'zod'
import type { SmtpOptions } from './smtp'
import type { WebhookOptions } from './webhook'

/*
 * The optional external channels, configured by environment (both off when unset):
 *   SMTP_HOST            relay host; unset = no e-mail
 *   SMTP_PORT            default 25
 *   SMTP_FROM            sender address, default chempark-twin@localhost
 *   NOTIFY_WEBHOOK_URL   http(s) URL receiving every reminder as JSON; unset = no webhook
 *   NOTIFY_WEBHOOK_SECRET HMAC-SHA256 key of the X-Signature header (required with the URL, ≥ 16 characters)
 */
export interface NotificationChannels {
  smtp: SmtpOptions | null
  webhook: WebhookOptions | null
}

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

const envSchema = z
  .object({
    SMTP_HOST: z.preprocess(blank, z.string().min(1).max(253).optional()),
    SMTP_PORT: z.preprocess(blank, z.coerce.number().int().min(1).max(65535).default(25)),
    SMTP_FROM: z.preprocess(blank, z.string().email().default('chempark-twin@localhost')),
    NOTIFY_WEBHOOK_URL: z.preprocess(
      blank,
      z
        .string()
        .url()
        .refine((u) => /^https?:\/\//.test(u), 'must be http(s)')
        .optional(),
    ),
    NOTIFY_WEBHOOK_SECRET: z.preprocess(blank, z.string().min(16).max(200).optional()),
  })
  .refine((e) => !e.NOTIFY_WEBHOOK_URL || !!e.NOTIFY_WEBHOOK_SECRET, {
    message: 'NOTIFY_WEBHOOK_SECRET is required with NOTIFY_WEBHOOK_URL',
    path: ['NOTIFY_WEBHOOK_SECRET'],
  })

/** The channels from the environment; a bad value throws a readable error (start-up stops). */
export function notificationChannelsFromEnv(env: Record<string, string | undefined>): NotificationChannels {
  const r = envSchema.safeParse(env)
  if (!r.success) {
    const i = r.error.issues[0]!
    throw new Error(`notification channels: ${i.path.join('.')}: ${i.message}`)
  }
  const e = r.data
  return {
    smtp: e.SMTP_HOST ? { host: e.SMTP_HOST, port: e.SMTP_PORT, from: e.SMTP_FROM } : null,
    webhook:
      e.NOTIFY_WEBHOOK_URL && e.NOTIFY_WEBHOOK_SECRET
        ? { url: e.NOTIFY_WEBHOOK_URL, secret: e.NOTIFY_WEBHOOK_SECRET }
        : null,
  }
}

export const noChannels: NotificationChannels = { smtp: null, webhook: null }

/** Retry backoff after the n-th failed attempt (1-based): 1 min, 5 min, 30 min, 2 h, 12 h; then given up. */
export const retryDelaysMs = [60_000, 300_000, 1_800_000, 7_200_000, 43_200_000]
export const maxAttempts = retryDelaysMs.length + 1

export function nextTryAfter(attempts: number): number | null {
  return attempts >= maxAttempts ? null : retryDelaysMs[Math.min(attempts, retryDelaysMs.length) - 1]!
}
