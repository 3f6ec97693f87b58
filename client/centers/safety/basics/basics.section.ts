import type { EnterpriseRecordDetail } from '../../../../server/contracts/safety-basics'
import { safetyBasicsApi, type SafetyBasicsApi } from '../../../api/safety-basics.api'
import { h } from '../../../core/dom'
import { loadedSection, type DetailSectionFactory } from '../../../shell/detail-sections'
import { daysText, licenceColour, parkTime, sortLicences } from './basics-model'
import { tx } from './basics-texts'
import { openEnterpriseRecord, openOperation } from './basics.dialogs'
import { basicsSession } from './basics.tab'

/**
 * The "企业档案" part of an enterprise parcel's details (client/shell/asset-panel.view.ts): the main responsible
 * person and safety staffing, every licence with its status, the current and planned start-up / overhaul records
 * (⚠ when in conflict) and the number of contractors; a link opens the full record.
 */
export const enterpriseRecordSection = (api: SafetyBasicsApi = safetyBasicsApi): DetailSectionFactory =>
  loadedSection<EnterpriseRecordDetail>({
    testid: 'enterprise-record',
    title: () => tx('record'),
    applies: (sel) => sel.type === 'enterprise',
    load: (sel, signal) => api.profile(sel.id, signal),
    view: (r, _sel, reload) => {
      const p = r.profile
      const deps = { me: basicsSession(), api, changed: reload }
      const parts: (HTMLElement | null)[] = [
        h(
          'div',
          { class: 'muted' },
          p
            ? `${tx('mainResp')} ${p.main_responsible ?? '—'} · ${tx('safetyStaff')} ${p.safety_staff_count} · ${tx('engineers')} ${p.safety_engineers.length}`
            : tx('noProfile'),
        ),
        h(
          'div',
          { 'data-testid': 'enterprise-record-licences' },
          sortLicences(r.licences).map((l) =>
            h(
              'div',
              { 'data-status': l.status },
              h('span', { style: `color:${licenceColour[l.status]}` }, '● '),
              `${l.title ?? tx(l.kind)} · ${tx(l.status)} · ${l.valid_to}`,
              l.status === 'expiring' || l.status === 'expired' ? ` (${daysText(l)})` : '',
            ),
          ),
        ),
        r.operations.length
          ? h(
              'div',
              { 'data-testid': 'enterprise-record-operations' },
              r.operations.map((o) =>
                h(
                  'a',
                  {
                    href: '#',
                    class: 'sb-link',
                    style: 'display:block',
                    onclick: ((e: Event) => {
                      e.preventDefault()
                      openOperation(o, deps)
                    }) as EventListener,
                  },
                  `${o.warnings.length ? '⚠ ' : ''}${tx(o.kind)} · ${o.unit} · ${parkTime(o.planned_start)} → ${parkTime(o.planned_end)}`,
                ),
              ),
            )
          : null,
        h(
          'div',
          { 'data-testid': 'enterprise-record-contractors' },
          `${tx('contractors')} ${r.contractor_count}${r.blacklisted_contractors ? ` · ${tx('blacklisted')} ${r.blacklisted_contractors}` : ''}`,
        ),
        h(
          'a',
          {
            href: '#',
            class: 'sb-link',
            'data-testid': 'enterprise-record-open',
            onclick: ((e: Event) => {
              e.preventDefault()
              openEnterpriseRecord(r.enterprise.id, deps)
            }) as EventListener,
          },
          tx('records'),
        ),
      ]
      return parts.filter((x): x is HTMLElement => x !== null)
    },
  })
