import type { Color, Primitive, Viewer } from 'cesium'
import { setInstanceColor } from './cesium-util'

export interface HighlightTarget {
  primitive: Primitive
  instanceId: string
  base: Color
  lit: Color
}

/**
 * Recolours one geometry instance as the selection and restores it afterwards. Primitives take
 * their instance attributes only once created, so a pending change is retried after each frame.
 */
export class InstanceHighlight {
  private shown: string | null = null
  private wanted: string | null = null
  private readonly retry = () => {
    if (this.wanted !== this.shown && this.apply()) this.viewer.scene.requestRender()
  }

  constructor(
    private readonly viewer: Viewer,
    private readonly resolve: (id: string) => HighlightTarget | undefined,
  ) {
    viewer.scene.postRender.addEventListener(this.retry)
  }

  /** Selects `id` (null: none); returns true when the colours changed. */
  select(id: string | null): boolean {
    this.wanted = id
    return this.wanted !== this.shown && this.apply()
  }

  /** Forgets what is drawn highlighted (after the primitive was rebuilt with base colours). */
  reset(): void {
    this.shown = null
  }

  destroy(): void {
    this.viewer.scene.postRender.removeEventListener(this.retry)
  }

  private apply(): boolean {
    const off = this.shown ? this.resolve(this.shown) : undefined
    const on = this.wanted ? this.resolve(this.wanted) : undefined
    if ((off && !off.primitive.ready) || (on && !on.primitive.ready)) return false
    if (off) setInstanceColor(off.primitive, off.instanceId, off.base)
    if (on) setInstanceColor(on.primitive, on.instanceId, on.lit)
    this.shown = this.wanted
    return true
  }
}
