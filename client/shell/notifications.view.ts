import { notificationPollMs, type Notification } from '../../server/contracts/notifications'
import { notificationsApi, type NotificationsApi } from '../api/notifications.api'
import { h } from '../core/dom'
import { getLocale } from './i18n/i18n'

// The header's notification bell (消息中心): the unread count, polled every minute (notifications are not pushed
// over Socket.IO), and a drop-down list of the latest notifications, unread first. Opening one marks it read and
// follows its link.
const text = {
  'zh-CN': { title: '消息中心', allRead: '全部已读', empty: '暂无消息', failed: '加载失败' },
  en: {
    title: 'Notifications',
    allRead: 'Mark all read',
    empty: 'No notifications',
    failed: 'Could not load',
  },
} as const
const tn = (k: keyof (typeof text)['zh-CN']) => text[getLocale()][k]
const localized = (zh: string, en: string | null) => (getLocale() === 'en' && en ? en : zh)

const severityColour: Record<Notification['severity'], string> = {
  info: '#00e5ff',
  warning: '#faad14',
  critical: '#ff4d4f',
}

/** The bell with its badge and drop-down; `el` goes into the header. */
export function mountNotificationBell(api: NotificationsApi = notificationsApi): {
  el: HTMLElement
  destroy(): void
} {
  let unread = 0
  let open = false
  let stopped = false
  const badge = h('span', { class: 'badge', 'data-testid': 'notifications-unread', style: 'display:none' })
  const drop = h('div', {
    class: 'panel',
    'data-testid': 'notifications-list',
    style:
      'display:none;position:absolute;right:0;top:100%;width:360px;max-height:60vh;overflow:auto;z-index:50',
  })
  const setCount = (n: number) => {
    unread = n
    badge.textContent = n > 99 ? '99+' : String(n)
    badge.style.display = n ? '' : 'none'
  }
  const item = (n: Notification) =>
    h(
      'div',
      {
        'data-testid': 'notification-item',
        'data-id': n.id,
        'data-read': n.read_at ? 'true' : 'false',
        style: `padding:6px 8px;cursor:pointer;border-left:3px solid ${severityColour[n.severity]};${n.read_at ? 'opacity:.6' : 'font-weight:600'}`,
        onclick: () => {
          if (!n.read_at)
            void api.markRead({ ids: [n.id] }).then(
              (r) => setCount(r.unread),
              () => undefined,
            )
          if (n.link?.startsWith('#')) location.hash = n.link
          close()
        },
      },
      h('div', {}, localized(n.title, n.title_en)),
      h('div', { class: 'muted', style: 'font-weight:400' }, localized(n.body, n.body_en)),
      h(
        'div',
        { class: 'muted', style: 'font-size:11px;font-weight:400' },
        n.created_at.slice(0, 16).replace('T', ' '),
      ),
    )
  const fill = () => {
    api.list().then(
      (r) => {
        setCount(r.unread)
        drop.replaceChildren(
          h(
            'div',
            { class: 'panel-title' },
            h('span', {}, tn('title')),
            h(
              'button',
              {
                type: 'button',
                'data-testid': 'notifications-all-read',
                onclick: () =>
                  void api.markRead({ all: true }).then(
                    () => fill(),
                    () => undefined,
                  ),
              },
              tn('allRead'),
            ),
          ),
          ...(r.items.length ? r.items.map(item) : [h('div', { class: 'muted' }, tn('empty'))]),
        )
      },
      () => drop.replaceChildren(h('div', { class: 'muted' }, tn('failed'))),
    )
  }
  const close = () => {
    open = false
    drop.style.display = 'none'
  }
  const button = h(
    'button',
    {
      type: 'button',
      class: 'chip-btn bell',
      title: tn('title'),
      'data-testid': 'notifications-bell',
      onclick: () => {
        open = !open
        drop.style.display = open ? '' : 'none'
        if (open) fill()
      },
    },
    tn('title'),
    badge,
  )
  const poll = () => {
    if (stopped) return
    api.unreadCount().then(
      (r) => setCount(r.unread),
      () => undefined,
    )
  }
  poll()
  const timer = setInterval(poll, notificationPollMs)
  const onDoc = (e: MouseEvent) => {
    if (open && !el.contains(e.target as Node)) close()
  }
  document.addEventListener('click', onDoc)
  const el = h(
    'div',
    { class: 'notifications', style: 'position:relative;display:inline-block' },
    button,
    drop,
  )
  return {
    el,
    destroy() {
      stopped = true
      clearInterval(timer)
      document.removeEventListener('click', onDoc)
      void unread
    },
  }
}
