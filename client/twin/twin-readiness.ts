import type { Viewer } from 'cesium'
import type { TwinLayer } from './twin-layer'

/**
 * Tracks which layers are loaded; `ready` turns true on the first frame rendered after all of
 * them are. While loading it keeps requesting frames (request-render mode would otherwise sleep
 * while models and primitives finish).
 */
export class TwinReadiness {
  private ready = false
  private allLoadedFrame = false
  private reported = ''
  private readonly pump: ReturnType<typeof setInterval>
  private readonly waiters: (() => void)[] = []
  private readonly onPostRender = () => this.afterFrame()

  constructor(
    private readonly viewer: Viewer,
    private readonly layers: readonly TwinLayer[],
    private readonly report: (layersReady: string[], ready: boolean) => void,
  ) {
    viewer.scene.postRender.addEventListener(this.onPostRender)
    this.pump = setInterval(() => {
      if (!this.ready) viewer.scene.requestRender()
    }, 250)
  }

  /** Re-evaluates after a state change. */
  check(): void {
    this.viewer.scene.requestRender()
  }

  /** Resolves after the next rendered frame. */
  nextFrame(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve)
      this.viewer.scene.requestRender()
    })
  }

  destroy(): void {
    clearInterval(this.pump)
    this.viewer.scene.postRender.removeEventListener(this.onPostRender)
    for (const resolve of this.waiters.splice(0)) resolve()
  }

  private afterFrame(): void {
    for (const resolve of this.waiters.splice(0)) resolve()
    const loaded = this.layers.filter((l) => l.isReady()).map((l) => l.id)
    const all = loaded.length === this.layers.length
    if (!this.ready && all) {
      if (this.allLoadedFrame) this.ready = true
      else {
        this.allLoadedFrame = true
        this.viewer.scene.requestRender()
      }
    }
    const key = `${loaded.join(',')}|${this.ready}`
    if (key !== this.reported) {
      this.reported = key
      this.report(loaded, this.ready)
    }
  }
}
