import { parkDay } from '../../../../server/contracts/emergency-plans'
import { mhRoles, type MhRole, type MhUnitDetail } from '../../../../server/contracts/hazards'
import type { HazardsApi } from '../../../api/hazards.api'
import { h } from '../../../core/dom'
import { getLocale } from '../../../shell/i18n/i18n'
import {
  changeLine,
  checkBody,
  itemsBody,
  personFields,
  registerBody,
  responsiblesBody,
  tankInventories,
  tonnesOf,
  type FormResult,
  type PersonFields,
} from './card-model'
import { FieldError, fieldForm, type FieldForm } from './field-errors'
import { tx, txAny } from './hazard-texts'
import { gradeLabel, num } from './hazards-model'

// The write side of the major-hazard card (重大危险源档案), for the accounts that keep the unit (park admin, the
// unit's own enterprise): record a 包保 periodic check, update a tank's (tank farm) or the unit's (production unit,
// warehouse) inventory — the server grades the unit anew and the card shows S / R / grade before → after —, set
// the three 包保 persons with their check intervals, and register (备案) the grade computed now. Every refusal of the
// server is shown next to the field it names.

export type CardApi = Pick<
  HazardsApi,
  'unit' | 'recordCheck' | 'setTankInventory' | 'setItems' | 'setResponsibles' | 'register'
>

/** Called with the unit as the server answers after a save, and a line saying what changed. */
export type Saved = (next: MhUnitDetail, note: string) => void

const inputStyle = 'width:100%;box-sizing:border-box'
const text = (testid: string, value = '', type = 'text', placeholder?: string) =>
  h('input', { type, value, 'data-testid': testid, style: inputStyle, placeholder }) as HTMLInputElement

/** Unwraps a local check, or throws it as a field error (shown next to its field). */
function bodyOf<T>(r: FormResult<T>): T {
  if (!r.ok) throw new FieldError(r.field, r.message)
  return r.body
}

/** A form with a save and a cancel button: `run` sends; a refusal is shown by `ff`. */
function formShell(
  testid: string,
  ff: FieldForm,
  parts: (HTMLElement | null)[],
  run: () => Promise<void>,
  cancel: () => void,
): HTMLFormElement {
  const save = h('button', { type: 'submit', class: 'primary', 'data-testid': `${testid}-save` }, tx('save'))
  return h(
    'form',
    {
      'data-testid': testid,
      novalidate: true,
      style: 'margin:6px 0;padding:6px 8px;border:1px solid rgba(120,170,220,.3);border-radius:4px',
      onsubmit: ((ev: Event) => {
        ev.preventDefault()
        ff.clear()
        save.setAttribute('disabled', '')
        Promise.resolve()
          .then(run)
          .then(
            () => save.removeAttribute('disabled'),
            (err: unknown) => {
              save.removeAttribute('disabled')
              ff.show(err, tx('failed'))
            },
          )
      }) as EventListener,
    },
    parts,
    ff.general,
    h(
      'div',
      { style: 'display:flex;gap:8px;margin-top:6px' },
      save,
      h('button', { type: 'button', 'data-testid': `${testid}-cancel`, onclick: cancel }, tx('cancel')),
    ),
  )
}

function checkForm(u: MhUnitDetail, api: CardApi, saved: Saved, cancel: () => void) {
  const ff = fieldForm('mh-check')
  const person = (r: MhRole) => u.responsibles.find((p) => p.role === r)
  const role = h(
    'select',
    { 'data-testid': 'mh-check-role', style: inputStyle },
    mhRoles.map((r) =>
      h(
        'option',
        { value: r, selected: r === 'operational' },
        `${txAny(r)}${person(r) ? ` · ${person(r)!.person_name}` : ''}`,
      ),
    ),
  ) as HTMLSelectElement
  const day = text('mh-check-checked_on', parkDay(Date.now()), 'date')
  const by = text('mh-check-checked_by', '', 'text', tx('checkedByHint'))
  const findings = h('textarea', { 'data-testid': 'mh-check-findings', rows: 3, style: inputStyle })
  const issues = h('input', { type: 'checkbox', 'data-testid': 'mh-check-issues_found' }) as HTMLInputElement
  return formShell(
    'mh-check',
    ff,
    [
      ff.row('role', tx('role'), role),
      ff.row('checked_on', tx('checkedOn'), day),
      ff.row('checked_by', tx('checkedBy'), by),
      ff.row('findings', tx('findings'), findings),
      h('label', { style: 'display:block;margin:4px 0' }, issues, ' ', tx('issuesFound')),
    ],
    async () => {
      const body = bodyOf(
        checkBody({
          role: role.value,
          checked_on: day.value,
          checked_by: by.value,
          findings: findings.value,
          issues_found: issues.checked,
        }),
      )
      const next = await api.recordCheck(u.id, body)
      saved(next, `${tx('saved')}：${txAny(body.role)} ${body.checked_on}`)
    },
    cancel,
  )
}

