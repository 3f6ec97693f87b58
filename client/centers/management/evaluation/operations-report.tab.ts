import type { OperationsReportData } from '../../../../server/contracts/reports'
import { reportsApi, type ReportsApi } from '../../../api/reports.api'
import { h, mountChildren } from '../../../core/dom'
import type { WorkbenchTab } from '../../workbench'
import { figures } from '../../widgets'
import { pickLocale, tx } from './eval-texts'
import { percent, periodChoices } from './evaluation.model'

/**
 * 运行报告: the bi-monthly platform operation feedback report — period picker (two-month periods in Beijing time),
 * its headline figures, and the report as HTML (new browser tab) or PDF (download).
 */
export function operationsReportTab(
  api: ReportsApi = reportsApi,
  now: () => number = Date.now,
): WorkbenchTab {
  return {
    id: 'evaluation-operations',
    title: () => tx('opsTab'),
    mount() {
      const ctrl = new AbortController()
      const periods = periodChoices(now())
      const picker = h(
        'select',
        { 'data-testid': 'ops-period' },
        periods.map((p) => h('option', { value: p.id }, pickLocale(p.label, p.label_en))),
      ) as HTMLSelectElement
      const links = h('span', { style: 'display:flex;gap:10px' })
      const slot = h('div', { 'data-testid': 'ops-figures' })
      let seq = 0
      const drawFigures = (d: OperationsReportData) =>
        mountChildren(
          slot,
          figures([
            { label: tx('onlineRate'), value: percent(d.devices.rate) },
            { label: tx('completeness'), value: percent(d.completeness.rate) },
            { label: tx('alarms'), value: String(d.alarms.total) },
            { label: tx('hdOnTime'), value: percent(d.hidden_dangers.on_time_rate) },
            { label: tx('docsDue'), value: String(d.documents.expired + d.documents.expiring) },
          ]),
          d.partial
            ? h('div', { class: 'muted small' }, tx('partial', { t: new Date(d.until).toLocaleString() }))
            : null,
        )
      const show = () => {
        const id = picker.value
        links.replaceChildren(
          h(
            'a',
            {
              href: api.operationsUrl(id, 'html'),
              target: '_blank',
              rel: 'noopener',
              'data-testid': 'ops-open-html',
            },
            tx('openHtml'),
          ),
          h(
            'a',
            { href: api.operationsUrl(id, 'pdf'), download: '', 'data-testid': 'ops-download-pdf' },
            tx('downloadPdf'),
          ),
        )
        slot.replaceChildren(h('div', { class: 'muted' }, tx('loading')))
        const mine = ++seq
        api.operations(id, ctrl.signal).then(
          (d) => mine === seq && drawFigures(d),
          () =>
            mine === seq &&
            !ctrl.signal.aborted &&
            slot.replaceChildren(h('div', { class: 'muted' }, tx('unavailable'))),
        )
      }
      picker.addEventListener('change', show)
      show()
      return {
        el: h(
          'div',
          { class: 'panel-body' },
          h(
            'div',
            { style: 'display:flex;gap:10px;align-items:center;flex-wrap:wrap' },
            h('span', { class: 'muted' }, tx('period')),
            picker,
            links,
          ),
          h('div', { class: 'muted small' }, tx('periodNote')),
          slot,
        ),
        destroy: () => ctrl.abort(),
      }
    },
  }
}
