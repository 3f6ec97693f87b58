export const alarmMuteKey = 'cpt.alarm.muted'

type Listener = (muted: boolean) => void
type AudioCtor = typeof AudioContext

/**
 * The annunciation tone, synthesised with WebAudio (no audio file). Browsers keep an AudioContext
 * suspended until the user interacts with the page: until then `play` is a no-op that reports false,
 * and the first pointer or key press unlocks it. Mute is remembered in localStorage.
 */
export class AlarmSound {
  private ctx: AudioContext | null = null
  private mutedNow: boolean
  private readonly listeners = new Set<Listener>()
  private readonly unlock = () =>
    void this.context()
      ?.resume()
      .catch(() => undefined)

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = safeStorage(),
    private readonly Ctor: AudioCtor | undefined = globalThis.AudioContext,
  ) {
    this.mutedNow = storage?.getItem(alarmMuteKey) === '1'
    if (typeof window !== 'undefined') {
      window.addEventListener('pointerdown', this.unlock, { capture: true })
      window.addEventListener('keydown', this.unlock, { capture: true })
    }
  }

  get muted(): boolean {
    return this.mutedNow
  }

  setMuted(muted: boolean): void {
    this.mutedNow = muted
    try {
      this.storage?.setItem(alarmMuteKey, muted ? '1' : '0')
    } catch {
      // storage full or disabled: the toggle still works for this page
    }
    for (const fn of [...this.listeners]) fn(muted)
  }

  onChange(fn: Listener): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** Three falling two-tone beeps (~0.9 s); false when muted or audio is not (yet) allowed. */
  play(priority: 'urgent' | 'high' = 'urgent'): boolean {
    if (this.mutedNow) return false
    const ctx = this.context()
    if (!ctx || ctx.state !== 'running') return false
    const [hi, lo] = priority === 'urgent' ? [988, 740] : [660, 523]
    const start = ctx.currentTime + 0.02
    const gain = ctx.createGain()
    gain.connect(ctx.destination)
    gain.gain.setValueAtTime(0, start)
    for (let i = 0; i < 3; i++) {
      const t0 = start + i * 0.3
      const osc = ctx.createOscillator()
      osc.type = 'square'
      osc.frequency.setValueAtTime(hi, t0)
      osc.frequency.setValueAtTime(lo, t0 + 0.12)
      osc.connect(gain)
      gain.gain.setValueAtTime(0, t0)
      gain.gain.linearRampToValueAtTime(0.12, t0 + 0.01)
      gain.gain.setValueAtTime(0.12, t0 + 0.22)
      gain.gain.linearRampToValueAtTime(0, t0 + 0.25)
      osc.start(t0)
      osc.stop(t0 + 0.26)
    }
    return true
  }

  destroy(): void {
    if (typeof window !== 'undefined') {
      window.removeEventListener('pointerdown', this.unlock, { capture: true })
      window.removeEventListener('keydown', this.unlock, { capture: true })
    }
    void this.ctx?.close().catch(() => undefined)
    this.ctx = null
    this.listeners.clear()
  }

  private context(): AudioContext | null {
    if (this.ctx || !this.Ctor) return this.ctx
    try {
      this.ctx = new this.Ctor()
    } catch {
      return null // audio unavailable (no device, policy): alarms stay visual
    }
    return this.ctx
  }
}

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}
