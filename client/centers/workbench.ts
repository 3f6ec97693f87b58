import { h } from '../core/dom'
import { onLocaleChange } from '../shell/i18n/i18n'
import type { CenterContext } from './center'

/** A mounted tab body: it keeps and refreshes itself until destroyed. */
export interface TabView {
  el: HTMLElement
  destroy(): void
}

/** One tab of a center's workbench (安全基础管理, 重大危险源, 双重预防, 特殊作业 …). */
export interface WorkbenchTab {
  /** stable id: `data-tab` of the button, `workbench-<id>` test id of the body */
  id: string
  title(): string
  mount(ctx: CenterContext): TabView
}

/**
 * A panel of tabs, one body mounted at a time (switching destroys the previous body). Mounted once per center and
 * kept across the center's re-renders; the chosen tab survives locale changes.
 */
export function mountWorkbench(
  ctx: CenterContext,
  tabs: readonly WorkbenchTab[],
  options: { testid: string; initial?: string },
): TabView {
  const strip = h('div', { class: 'wb-tabs', role: 'tablist' })
  const slot = h('div', { class: 'wb-body' })
  const el = h('section', { class: 'panel grow workbench', 'data-testid': options.testid }, strip, slot)
  let active: { id: string; view: TabView } | null = null

  const drawStrip = () =>
    strip.replaceChildren(
      ...tabs.map((tab) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: active?.id === tab.id ? 'wb-tab active' : 'wb-tab',
            'aria-selected': String(active?.id === tab.id),
            'data-tab': tab.id,
            onclick: () => show(tab.id),
          },
          tab.title(),
        ),
      ),
    )

  function show(id: string) {
    if (active?.id === id) return
    const tab = tabs.find((x) => x.id === id) ?? tabs[0]
    if (!tab) return
    active?.view.destroy()
    const view = tab.mount(ctx)
    view.el.setAttribute('data-testid', `workbench-${tab.id}`)
    active = { id: tab.id, view }
    slot.replaceChildren(view.el)
    drawStrip()
  }

  const stopLocale = onLocaleChange(drawStrip)
  show(options.initial ?? tabs[0]?.id ?? '')
  drawStrip()
  return {
    el,
    destroy() {
      stopLocale()
      active?.view.destroy()
      active = null
    },
  }
}
