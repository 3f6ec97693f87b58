import type { Me } from '../../server/contracts'
import { ApiError } from '../api/api-error'
import { authApi } from '../api/auth.api'
import { h, mountChildren } from '../core/dom'
import { t } from './i18n/i18n'

/**
 * The sign-in page. Shows the server's own message for bad credentials, lock-out (429) and
 * validation errors; resolves `onSignedIn` with the user.
 */
export function mountLogin(root: HTMLElement, onSignedIn: (me: Me) => void, toggleLocale: () => void): void {
  const username = h('input', {
    'data-testid': 'login-username',
    name: 'username',
    autocomplete: 'username',
  })
  const password = h('input', {
    'data-testid': 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
  })
  const error = h('div', { class: 'error', 'data-testid': 'login-error', role: 'alert' })
  const submit = h(
    'button',
    { class: 'submit', type: 'submit', 'data-testid': 'login-submit' },
    t('login.submit'),
  )

  async function signIn(event: Event): Promise<void> {
    event.preventDefault()
    error.textContent = ''
    if (!username.value.trim() || !password.value) {
      error.textContent = t('login.required')
      return
    }
    submit.disabled = true
    submit.textContent = t('login.submitting')
    try {
      const me = await authApi.login({ username: username.value.trim(), password: password.value })
      onSignedIn(me)
    } catch (err) {
      error.textContent = loginErrorText(err)
      error.dataset.errorId = err instanceof ApiError ? err.id : 'unknown'
      password.select()
    } finally {
      submit.disabled = false
      submit.textContent = t('login.submit')
    }
  }

  mountChildren(
    root,
    h(
      'div',
      { class: 'login' },
      h(
        'button',
        { class: 'chip-btn corner', type: 'button', 'data-testid': 'locale-toggle', onclick: toggleLocale },
        t('locale.switch'),
      ),
      h(
        'div',
        { class: 'title' },
        h('h1', {}, t('app.title')),
        h('div', { class: 'subtitle' }, t('app.subtitle')),
      ),
      h(
        'form',
        { class: 'panel', onsubmit: (e: Event) => void signIn(e), novalidate: true },
        h('div', { class: 'panel-title' }, h('span', {}, t('login.title'))),
        h('label', {}, t('login.username'), username),
        h('label', {}, t('login.password'), password),
        error,
        submit,
      ),
      h('div', { class: 'foot' }, t('login.footer')),
    ),
  )
  username.focus()
}

/** Known failures in the screen's language, with the server's wording where it adds detail. */
export function loginErrorText(err: unknown): string {
  if (!(err instanceof ApiError) || err.status === 0) return t('login.failed')
  if (err.id === 'auth.invalid_credentials') return t('login.invalid')
  if (err.status === 429) return err.message ? `${t('login.locked')}: ${err.message}` : t('login.locked')
  return err.message || t('login.failed')
}
