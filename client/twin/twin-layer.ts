import type { BoundingSphere, Viewer } from 'cesium'
import type { TwinLayerId } from '../../scenes/centers'
import type { ParkData } from '../app/park-data'
import type { Locale } from '../shell/i18n/i18n'
import type { Selection } from './pick-id'

/** What every layer is drawn from (a projection of the app store). */
export interface TwinState {
  data: ParkData
  visible: ReadonlySet<TwinLayerId>
  selected: Selection | null
  locale: Locale
}

/**
 * One layer of the twin over the single viewer: mount once, update on every state change (cheap
 * when nothing relevant changed), destroy with the viewer. Layers never fetch API data.
 */
export interface TwinLayer {
  readonly id: string
  mount(viewer: Viewer): void
  update(state: TwinState): void
  /** loaded and drawable (primitives created, models loaded) */
  isReady(): boolean
  /** world bounding sphere of an object this layer draws (visual centre + size), else undefined */
  sphereOf(selection: Selection, result: BoundingSphere): BoundingSphere | undefined
  destroy(): void
}
