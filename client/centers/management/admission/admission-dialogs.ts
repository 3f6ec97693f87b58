import {
  admissionOutcomeColour,
  admissionVerdictColour,
  effectiveOutcome,
  type AdmissionApplication,
  type AdmissionItem,
} from '../../../../server/contracts/admission'
import type { AdmissionApi } from '../../../api/admission.api'
import type { ParkData } from '../../../app/park-data'
import { h } from '../../../core/dom'
import { openDialog, type DialogHandle } from '../../../shell/dialog'
import { pick } from '../../../shell/i18n/i18n'
import type { Selection } from '../../../twin/pick-id'
import { checkName, outcomeName, reasonText, tx, verdictName } from './adm-texts'
import { parsePoint, parseProcesses, parseProducts, representativePoint } from './admission.model'

const field = (label: string, input: HTMLElement) =>
  h('label', { style: 'display:block;margin:6px 0' }, h('div', { class: 'muted' }, label), input)
const errText = (err: unknown) => `${tx('failed')}: ${err instanceof Error ? err.message : String(err)}`
const chip = (colour: string, label: string, testid?: string) =>
  h('span', { 'data-testid': testid, style: `color:${colour};font-weight:bold` }, `● ${label}`)

function itemRow(
  api: AdmissionApi,
  a: AdmissionApplication,
  i: AdmissionItem,
  canEdit: boolean,
  reload: (x: AdmissionApplication) => void,
) {
  const eff = effectiveOutcome(i)
  const decide = h('div', {})
  const openDecide = () => {
    const outcome = h(
      'select',
      { 'data-testid': 'adm-decide-outcome' },
      (['pass', 'conditional', 'fail'] as const).map((o) => h('option', { value: o }, outcomeName(o))),
    ) as HTMLSelectElement
    const note = h('input', {
      type: 'text',
      'data-testid': 'adm-decide-note',
      placeholder: tx('note'),
      style: 'width:60%',
    }) as HTMLInputElement
    const status = h('span', { class: 'muted' })
    decide.replaceChildren(
      h(
        'form',
        {
          style: 'display:flex;gap:6px;margin-top:4px',
          onsubmit: ((e: Event) => {
            e.preventDefault()
            api
              .decide(a.id, i.key, { outcome: outcome.value as 'pass', note: note.value })
              .then(reload, (err: unknown) => {
                status.textContent = errText(err)
              })
          }) as EventListener,
        },
        outcome,
        note,
        h('button', { type: 'submit', 'data-testid': 'adm-decide-save' }, tx('save')),
        status,
      ),
    )
  }
  return h(
    'tr',
    { 'data-testid': 'adm-item', 'data-key': i.key, 'data-outcome': eff },
    h('td', {}, checkName(i.key)),
    h(
      'td',
      {},
      chip(admissionOutcomeColour[eff], outcomeName(eff)),
      i.decision ? h('div', { class: 'muted' }, `(${outcomeName(i.outcome)})`) : null,
    ),
    h(
      'td',
      {},
      h(
        'ul',
        { style: 'margin:0;padding-left:16px' },
        i.reasons.map((r) => h('li', {}, reasonText(r))),
      ),
      i.decision
        ? h(
            'div',
            { 'data-testid': 'adm-decision' },
            `${tx('decision')}: ${outcomeName(i.decision.outcome)} · ${i.decision.by} · ${i.decision.note}`,
          )
        : null,
      canEdit
        ? h('button', { type: 'button', 'data-testid': 'adm-decide', onclick: openDecide }, tx('decide'))
        : null,
      decide,
    ),
  )
}

