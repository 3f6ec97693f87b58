import {
  admissionVerdictColour,
  admissionVerdicts,
  catalogueLevels,
  type AdmissionQuery,
  type AdmissionSummary,
} from '../../../../server/contracts/admission'
import { admissionApi, type AdmissionApi } from '../../../api/admission.api'
import { authApi } from '../../../api/auth.api'
import { h } from '../../../core/dom'
import type { CenterContext } from '../../center'
import { tabOfViews, type TabView, type WorkbenchTab } from '../../workbench'
import { list } from '../../widgets'
import { openAdmissionDialog, openNewAdmissionDialog } from './admission-dialogs'
import { sortApplications } from './admission.model'
import { tx, useName, verdictName } from './adm-texts'

const canWrite = () =>
  authApi.me().then(
    (me) => me?.role === 'park_admin',
    () => false,
  )

/** The applications: search, verdict filter, new application (park admins), a click opens the checklist. */
function applicationsView(api: AdmissionApi, ctx: CenterContext): TabView {
  const ctrl = new AbortController()
  let admin = false
  let seq = 0
  const q = h('input', {
    type: 'search',
    placeholder: tx('search'),
    'data-testid': 'adm-search',
  }) as HTMLInputElement
  const verdict = h(
    'select',
    { 'data-testid': 'adm-filter-verdict' },
    h('option', { value: '' }, tx('allVerdicts')),
    admissionVerdicts.map((v) => h('option', { value: v }, verdictName(v))),
  ) as HTMLSelectElement
  const slot = h('div', { 'data-testid': 'adm-list' }, h('div', { class: 'muted' }, tx('loading')))
  const newButton = h(
    'button',
    {
      type: 'button',
      'data-testid': 'adm-new-open',
      style: 'display:none',
      onclick: () => {
        const s = ctx.store.get()
        openNewAdmissionDialog(api, { data: s.data, selected: s.selected }, (a) => {
          load()
          openAdmissionDialog(api, a.id, admin, load)
        })
      },
    },
    tx('newApp'),
  )
  const draw = (apps: AdmissionSummary[]) =>
    slot.replaceChildren(
      apps.length
        ? list(
            sortApplications(apps).map((a) => ({
              key: a.id,
              colour: admissionVerdictColour[a.verdict],
              main: a.name,
              sub: [a.applicant, a.enterprise_id, a.industry, a.created_at.slice(0, 10)]
                .filter(Boolean)
                .join(' · '),
              side: verdictName(a.verdict),
              onClick: () => openAdmissionDialog(api, a.id, admin, load),
            })),
          )
        : h('div', { class: 'muted' }, tx('none')),
    )
  function load() {
    const mine = ++seq
    const f: Partial<AdmissionQuery> = {}
    if (q.value.trim()) f.q = q.value.trim()
    if (verdict.value) f.verdict = verdict.value as AdmissionQuery['verdict']
    api.list(f, ctrl.signal).then(
      (apps) => mine === seq && draw(apps),
      () =>
        mine === seq &&
        !ctrl.signal.aborted &&
        slot.replaceChildren(h('div', { class: 'muted' }, tx('unavailable'))),
    )
  }
  let debounce: ReturnType<typeof setTimeout> | null = null
  q.addEventListener('input', () => {
    if (debounce) clearTimeout(debounce)
    debounce = setTimeout(load, 300)
  })
  verdict.addEventListener('change', load)
  void canWrite().then((w) => {
    admin = w
    newButton.style.display = w ? '' : 'none'
  })
  load()
  return {
    el: h(
      'div',
      {},
      h('div', { style: 'display:flex;gap:6px;flex-wrap:wrap;margin-bottom:8px' }, q, verdict, newButton),
      slot,
    ),
    destroy() {
      ctrl.abort()
      if (debounce) clearTimeout(debounce)
    },
  }
}

