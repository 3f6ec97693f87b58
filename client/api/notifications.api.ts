import type { z } from 'zod'
import type {
  markReadBody,
  NotificationList,
  NotificationSettings,
  notificationSettingsBody,
} from '../../server/contracts/notifications'
import { request } from './http.client'

/** The signed-in user's notification center (消息中心). */
export const notificationsApi = {
  list: (unreadOnly = false, signal?: AbortSignal) =>
    request<NotificationList>('GET', `/notifications${unreadOnly ? '?unread=true' : ''}`, { signal }),
  unreadCount: (signal?: AbortSignal) =>
    request<{ unread: number }>('GET', '/notifications/unread-count', { signal }),
  markRead: (body: z.input<typeof markReadBody>) =>
    request<{ marked: number; unread: number }>('POST', '/notifications/read', { body }),
  settings: (signal?: AbortSignal) =>
    request<NotificationSettings>('GET', '/notifications/settings', { signal }),
  saveSettings: (body: z.input<typeof notificationSettingsBody>) =>
    request<NotificationSettings>('PUT', '/notifications/settings', { body }),
}
export type NotificationsApi = typeof notificationsApi
