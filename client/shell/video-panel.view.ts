import type { Camera } from '../../server/contracts/video'
import { ApiError } from '../api/api-error'
import { camerasApi, type CamerasApi } from '../api/cameras.api'
import type { AppState, AppStore } from '../app/app.store'
import { h, mountChildren } from '../core/dom'
import { playHls, type Player, type PlayerOptions, type PlayerState } from './hls-player'
import { pick, t } from './i18n/i18n'
import './video-panel.css'

type PanelState = PlayerState | 'unavailable'

export interface VideoPanelDeps {
  api?: Pick<CamerasApi, 'get'>
  play?: (video: HTMLVideoElement, url: string, o: PlayerOptions) => Player
}

/** The selected asset when it is a camera, else null. */
function selectedCamera(s: AppState): string | null {
  const sel = s.selected
  if (sel?.type !== 'asset') return null
  return s.data?.assetById.get(sel.id)?.properties.kind === 'camera' ? sel.id : null
}

/**
 * A camera selected on the twin (or anywhere else) plays in this panel, beside the details panel: name, class,
 * live / buffering / failed state, the test-signal mark, and a close button that stops the stream (the
 * selection stays). Another selection closes it.
 */
export function mountVideoPanel(root: HTMLElement, store: AppStore, deps: VideoPanelDeps = {}): () => void {
  const api = deps.api ?? camerasApi
  const play = deps.play ?? playHls
  const panel = h('section', { class: 'panel video-panel', 'data-testid': 'video-panel' })
  const video = h('video', { 'data-testid': 'video', muted: true, autoplay: true, playsinline: true })
  let cameraId: string | null = null
  let camera: Camera | null = null
  let state: PanelState = 'loading'
  let detail: string | undefined
  let player: Player | null = null
  let abort: AbortController | null = null

  function render(): void {
    if (!cameraId) return
    panel.dataset.camera = cameraId
    panel.dataset.state = state
    const name = camera ? pick(camera.name, camera.name_en) : cameraId
    const message =
      state === 'unavailable'
        ? t('video.notFound')
        : state === 'error'
          ? detail === 'unsupported'
            ? t('video.unsupported')
            : t('video.failed', { msg: detail ?? '' })
          : null
    mountChildren(
      panel,
      h(
        'div',
        { class: 'panel-title' },
        h('span', { class: 'name', title: name }, name),
        h('span', { class: `state ${state}`, 'data-testid': 'video-state' }, t(`video.state.${state}`)),
        h(
          'button',
          {
            class: 'close',
            type: 'button',
            'data-testid': 'video-close',
            title: t('common.close'),
            onclick: close,
          },
          '×',
        ),
      ),
      h(
        'div',
        { class: 'video-body' },
        video,
        message && h('div', { class: 'video-message', 'data-testid': 'video-message' }, message),
      ),
      camera &&
        h(
          'div',
          { class: 'video-foot' },
          h('span', {}, t(`video.class.${camera.camera_class}`)),
          camera.test_stream && h('span', { class: 'badge test' }, t('video.testStream')),
          h('span', { class: 'id' }, camera.id),
        ),
    )
    if (!panel.isConnected) root.appendChild(panel)
  }

  const setState = (next: PanelState, why?: string) => {
    state = next
    detail = why
    render()
  }

  function stop(): void {
    abort?.abort()
    abort = null
    player?.destroy()
    player = null
  }

  function open(id: string): void {
    stop()
    cameraId = id
    camera = null
    setState('loading')
    const ctl = (abort = new AbortController())
    api.get(id, ctl.signal).then(
      (c) => {
        if (ctl.signal.aborted) return
        camera = c
        render()
        player = play(video, c.stream_url, { onState: (s, why) => setState(s, why) })
      },
      (err: unknown) => {
        if (ctl.signal.aborted) return
        const missing = err instanceof ApiError && (err.status === 404 || err.status === 403)
        setState(missing ? 'unavailable' : 'error', err instanceof Error ? err.message : String(err))
      },
    )
  }

  function close(): void {
    stop()
    cameraId = null
    camera = null
    panel.remove()
  }

  const stopStore = store.subscribe((s, prev) => {
    if (s.selected !== prev.selected || s.data !== prev.data) {
      const id = selectedCamera(s)
      // closing clears cameraId: a new click on the same camera opens it again
      if (id && id !== cameraId) open(id)
      else if (!id && cameraId) close()
    } else if (s.locale !== prev.locale) render()
  })
  const first = selectedCamera(store.get())
  if (first) open(first)
  return () => {
    stopStore()
    close()
  }
}