function renderDetail(
  dlg: DialogHandle,
  api: AdmissionApi,
  a: AdmissionApplication,
  canEdit: boolean,
  onChanged: () => void,
) {
  const reload = (x: AdmissionApplication) => {
    onChanged()
    renderDetail(dlg, api, x, canEdit, onChanged)
  }
  const status = h('span', { class: 'muted' })
  dlg.setTitle(a.name)
  dlg.body.replaceChildren(
    h(
      'div',
      { style: 'display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin-bottom:8px' },
      h(
        'span',
        {
          'data-testid': 'adm-verdict',
          'data-verdict': a.verdict,
          style: `font-size:18px;font-weight:bold;color:${admissionVerdictColour[a.verdict]}`,
        },
        `${tx('verdict')}: ${verdictName(a.verdict)}`,
      ),
      h(
        'a',
        { href: api.reportUrl(a.id), target: '_blank', rel: 'noopener', 'data-testid': 'adm-report' },
        tx('report'),
      ),
      canEdit
        ? h(
            'button',
            {
              type: 'button',
              'data-testid': 'adm-reassess',
              onclick: () =>
                api.reassess(a.id).then(reload, (err: unknown) => (status.textContent = errText(err))),
            },
            tx('reassess'),
          )
        : null,
      status,
    ),
    h(
      'div',
      { class: 'muted' },
      [
        a.applicant,
        a.industry,
        a.enterprise_id,
        a.products.map((p) => `${p.name} ${p.q_t} t`).join('、'),
        a.processes.join('、'),
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    h('div', { class: 'section-title' }, tx('checklist')),
    h(
      'table',
      { class: 'table', 'data-testid': 'adm-checklist' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, tx('item')), h('th', {}, tx('outcome')), h('th', {}, tx('reasons'))),
      ),
      h(
        'tbody',
        {},
        a.items.map((i) => itemRow(api, a, i, canEdit, reload)),
      ),
    ),
    h('div', { class: 'section-title' }, tx('history')),
    h(
      'ul',
      { class: 'muted' },
      a.history.map((x) =>
        h('li', {}, `${x.at.slice(0, 16).replace('T', ' ')} · ${x.by ?? ''} · ${verdictName(x.verdict)}`),
      ),
    ),
  )
}

/** One application: the verdict, the checklist with reasons and decisions (park admins decide), report, re-assess. */
export function openAdmissionDialog(
  api: AdmissionApi,
  id: string,
  canEdit: boolean,
  onChanged: () => void,
): DialogHandle {
  const dlg = openDialog({ title: tx('loading'), testid: 'adm-dialog', width: 'min(980px,94vw)' })
  api.get(id, dlg.signal).then(
    (a) => renderDetail(dlg, api, a, canEdit, onChanged),
    () => !dlg.signal.aborted && dlg.body.replaceChildren(h('div', { class: 'muted' }, tx('unavailable'))),
  )
  return dlg
}

/** The place of a park object (an enterprise parcel, a zone, an asset) as lon/lat. */
function placeOf(data: ParkData | null, sel: Selection | null): [number, number] | null {
  if (!data || !sel) return null
  const f =
    sel.type === 'enterprise'
      ? data.enterpriseById.get(sel.id)
      : sel.type === 'asset'
        ? data.assetById.get(sel.id)
        : undefined
  return f ? representativePoint(f.geometry as never) : null
}

/**
 * The application form: kind (new enterprise / project of an existing one), names, products with quantities,
 * processes, the location as lon/lat typed in, picked from an enterprise parcel or a zone, or taken from the object
 * selected on the twin; investment, exposed people. Submitting runs the checklist and opens the result.
 */
