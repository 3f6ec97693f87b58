import { mountChildren, h } from '../../core/dom'
import { numberFormat, pick, t } from '../../shell/i18n/i18n'
import { riskHex } from '../../twin/palette'
import { pointStyles } from '../../twin/point-kinds'
import { renderLoop, type CenterFactory } from '../center'
import { barList, list, panel } from '../widgets'
import { buildDirectory, searchDirectory, type DirectoryEntry } from './directory'
import { mountWorkbench } from '../workbench'
import { managementTabs } from './management.tabs'

const shownMax = 150

/** 智慧管理: the searchable directory of enterprises and assets, and asset counts by kind. */
export const managementCenter: CenterFactory = (left, right, ctx) => {
  let query = ''
  let kind: DirectoryEntry['kind'] | 'all' = 'all'
  let entries: DirectoryEntry[] = []
  let entriesOf: unknown = null
  // documents, reminders, projects, enforcement, evaluation and reports: one tab each, kept across re-renders
  const workbench = managementTabs.length
    ? mountWorkbench(ctx, managementTabs, { testid: 'management-workbench' })
    : null

  const loop = renderLoop(ctx, (data, state) => {
    if (entriesOf !== data) {
      entries = buildDirectory(data)
      entriesOf = data
    }
    const kinds = [...new Set(entries.map((e) => e.kind))]
    const results = h('div', {})
    const count = h('span', { class: 'extra' })
    const showResults = () => {
      const found = searchDirectory(entries, query, kind)
      count.textContent = t('mgmt.results', { n: found.length })
      mountChildren(
        results,
        list(
          found.slice(0, shownMax).map((e) => {
            const enterprise = e.enterpriseId ? data.enterpriseById.get(e.enterpriseId) : undefined
            return {
              key: `${e.selection.type}:${e.selection.id}`,
              colour:
                e.kind === 'enterprise'
                  ? enterprise && riskHex[enterprise.properties.risk]
                  : pointStyles[e.kind]?.hex,
              main: pick(e.name, e.nameEn),
              sub: [
                t(`kind.${e.kind}`),
                e.selection.id,
                e.kind !== 'enterprise' && enterprise
                  ? pick(enterprise.properties.name, enterprise.properties.name_en)
                  : null,
              ]
                .filter(Boolean)
                .join(' · '),
              selected: state.selected?.id === e.selection.id,
              onClick: () => ctx.focus(e.selection),
            }
          }),
        ),
        found.length > shownMax
          ? h('div', { class: 'muted' }, t('mgmt.more', { n: found.length - shownMax }))
          : null,
      )
    }
    const search = h('input', {
      class: 'search',
      type: 'search',
      placeholder: t('mgmt.search'),
      value: query,
      'data-testid': 'directory-search',
      oninput: (e: Event) => {
        query = (e.target as HTMLInputElement).value
        showResults()
      },
    })
    const filters = h(
      'div',
      { class: 'filters' },
      (['all', ...kinds] as const).map((k) =>
        h(
          'button',
          {
            type: 'button',
            class: k === kind ? 'active' : '',
            onclick: () => {
              kind = k
              for (const b of filters.querySelectorAll('button'))
                b.classList.toggle('active', b.dataset.kind === k)
              showResults()
            },
            'data-kind': k,
          },
          k === 'all' ? t('mgmt.all') : t(`kind.${k}`),
        ),
      ),
    )
    const dir = panel(t('mgmt.directory'), [search, filters, results], { grow: true, testid: 'directory' })
    dir.querySelector('.panel-title')?.appendChild(count)
    showResults()
    mountChildren(left, dir)
    const byKind = new Map<DirectoryEntry['kind'], number>()
    for (const e of entries) byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1)
    mountChildren(
      right,
      workbench?.el,
      panel(
        t('mgmt.directory'),
        barList(
          [...byKind].map(([k, n]) => ({
            name: t(`kind.${k}`),
            value: n,
            text: numberFormat(n),
            colour: k === 'enterprise' ? undefined : pointStyles[k]?.hex,
          })),
        ),
        { grow: !workbench },
      ),
    )
  })
  return {
    destroy() {
      loop.destroy()
      workbench?.destroy()
    },
  }
}
