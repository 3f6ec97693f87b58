import type { PermitDetail } from '../../../../server/contracts/permits'
import { permitsApi, type PermitsApi } from '../../../api/permits.api'
import { h } from '../../../core/dom'
import { loadedSection, type DetailSectionFactory } from '../../../shell/detail-sections'
import { overlayRef } from '../../../twin/pick-id'
import { openPermitDialog } from './permit-dialog'
import { gradeKey, permitColour, windowText } from './permit-model'
import { tx } from './permit-texts'

/**
 * The details of a clicked permit icon on the twin (overlay kind `work_permit`): type, grade, status, flags, window,
 * place and the people, with a link that opens the full permit dialog (fields, analyses, actions).
 */
export const workPermitSection = (api: PermitsApi = permitsApi): DetailSectionFactory =>
  loadedSection<PermitDetail>({
    testid: 'work-permit-section',
    title: () => tx('tab'),
    applies: (sel) => overlayRef(sel)?.kind === 'work_permit',
    load: (sel, signal) => api.get(overlayRef(sel)!.id, signal),
    ttlMs: 15_000,
    view: (p, _sel, reload) => {
      const g = gradeKey(p.grade)
      return [
        h(
          'div',
          { style: `font-weight:600;color:${permitColour(p)}`, 'data-status': p.status },
          `${tx(p.work_type)}${g ? ` · ${tx(g)}` : ''} · ${tx(p.status)}`,
        ),
        p.flags.length
          ? h(
              'div',
              { style: 'color:#ff3b3b', 'data-testid': 'work-permit-flags' },
              p.flags.map((f) => tx(f)).join('、'),
            )
          : null,
        h('div', {}, `${p.number} · ${p.enterprise_name ?? p.enterprise_id}`),
        h('div', {}, `${tx('place')}: ${p.place}`),
        h('div', {}, `${tx('window')}: ${windowText(p.window_from, p.window_to)}`),
        h('div', {}, `${tx('responsible')}: ${p.responsible} · ${tx('guardian')}: ${p.guardian}`),
        p.analyses[0]
          ? h(
              'div',
              {},
              `${tx('analyses')}: ${p.analyses[0].substance} ${p.analyses[0].value} ${p.analyses[0].unit} · ${
                p.analyses[0].passed ? tx('pass') : tx('fail')
              }`,
            )
          : null,
        h(
          'a',
          {
            href: '#',
            'data-testid': 'work-permit-open',
            'data-permit': p.id,
            onclick: ((e: Event) => {
              e.preventDefault()
              openPermitDialog(p.id, null, { api, onChanged: reload })
            }) as EventListener,
          },
          tx('number') + ' ›',
        ),
      ].filter((x): x is HTMLDivElement | HTMLAnchorElement => x !== null)
    },
  })
