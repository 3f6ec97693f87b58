import type { Me } from '../../../server/contracts/auth'
import {
  drillTypes,
  planDomains,
  planKinds,
  planLevels,
  reviewConclusions,
  type PlanDetail,
} from '../../../server/contracts/emergency-plans'
import { ApiError } from '../../api/api-error'
import { emergencyPlansApi, type EmergencyPlansApi } from '../../api/emergency-plans.api'
import type { ParkData } from '../../app/park-data'
import { h } from '../../core/dom'
import { openDialog, type DialogHandle } from '../../shell/dialog'
import { getLocale, pick, type Locale } from '../../shell/i18n/i18n'
import {
  attachableAssets,
  buildDraftPatch,
  buildDrill,
  buildFiling,
  buildNewPlan,
  buildReview,
  buildRevision,
  formFieldOf,
  newDrillForm,
  newFilingForm,
  newPlanForm,
  newReviewForm,
  planActions,
  planFormOf,
  withKind,
  withOwner,
  type DrillForm,
  type FilingForm,
  type FormResult,
  type PlanForm,
  type ReviewForm,
} from './plan-edit-model'
import { openPlanViewer, tp, type PlanTextKey } from './plan-viewer'
import './plan-editor.css'

// The edit side of emergency plans (应急预案): the action bar of the plan viewer and the dialogs that create a plan,
// edit a draft, record the expert review (专家评审) and the filing (备案), start a revision (修订) and record a drill
// (演练). The server's 400 / 409 message is shown next to the field it names, else above the buttons.

const text = {
  'zh-CN': {
    newPlan: '新建预案',
    editPlan: '编辑预案草稿',
    revisePlan: '新修订版本',
    review: '记录专家评审',
    file: '备案',
    drill: '记录演练',
    save: '保存',
    saving: '保存中…',
    cancel: '取消',
    owner: '归属',
    parkOwned: '园区（园区级预案）',
    kind: '预案类型',
    domain: '领域',
    level: '层级',
    title: '标题',
    titleEn: '英文标题',
    interval: '演练周期（月）',
    validTo: '修订期限',
    documentRef: '文号',
    assets: '关联设施',
    assetsHint: '按住 Ctrl / ⌘ 多选；企业预案只能关联本企业设施',
    body: '预案正文（Markdown）',
    reviewDate: '评审日期',
    experts: '评审专家',
    expertsHint: '每行一名：姓名，职称，单位',
    opinions: '评审意见',
    conclusion: '评审结论',
    passed: '通过',
    passed_with_changes: '修改后通过',
    failed: '不通过（保持草稿）',
    filedAt: '备案日期',
    authority: '备案机关',
    validToHint: '留空：备案后三年',
    drilledOn: '演练日期',
    drillType: '演练形式',
    participants: '参演人数',
    note: '备注',
    reviseHint: '新版本为草稿；评审、备案后替代当前版本',
    failedMsg: '保存失败：{msg}',
  },
  en: {
    newPlan: 'New plan',
    editPlan: 'Edit draft',
    revisePlan: 'New revision',
    review: 'Record expert review',
    file: 'File',
    drill: 'Record drill',
    save: 'Save',
    saving: 'Saving…',
    cancel: 'Cancel',
    owner: 'Owner',
    parkOwned: 'The park (park-level plan)',
    kind: 'Kind',
    domain: 'Domain',
    level: 'Level',
    title: 'Title',
    titleEn: 'English title',
    interval: 'Drill every (months)',
    validTo: 'Revise by',
    documentRef: 'Document no.',
    assets: 'Attached assets',
    assetsHint: 'Ctrl / ⌘ to pick several; an enterprise plan attaches its own assets only',
    body: 'Plan text (Markdown)',
    reviewDate: 'Review date',
    experts: 'Experts',
    expertsHint: 'one a line: name, title, organisation',
    opinions: 'Opinions',
    conclusion: 'Conclusion',
    passed: 'Passed',
    passed_with_changes: 'Passed with changes',
    failed: 'Failed (stays a draft)',
    filedAt: 'Filed on',
    authority: 'Filed with',
    validToHint: 'empty: three years after filing',
    drilledOn: 'Drilled on',
    drillType: 'Drill type',
    participants: 'Participants',
    note: 'Note',
    reviseHint: 'the new version is a draft; once reviewed and filed it replaces the current one',
    failedMsg: 'Not saved: {msg}',
  },
} as const satisfies Record<Locale, Record<string, string>>
type EditTextKey = keyof (typeof text)['en']
const tx = (key: EditTextKey, vars: Record<string, string | number> = {}) =>
  text[getLocale()][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''))

