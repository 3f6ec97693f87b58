import { mountNotificationBell } from './notifications.view'
import { centerIds, type CenterId } from '../../scenes/centers'
import type { AppStore } from '../app/app.store'
import { h, mountChildren } from '../core/dom'
import type { LiveStore } from '../live/live.store'
import { agoParts, connectionView } from './conn-status'
import { getLocale, t, type MessageKey } from './i18n/i18n'

export interface HeaderDeps {
  store: AppStore
  live: LiveStore
  navigate(center: CenterId): void
  toggleLocale(): void
  logout(): void
}

/** Title, the five centers, clock, live-connection status, user and locale; returns a stop function. */
export function mountHeader(root: HTMLElement, deps: HeaderDeps): () => void {
  const { store, live } = deps
  const clock = h('div', { class: 'clock' })
  const conn = h('div', { class: 'conn', 'data-testid': 'conn-status' })

  const tab = (center: CenterId) =>
    h(
      'button',
      {
        class: store.get().center === center ? 'active' : '',
        'data-testid': `nav-${center}`,
        type: 'button',
        onclick: () => deps.navigate(center),
      },
      t(`nav.${center}` as MessageKey),
    )

  // the notification bell (消息中心) of the signed-in user, kept across re-renders
  let bell: ReturnType<typeof mountNotificationBell> | null = null

  function render(): void {
    const { me } = store.get()
    if (me && !bell) bell = mountNotificationBell()
    if (!me && bell) {
      bell.destroy()
      bell = null
    }
    mountChildren(
      root,
      h('div', { class: 'status-left' }, clock, conn),
      h('nav', { class: 'nav' }, centerIds.slice(0, 2).map(tab)),
      h(
        'div',
        { class: 'title' },
        h('h1', {}, t('app.title')),
        h('div', { class: 'subtitle' }, t('app.subtitle')),
      ),
      h('nav', { class: 'nav' }, centerIds.slice(2).map(tab)),
      h(
        'div',
        { class: 'status-right' },
        bell?.el,
        me &&
          h(
            'div',
            { class: 'user', 'data-testid': 'current-user' },
            h('div', {}, me.display_name || me.username),
            h('div', { class: 'role' }, `${me.username} · ${t(`role.${me.role}`)}`),
          ),
        h(
          'button',
          {
            class: 'chip-btn',
            type: 'button',
            'data-testid': 'locale-toggle',
            title: t('locale.switchTitle'),
            onclick: deps.toggleLocale,
          },
          t('locale.switch'),
        ),
        h(
          'button',
          { class: 'chip-btn', type: 'button', 'data-testid': 'logout', onclick: deps.logout },
          t('user.logout'),
        ),
      ),
    )
    tick()
  }

  function tick(): void {
    const now = new Date()
    const locale = getLocale()
    mountChildren(
      clock,
      h('div', { class: 'time' }, now.toLocaleTimeString(locale, { hour12: false })),
      h(
        'div',
        { class: 'date' },
        now.toLocaleDateString(locale, {
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          weekday: 'short',
        }),
      ),
    )
    const view = connectionView(live.connection, live.lastHeardMs, Date.now())
    conn.className = `conn ${view.state}`
    conn.dataset.state = view.state
    let ago = t('conn.never')
    if (view.agoMs !== null) {
      const parts = agoParts(view.agoMs)
      ago = parts.unit === 's' ? t('conn.ago', { s: parts.value }) : t('conn.agoMin', { m: parts.value })
    }
    mountChildren(
      conn,
      h('span', { class: 'dot' }),
      h('span', {}, t(`conn.${view.state}`)),
      h('span', { class: 'ago' }, ago),
    )
  }

  render()
  const timer = setInterval(tick, 1000)
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.locale !== prev.locale || s.me !== prev.me || s.center !== prev.center) render()
  })
  return () => {
    clearInterval(timer)
    unsubscribe()
    bell?.destroy()
  }
}
