import type { DocumentType } from '../../contracts/documents'
import type { Notification, NotificationSettings } from '../../contracts/notifications'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'

// The SQL of notifications, reminders and the delivery outbox. The scheduler's functions run in the park's system
// scope (no user: every row); the user's functions in the user's scope (RLS: their own rows only).

/** A current document version with an expiry date whose first reminder threshold may have come. */
export interface ReminderCandidate {
  version_id: string
  document_id: string
  enterprise_id: string | null
  owner_type: string
  title: string
  doc_type: DocumentType
  expires_on: string
  days_before: number[]
  escalate_on_expiry: boolean
  sent: number[]
}

export async function reminderCandidates(
  q: Queryable,
  today: string,
  documentId: string | null,
): Promise<ReminderCandidate[]> {
  const r = await q.query<ReminderCandidate>(
    `SELECT v.id AS version_id, d.id AS document_id, d.enterprise_id, d.owner_type, d.title, d.doc_type,
            v.expires_on::text AS expires_on, r.days_before, r.escalate_on_expiry,
            coalesce((SELECT array_agg(x.threshold) FROM document_reminders x WHERE x.version_id = v.id), '{}') AS sent
       FROM documents d
       JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
       JOIN document_reminder_rules r ON r.doc_type = d.doc_type
      WHERE v.expires_on IS NOT NULL
        AND ($2::text IS NULL OR d.id = $2)
        AND v.expires_on - $1::date <= greatest(coalesce((SELECT max(t) FROM unnest(r.days_before) t), 0), 0)
      ORDER BY v.expires_on, v.id`,
    [today, documentId],
  )
  return r.rows
}

/** Claims (version, threshold); null when it was already sent (the UNIQUE constraint decides). */
export async function claimReminder(
  q: Queryable,
  c: ReminderCandidate,
  threshold: number,
  today: string,
  escalated: boolean,
  recipients: number,
): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO document_reminders (version_id, document_id, enterprise_id, threshold, expires_on, sent_on, escalated,
                                     recipients)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (version_id, threshold) DO NOTHING RETURNING id::text`,
    [c.version_id, c.document_id, c.enterprise_id, threshold, c.expires_on, today, escalated, recipients],
  )
  return r.rows[0]?.id ?? null
}

export interface Recipient {
  user_id: string
  enterprise_id: string | null
  email: string | null
}

/** Active accounts to tell: the enterprise's users (owners), and/or every park admin. */
export async function recipients(
  q: Queryable,
  enterpriseId: string | null,
  owners: boolean,
  parkAdmins: boolean,
): Promise<Recipient[]> {
  const r = await q.query<Recipient>(
    `SELECT u.id::text AS user_id, u.enterprise_id,
            CASE WHEN s.email_enabled THEN s.email END AS email
       FROM users u LEFT JOIN notification_settings s ON s.user_id = u.id
      WHERE NOT u.disabled AND (
            ($1 AND $3::text IS NOT NULL AND u.role = 'enterprise_user' AND u.enterprise_id = $3)
         OR ($1 AND $3::text IS NULL AND u.role = 'park_admin')
         OR ($2 AND u.role = 'park_admin'))
      ORDER BY u.username`,
    [owners, parkAdmins, enterpriseId],
  )
  return r.rows
}

export interface NewNotification {
  kind: string
  severity: 'info' | 'warning' | 'critical'
  title: string
  title_en: string
  body: string
  body_en: string
  source: string
  link: string
  reminder_id: string | null
}

/** One notification per recipient; returns (notification id, user) of those inserted. */
export async function insertNotifications(
  q: Queryable,
  n: NewNotification,
  to: readonly Recipient[],
): Promise<{ id: string; user_id: string }[]> {
  if (!to.length) return []
  const r = await q.query<{ id: string; user_id: string }>(
    `INSERT INTO notifications (user_id, enterprise_id, kind, severity, title, title_en, body, body_en, source, link,
                                reminder_id)
     SELECT u, e, $3, $4, $5, $6, $7, $8, $9, $10, $11
       FROM unnest($1::uuid[], $2::text[]) AS t(u, e)
     ON CONFLICT (reminder_id, user_id) DO NOTHING
     RETURNING id::text, user_id::text`,
    [
      to.map((x) => x.user_id),
      to.map((x) => x.enterprise_id),
      n.kind,
      n.severity,
      n.title,
      n.title_en,
      n.body,
      n.body_en,
      n.source,
      n.link,
      n.reminder_id,
    ],
  )
  return r.rows
}

export async function enqueueDelivery(
  q: Queryable,
  d: {
    channel: 'email' | 'webhook'
    target: string
    enterprise_id: string | null
    reminder_id: string | null
    notification_id: string | null
    payload: Record<string, unknown>
    now: Date
  },
): Promise<void> {
  await q.query(
    `INSERT INTO notification_deliveries (channel, target, enterprise_id, reminder_id, notification_id, payload, next_try_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (reminder_id, channel, target) DO NOTHING`,
    [
      d.channel,
      d.target,
      d.enterprise_id,
      d.reminder_id,
      d.notification_id,
      JSON.stringify(d.payload),
      d.now.toISOString(),
    ],
  )
}

export interface DeliveryRow {
  id: string
  channel: 'email' | 'webhook'
  target: string
  payload: Record<string, unknown>
  attempts: number
}

/** Deliveries due at `now`, locked for this node (others skip them). */
export async function dueDeliveries(q: Queryable, now: Date, limit = 20): Promise<DeliveryRow[]> {
  const r = await q.query<DeliveryRow>(
    `SELECT id::text, channel, target, payload, attempts FROM notification_deliveries
      WHERE delivered_at IS NULL AND failed_at IS NULL AND next_try_at <= $1
      ORDER BY next_try_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now.toISOString(), limit],
  )
  return r.rows
}