/** What the editor needs of the page: who is signed in, the park data (owners, assets), the API, a reload hook. */
export interface PlanEditContext {
  me: () => Me | null
  data: () => ParkData | null
  api?: EmergencyPlansApi
  /** after a write (the plans panel reloads its list) */
  onChanged?: (p: PlanDetail) => void
}

const apiOf = (edit: PlanEditContext) => edit.api ?? emergencyPlansApi

/** The plan viewer with the edit controls this account may use on that plan. */
export function openEditablePlanViewer(id: string, edit: PlanEditContext): { close(): void } {
  return openPlanViewer(id, apiOf(edit), { actions: (p) => planActionBar(p, edit) })
}

/** The buttons under a plan's title: edit / review / file (drafts), revise / drill (the version in force). */
export function planActionBar(p: PlanDetail, edit: PlanEditContext): HTMLElement | null {
  const can = planActions(edit.me(), p)
  const buttons = [
    can.edit && button('plan-action-edit', tx('editPlan'), () => openPlanForm('edit', edit, p)),
    can.review && button('plan-action-review', tx('review'), () => openReviewForm(p, edit)),
    can.file && button('plan-action-file', tx('file'), () => openFilingForm(p, edit)),
    can.revise && button('plan-action-revise', tx('revisePlan'), () => openPlanForm('revise', edit, p)),
    can.drill && button('plan-action-drill', tx('drill'), () => openDrillForm(p, edit)),
  ].filter((b): b is HTMLButtonElement => !!b)
  return buttons.length ? h('div', { class: 'plan-actions', 'data-testid': 'plan-actions' }, buttons) : null
}

function button(testid: string, label: string, onClick: () => void): HTMLButtonElement {
  return h('button', { type: 'button', 'data-testid': testid, onclick: () => onClick() }, label)
}

// ---------------------------------------------------------------- a form in a dialog

interface Field {
  name: string
  label: string
  control: HTMLElement
  hint?: string
  wide?: boolean
}

interface FormView {
  /** shows a message next to a field (null: above the buttons); clears the others */
  error(field: string | null, message: string): void
  busy(on: boolean): void
}

/**
 * The fields, the message line and Save / Cancel in the dialog. Save runs `submit` with the view; the dialog stays
 * open until it succeeds.
 */
function formIn(
  dialog: DialogHandle,
  testid: string,
  fields: Field[],
  submit: (view: FormView) => Promise<void>,
): void {
  const errors = new Map<string, HTMLElement>()
  const rows = fields.map((f) => {
    const err = h('span', { class: 'plan-field-error', 'data-testid': `plan-error-${f.name}` })
    errors.set(f.name, err)
    return h(
      'label',
      { class: f.wide ? 'plan-field wide' : 'plan-field', 'data-field': f.name },
      h('span', { class: 'k' }, f.label),
      f.control,
      f.hint ? h('span', { class: 'hint' }, f.hint) : null,
      err,
    )
  })
  const message = h('div', { class: 'plan-form-message', 'data-testid': 'plan-form-message' })
  const save = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'plan-form-submit' },
    tx('save'),
  )
  const cancel = h(
    'button',
    { type: 'button', 'data-testid': 'plan-form-cancel', onclick: () => dialog.close() },
    tx('cancel'),
  )
  const view: FormView = {
    error(field, text) {
      for (const [name, el] of errors) {
        el.textContent = name === field ? text : ''
        el.closest('.plan-field')?.classList.toggle('invalid', name === field)
      }
      message.textContent = field && errors.has(field) ? '' : text
    },
    busy(on) {
      save.disabled = on
      save.textContent = on ? tx('saving') : tx('save')
    },
  }
  const form = h(
    'form',
    {
      class: 'plan-form',
      'data-testid': testid,
      onsubmit: ((e: Event) => {
        e.preventDefault()
        if (!save.disabled) void submit(view)
      }) as EventListener,
    },
    h('div', { class: 'plan-fields' }, rows),
    message,
    h('div', { class: 'plan-buttons' }, cancel, save),
  )
  dialog.body.replaceChildren(form)
}

