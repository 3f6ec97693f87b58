import type { CenterId } from '../../scenes/centers'
import type { AppState, AppStore } from '../app/app.store'
import type { ParkData } from '../app/park-data'
import type { LiveSocket } from '../live/alarms.socket'
import type { LiveStore } from '../live/live.store'
import type { SensorsStore } from '../live/sensors.store'
import type { Selection } from '../twin/pick-id'

export interface CenterContext {
  store: AppStore
  live: LiveStore
  /** registry and latest values of the sensors (polled); absent in tests that do not need it */
  sensors?: SensorsStore
  /** fly the twin to the object and open its details */
  focus(selection: Selection): void
  /** fly the twin to look at a ground point from about `radiusM` metres' worth of view (zones) */
  flyToPoint?(lon: number, lat: number, radiusM?: number): void
  /** the page's one Socket.IO connection, for panels fed by pushed events (gate events) */
  socket?: LiveSocket
}

/** Fills the left and right columns from the store's data; re-renders on locale or data changes. */
export interface CenterView {
  destroy(): void
}

export type CenterFactory = (left: HTMLElement, right: HTMLElement, ctx: CenterContext) => CenterView

/**
 * Common plumbing: render when data first arrives and on every locale change, plus on live-store
 * changes for centers that show live counts (at most once per `liveThrottleMs`).
 */
export function renderLoop(
  ctx: CenterContext,
  render: (data: ParkData, state: AppState) => void,
  options: { live?: boolean; liveThrottleMs?: number } = {},
): CenterView {
  const draw = () => {
    const state = ctx.store.get()
    if (state.data) render(state.data, state)
  }
  draw()
  const stopStore = ctx.store.subscribe((s, prev) => {
    if (s.data !== prev.data || s.locale !== prev.locale || s.selected !== prev.selected) draw()
  })
  let last = 0
  let pending: ReturnType<typeof setTimeout> | null = null
  const throttle = options.liveThrottleMs ?? 1000
  const stopLive = options.live
    ? ctx.live.subscribe(() => {
        if (pending) return
        const wait = Math.max(0, last + throttle - Date.now())
        pending = setTimeout(() => {
          pending = null
          last = Date.now()
          draw()
        }, wait)
      })
    : () => {}
  return {
    destroy() {
      stopStore()
      stopLive()
      if (pending) clearTimeout(pending)
    },
  }
}

export type CenterRegistry = Record<CenterId, CenterFactory>
