import { z } from 'zod'

// The in-app notification center (消息中心): a user's notifications, unread first, and delivery settings.

export const notificationSeverities = ['info', 'warning', 'critical'] as const
export type NotificationSeverity = (typeof notificationSeverities)[number]

export interface Notification {
  id: string
  kind: string
  severity: NotificationSeverity
  /** zh-CN text and its English variant (null: same as zh) */
  title: string
  title_en: string | null
  body: string
  body_en: string | null
  /** what it is about, e.g. document:DOC-… */
  source: string | null
  /** where the client opens it (a hash route or API path) */
  link: string | null
  created_at: string
  read_at: string | null
}

export interface NotificationList {
  unread: number
  items: Notification[]
}

export const notificationQuery = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict()
export type NotificationQuery = z.infer<typeof notificationQuery>

/** Mark some (ids) or all read. */
export const markReadBody = z
  .object({
    ids: z
      .array(z.string().regex(/^\d{1,18}$/, 'a notification id'))
      .max(500)
      .optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((b) => !!b.ids !== !!b.all, { message: 'give ids or all: true', path: ['ids'] })
export type MarkReadBody = z.infer<typeof markReadBody>

export interface NotificationSettings {
  email: string | null
  email_enabled: boolean
}

export const notificationSettingsBody = z
  .object({
    email: z.string().trim().email().max(254).nullable(),
    email_enabled: z.boolean().default(true),
  })
  .strict()
export type NotificationSettingsBody = z.infer<typeof notificationSettingsBody>

/** How often the client asks for the unread count (no socket push for notifications: polling). */
export const notificationPollMs = 60_000
