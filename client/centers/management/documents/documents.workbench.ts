import { h } from '../../../core/dom'
import type { CenterContext } from '../../center'
import type { TabView, WorkbenchTab } from '../../workbench'
import { complianceTab } from './compliance.tab'
import { tx } from './doc-texts'
import { documentsTab } from './documents.tab'

/**
 * The 文档管理 entry of the 智慧管理 workbench: two views behind one tab — the document list (search, upload,
 * viewer) and the compliance dashboard (valid / expiring / expired per enterprise, reminder rules).
 */
export function documentsWorkbenchTab(
  views: readonly WorkbenchTab[] = [documentsTab(), complianceTab()],
): WorkbenchTab {
  return {
    id: 'documents',
    title: () => tx('tab'),
    mount(ctx: CenterContext): TabView {
      const strip = h('div', { class: 'wb-tabs', role: 'tablist' })
      const slot = h('div', { class: 'wb-body' })
      let active: { id: string; view: TabView } | null = null
      const draw = () =>
        strip.replaceChildren(
          ...views.map((v) =>
            h(
              'button',
              {
                type: 'button',
                role: 'tab',
                class: active?.id === v.id ? 'wb-tab active' : 'wb-tab',
                'data-subtab': v.id,
                onclick: () => show(v.id),
              },
              v.title(),
            ),
          ),
        )
      const show = (id: string) => {
        if (active?.id === id) return
        const v = views.find((x) => x.id === id) ?? views[0]!
        active?.view.destroy()
        const view = v.mount(ctx)
        view.el.setAttribute('data-testid', `documents-${v.id}`)
        active = { id: v.id, view }
        slot.replaceChildren(view.el)
        draw()
      }
      show(views[0]!.id)
      return {
        el: h('div', {}, strip, slot),
        destroy() {
          active?.view.destroy()
          active = null
        },
      }
    },
  }
}
