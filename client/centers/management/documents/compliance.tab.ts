import {
  documentTypes,
  type DocumentCompliance,
  type ReminderRule,
} from '../../../../server/contracts/documents'
import { documentsApi, type DocumentsApi } from '../../../api/documents.api'
import { h } from '../../../core/dom'
import type { WorkbenchTab } from '../../workbench'
import { tx, typeName } from './doc-texts'
import { complianceByEnterprise, parseDays, validityColour } from './documents.model'

type ComplianceApi = Pick<DocumentsApi, 'compliance' | 'rules' | 'setRule'>

const cell = (n: number, colour: string, testid: string) =>
  h('td', { 'data-testid': testid, style: n ? `color:${colour};font-weight:600` : 'opacity:.5' }, String(n))

/** 文档合规: valid / expiring / expired documents per enterprise (and per type on hover), and the reminder rules. */
export function complianceTab(api: ComplianceApi = documentsApi): WorkbenchTab {
  return {
    id: 'document-compliance',
    title: () => tx('complianceTab'),
    mount() {
      const ctrl = new AbortController()
      const table = h('div', { 'data-testid': 'doc-compliance' }, h('div', { class: 'muted' }, tx('loading')))
      const rulesSlot = h('div', { 'data-testid': 'doc-rules' })
      const drawTable = (c: DocumentCompliance) => {
        const rows = complianceByEnterprise(c.rows, tx('park'))
        const byType = (e: string | null) =>
          c.rows
            .filter((r) => r.enterprise_id === e)
            .map((r) => `${typeName(r.doc_type)}: ${r.valid}/${r.expiring}/${r.expired}`)
            .join('\n')
        table.replaceChildren(
          h(
            'table',
            { class: 'table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, tx('enterprise')),
                h('th', {}, tx('valid')),
                h('th', {}, tx('expiring')),
                h('th', {}, tx('expired')),
                h('th', {}, tx('noExpiry')),
              ),
            ),
            h(
              'tbody',
              {},
              rows.map((r) =>
                h(
                  'tr',
                  {
                    'data-testid': 'doc-compliance-row',
                    'data-enterprise': r.enterprise_id ?? 'park',
                    title: byType(r.enterprise_id),
                  },
                  h('td', {}, r.label),
                  cell(r.valid, validityColour.valid, 'valid'),
                  cell(r.expiring, validityColour.expiring, 'expiring'),
                  cell(r.expired, validityColour.expired, 'expired'),
                  cell(r.none, validityColour.none, 'none'),
                ),
              ),
            ),
          ),
        )
      }
      const drawRules = (rules: ReminderRule[]) => {
        const status = h('span', { class: 'muted' })
        rulesSlot.replaceChildren(
          h('div', { class: 'section-title' }, tx('rules')),
          h('div', { class: 'muted' }, tx('rulesHint')),
          h(
            'table',
            { class: 'table' },
            h(
              'tbody',
              {},
              documentTypes.map((t) => {
                const r = rules.find((x) => x.doc_type === t)
                const days = h('input', {
                  type: 'text',
                  value: r?.days_before.join(', ') ?? '',
                  'data-testid': `doc-rule-${t}`,
                }) as HTMLInputElement
                const esc = h('input', {
                  type: 'checkbox',
                  checked: r?.escalate_on_expiry ?? true,
                }) as HTMLInputElement
                const save = () => {
                  const d = parseDays(days.value)
                  if (!d) {
                    status.textContent = `${tx('failed')}: ${typeName(t)}`
                    return
                  }
                  api.setRule(t, { days_before: d, escalate_on_expiry: esc.checked }).then(
                    (all) => drawRules(all),
                    (err: unknown) =>
                      (status.textContent = `${tx('failed')}: ${err instanceof Error ? err.message : ''}`),
                  )
                }
                return h(
                  'tr',
                  {},
                  h('td', {}, typeName(t)),
                  h('td', {}, days),
                  h('td', {}, h('label', {}, esc, ' ', tx('escalate'))),
                  h('td', {}, h('button', { type: 'button', onclick: save }, tx('save'))),
                )
              }),
            ),
          ),
          status,
        )
      }
      api
        .compliance(ctrl.signal)
        .then(
          drawTable,
          () =>
            !ctrl.signal.aborted && table.replaceChildren(h('div', { class: 'muted' }, tx('unavailable'))),
        )
      api.rules(ctrl.signal).then(drawRules, () => undefined)
      return { el: h('div', { class: 'panel-body' }, table, rulesSlot), destroy: () => ctrl.abort() }
    },
  }
}
