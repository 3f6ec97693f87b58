import { h, mountChildren } from '../core/dom'
import { t } from '../shell/i18n/i18n'
import type { ReplayController } from './replay.controller'
import { formatDuration, speedSteps, windowPresets, type WindowPreset } from './replay-math'
import { exportLinks, zonesTable } from './replay-reports.view'
import './replay.css'

const clock = (ms: number | null) =>
  ms === null
    ? '—'
    : new Date(ms).toLocaleString(undefined, {
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
      })

/**
 * The replay bar at the bottom of the screen while a track replay is open: window (last 1 h / 6 h / 24 h),
 * play/pause, speed ×1–×60, a scrub slider, follow camera, distance / max speed / stops, close; CSV exports of
 * the window and the tag's time in each zone.
 */
export function mountReplayPanel(
  root: HTMLElement,
  replay: ReplayController,
  labelOf: (tagId: string) => string,
): () => void {
  const panel = h('section', { class: 'replay-panel', 'data-testid': 'replay-panel' })
  const slider = h('input', {
    type: 'range',
    min: 0,
    max: 1000,
    value: 0,
    'data-testid': 'replay-slider',
    'aria-label': t('replay.scrub'),
  })
  let scrubbing = false
  slider.addEventListener('pointerdown', () => (scrubbing = true))
  slider.addEventListener('pointerup', () => (scrubbing = false))
  slider.addEventListener('input', () => {
    const s = replay.snapshot()
    if (s.start === null || s.end === null) return
    replay.seek(s.start + ((s.end - s.start) * Number(slider.value)) / 1000)
  })
  const timeEl = h('span', { class: 'replay-time', 'data-testid': 'replay-time' })
  let shownKey = ''

  function render(): void {
    const s = replay.snapshot()
    if (s.state === 'idle') {
      panel.remove()
      shownKey = ''
      return
    }
    // controls are rebuilt only when their state changes; the time and the slider move every notify
    const key = [
      s.state,
      s.tagId,
      s.speed,
      s.follow,
      s.window,
      s.points,
      s.error,
      s.range?.from,
      s.zones?.length,
    ].join('|')
    if (key !== shownKey) {
      shownKey = key
      mountChildren(
        panel,
        h(
          'div',
          { class: 'replay-row' },
          h('span', { class: 'replay-title' }, `${t('replay.title')} · ${s.tagId ? labelOf(s.tagId) : ''}`),
          windowPresets.map((w) =>
            h(
              'button',
              {
                type: 'button',
                class: s.window === w.id ? 'on' : '',
                'data-testid': `replay-window-${w.id}`,
                onclick: () => s.tagId && void replay.open(s.tagId, w.id as WindowPreset),
              },
              t(`replay.window.${w.id}`),
            ),
          ),
          h(
            'button',
            {
              type: 'button',
              'data-testid': 'replay-close',
              title: t('replay.close'),
              onclick: () => replay.close(),
            },
            '×',
          ),
        ),
        h(
          'div',
          { class: 'replay-row' },
          h(
            'button',
            {
              type: 'button',
              'data-testid': 'replay-play',
              disabled: s.points === 0 || s.state === 'loading',
              onclick: () => replay.toggle(),
            },
            s.state === 'playing' ? t('replay.pause') : t('replay.play'),
          ),
          speedSteps.map((v) =>
            h(
              'button',
              {
                type: 'button',
                class: s.speed === v ? 'on' : '',
                'data-testid': `replay-speed-${v}`,
                onclick: () => replay.setSpeed(v),
              },
              `×${v}`,
            ),
          ),
          slider,
          timeEl,
        ),
        h(
          'div',
          { class: 'replay-row' },
          h(
            'label',
            {},
            h('input', {
              type: 'checkbox',
              'data-testid': 'replay-follow',
              checked: s.follow,
              onchange: (e: Event) => replay.setFollow((e.target as HTMLInputElement).checked),
            }),
            ' ',
            t('replay.follow'),
          ),
          h(
            'span',
            { class: 'muted', 'data-testid': 'replay-stats' },
            s.state === 'loading'
              ? t('replay.loading')
              : s.state === 'error'
                ? s.error === 'empty'
                  ? t('replay.empty')
                  : t('replay.failed', { msg: s.error ?? '' })
                : t('replay.stats', {
                    km: (s.distanceM / 1000).toFixed(2),
                    max: s.maxSpeedKmh.toFixed(0),
                    stops: s.stops,
                    dur: formatDuration(((s.end ?? 0) - (s.start ?? 0)) / 1000),
                  }),
          ),
        ),
        s.tagId && s.range && s.state !== 'loading' ? exportLinks(s.tagId, s.range) : null,
        zonesTable(s.zones),
      )
    }
    timeEl.textContent = s.state === 'ended' ? `${clock(s.time)} · ${t('replay.ended')}` : clock(s.time)
    if (!scrubbing && s.start !== null && s.end !== null && s.time !== null)
      slider.value = String(s.end > s.start ? Math.round(((s.time - s.start) / (s.end - s.start)) * 1000) : 0)
    if (!panel.isConnected) root.appendChild(panel)
  }

  const stop = replay.subscribe(render)
  render()
  return () => {
    stop()
    panel.remove()
  }
}