/** Sends a built body; on success reopens the viewer on the saved version, else shows the error at its field. */
async function send<B>(
  view: FormView,
  built: FormResult<B>,
  shown: readonly string[],
  call: (body: B) => Promise<PlanDetail>,
  edit: PlanEditContext,
): Promise<void> {
  if ('field' in built) {
    view.error(shown.includes(built.field) ? built.field : null, built.message)
    return
  }
  view.busy(true)
  try {
    const saved = await call(built.body)
    edit.onChanged?.(saved)
    openEditablePlanViewer(saved.id, edit)
  } catch (err) {
    view.busy(false)
    if (err instanceof ApiError) view.error(formFieldOf(err.field, shown), err.message)
    else view.error(null, tx('failedMsg', { msg: err instanceof Error ? err.message : String(err) }))
  }
}

const input = (value: string, attrs: Record<string, string> = {}, onInput: (v: string) => void) =>
  h('input', {
    value,
    ...attrs,
    oninput: ((e: Event) => onInput((e.target as HTMLInputElement).value)) as EventListener,
  })
const textarea = (value: string, attrs: Record<string, string>, onInput: (v: string) => void) => {
  const el = h('textarea', {
    ...attrs,
    oninput: ((e: Event) => onInput((e.target as HTMLTextAreaElement).value)) as EventListener,
  })
  el.value = value
  return el
}
const select = (
  value: string,
  options: readonly [string, string][],
  attrs: Record<string, string>,
  onChange: (v: string) => void,
) => {
  const el = h(
    'select',
    { ...attrs, onchange: ((e: Event) => onChange((e.target as HTMLSelectElement).value)) as EventListener },
    options.map(([v, label]) => h('option', { value: v }, label)),
  )
  el.value = value
  return el
}
const named = <T extends string>(values: readonly T[], name: (v: T) => string): [string, string][] =>
  values.map((v) => [v, name(v)])

// ---------------------------------------------------------------- create / edit / revise

/**
 * The plan form: create a plan (owner, kind, domain, level fixed at creation), edit a draft, or start a revision
 * of the version in force (text, drill interval, assets carried over and editable).
 */
