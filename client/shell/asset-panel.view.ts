import type { AppState, AppStore } from '../app/app.store'
import { h, mountChildren } from '../core/dom'
import { sensorsApi, type SensorsApi } from '../api/sensors.api'
import type { LiveStore } from '../live/live.store'
import type { SensorsStore } from '../live/sensors.store'
import { assetView, enterpriseView, tagView, type DetailView } from './asset-details'
import { assetSensorsSection } from './asset-sensors.view'
import type { DetailSectionFactory } from './detail-sections'
import { detailSectionFactories } from './detail-sections.registry'
import { t } from './i18n/i18n'

/**
 * Details of the selected asset, parcel or tag, beside the right column. Close button and Esc
 * clear the selection; a selected tag refreshes as it moves; an asset's sensors (with `sensors`)
 * refresh on every poll, with the chart of one of them.
 */
/** An overlay object's panel has no ledger rows: its module's section shows everything. */
const overlayView: DetailView = { kind: '', title: '', subtitle: null, rows: [], sections: [] }

export function mountAssetPanel(
  root: HTMLElement,
  store: AppStore,
  live: LiveStore,
  sensors?: SensorsStore,
  api: Pick<SensorsApi, 'readings'> = sensorsApi,
  /** a selected tag's "replay track" button (client/replay) */
  onReplay?: (tagId: string) => void,
  /** the modules' parts of the panel (plans, documents, major-hazard card, permits…) */
  sectionFactories: readonly DetailSectionFactory[] = detailSectionFactories,
): () => void {
  const panel = h('section', { class: 'panel asset-panel', 'data-testid': 'asset-panel' })
  const sensorSection = sensors ? assetSensorsSection(sensors, api) : null
  const sections = sectionFactories.map((make) => make(() => render()))
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
    // a twin overlay object (permit, risk point…): its module's section is the whole panel
    if (sel.type === 'overlay') return overlayView
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

  /** The live sensors part of an asset's panel (null for other selections or without a store). */
  function sensorsPart(state: AppState, view: DetailView | 'missing' | null): HTMLElement | null {
    const sel = state.selected
    if (!sensorSection || sel?.type !== 'asset' || view === null || view === 'missing') return null
    return sensorSection.render(state.data?.assetById.get(sel.id) ?? null, sel.id)
  }

  function render(): void {
    const state = store.get()
    const view = viewOf(state)
    if (!state.selected) {
      panel.remove()
      return
    }
    const live = sensorsPart(state, view)
    const loading = state.detail?.status === 'loading' && state.detail.id === state.selected.id
    mountChildren(
      panel,
      h(
        'div',
        { class: 'panel-title' },
        h('span', {}, view && view !== 'missing' && view.kind ? view.kind : t('panel.title')),
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
      h(
        'div',
        { class: 'panel-body' },
        body(view, live !== null && sensorSection!.listed()),
        live,
        sectionsPart(state, view),
        replayButton(state.selected, view),
      ),
    )
    if (!panel.isConnected) root.appendChild(panel)
  }

  function sectionsPart(state: AppState, view: DetailView | 'missing' | null): HTMLElement[] {
    const sel = state.selected
    if (!sel || view === null || view === 'missing') return []
    const kind = sel.type === 'asset' ? (state.data?.assetById.get(sel.id)?.properties.kind ?? null) : null
    return sections.map((s) => s.render(sel, kind)).filter((el): el is HTMLElement => el !== null)
  }

  function replayButton(sel: AppState['selected'], view: DetailView | 'missing' | null) {
    if (!onReplay || sel?.type !== 'tag' || view === null || view === 'missing') return null
    const id = sel.id
    return h(
      'button',
      { class: 'replay-open', type: 'button', 'data-testid': 'tag-replay', onclick: () => onReplay(id) },
      t('track.replay'),
    )
  }

  function body(view: DetailView | 'missing' | null, liveSensors = false) {
    if (view === null) return h('div', { class: 'muted' }, t('common.loading'))
    if (view === 'missing') return h('div', { class: 'muted' }, t('panel.notFound'))
    return [
      view.title ? h('h2', {}, view.title) : null,
      view.subtitle && view.subtitle !== view.title ? h('div', { class: 'en' }, view.subtitle) : null,
      view.rows.length === 0
        ? null
        : h(
            'dl',
            { class: 'kv' },
            view.rows.flatMap((r) => [
              h('dt', {}, t(r.label)),
              h('dd', { class: r.hot ? 'hot' : '' }, r.value),
            ]),
          ),
      // the live list replaces the ledger's sensor badges
      ...view.sections
        .filter((s) => !(liveSensors && s.label === 'panel.sensors'))
        .flatMap((s) => [
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
  const stopSensors =
    sensors?.subscribe(() => {
      const sel = store.get().selected
      if (sel?.type === 'asset') render()
    }) ?? (() => {})
  render()
  return () => {
    document.removeEventListener('keydown', onKey)
    stopStore()
    stopLive()
    stopSensors()
    sensorSection?.destroy()
    for (const s of sections) s.destroy()
    panel.remove()
  }
}
