import type { OrgNode } from '../../../../server/contracts/organisation'
import { authApi } from '../../../api/auth.api'
import { organisationApi, type OrganisationApi } from '../../../api/organisation.api'
import { h } from '../../../core/dom'
import { tabOfViews, type TabView, type WorkbenchTab } from '../../workbench'
import { openNodeDialog } from './node-dialog'
import { orgChart } from './org-chart'
import { tx } from './org-texts'
import { rulesLibrary } from './rules.view'

/** The chart view: the tree drawn as a chart; a click opens the node (edit, add below, move, remove, history). */
function chartView(api: OrganisationApi): TabView {
  const ctrl = new AbortController()
  let nodes: OrgNode[] = []
  let canEdit = false
  let selected: string | null = null
  const status = h('span', { class: 'muted', 'data-testid': 'org-chart-status' }, tx('loading'))
  const chart = orgChart((n) => {
    selected = n.id
    chart.update(nodes, selected)
    openNodeDialog(api, n, nodes, { canEdit, onChanged: load })
  })
  const addRoot = h(
    'button',
    {
      type: 'button',
      'data-testid': 'org-add-root',
      style: 'display:none',
      onclick: () =>
        void api
          .create({ parent_id: null, kind: 'body', body_type: 'committee', name: '安全生产委员会' })
          .then(load, (err: unknown) => (status.textContent = `${tx('failed')}: ${String(err)}`)),
    },
    tx('create'),
  )
  function load() {
    api.nodes(ctrl.signal).then(
      (n) => {
        nodes = n
        status.textContent = n.length ? tx('hint') : tx('empty')
        addRoot.style.display = !n.length && canEdit ? '' : 'none'
        chart.update(nodes, selected)
      },
      () => !ctrl.signal.aborted && (status.textContent = tx('unavailable')),
    )
  }
  authApi.me().then(
    (me) => {
      canEdit = me?.role === 'park_admin'
      load()
    },
    () => load(),
  )
  return {
    el: h(
      'div',
      {},
      h('div', { style: 'display:flex;gap:8px;align-items:center;margin-bottom:6px' }, status, addRoot),
      chart.el,
    ),
    destroy: () => ctrl.abort(),
  }
}

/**
 * The 组织与制度 entry of the 智慧管理 workbench: the organisation chart (组织机构图) and the management rules and
 * policy library (管理制度与政策法规, kept in the document store).
 */
export function organisationTab(api: OrganisationApi = organisationApi): WorkbenchTab {
  return tabOfViews(
    'organisation',
    () => tx('tab'),
    () => [
      { id: 'chart', title: () => tx('chart'), mount: () => chartView(api) },
      { id: 'rules', title: () => tx('rules'), mount: () => rulesLibrary() },
    ],
  )
}
