import { twinLayerIds, type TwinLayerId } from '../../scenes/centers'
import type { AppStore } from '../app/app.store'
import { h, mountChildren } from '../core/dom'
import { t } from './i18n/i18n'

/** Bottom bar of layer switches; a center's preset decides the initial state. */
export function mountLayerToggles(root: HTMLElement, store: AppStore): () => void {
  const bar = h('div', { class: 'layer-bar', 'data-testid': 'layer-toggles' })
  root.appendChild(bar)

  const toggle = (id: TwinLayerId) => {
    const visible = new Set(store.get().visible)
    if (visible.has(id)) visible.delete(id)
    else visible.add(id)
    store.set({ visible })
  }

  function render(): void {
    const { visible } = store.get()
    mountChildren(
      bar,
      h('span', { class: 'caption' }, t('layer.title')),
      twinLayerIds.map((id) =>
        h(
          'button',
          {
            type: 'button',
            class: visible.has(id) ? 'on' : '',
            'data-testid': `layer-${id}`,
            onclick: () => toggle(id),
          },
          t(`layer.${id}`),
        ),
      ),
    )
  }

  render()
  const stop = store.subscribe((s, prev) => {
    if (s.visible !== prev.visible || s.locale !== prev.locale) render()
  })
  return () => {
    stop()
    bar.remove()
  }
}