export function openPlanForm(
  mode: 'create' | 'edit' | 'revise',
  edit: PlanEditContext,
  current: PlanDetail | null,
): DialogHandle {
  const me = edit.me()
  let form: PlanForm = current ? planFormOf(current) : newPlanForm(me)
  const title =
    mode === 'create'
      ? tx('newPlan')
      : mode === 'edit'
        ? `${tx('editPlan')} · ${current!.title}`
        : `${tx('revisePlan')} · ${current!.title} v${current!.version + 1}`
  const dialog = openDialog({ title, testid: 'plan-editor' })
  const fixed = mode !== 'create'
  const data = edit.data()

  const owners: [string, string][] =
    me?.role === 'enterprise_user'
      ? [[me.enterprise_id ?? '', enterpriseName(data, me.enterprise_id ?? '')]]
      : [
          ['', tx('parkOwned')],
          ...(data?.enterprises.features ?? []).map((e): [string, string] => [
            String(e.id),
            `${String(e.id)} ${pick(e.properties.name, e.properties.name_en)}`,
          ]),
        ]
  if (fixed && !owners.some(([v]) => v === form.enterprise_id))
    owners.push([form.enterprise_id, enterpriseName(data, form.enterprise_id)])

  const assetSelect = h('select', {
    multiple: true,
    size: '8',
    'data-testid': 'plan-form-assets',
    onchange: ((e: Event) => {
      form.asset_ids = [...(e.target as HTMLSelectElement).selectedOptions].map((o) => o.value)
    }) as EventListener,
  })
  const fillAssets = () => {
    const choices = attachableAssets(data?.assets.features ?? [], form.enterprise_id || null)
    const byKind = new Map<string, typeof choices>()
    for (const c of choices) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c])
    // attached assets the park data do not list (another tenant's view) stay selectable
    const known = new Set(choices.map((c) => c.id))
    const extra = form.asset_ids.filter((id) => !known.has(id))
    assetSelect.replaceChildren(
      ...[...byKind].map(([kind, list]) =>
        h(
          'optgroup',
          { label: kind },
          list.map((c) => h('option', { value: c.id }, `${c.id} ${pick(c.name, c.name_en)}`)),
        ),
      ),
      ...extra.map((id) => h('option', { value: id }, id)),
    )
    const chosen = new Set(form.asset_ids)
    for (const o of assetSelect.options) o.selected = chosen.has(o.value)
  }
  fillAssets()

  const interval = input(
    form.drill_interval_months,
    { type: 'number', min: '1', max: '12', step: '1', 'data-testid': 'plan-form-interval' },
    (v) => (form.drill_interval_months = v),
  )
  const level = select(
    form.level,
    named(planLevels, (v) => tp(v as PlanTextKey)),
    { 'data-testid': 'plan-form-level' },
    (v) => (form.level = v as PlanForm['level']),
  )
  const disable = (el: HTMLInputElement | HTMLSelectElement) => {
    el.disabled = fixed
    return el
  }
  const fields: Field[] = [
    {
      name: 'enterprise_id',
      label: tx('owner'),
      control: disable(
        select(form.enterprise_id, owners, { 'data-testid': 'plan-form-owner' }, (v) => {
          form = withOwner(form, v)
          level.value = form.level
          fillAssets()
        }),
      ),
    },
    {
      name: 'kind',
      label: tx('kind'),
      control: disable(
        select(
          form.kind,
          named(planKinds, (v) => tp(v)),
          { 'data-testid': 'plan-form-kind' },
          (v) => {
            form = withKind(form, v as PlanForm['kind'])
            interval.value = form.drill_interval_months
          },
        ),
      ),
    },
    {
      name: 'domain',
      label: tx('domain'),
      control: disable(
        select(
          form.domain,
          named(planDomains, (v) => tp(v)),
          { 'data-testid': 'plan-form-domain' },
          (v) => (form.domain = v as PlanForm['domain']),
        ),
      ),
    },
    { name: 'level', label: tx('level'), control: disable(level) },
    {
      name: 'title',
      label: tx('title'),
      wide: true,
      control: input(
        form.title,
        { type: 'text', maxlength: '200', 'data-testid': 'plan-form-title' },
        (v) => {
          form.title = v
        },
      ),
    },
    {
      name: 'title_en',
      label: tx('titleEn'),
      wide: true,
      control: input(
        form.title_en,
        { type: 'text', maxlength: '200', 'data-testid': 'plan-form-title-en' },
        (v) => {
          form.title_en = v
        },
      ),
    },
    { name: 'drill_interval_months', label: tx('interval'), control: interval },
    ...(mode === 'revise'
      ? []
      : [
          {
            name: 'valid_to',
            label: tx('validTo'),
            control: input(form.valid_to, { type: 'date', 'data-testid': 'plan-form-valid-to' }, (v) => {
              form.valid_to = v
            }),
          },
          {
            name: 'document_ref',
            label: tx('documentRef'),
            control: input(
              form.document_ref,
              { type: 'text', maxlength: '200', 'data-testid': 'plan-form-document-ref' },
              (v) => (form.document_ref = v),
            ),
          },
        ]),
    { name: 'asset_ids', label: tx('assets'), control: assetSelect, hint: tx('assetsHint'), wide: true },
    {
      name: 'body',
      label: tx('body'),
      wide: true,
      hint: mode === 'revise' ? tx('reviseHint') : undefined,
      control: textarea(form.body, { rows: '8', 'data-testid': 'plan-form-body' }, (v) => (form.body = v)),
    },
  ]
  const shown = fields.map((f) => f.name)
  const api = apiOf(edit)
  formIn(dialog, 'plan-form', fields, (view) =>
    mode === 'create'
      ? send(view, buildNewPlan(form), shown, (b) => api.create(b), edit)
      : mode === 'edit'
        ? send(view, buildDraftPatch(form), shown, (b) => api.patch(current!.id, b), edit)
        : send(view, buildRevision(form), shown, (b) => api.revise(current!.id, b), edit),
  )
  return dialog
}

function enterpriseName(data: ParkData | null, id: string): string {
  const e = data?.enterpriseById.get(id)
  return e ? `${id} ${pick(e.properties.name, e.properties.name_en)}` : id
}

// ---------------------------------------------------------------- review, filing, drill

