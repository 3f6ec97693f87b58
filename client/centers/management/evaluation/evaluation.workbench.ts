import { h } from '../../../core/dom'
import type { CenterContext } from '../../center'
import type { TabView, WorkbenchTab } from '../../workbench'
import { tx } from './eval-texts'
import { evaluationTab } from './evaluation.tab'
import { operationsReportTab } from './operations-report.tab'

/**
 * The 评估与报告 entry of the 智慧管理 workbench: two views behind one tab — 年度评估 (the annual evaluation per
 * 《化工园区安全风险排查治理导则》 and its report) and 运行报告 (the bi-monthly platform operation feedback report).
 */
export function evaluationWorkbenchTab(
  views: readonly WorkbenchTab[] = [evaluationTab(), operationsReportTab()],
): WorkbenchTab {
  return {
    id: 'evaluation',
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
        view.el.setAttribute('data-testid', `evaluation-${v.id}`)
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
