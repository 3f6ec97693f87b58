import { ApiError } from '../api/api-error'
import type { parkApi } from '../api/park.api'
import { sameSelection } from '../twin/pick-id'
import type { AppStore } from './app.store'

/** Loads GET /assets/:id whenever an asset is selected; drops answers for a stale selection. */
export function watchSelection(store: AppStore, api: Pick<typeof parkApi, 'asset'>): () => void {
  let controller: AbortController | null = null
  return store.subscribe((state, previous) => {
    if (sameSelection(state.selected, previous.selected)) return
    controller?.abort()
    controller = null
    const selected = state.selected
    if (selected?.type !== 'asset') {
      if (state.detail) store.set({ detail: null })
      return
    }
    const id = selected.id
    const abort = (controller = new AbortController())
    store.set({ detail: { id, status: 'loading', value: null } })
    api.asset(id, abort.signal).then(
      (value) => {
        if (!abort.signal.aborted) store.set({ detail: { id, status: 'ok', value } })
      },
      (err: unknown) => {
        if (abort.signal.aborted) return
        const missing = err instanceof ApiError && err.status === 404
        store.set({ detail: { id, status: missing ? 'missing' : 'error', value: null } })
      },
    )
  })
}
