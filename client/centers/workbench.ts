import { h } from '../core/dom'
import { onLocaleChange } from '../shell/i18n/i18n'
import type { CenterContext } from './center'

/** A mounted tab body: it keeps and refreshes itself until destroyed. */
export interface TabView {
  el: HTMLElement
  destroy(): void
}

/** One tab of a center's workbench (安全基础管理, 重大危险源, 双重预防, 特殊作业 …) or of a tab's inner views. */
export interface WorkbenchTab {
  /** stable id: `data-tab` (or `data-subtab`) of the button; the body's test id is made from it */
  id: string
  title(): string
  mount(ctx: CenterContext): TabView
}

export interface TabStrip {
  /** the row of tab buttons */
  strip: HTMLElement
  /** where the active tab's body is mounted */
  slot: HTMLElement
  destroy(): void
}

/**
 * A strip of tab buttons over one mounted body (switching destroys the previous body); the chosen tab survives
 * locale changes. `testidOf` names each body's `data-testid`; `attr` is the buttons' data attribute
 * (`tab` for a center's workbench, `subtab` for the views inside one tab).
 */
export function mountTabStrip(
  ctx: CenterContext,
  tabs: readonly WorkbenchTab[],
  options: { testidOf: (id: string) => string; attr?: 'tab' | 'subtab'; initial?: string },
): TabStrip {
  const attr = `data-${options.attr ?? 'tab'}`
  const strip = h('div', { class: 'wb-tabs', role: 'tablist' })
  const slot = h('div', { class: 'wb-body' })
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
            [attr]: tab.id,
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
    view.el.setAttribute('data-testid', options.testidOf(tab.id))
    active = { id: tab.id, view }
    slot.replaceChildren(view.el)
    drawStrip()
  }

  const stopLocale = onLocaleChange(drawStrip)
  show(options.initial ?? tabs[0]?.id ?? '')
  drawStrip()
  return {
    strip,
    slot,
    destroy() {
      stopLocale()
      active?.view.destroy()
      active = null
    },
  }
}

/** A tab whose body is itself a strip of inner views (`<prefix>-<view id>` test ids, `data-subtab` buttons). */
export function tabOfViews(
  id: string,
  title: () => string,
  views: (ctx: CenterContext) => readonly WorkbenchTab[],
  testidPrefix: string = id,
): WorkbenchTab {
  return {
    id,
    title,
    mount(ctx) {
      const tabs = mountTabStrip(ctx, views(ctx), {
        testidOf: (v) => `${testidPrefix}-${v}`,
        attr: 'subtab',
      })
      return { el: h('div', {}, tabs.strip, tabs.slot), destroy: () => tabs.destroy() }
    },
  }
}

/**
 * A center's workbench: a panel of tabs, one body mounted at a time (`workbench-<id>` test ids). Mounted once per
 * center and kept across the center's re-renders.
 */
export function mountWorkbench(
  ctx: CenterContext,
  tabs: readonly WorkbenchTab[],
  options: { testid: string; initial?: string },
): TabView {
  const t = mountTabStrip(ctx, tabs, {
    testidOf: (id) => `workbench-${id}`,
    initial: options.initial,
  })
  const el = h('section', { class: 'panel grow workbench', 'data-testid': options.testid }, t.strip, t.slot)
  return { el, destroy: () => t.destroy() }
}