const regradedLine = (before: MhUnitDetail, after: MhUnitDetail) =>
  `${tx('regraded')}：${changeLine(before.assessment, after.assessment, (g) => gradeLabel(g, getLocale(), tx('notMajor')))}`

function tankInventoryForm(u: MhUnitDetail, api: CardApi, saved: Saved, cancel: () => void) {
  const ff = fieldForm('mh-inv')
  const tanks = tankInventories(u)
  const q = text('mh-inv-q', tanks[0] ? num(tanks[0].q_t) : '', 'number')
  q.step = 'any'
  const tank = h(
    'select',
    {
      'data-testid': 'mh-inv-tank',
      style: inputStyle,
      onchange: ((ev: Event) => {
        const t = tanks.find((x) => x.tank_id === (ev.target as HTMLSelectElement).value)
        q.value = t ? num(t.q_t) : ''
      }) as EventListener,
    },
    tanks.map((t) => h('option', { value: t.tank_id }, `${t.tank_id} · ${t.chemical} · ${num(t.q_t)} t`)),
  ) as HTMLSelectElement
  return formShell(
    'mh-inv',
    ff,
    [ff.row('tank', tx('tank'), tank), ff.row('inventory_t', tx('newQuantity'), q)],
    async () => {
      const inventory_t = bodyOf(tonnesOf(q.value, 'inventory_t'))
      const answer = await api.setTankInventory(tank.value, { inventory_t })
      const next = answer.unit ?? (await api.unit(u.id))
      saved(next, regradedLine(u, next))
    },
    cancel,
  )
}

function itemsForm(u: MhUnitDetail, api: CardApi, saved: Saved, cancel: () => void) {
  const ff = fieldForm('mh-items')
  const rows = u.assessment.items
    .filter((i) => i.chemical_id)
    .map((i) => ({ chemical: i.cas ?? i.name, q: num(i.q_t) }))
  rows.push({ chemical: '', q: '' })
  const box = h('div', {})
  const draw = () =>
    box.replaceChildren(
      ...rows.map((r, i) => {
        const chem = text(`mh-items-chemical-${i}`, r.chemical)
        chem.addEventListener('input', () => (r.chemical = chem.value))
        const q = text(`mh-items-q-${i}`, r.q, 'number')
        q.step = 'any'
        q.addEventListener('input', () => (r.q = q.value))
        return h(
          'div',
          { style: 'display:grid;grid-template-columns:2fr 1fr;gap:6px' },
          ff.row(`items.${i}.chemical`, tx('chemical'), chem),
          ff.row(`items.${i}.q_t`, tx('quantity'), q),
        )
      }),
    )
  draw()
  return formShell(
    'mh-items',
    ff,
    [
      h('div', { class: 'muted', style: 'font-size:12px' }, tx('itemsNote')),
      box,
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'mh-items-add',
          onclick: () => {
            rows.push({ chemical: '', q: '' })
            draw()
          },
        },
        tx('addRow'),
      ),
    ],
    async () => {
      const next = await api.setItems(u.id, bodyOf(itemsBody(rows)))
      saved(next, regradedLine(u, next))
    },
    cancel,
  )
}

