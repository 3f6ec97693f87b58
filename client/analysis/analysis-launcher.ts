import type { AppStore } from '../app/app.store'
import { tracksApi } from '../api/tracks.api'
import { h } from '../core/dom'
import { t } from '../shell/i18n/i18n'
import type { AnalysisView } from './analysis.view'
import './analysis.css'

/** The "trajectory analysis" button over the twin; the deck.gl view is loaded when first opened. */
export function mountAnalysisLauncher(root: HTMLElement, store: AppStore): () => void {
  let view: AnalysisView | null = null
  let opening = false
  const close = () => {
    view?.destroy()
    view = null
  }
  const button = h(
    'button',
    {
      type: 'button',
      class: 'analysis-launch',
      'data-testid': 'analysis-open',
      onclick: async () => {
        if (view) return close()
        const data = store.get().data
        if (!data || opening) return
        opening = true
        try {
          const { mountAnalysisView } = await import('./analysis.view')
          view = mountAnalysisView(root, data, tracksApi, close)
        } finally {
          opening = false
        }
      },
    },
    t('track.analysis'),
  )
  root.appendChild(button)
  return () => {
    close()
    button.remove()
  }
}
