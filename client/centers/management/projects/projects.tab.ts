import { projectStatuses, type Project } from '../../../../server/contracts/projects'
import { projectsApi } from '../../../api/projects.api'
import { h } from '../../../core/dom'
import { onLocaleChange, pick } from '../../../shell/i18n/i18n'
import type { CenterContext } from '../../center'
import { list } from '../../widgets'
import type { TabView, WorkbenchTab } from '../../workbench'
import { openNewProjectDialog, openProjectDialog, progressBar } from './project-dialog'
import { projectColour, sortProjects } from './projects.model'
import { stageName, statusName, tx, typeName } from './project-texts'

/**
 * 项目三同时: the construction projects with a four-segment stage progress bar each (overdue trial runs first, in
 * red), filters by enterprise, status and overdue, the new-project form and the project dialog.
 */
export function projectsTab(): WorkbenchTab {
  return {
    id: 'projects',
    title: () => tx('tab'),
    mount(ctx: CenterContext): TabView {
      const me = ctx.store.get().me
      const role = me?.role ?? 'screen'
      const own = role === 'enterprise_user' ? (me?.enterprise_id ?? null) : null
      const enterprises = () =>
        [...(ctx.store.get().data?.enterprises.features ?? [])]
          .map((e) => ({ id: String(e.id), name: e.properties.name, name_en: e.properties.name_en }))
          .filter((e) => !own || e.id === own)
          .sort((a, b) => a.id.localeCompare(b.id))
      const enterprise = h(
        'select',
        { 'data-testid': 'projects-enterprise' },
        h('option', { value: '' }, tx('allEnterprises')),
        enterprises().map((e) => h('option', { value: e.id }, `${e.id} ${pick(e.name, e.name_en)}`)),
      ) as HTMLSelectElement
      const status = h(
        'select',
        { 'data-testid': 'projects-status' },
        h('option', { value: '' }, tx('allStatus')),
        projectStatuses.map((s) => h('option', { value: s }, statusName(s))),
      ) as HTMLSelectElement
      const overdue = h('input', { type: 'checkbox', 'data-testid': 'projects-overdue' }) as HTMLInputElement
      const slot = h('div', { 'data-testid': 'projects-list' }, h('div', { class: 'muted' }, tx('loading')))
      const count = h('span', { class: 'muted', 'data-testid': 'projects-count' })
      const ctrl = new AbortController()
      let seq = 0
      let shown: Project[] = []

      const draw = () => {
        count.textContent = tx('count', { n: shown.length })
        const rows = list(
          sortProjects(shown).map((p) => ({
            key: p.id,
            colour: projectColour(p),
            main: pick(p.name, p.name_en),
            sub: [
              p.enterprise_name,
              typeName(p.project_type),
              statusName(p.status),
              p.current_stage ? stageName(p.current_stage) : null,
              p.trial_overdue ? `⚠ ${tx('trialOverdue')}` : null,
            ]
              .filter(Boolean)
              .join(' · '),
            side: `${p.completed_stages}/4`,
            onClick: () => open(p.id),
          })),
        )
        // the progress bar under each row's text
        for (const li of rows.querySelectorAll('li')) {
          const p = shown.find((x) => x.id === li.getAttribute('data-key'))
          if (!p) continue
          li.setAttribute('data-testid', `project-row-${p.id}`)
          if (p.trial_overdue) li.classList.add('overdue')
          li.querySelector('.main')?.append(progressBar(p, `project-progress-${p.id}`))
        }
        slot.replaceChildren(rows)
      }
      const load = () => {
        const mine = ++seq
        projectsApi
          .list(
            {
              ...(enterprise.value ? { enterprise: enterprise.value } : {}),
              ...(status.value ? { status: status.value as Project['status'] } : {}),
              ...(overdue.checked ? { overdue: 'true' as const } : {}),
            },
            ctrl.signal,
          )
          .then(
            (ps) => {
              if (mine !== seq) return
              shown = ps
              draw()
            },
            (err: unknown) => {
              if ((err as { name?: string })?.name === 'AbortError') return
              slot.replaceChildren(h('div', { class: 'muted' }, `${tx('failed')}: ${String(err)}`))
            },
          )
      }
      const open = (id: string) => {
        const p = shown.find((x) => x.id === id)
        if (p) ctx.flyToPoint?.(p.anchor[0], p.anchor[1], 400)
        openProjectDialog(id, { onChanged: () => load(), isAdmin: role === 'park_admin' })
      }
      for (const el of [enterprise, status, overdue]) el.addEventListener('change', load)
      const canCreate = role === 'park_admin' || role === 'enterprise_user'
      const el = h(
        'div',
        {},
        h(
          'div',
          { style: 'display:flex;gap:6px;flex-wrap:wrap;align-items:center;margin-bottom:6px' },
          enterprise,
          status,
          h('label', {}, overdue, ' ', tx('overdueOnly')),
          canCreate
            ? h(
                'button',
                {
                  type: 'button',
                  'data-testid': 'projects-new',
                  onclick: () =>
                    openNewProjectDialog({
                      enterprises: enterprises(),
                      enterpriseId: own,
                      onDone: (p) => {
                        load()
                        openProjectDialog(p.id, { onChanged: () => load(), isAdmin: role === 'park_admin' })
                      },
                    }),
                },
                tx('newProject'),
              )
            : null,
          count,
        ),
        slot,
      )
      const stopLocale = onLocaleChange(draw)
      load()
      return {
        el,
        destroy() {
          stopLocale()
          ctrl.abort()
        },
      }
    },
  }
}
