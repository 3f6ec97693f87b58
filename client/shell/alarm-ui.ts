import type { Alarm, AssetFeature } from '../../server/contracts'
import type { alarmsApi } from '../api/alarms.api'
import { h, mountChildren } from '../core/dom'
import { isUnacked, type AlarmChange, type AlarmStore } from '../live/alarms.store'
import type { AlarmSound } from '../live/alarms.sound'
import type { FlashPoint } from '../twin/layers/alarm-flash.layer'
import type { Role } from '../../server/contracts'
import { mountAlarmConsole, setAlarmUiDeps, type AlarmConsole, type AlarmUiDeps } from './alarm-console.view'
import { priorityHex, ruleLabel, sourceName, valueText } from './alarm-format'
import { mountAlarmTicker } from './alarm-ticker.view'
import { onLocaleChange, t } from './i18n/i18n'

export type AlarmTarget = { type: 'asset'; id: string } | { type: 'point'; lon: number; lat: number } | null

/**
 * Where "locate" takes the camera: the asset the alarm's source is (its id, or the 数采仪 whose MN
 * prefixes an HJ 212 channel id `MN.code`), else the alarm's own location.
 */
export function alarmTarget(
  alarm: Pick<Alarm, 'source_id' | 'location'>,
  assets: readonly Pick<AssetFeature, 'id' | 'properties'>[],
): AlarmTarget {
  const mn = alarm.source_id.split('.')[0]
  const asset =
    assets.find((a) => a.id === alarm.source_id) ?? assets.find((a) => mn && a.properties.props.mn === mn)
  if (asset) return { type: 'asset', id: asset.id }
  if (alarm.location) return { type: 'point', ...alarm.location }
  return null
}

/** Unacknowledged urgent alarms with a place: what the twin flashes. */
export function flashPoints(list: readonly Alarm[]): FlashPoint[] {
  return list
    .filter((a) => a.priority === 'urgent' && isUnacked(a) && a.location)
    .map((a) => ({ id: a.id, lon: a.location!.lon, lat: a.location!.lat }))
}

/** A new annunciation worth a sound (urgent or high, newly unacknowledged), else null. */
export function annunciation(change: AlarmChange): 'urgent' | 'high' | null {
  if (change.kind !== 'delivery' || change.message.kind !== 'alarm.raised') return null
  const { alarm } = change.message
  if (alarm.state !== 'unack' || alarm.priority === 'low') return null
  return alarm.priority
}

export interface AlarmUiOptions {
  alarms: AlarmStore
  sound: AlarmSound
  api: Pick<typeof alarmsApi, 'ack' | 'shelve' | 'unshelve'>
  role(): Role | null
  flyTo(alarm: Alarm): Promise<boolean>
  setFlashes(points: FlashPoint[]): void
}

const maxToasts = 3
const soundGapMs = 2500

/**
 * Everything alarm-related that lives over every center: the ticker, the drawer with the alarm list,
 * toasts for new urgent alarms, the tone, and the flashing rings on the twin. Registers the deps the
 * 安全监管中心 console uses. Returns a stop function.
 */
export function startAlarmUi(overlay: HTMLElement, options: AlarmUiOptions): () => void {
  const { alarms, sound } = options
  const deps: AlarmUiDeps = { alarms, api: options.api, role: options.role, flyTo: options.flyTo }
  setAlarmUiDeps(deps)

  const drawer = h('div', { class: 'alarm-drawer', 'data-testid': 'alarm-drawer', hidden: true })
  const toasts = h('div', { class: 'alarm-toasts', 'data-testid': 'alarm-toasts' })
  overlay.append(drawer, toasts)
  let drawerConsole: AlarmConsole | null = null
  const toggleList = () => {
    if (drawerConsole) {
      drawerConsole.destroy()
      drawerConsole = null
    } else {
      drawerConsole = mountAlarmConsole(deps, { testid: 'alarm-drawer-console' })
      drawer.appendChild(drawerConsole.el)
    }
    drawer.hidden = !drawerConsole
    return !drawer.hidden
  }
  const stopTicker = mountAlarmTicker(overlay, {
    alarms,
    sound,
    flyTo: (a) => void options.flyTo(a),
    toggleList,
  })

  const shownToasts = new Map<string, HTMLElement>()
  const dropToast = (id: string) => {
    shownToasts.get(id)?.remove()
    shownToasts.delete(id)
  }
  const toastBody = (a: Alarm) => [
    h('div', { class: 'alarm-toast-title' }, t('alarm.toast.title')),
    h('div', { class: 'alarm-toast-source' }, sourceName(a)),
    h('div', { class: 'alarm-toast-detail' }, `${ruleLabel(a.rule)} ${valueText(a)}`),
    h(
      'div',
      { class: 'alarm-actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          'data-testid': 'alarm-toast-fly',
          onclick: () => void options.flyTo(a),
        },
        t('alarm.flyTo'),
      ),
      h('button', { type: 'button', onclick: () => dropToast(a.id) }, t('alarm.toast.dismiss')),
    ),
  ]
  const showToast = (a: Alarm) => {
    dropToast(a.id)
    const el = h(
      'div',
      {
        class: 'alarm-toast',
        role: 'alert',
        'data-alarm-id': a.id,
        style: `--prio:${priorityHex[a.priority]}`,
      },
      toastBody(a),
    )
    toasts.prepend(el)
    shownToasts.set(a.id, el)
    for (const id of [...shownToasts.keys()].slice(0, -maxToasts)) dropToast(id)
  }

  let lastSound = 0
  let flashKey = ''
  const syncFlashes = () => {
    const points = flashPoints(alarms.list())
    const key = points.map((p) => `${p.id}@${p.lon},${p.lat}`).join(';')
    if (key === flashKey) return
    flashKey = key
    options.setFlashes(points)
  }
  const stopStore = alarms.subscribe((change) => {
    const kind = annunciation(change)
    if (kind && change.kind === 'delivery') {
      if (Date.now() - lastSound > soundGapMs || kind === 'urgent') {
        if (sound.play(kind)) lastSound = Date.now()
      }
      if (kind === 'urgent') showToast(change.message.alarm)
    }
    for (const id of [...shownToasts.keys()]) {
      const a = alarms.get(id)
      if (!a || !isUnacked(a)) dropToast(id)
    }
    syncFlashes()
  })
  const stopLocale = onLocaleChange(() => {
    for (const [id, el] of shownToasts) {
      const a = alarms.get(id)
      if (a) mountChildren(el, toastBody(a))
    }
  })
  syncFlashes()

  return () => {
    setAlarmUiDeps(null)
    stopStore()
    stopLocale()
    stopTicker()
    drawerConsole?.destroy()
    drawer.remove()
    toasts.remove()
  }
}
