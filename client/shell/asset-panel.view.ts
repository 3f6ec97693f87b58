import type { AppState, AppStore } from '../app/app.store'
import { h, mountChildren } from '../core/dom'
import type { LiveStore } from '../live/live.store'
import { assetView, enterpriseView, tagView, type DetailView } from './asset-details'
import { t } from './i18n/i18n'

/**
 * Details of the selected asset, parcel or tag, beside the right column. Close button and Esc
 * clear the selection; a selected tag refreshes as it moves.
 */
export function mountAssetPanel(root: HTMLElement, store: AppStore, live: LiveStore): () => void {
  const panel = h('section', { class: 'panel asset-panel', 'data-testid': 'asset-panel' })
  const close = () => store.set({ selected: null })

  function viewOf(state: AppState): DetailView | 'missing' | null {
    const sel = state.selected
    if (!sel || !state.data) return null
    if (sel.type === 'enterprise') {
      const e = state.data.enterpriseById.get(sel.id)
      return e ? enterpriseView(e, state.data) : 'missing'
    }
    if (sel.type === 'tag') {
      const tag = live.tags.get(sel.id)
      return tag ? tagView(tag, state.data) : 'missing'
    }
    const feature = state.data.assetById.get(sel.id)
    const detail = state.detail?.id === sel.id ? state.detail : null
    if (!feature)
      return detail?.value
        ? assetView(detail.value.asset, detail.value, state.data)
        : detail?.status === 'loading'
          ? null
          : 'missing'
    return assetView(feature, detail?.value ?? null, state.data)
  }

  function render(): void {
    const state = store.get()
    const view = viewOf(state)
    if (!state.selected) {
      panel.remove()
      return
    }
    const loading = state.detail?.status === 'loading' && state.detail.id === state.selected.id
    mountChildren(
      panel,
      h(
        'div',
        { class: 'panel-title' },
        h('span', {}, view && view !== 'missing' ? view.kind : t('panel.title')),
        loading && h('span', { class: 'extra' }, t('common.loading')),
        h(
          'button',
          {
            class: 'close',
            type: 'button',
            'data-testid': 'asset-panel-close',
            title: t('common.close'),
            onclick: close,
          },
          '×',
        ),
      ),
      h('div', { class: 'panel-body' }, body(view)),
    )
    if (!panel.isConnected) root.appendChild(panel)
  }

  function body(view: DetailView | 'missing' | null) {
    if (view === null) return h('div', { class: 'muted' }, t('common.loading'))
    if (view === 'missing') return h('div', { class: 'muted' }, t('panel.notFound'))
    return [
      h('h2', {}, view.title),
      view.subtitle && view.subtitle !== view.title ? h('div', { class: 'en' }, view.subtitle) : null,
      h(
        'dl',
        { class: 'kv' },
        view.rows.flatMap((r) => [h('dt', {}, t(r.label)), h('dd', { class: r.hot ? 'hot' : '' }, r.value)]),
      ),
      ...view.sections.flatMap((s) => [
        h('div', { class: 'section-title' }, t(s.label)),
        h(
          'div',
          {},
          s.items.map((item) => h('span', { class: 'badge' }, item)),
        ),
      ]),
    ]
  }

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && store.get().selected) close()
  }
  document.addEventListener('keydown', onKey)
  const stopStore = store.subscribe((s, prev) => {
    if (
      s.selected !== prev.selected ||
      s.detail !== prev.detail ||
      s.locale !== prev.locale ||
      s.data !== prev.data
    )
      render()
  })
  let lastTagRender = 0
  const stopLive = live.subscribe((change) => {
    const sel = store.get().selected
    if (sel?.type !== 'tag' || !(change.full || change.ids.has(sel.id))) return
    const now = Date.now()
    if (now - lastTagRender < 500) return
    lastTagRender = now
    render()
  })
  render()
  return () => {
    document.removeEventListener('keydown', onKey)
    stopStore()
    stopLive()
    panel.remove()
  }
}
