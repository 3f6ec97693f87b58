import type { RectificationNotice } from '../../../../server/contracts/enforcement'
import type { Project } from '../../../../server/contracts/projects'
import { enforcementApi } from '../../../api/enforcement.api'
import { projectsApi } from '../../../api/projects.api'
import { h } from '../../../core/dom'
import { loadedSection, type DetailSectionFactory } from '../../../shell/detail-sections'
import { openProjectDialog } from '../projects/project-dialog'
import { openNoticeDialog } from './notice-dialog'
import { tx } from './enforcement-texts'

/**
 * A clicked enterprise parcel: its open rectification notices (overdue marked) and its construction projects
 * (trial runs overdue counted); each opens its dialog.
 */
export function parcelLedgerSection(): DetailSectionFactory {
  return loadedSection<{ notices: RectificationNotice[]; projects: Project[] }>({
    testid: 'parcel-ledger-section',
    title: () => tx('parcel'),
    applies: (sel) => sel.type === 'enterprise',
    load: async (sel, signal) => {
      const [notices, projects] = await Promise.all([
        enforcementApi.notices({ enterprise: sel.id, state: 'open' }, signal),
        projectsApi.list({ enterprise: sel.id }, signal),
      ])
      return { notices, projects }
    },
    view: ({ notices, projects }) => {
      const overdue = notices.filter((n) => n.overdue).length
      const trial = projects.filter((p) => p.trial_overdue).length
      return [
        h(
          'dl',
          { class: 'kv' },
          h('dt', {}, tx('openNotices')),
          h(
            'dd',
            { 'data-testid': 'parcel-open-notices' },
            `${notices.length}${overdue ? `（${tx('overdue')} ${overdue}）` : ''}`,
          ),
          h('dt', {}, tx('projects')),
          h(
            'dd',
            { 'data-testid': 'parcel-projects' },
            `${projects.length}${trial ? `（${tx('trialOverdue')} ${trial}）` : ''}`,
          ),
        ),
        h(
          'ul',
          { style: 'margin:0;padding-left:1.2em' },
          notices.map((n) =>
            h(
              'li',
              { style: n.overdue ? 'color:#ff4d4f' : '' },
              h(
                'a',
                { href: '#', onclick: (e: Event) => (e.preventDefault(), openNoticeDialog(n.id)) },
                n.notice_no,
              ),
              ` · ${n.deadline}`,
            ),
          ),
          projects.map((p) =>
            h(
              'li',
              { style: p.trial_overdue ? 'color:#ff4d4f' : '' },
              h(
                'a',
                { href: '#', onclick: (e: Event) => (e.preventDefault(), openProjectDialog(p.id)) },
                p.name,
              ),
              ` · ${p.completed_stages}/4`,
            ),
          ),
        ),
      ]
    },
  })
}
