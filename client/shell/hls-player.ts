// Plays an HLS stream in a <video>: hls.js over Media Source Extensions, loaded on first use (its own chunk,
// not in the main bundle), else the browser's own HLS (Safari, iOS). Reports what the viewer should be told.

export type PlayerState = 'loading' | 'playing' | 'buffering' | 'error'

export interface Player {
  destroy(): void
}

type HlsModule = typeof import('hls.js/light')

export interface PlayerOptions {
  onState(state: PlayerState, detail?: string): void
  /** the hls.js module (tests pass a stub) */
  loadHls?: () => Promise<HlsModule>
}

const nativeHls = (video: HTMLVideoElement) => video.canPlayType('application/vnd.apple.mpegurl') !== ''

export function playHls(video: HTMLVideoElement, url: string, o: PlayerOptions): Player {
  let destroyed = false
  let hls: InstanceType<HlsModule['default']> | null = null
  let mediaRecoveries = 0
  const report = (state: PlayerState, detail?: string) => {
    if (!destroyed) o.onState(state, detail)
  }
  // muted: browsers autoplay only muted media; cameras have no sound worth hearing on a command wall
  video.muted = true
  video.autoplay = true
  video.playsInline = true
  const onPlaying = () => report('playing')
  const onWaiting = () => report('buffering')
  const onError = () => report('error', video.error?.message || `media error ${video.error?.code ?? ''}`)
  video.addEventListener('playing', onPlaying)
  video.addEventListener('waiting', onWaiting)
  video.addEventListener('error', onError)
  const play = () => void video.play().catch(() => undefined)

  function withHls({ default: Hls }: HlsModule): boolean {
    if (!Hls.isSupported()) return false
    const h = new Hls({ backBufferLength: 30, manifestLoadingMaxRetry: 3, levelLoadingMaxRetry: 4 })
    hls = h
    h.on(Hls.Events.MANIFEST_PARSED, play)
    h.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return
      // a decoder hiccup is recovered twice; a stream that cannot be fetched or parsed is reported
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries++ < 2) {
        h.recoverMediaError()
        return
      }
      report('error', data.details)
      h.destroy()
      if (hls === h) hls = null
    })
    h.loadSource(url)
    h.attachMedia(video)
    return true
  }

  function withNative(): boolean {
    if (!nativeHls(video)) return false
    video.src = url
    play()
    return true
  }

  report('loading')
  ;(o.loadHls ?? (() => import('hls.js/light')))().then(
    (mod) => {
      if (destroyed) return
      if (!withHls(mod) && !withNative()) report('error', 'unsupported')
    },
    // the chunk could not be loaded (an offline reload of a stale page): the browser's own HLS, if any
    () => {
      if (!destroyed && !withNative()) report('error', 'unsupported')
    },
  )

  return {
    destroy() {
      destroyed = true
      hls?.destroy()
      hls = null
      video.removeEventListener('playing', onPlaying)
      video.removeEventListener('waiting', onWaiting)
      video.removeEventListener('error', onError)
      video.pause()
      video.removeAttribute('src')
      video.load()
    },
  }
}