function responsiblesForm(u: MhUnitDetail, api: CardApi, saved: Saved, cancel: () => void) {
  const ff = fieldForm('mh-resp')
  const start = personFields(u)
  const inputs = {} as Record<MhRole, Record<keyof PersonFields, HTMLInputElement>>
  const groups = mhRoles.map((role) => {
    const v = start[role]
    const mk = (k: keyof PersonFields, type = 'text') => text(`mh-resp-${role}-${k}`, v[k], type)
    inputs[role] = {
      person_name: mk('person_name'),
      position: mk('position'),
      phone: mk('phone', 'tel'),
      interval_days: mk('interval_days', 'number'),
    }
    const i = inputs[role]
    return h(
      'fieldset',
      { 'data-role': role, style: 'border:1px solid rgba(120,170,220,.25);margin:4px 0;padding:4px 8px' },
      h('legend', {}, txAny(role)),
      h(
        'div',
        { style: 'display:grid;grid-template-columns:repeat(4,1fr);gap:6px' },
        ff.row(`${role}.person_name`, tx('personName'), i.person_name),
        ff.row(`${role}.position`, tx('position'), i.position),
        ff.row(`${role}.phone`, tx('phone'), i.phone),
        ff.row(`${role}.interval_days`, tx('intervalDays'), i.interval_days),
      ),
    )
  })
  return formShell(
    'mh-resp',
    ff,
    [...groups, h('div', { class: 'muted', style: 'font-size:12px' }, tx('defaultsNote'))],
    async () => {
      const values = Object.fromEntries(
        mhRoles.map((r) => [
          r,
          Object.fromEntries(Object.entries(inputs[r]).map(([k, el]) => [k, el.value])) as PersonFields,
        ]),
      ) as Record<MhRole, PersonFields>
      const next = await api.setResponsibles(u.id, bodyOf(responsiblesBody(values)))
      saved(next, `${tx('saved')}：${next.responsibles.map((p) => p.person_name).join(' / ')}`)
    },
    cancel,
  )
}

function registerForm(u: MhUnitDetail, api: CardApi, saved: Saved, cancel: () => void) {
  const ff = fieldForm('mh-reg')
  const recordNo = text('mh-reg-record_no', u.record_no ?? '')
  const day = text('mh-reg-registered_on', parkDay(Date.now()), 'date')
  return formShell(
    'mh-reg',
    ff,
    [
      h(
        'div',
        { class: 'muted' },
        `${tx('registerNote')}：${gradeLabel(u.assessment.grade, getLocale(), tx('notMajor'))}（R = ${num(u.assessment.R)}）`,
      ),
      ff.row('record_no', tx('recordNo'), recordNo),
      ff.row('registered_on', tx('registeredOn'), day),
    ],
    async () => {
      const next = await api.register(
        u.id,
        registerBody({ record_no: recordNo.value, registered_on: day.value }),
      )
      saved(
        next,
        `${tx('saved')}：${gradeLabel(next.registered_grade, getLocale(), tx('notMajor'))} · ${next.record_no ?? ''}`,
      )
    },
    cancel,
  )
}

type FormKind = 'check' | 'inventory' | 'responsibles' | 'register'

/**
 * The maintenance bar of the card: one button per form (a form opens under the bar, one at a time) and the note
 * of the last save (`mh-card-note`).
 */
export function maintainBlock(u: MhUnitDetail, api: CardApi, saved: Saved, note: string): HTMLElement {
  const slot = h('div', { 'data-testid': 'mh-form-slot' })
  const close = () => slot.replaceChildren()
  const forms: Record<FormKind, () => HTMLFormElement> = {
    check: () => checkForm(u, api, saved, close),
    inventory: () =>
      u.asset_kind === 'tank_farm'
        ? tankInventoryForm(u, api, saved, close)
        : itemsForm(u, api, saved, close),
    responsibles: () => responsiblesForm(u, api, saved, close),
    register: () => registerForm(u, api, saved, close),
  }
  const label: Record<FormKind, string> = {
    check: tx('actCheck'),
    inventory: tx('actInventory'),
    responsibles: tx('actResponsibles'),
    register: tx('actRegister'),
  }
  return h(
    'div',
    { 'data-testid': 'mh-maintain', style: 'margin:6px 0' },
    h(
      'div',
      { style: 'display:flex;flex-wrap:wrap;gap:6px;align-items:center' },
      h('span', { class: 'muted' }, `${tx('maintain')}：`),
      (Object.keys(forms) as FormKind[]).map((k) =>
        h(
          'button',
          { type: 'button', 'data-testid': `mh-act-${k}`, onclick: () => slot.replaceChildren(forms[k]()) },
          label[k],
        ),
      ),
    ),
    note ? h('div', { 'data-testid': 'mh-card-note', style: 'color:#52c41a;margin-top:4px' }, note) : null,
    slot,
  )
}
