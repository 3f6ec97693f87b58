import type {
  MarkReadBody,
  NotificationList,
  NotificationQuery,
  NotificationSettings,
  NotificationSettingsBody,
} from '../../contracts/notifications'
import type { Db } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { getSettings, markRead, myNotifications, putSettings, unreadCount } from './notifications.repository'

/** The signed-in user's notification center: everything runs in the user's scope (RLS: own rows only). */
export class NotificationsService {
  constructor(private readonly db: Db) {}

  list(who: AppState, f: NotificationQuery): Promise<NotificationList> {
    return this.db.tx(who.scope, async (q) => ({
      unread: await unreadCount(q, who.user.id),
      items: await myNotifications(q, who.user.id, f.unread === 'true', f.limit),
    }))
  }

  unread(who: AppState): Promise<{ unread: number }> {
    return this.db.tx(who.scope, async (q) => ({ unread: await unreadCount(q, who.user.id) }))
  }

  markRead(who: AppState, b: MarkReadBody): Promise<{ marked: number; unread: number }> {
    return this.db.tx(who.scope, async (q) => {
      const marked = await markRead(q, who.user.id, b.all ? null : (b.ids ?? []))
      return { marked, unread: await unreadCount(q, who.user.id) }
    })
  }

  settings(who: AppState): Promise<NotificationSettings> {
    return this.db.tx(who.scope, (q) => getSettings(q, who.user.id))
  }

  saveSettings(who: AppState, b: NotificationSettingsBody): Promise<NotificationSettings> {
    return this.db.tx(who.scope, async (q) => {
      await putSettings(q, who.user.id, who.user.enterprise_id, {
        email: b.email,
        email_enabled: b.email_enabled,
      })
      return getSettings(q, who.user.id)
    })
  }
}
