import type { Alarm } from '../../server/contracts'
import { h, mountChildren } from '../core/dom'
import { priorityRank, alarmPriorities, type AlarmStore } from '../live/alarms.store'
import type { AlarmSound } from '../live/alarms.sound'
import {
  priorityHex,
  priorityLabel,
  ruleCode,
  sourceName,
  tickerAlarms,
  timeText,
  valueText,
} from './alarm-format'
import { getLocale, onLocaleChange, t } from './i18n/i18n'

export interface AlarmTickerDeps {
  alarms: AlarmStore
  sound: AlarmSound
  flyTo(alarm: Alarm): void
  /** opens or closes the alarm list drawer; returns whether it is open now */
  toggleList(): boolean
}

/** Seconds the marquee takes per item, so speed stays readable however many alarms scroll. */
const secondsPerItem = 7

/**
 * The bar across the bottom of every center: unacknowledged counts by priority, the newest unacked
 * urgent and high alarms scrolling, the sound mute toggle and the way into the alarm list.
 */
export function mountAlarmTicker(root: HTMLElement, deps: AlarmTickerDeps): () => void {
  const { alarms, sound } = deps
  const badges = h('div', { class: 'alarm-badges' })
  const track = h('div', { class: 'alarm-track' })
  const lane = h('div', { class: 'alarm-lane', 'data-testid': 'alarm-ticker-lane' }, track)
  const mute = h('button', { type: 'button', class: 'chip-btn alarm-mute', 'data-testid': 'alarm-mute' })
  const listBtn = h('button', { type: 'button', class: 'chip-btn', 'data-testid': 'alarm-list-toggle' })
  const label = h('span', { class: 'alarm-ticker-title' })
  const bar = h(
    'div',
    { class: 'alarm-ticker', 'data-testid': 'alarm-ticker' },
    label,
    badges,
    lane,
    mute,
    listBtn,
  )
  root.appendChild(bar)
  let listOpen = false
  let trackKey = ''

  listBtn.addEventListener('click', () => {
    listOpen = deps.toggleList()
    renderStatic()
  })
  mute.addEventListener('click', () => sound.setMuted(!sound.muted))

  function renderStatic(): void {
    label.textContent = t('alarm.ticker.title')
    mute.textContent = sound.muted ? t('alarm.muted') : t('alarm.soundOn')
    mute.title = t('alarm.mute')
    mute.classList.toggle('on', sound.muted)
    mute.setAttribute('aria-pressed', String(sound.muted))
    listBtn.textContent = listOpen ? t('alarm.ticker.close') : t('alarm.ticker.open')
    listBtn.classList.toggle('on', listOpen)
  }

  function render(force = false): void {
    const counts = alarms.counts()
    mountChildren(
      badges,
      [...alarmPriorities]
        .sort((a, b) => priorityRank[a] - priorityRank[b])
        .map((p) =>
          h(
            'span',
            {
              class: `alarm-badge${counts.unackedByPriority[p] ? ' hot' : ''}`,
              style: `--prio:${priorityHex[p]}`,
              'data-testid': `alarm-badge-${p}`,
              title: `${priorityLabel(p)}: ${counts.byPriority[p]}`,
            },
            h('b', {}, String(counts.unackedByPriority[p])),
            priorityLabel(p),
          ),
        ),
    )
    bar.classList.toggle('urgent', counts.unackedByPriority.urgent > 0)
    bar.classList.toggle('flood', alarms.inFlood())
    const items = tickerAlarms(alarms.list())
    const key = `${getLocale()}|${items.map((a) => `${a.id}.${a.version}`).join(',')}`
    if (key === trackKey && !force) return
    trackKey = key
    if (items.length === 0) {
      track.className = 'alarm-track idle'
      track.style.removeProperty('animation-duration')
      mountChildren(track, h('span', { class: 'muted' }, t('alarm.ticker.none')))
      return
    }
    track.className = 'alarm-track moving'
    track.style.animationDuration = `${Math.max(12, items.length * secondsPerItem)}s`
    mountChildren(
      track,
      items.map((a) =>
        h(
          'button',
          {
            type: 'button',
            class: 'alarm-tick',
            style: `--prio:${priorityHex[a.priority]}`,
            'data-alarm-id': a.id,
            title: a.message,
            onclick: () => deps.flyTo(a),
          },
          h('span', { class: 'alarm-prio' }, priorityLabel(a.priority)),
          ` ${timeText(a.raised_at, new Date(), getLocale())} · ${sourceName(a)} · ${ruleCode(a.rule)} ${valueText(a)}`,
        ),
      ),
    )
  }

  renderStatic()
  render(true)
  let pending: ReturnType<typeof setTimeout> | null = null
  const stops = [
    alarms.subscribe(() => {
      if (pending) return
      pending = setTimeout(() => {
        pending = null
        render()
      }, 50)
    }),
    sound.onChange(renderStatic),
    onLocaleChange(() => {
      renderStatic()
      render(true)
    }),
  ]
  return () => {
    if (pending) clearTimeout(pending)
    for (const stop of stops) stop()
    bar.remove()
  }
}