/** 专家评审: date, experts (one a line), opinions, conclusion; a pass brings the draft to 'reviewed'. */
export function openReviewForm(p: PlanDetail, edit: PlanEditContext): DialogHandle {
  const dialog = openDialog({ title: `${tx('review')} · ${p.title}`, testid: 'plan-editor' })
  const form: ReviewForm = newReviewForm()
  const fields: Field[] = [
    {
      name: 'review_date',
      label: tx('reviewDate'),
      control: input(
        form.date,
        { type: 'date', 'data-testid': 'plan-form-review-date' },
        (v) => (form.date = v),
      ),
    },
    {
      name: 'conclusion',
      label: tx('conclusion'),
      control: select(
        form.conclusion,
        named(reviewConclusions, (v) => tx(v)),
        { 'data-testid': 'plan-form-conclusion' },
        (v) => (form.conclusion = v as ReviewForm['conclusion']),
      ),
    },
    {
      name: 'experts',
      label: tx('experts'),
      hint: tx('expertsHint'),
      wide: true,
      control: textarea(form.experts, { rows: '3', 'data-testid': 'plan-form-experts' }, (v) => {
        form.experts = v
      }),
    },
    {
      name: 'opinions',
      label: tx('opinions'),
      wide: true,
      control: textarea(form.opinions, { rows: '4', 'data-testid': 'plan-form-opinions' }, (v) => {
        form.opinions = v
      }),
    },
  ]
  const shown = fields.map((f) => f.name)
  formIn(dialog, 'plan-form', fields, (view) =>
    send(view, buildReview(form), shown, (b) => apiOf(edit).patch(p.id, b), edit),
  )
  return dialog
}

/** 备案: filing date and authority, revision deadline (default three years on), document number. */
export function openFilingForm(p: PlanDetail, edit: PlanEditContext): DialogHandle {
  const dialog = openDialog({ title: `${tx('file')} · ${p.title}`, testid: 'plan-editor' })
  const form: FilingForm = newFilingForm(p)
  const fields: Field[] = [
    {
      name: 'filed_at',
      label: tx('filedAt'),
      control: input(form.filed_at, { type: 'date', 'data-testid': 'plan-form-filed-at' }, (v) => {
        form.filed_at = v
      }),
    },
    {
      name: 'filing_authority',
      label: tx('authority'),
      control: input(
        form.filing_authority,
        { type: 'text', maxlength: '200', 'data-testid': 'plan-form-authority' },
        (v) => (form.filing_authority = v),
      ),
    },
    {
      name: 'valid_to',
      label: tx('validTo'),
      hint: tx('validToHint'),
      control: input(form.valid_to, { type: 'date', 'data-testid': 'plan-form-valid-to' }, (v) => {
        form.valid_to = v
      }),
    },
    {
      name: 'document_ref',
      label: tx('documentRef'),
      control: input(
        form.document_ref,
        { type: 'text', maxlength: '200', 'data-testid': 'plan-form-document-ref' },
        (v) => (form.document_ref = v),
      ),
    },
  ]
  const shown = fields.map((f) => f.name)
  formIn(dialog, 'plan-form', fields, (view) =>
    send(view, buildFiling(form), shown, (b) => apiOf(edit).patch(p.id, b), edit),
  )
  return dialog
}

/** 演练记录: the day, the form (tabletop / functional / full-scale), participants, a note. */
export function openDrillForm(p: PlanDetail, edit: PlanEditContext): DialogHandle {
  const dialog = openDialog({ title: `${tx('drill')} · ${p.title}`, testid: 'plan-editor' })
  const form: DrillForm = newDrillForm()
  const fields: Field[] = [
    {
      name: 'drilled_on',
      label: tx('drilledOn'),
      control: input(form.drilled_on, { type: 'date', 'data-testid': 'plan-form-drilled-on' }, (v) => {
        form.drilled_on = v
      }),
    },
    {
      name: 'drill_type',
      label: tx('drillType'),
      control: select(
        form.drill_type,
        named(drillTypes, (v) => tp(v)),
        { 'data-testid': 'plan-form-drill-type' },
        (v) => (form.drill_type = v as DrillForm['drill_type']),
      ),
    },
    {
      name: 'participants',
      label: tx('participants'),
      control: input(
        form.participants,
        { type: 'number', min: '1', step: '1', 'data-testid': 'plan-form-participants' },
        (v) => (form.participants = v),
      ),
    },
    {
      name: 'note',
      label: tx('note'),
      wide: true,
      control: textarea(form.note, { rows: '3', maxlength: '2000', 'data-testid': 'plan-form-note' }, (v) => {
        form.note = v
      }),
    },
  ]
  const shown = fields.map((f) => f.name)
  formIn(dialog, 'plan-form', fields, (view) =>
    send(view, buildDrill(form), shown, (b) => apiOf(edit).recordDrill(p.id, b), edit),
  )
  return dialog
}
