import type { Me } from '../server/contracts'
import { authApi } from './api/auth.api'
import { setUnauthorizedHandler } from './api/http.client'
import type { RunningApp } from './app/app'
import { installTestHooks } from './app/test-hooks'
import { getLocale, initialLocale, onLocaleChange, setLocale, t } from './shell/i18n/i18n'
import { mountLogin } from './shell/login.page'
import { centerFromHash } from './shell/router'
import { applyScreenScale } from './shell/screen-scale'
import './shell/shell.css'

const root = document.getElementById('app')!
let app: RunningApp | null = null
let showingLogin = false

function storage(): Storage | undefined {
  try {
    return window.localStorage
  } catch {
    return undefined // storage disabled: the toggle still works for this page
  }
}

function toggleLocale(): void {
  setLocale(getLocale() === 'zh-CN' ? 'en' : 'zh-CN', storage())
}

function showLogin(): void {
  app?.destroy()
  app = null
  showingLogin = true
  mountLogin(root, (me) => void enter(me), toggleLocale)
}

async function enter(me: Me): Promise<void> {
  showingLogin = false
  // the twin (and its Cesium chunk) loads only once signed in
  const { startApp } = await import('./app/app')
  app?.destroy()
  app = startApp(root, me, { toggleLocale, logout: () => void logout() })
}

async function logout(): Promise<void> {
  await authApi.logout().catch((err: unknown) => console.warn('logout failed', err))
  showLogin()
}

function applyLocale(): void {
  document.documentElement.lang = getLocale()
  document.title = `${t('app.title')} · ChemPark Twin`
}

applyScreenScale()
setLocale(initialLocale(storage()))
applyLocale()
onLocaleChange(() => {
  applyLocale()
  if (showingLogin) showLogin()
})
installTestHooks(() => ({
  ready: false,
  loggedIn: false,
  center: centerFromHash(location.hash),
  locale: getLocale(),
  tagsShown: 0,
  framesReceived: 0,
  selected: null,
  layersReady: [],
}))
setUnauthorizedHandler(() => {
  if (!showingLogin) showLogin()
})

authApi.me().then(
  (me) => (me ? enter(me) : showLogin()),
  (err: unknown) => {
    console.error('session check failed', err)
    showLogin()
  },
)