/** The settings (minimum safety distance, planned uses) and the eliminated / restricted catalogue. */
function settingsView(api: AdmissionApi): TabView {
  const ctrl = new AbortController()
  const el = h('div', { 'data-testid': 'adm-settings' }, h('div', { class: 'muted' }, tx('loading')))
  const load = () =>
    Promise.all([api.settings(ctrl.signal), api.catalogue(ctrl.signal), canWrite()]).then(
      ([s, entries, admin]) => {
        const status = h('span', { class: 'muted' })
        const distance = h('input', {
          type: 'number',
          min: 1,
          step: 'any',
          value: String(s.min_distance_m),
          'data-testid': 'adm-min-distance',
          disabled: !admin,
        }) as HTMLInputElement
        const kind = h(
          'select',
          {},
          h('option', { value: 'process' }, tx('process')),
          h('option', { value: 'product' }, tx('product')),
        ) as HTMLSelectElement
        const level = h(
          'select',
          {},
          catalogueLevels.map((l) => h('option', { value: l }, tx(l))),
        ) as HTMLSelectElement
        const name = h('input', {
          type: 'text',
          placeholder: tx('name'),
          'data-testid': 'adm-cat-name',
        }) as HTMLInputElement
        const basis = h('input', {
          type: 'text',
          placeholder: tx('basis'),
          'data-testid': 'adm-cat-basis',
        }) as HTMLInputElement
        const fail = (err: unknown) =>
          (status.textContent = `${tx('failed')}: ${err instanceof Error ? err.message : String(err)}`)
        el.replaceChildren(
          h(
            'div',
            { style: 'display:flex;gap:6px;align-items:center;flex-wrap:wrap' },
            tx('minDistance'),
            distance,
            admin
              ? h(
                  'button',
                  {
                    type: 'button',
                    'data-testid': 'adm-min-distance-save',
                    onclick: () =>
                      api.setSettings({ min_distance_m: Number(distance.value) }).then(load, fail),
                  },
                  tx('save'),
                )
              : null,
            s.distance_is_placeholder
              ? h('span', { style: 'color:#d29922', 'data-testid': 'adm-placeholder' }, tx('placeholder'))
              : null,
            status,
          ),
          h('div', { class: 'muted' }, `${tx('chemicalUses')}: ${s.chemical_uses.map(useName).join('、')}`),
          h(
            'div',
            { class: 'muted' },
            `${tx('conditionalUses')}: ${s.conditional_uses.map(useName).join('、')}`,
          ),
          h('div', { class: 'section-title' }, tx('catalogue')),
          h('div', { style: 'color:#d29922' }, entries.some((e) => e.example) ? tx('exampleNote') : ''),
          h(
            'table',
            { class: 'table', 'data-testid': 'adm-catalogue' },
            h(
              'tbody',
              {},
              entries.map((e) =>
                h(
                  'tr',
                  { 'data-id': e.id },
                  h('td', {}, tx(e.kind)),
                  h(
                    'td',
                    {},
                    e.name,
                    e.example ? h('span', { style: 'color:#d29922' }, ` (${tx('example')})`) : null,
                  ),
                  h('td', {}, tx(e.level)),
                  h('td', { class: 'muted' }, e.basis),
                  h(
                    'td',
                    {},
                    admin
                      ? h(
                          'button',
                          { type: 'button', onclick: () => api.removeCatalogueEntry(e.id).then(load, fail) },
                          tx('remove'),
                        )
                      : null,
                  ),
                ),
              ),
            ),
          ),
          admin
            ? h(
                'form',
                {
                  style: 'display:flex;gap:6px;flex-wrap:wrap;margin-top:6px',
                  onsubmit: ((ev: Event) => {
                    ev.preventDefault()
                    api
                      .addCatalogueEntry({
                        kind: kind.value as 'process',
                        level: level.value as 'eliminated',
                        name: name.value,
                        basis: basis.value,
                      })
                      .then(load, fail)
                  }) as EventListener,
                },
                kind,
                level,
                name,
                basis,
                h('button', { type: 'submit', 'data-testid': 'adm-cat-add' }, tx('add')),
              )
            : h('div', { class: 'muted' }, tx('readOnly')),
        )
      },
      () => !ctrl.signal.aborted && el.replaceChildren(h('div', { class: 'muted' }, tx('unavailable'))),
    )
  void load()
  return { el, destroy: () => ctrl.abort() }
}

/** The 准入评估 entry of the 智慧管理 workbench: applications with their checklists, and the catalogue and settings. */
export function admissionTab(api: AdmissionApi = admissionApi): WorkbenchTab {
  return tabOfViews(
    'admission',
    () => tx('tab'),
    (ctx) => [
      { id: 'applications', title: () => tx('applications'), mount: () => applicationsView(api, ctx) },
      { id: 'settings', title: () => tx('settings'), mount: () => settingsView(api) },
    ],
  )
}