export async function markDelivered(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query(
    `UPDATE notification_deliveries SET attempts = attempts + 1, delivered_at = $2, last_error = NULL WHERE id = $1`,
    [id, now.toISOString()],
  )
}

export async function markAttemptFailed(
  q: Queryable,
  id: string,
  error: string,
  nextTry: Date | null,
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE notification_deliveries SET attempts = attempts + 1, last_error = $2,
            next_try_at = coalesce($3, next_try_at), failed_at = CASE WHEN $3::timestamptz IS NULL THEN $4::timestamptz END
      WHERE id = $1`,
    [id, error.slice(0, 500), nextTry?.toISOString() ?? null, now.toISOString()],
  )
}

// ---- the user's own notifications (user scope) ----

const notificationCols = `id::text, kind, severity, title, title_en, body, body_en, source, link,
  ${isoSql('created_at')} AS created_at, CASE WHEN read_at IS NULL THEN NULL ELSE ${isoSql('read_at')} END AS read_at`

export async function myNotifications(
  q: Queryable,
  userId: string,
  unreadOnly: boolean,
  limit: number,
): Promise<Notification[]> {
  const r = await q.query<Notification>(
    `SELECT ${notificationCols} FROM notifications
      WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL)
      ORDER BY (read_at IS NULL) DESC, created_at DESC, id DESC LIMIT $3`,
    [userId, unreadOnly, limit],
  )
  return r.rows
}

export async function unreadCount(q: Queryable, userId: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
    [userId],
  )
  return r.rows[0]!.n
}

/** Marks the user's notifications read (ids null: all); returns how many changed. */
export async function markRead(q: Queryable, userId: string, ids: string[] | null): Promise<number> {
  const r = await q.query(
    `UPDATE notifications SET read_at = now()
      WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))`,
    [userId, ids],
  )
  return r.rowCount ?? 0
}

export async function getSettings(q: Queryable, userId: string): Promise<NotificationSettings> {
  const r = await q.query<NotificationSettings>(
    'SELECT email, email_enabled FROM notification_settings WHERE user_id = $1',
    [userId],
  )
  return r.rows[0] ?? { email: null, email_enabled: true }
}

export async function putSettings(
  q: Queryable,
  userId: string,
  enterpriseId: string | null,
  s: NotificationSettings,
): Promise<void> {
  await q.query(
    `INSERT INTO notification_settings (user_id, enterprise_id, email, email_enabled) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE SET email = $3, email_enabled = $4, updated_at = now()`,
    [userId, enterpriseId, s.email, s.email_enabled],
  )
}