export function openNewAdmissionDialog(
  api: AdmissionApi,
  park: { data: ParkData | null; selected: Selection | null },
  onCreated: (a: AdmissionApplication) => void,
): void {
  const dlg = openDialog({ title: tx('newApp'), testid: 'adm-new', width: 'min(760px,94vw)' })
  const input = (name: string, type = 'text') =>
    h('input', { type, name, 'data-testid': `adm-${name}`, style: 'width:100%' }) as HTMLInputElement
  const kind = h(
    'select',
    { name: 'kind', 'data-testid': 'adm-kind' },
    h('option', { value: 'enterprise' }, tx('kindEnterprise')),
    h('option', { value: 'project' }, tx('kindProject')),
  ) as HTMLSelectElement
  const enterprises = park.data?.enterprises.features ?? []
  const enterprise = h(
    'select',
    { name: 'enterprise_id', 'data-testid': 'adm-enterprise_id' },
    enterprises.map((e) =>
      h('option', { value: e.id }, `${e.id} ${pick(e.properties.name, e.properties.name_en)}`),
    ),
  ) as HTMLSelectElement
  const enterpriseField = field(tx('enterprise'), enterprise)
  const syncKind = () => (enterpriseField.style.display = kind.value === 'project' ? '' : 'none')
  kind.addEventListener('change', syncKind)
  syncKind()
  const name = input('name')
  const applicant = input('applicant')
  const industry = input('industry')
  const products = h('textarea', {
    name: 'products',
    rows: 4,
    'data-testid': 'adm-products',
    style: 'width:100%',
  }) as HTMLTextAreaElement
  const processes = input('processes')
  const lon = input('lon', 'number')
  const lat = input('lat', 'number')
  lon.step = lat.step = 'any'
  const setPoint = (p: [number, number] | null) => {
    if (!p) return
    lon.value = p[0].toFixed(7)
    lat.value = p[1].toFixed(7)
  }
  const places = [
    ...enterprises.map((e) => ({
      key: `e:${e.id}`,
      label: `${e.id} ${pick(e.properties.name, e.properties.name_en)}`,
      g: e.geometry,
    })),
    ...(park.data?.zones.features ?? []).map((z) => ({
      key: `z:${z.id}`,
      label: `${z.id} ${pick(z.properties.name, z.properties.name_en)}`,
      g: z.geometry,
    })),
  ]
  const picker = h(
    'select',
    {
      'data-testid': 'adm-pick',
      onchange: ((e: Event) => {
        const p = places.find((x) => x.key === (e.target as HTMLSelectElement).value)
        if (p) setPoint(representativePoint(p.g as never))
      }) as EventListener,
    },
    h('option', { value: '' }, tx('pickNone')),
    places.map((p) => h('option', { value: p.key }, p.label)),
  )
  const status = h('div', { class: 'muted', 'data-testid': 'adm-new-status' })
  const useSelected = h(
    'button',
    {
      type: 'button',
      'data-testid': 'adm-use-selected',
      onclick: () => {
        const p = placeOf(park.data, park.selected)
        if (p) setPoint(p)
        else status.textContent = tx('noSelection')
      },
    },
    tx('useSelected'),
  )
  const investment = input('investment_wan', 'number')
  const exposed = input('exposed_people', 'number')
  const description = input('description')
  const submit = h('button', { type: 'submit', 'data-testid': 'adm-submit' }, tx('submit'))
  const form = h(
    'form',
    {
      onsubmit: ((e: Event) => {
        e.preventDefault()
        const prods = parseProducts(products.value)
        if (prods.errors.length) {
          status.textContent = `${tx('products')}: ${prods.errors.join('; ')}`
          return
        }
        const point = parsePoint(lon.value, lat.value)
        if (!point) {
          status.textContent = `${tx('lon')} / ${tx('lat')}`
          return
        }
        submit.setAttribute('disabled', '')
        status.textContent = tx('loading')
        api
          .create({
            kind: kind.value as 'enterprise' | 'project',
            ...(kind.value === 'project' ? { enterprise_id: enterprise.value } : {}),
            name: name.value,
            applicant: applicant.value,
            industry: industry.value,
            products: prods.value,
            processes: parseProcesses(processes.value),
            location: { type: 'Point', coordinates: point },
            ...(investment.value ? { investment_wan: Number(investment.value) } : {}),
            ...(exposed.value ? { exposed_people: Number(exposed.value) } : {}),
            ...(description.value ? { description: description.value } : {}),
          })
          .then(
            (a) => {
              dlg.close()
              onCreated(a)
            },
            (err: unknown) => {
              submit.removeAttribute('disabled')
              status.textContent = errText(err)
            },
          )
      }) as EventListener,
    },
    field(tx('kind'), kind),
    enterpriseField,
    field(tx('name'), name),
    field(tx('applicant'), applicant),
    field(tx('industry'), industry),
    field(tx('products'), products),
    field(tx('processes'), processes),
    h('div', { style: 'display:flex;gap:8px' }, field(tx('lon'), lon), field(tx('lat'), lat)),
    field(tx('pickFrom'), h('div', { style: 'display:flex;gap:6px;flex-wrap:wrap' }, picker, useSelected)),
    field(tx('investment'), investment),
    field(tx('exposed'), exposed),
    field(tx('description'), description),
    h(
      'div',
      { style: 'margin-top:8px;display:flex;gap:8px' },
      submit,
      h('button', { type: 'button', onclick: () => dlg.close() }, tx('cancel')),
    ),
    status,
  )
  dlg.body.replaceChildren(form)
}
