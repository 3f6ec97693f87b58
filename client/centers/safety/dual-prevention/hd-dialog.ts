import {
  hdCategories,
  hdGrades,
  type HdAction,
  type HdEvent,
  type HiddenDangerDetail,
  type PhotoStage,
} from '../../../../server/contracts/hidden-dangers'
import type { RiskPoint } from '../../../../server/contracts/risk'
import { hiddenDangersApi, type HiddenDangersApi } from '../../../api/hidden-dangers.api'
import { riskApi } from '../../../api/risk.api'
import { h } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { pick } from '../../../shell/i18n/i18n'
import { hdColour, stepBody, stepFields, type FieldKind } from './dual-model'
import { tx, type DualTextKey } from './dual-texts'

const fieldText: Record<string, DualTextKey> = {
  owner: 'owner',
  deadline: 'deadline',
  requirement: 'requirement',
  grade: 'grade',
  note: 'note',
  rectification: 'rectification',
  reason: 'reason',
  listing_ref: 'listingRef',
  goal: 'goal',
  measures: 'planMeasures',
  funds_wan_yuan: 'funds',
  people: 'people',
  safety_measures: 'safetyMeasures',
  contingency: 'contingency',
  application_ref: 'applicationRef',
  applied_on: 'appliedOn',
  regulator: 'regulator',
  approval_ref: 'approvalRef',
  approved_on: 'approvedOn',
}
const sourceText: Record<string, DualTextKey> = {
  self_check: 'self_check',
  park_inspection: 'park_inspection',
  regulator: 'regulator_src',
  report: 'report_src',
}

const errText = (err: unknown) => `${tx('failed')}: ${err instanceof Error ? err.message : String(err)}`
const label = (text: string, input: HTMLElement) =>
  h('label', { style: 'display:block;margin:4px 0' }, h('div', { class: 'muted' }, text), input)

function input(
  name: string,
  kind: FieldKind,
  prefix: string,
): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  const testid = `${prefix}-${name}`
  if (kind === 'area') return h('textarea', { name, rows: 2, 'data-testid': testid, style: 'width:100%' })
  if (kind === 'grade')
    return h(
      'select',
      { name, 'data-testid': testid },
      h('option', { value: '' }, '—'),
      hdGrades.map((g) => h('option', { value: g }, tx(g))),
    ) as HTMLSelectElement
  return h('input', {
    name,
    type: kind === 'number' ? 'number' : kind === 'date' ? 'date' : 'text',
    'data-testid': testid,
    style: 'width:100%',
  }) as HTMLInputElement
}

function kv(rows: [string, string | null | undefined][]): HTMLElement {
  return h(
    'dl',
    { class: 'kv' },
    rows.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]),
  )
}

function eventLine(e: HdEvent): HTMLElement {
  return h(
    'li',
    { 'data-action': e.action },
    h('b', {}, tx(`act_${e.action}` as DualTextKey)),
    ` · ${e.at.slice(0, 16).replace('T', ' ')} · ${e.actor}`,
    e.from_state !== e.to_state ? ` → ${tx(e.to_state)}` : '',
    e.note ? h('div', { class: 'muted' }, e.note) : null,
  )
}

/**
 * The detail dialog of a hidden danger: its facts, governance plan and closing approval, photos (with upload to
 * the stages open to the caller), the timeline, and one button per step the server says the signed-in role may
 * take now; a step opens its small form, and the server's refusal (400/403/409) is shown as it says it.
 */
export function openHdDialog(
  id: string,
  opts: { onChanged?: (d: HiddenDangerDetail) => void; api?: HiddenDangersApi } = {},
): { close(): void } {
  const api = opts.api ?? hiddenDangersApi
  const dlg = openDialog({ title: tx('hidden'), testid: 'hd-dialog', width: 'min(820px,94vw)' })
  dlg.body.replaceChildren(h('div', { class: 'muted' }, tx('loading')))
  const status = h('div', { class: 'muted', 'data-testid': 'hd-status' })

  const stepForm = (d: HiddenDangerDetail, action: HdAction, slot: HTMLElement) => {
    const inputs = stepFields(action, d.grade).map(
      ([name, kind]) => [name, input(name, kind, `hd-step-${action}`)] as const,
    )
    const submit = h(
      'button',
      { type: 'submit', 'data-testid': 'hd-step-submit' },
      tx(`act_${action}` as DualTextKey),
    )
    slot.replaceChildren(
      h(
        'form',
        {
          'data-testid': `hd-step-${action}`,
          onsubmit: ((ev: Event) => {
            ev.preventDefault()
            submit.setAttribute('disabled', '')
            const values = Object.fromEntries(inputs.map(([n, el]) => [n, el.value]))
            api.step(d.id, stepBody(action, d.grade, values)).then(
              (next) => {
                status.textContent = ''
                opts.onChanged?.(next)
                render(next)
              },
              (err: unknown) => {
                submit.removeAttribute('disabled')
                status.textContent = errText(err)
              },
            )
          }) as EventListener,
        },
        action === 'verify' && d.grade === 'major'
          ? h('div', { class: 'section-title' }, tx('approval'))
          : null,
        action === 'plan' ? h('div', { class: 'section-title' }, tx('governancePlan')) : null,
        inputs.map(([name, el]) => label(tx(fieldText[name] ?? 'note'), el)),
        h(
          'div',
          { style: 'display:flex;gap:8px;margin-top:6px' },
          submit,
          h('button', { type: 'button', onclick: () => slot.replaceChildren() }, tx('cancel')),
        ),
      ),
    )
  }

  const photoBlock = (d: HiddenDangerDetail) => {
    const stage = h(
      'select',
      { 'data-testid': 'hd-photo-stage' },
      d.photo_stages.map((s) =>
        h('option', { value: s }, s === 'finding' ? tx('finding') : tx('rectificationPhoto')),
      ),
    ) as HTMLSelectElement
    const file = h('input', {
      type: 'file',
      accept: '.jpg,.jpeg,.png,.webp',
      'data-testid': 'hd-photo-file',
    }) as HTMLInputElement
    const upload = h(
      'button',
      {
        type: 'button',
        'data-testid': 'hd-photo-upload',
        onclick: () => {
          const f = file.files?.[0]
          if (!f) return
          status.textContent = tx('loading')
          api.upload(d.id, stage.value as PhotoStage, f, f.name).then(
            (next) => {
              status.textContent = ''
              opts.onChanged?.(next)
              render(next)
            },
            (err: unknown) => {
              status.textContent = errText(err)
            },
          )
        },
      },
      tx('addPhoto'),
    )
    return [
      h('div', { class: 'section-title' }, `${tx('photos')} (${d.photos.length})`),
      h(
        'div',
        { 'data-testid': 'hd-photos', style: 'display:flex;flex-wrap:wrap;gap:6px' },
        d.photos.map((p) =>
          h(
            'a',
            { href: api.photoUrl(d.id, p.id), target: '_blank', rel: 'noopener', title: p.filename },
            h('img', {
              src: api.photoUrl(d.id, p.id),
              alt: p.filename,
              style: 'height:72px;border:1px solid #2a4a6a',
            }),
            h('div', { class: 'muted' }, p.stage === 'finding' ? tx('finding') : tx('rectificationPhoto')),
          ),
        ),
      ),
      d.photo_stages.length
        ? h(
            'div',
            { style: 'display:flex;gap:6px;align-items:center;margin-top:4px' },
            stage,
            file,
            upload,
            h('span', { class: 'muted' }, tx('photoHint')),
          )
        : null,
    ]
  }

  function render(d: HiddenDangerDetail) {
    const slot = h('div', { 'data-testid': 'hd-step-slot' })
    const plan = d.governance_plan
    const appr = d.regulator_approval
    dlg.setTitle(`${tx('hidden')} · ${d.id}`)
    const parts: (HTMLElement | null)[] = [
      h(
        'div',
        { style: 'display:flex;gap:8px;align-items:center' },
        h('span', {
          class: 'swatch',
          style: `background:${hdColour(d)};width:10px;height:10px;display:inline-block`,
        }),
        h('b', {}, d.title),
      ),
      h(
        'div',
        { class: 'muted', 'data-testid': 'hd-meta' },
        [
          tx(d.grade),
          tx(d.state),
          d.enterprise_name,
          tx(d.category),
          tx(sourceText[d.source] ?? 'other'),
          d.overdue ? `⚠ ${tx('overdue')}` : null,
          d.listed_at ? `${tx('listed')} ${d.listing_ref ?? ''}` : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      kv([
        [tx('description'), d.description],
        [tx('location'), d.location],
        [tx('owner'), d.owner],
        [tx('deadline'), d.deadline],
        [tx('requirement'), d.requirement],
        [tx('rectification'), d.rectification],
      ]),
      plan ? h('div', { class: 'section-title' }, tx('governancePlan')) : null,
      plan
        ? kv([
            [tx('goal'), plan.goal],
            [tx('planMeasures'), plan.measures],
            [tx('funds'), String(plan.funds_wan_yuan)],
            [tx('people'), plan.people],
            [tx('planDeadline'), plan.deadline],
            [tx('safetyMeasures'), plan.safety_measures],
            [tx('contingency'), plan.contingency],
          ])
        : null,
      appr ? h('div', { class: 'section-title' }, tx('approval')) : null,
      appr
        ? kv([
            [tx('applicationRef'), `${appr.application_ref} (${appr.applied_on})`],
            [tx('regulator'), appr.regulator],
            [tx('approvalRef'), `${appr.approval_ref} (${appr.approved_on})`],
          ])
        : null,
      ...photoBlock(d),
      h('div', { class: 'section-title' }, tx('timeline')),
      h(
        'ol',
        { 'data-testid': 'hd-timeline', style: 'margin:0;padding-left:1.4em' },
        d.events.map(eventLine),
      ),
      h(
        'div',
        { 'data-testid': 'hd-actions', style: 'display:flex;flex-wrap:wrap;gap:6px;margin-top:8px' },
        d.actions.length
          ? d.actions.map((a) =>
              h(
                'button',
                { type: 'button', 'data-action': a, onclick: () => stepForm(d, a, slot) },
                tx(`act_${a}` as DualTextKey),
              ),
            )
          : h('span', { class: 'muted' }, tx('noActions')),
      ),
      slot,
      status,
    ]
    dlg.body.replaceChildren(...parts.filter((x): x is HTMLElement => x !== null))
  }

  api.get(id, dlg.signal).then(render, (err: unknown) => {
    if ((err as { name?: string })?.name === 'AbortError') return
    dlg.body.replaceChildren(h('div', { class: 'muted' }, errText(err)))
  })
  return dlg
}

/**
 * The report form (隐患登记): park staff pick the enterprise, enterprise accounts report their own; an optional
 * risk point (its place becomes the hidden danger's) and an optional finding photo uploaded right after.
 */
export function openReportDialog(opts: {
  enterprises: { id: string; name: string; name_en: string }[]
  /** fixed for an enterprise account */
  enterpriseId: string | null
  onDone?: (d: HiddenDangerDetail) => void
  api?: HiddenDangersApi
}): { close(): void } {
  const api = opts.api ?? hiddenDangersApi
  const dlg = openDialog({ title: tx('report'), testid: 'hd-report' })
  const ent = h(
    'select',
    { name: 'enterprise_id', 'data-testid': 'hd-report-enterprise' },
    opts.enterprises.map((e) =>
      h(
        'option',
        { value: e.id, selected: e.id === opts.enterpriseId },
        `${e.id} ${pick(e.name, e.name_en)}`,
      ),
    ),
  ) as HTMLSelectElement
  if (opts.enterpriseId) ent.setAttribute('disabled', '')
  const title = h('input', {
    name: 'title',
    'data-testid': 'hd-report-title',
    style: 'width:100%',
  }) as HTMLInputElement
  const description = h('textarea', {
    name: 'description',
    rows: 3,
    'data-testid': 'hd-report-description',
    style: 'width:100%',
  })
  const location = h('input', {
    name: 'location',
    'data-testid': 'hd-report-location',
    style: 'width:100%',
  }) as HTMLInputElement
  const grade = h(
    'select',
    { name: 'grade', 'data-testid': 'hd-report-grade' },
    hdGrades.map((g) => h('option', { value: g }, tx(g))),
  ) as HTMLSelectElement
  const category = h(
    'select',
    { name: 'category', 'data-testid': 'hd-report-category' },
    hdCategories.map((c) => h('option', { value: c, selected: c === 'other' }, tx(c))),
  ) as HTMLSelectElement
  const point = h(
    'select',
    { name: 'risk_point_id', 'data-testid': 'hd-report-point' },
    h('option', { value: '' }, '—'),
  ) as HTMLSelectElement
  const file = h('input', {
    type: 'file',
    accept: '.jpg,.jpeg,.png,.webp',
    'data-testid': 'hd-report-photo',
  }) as HTMLInputElement
  const status = h('div', { class: 'muted', 'data-testid': 'hd-report-status' })
  const submit = h('button', { type: 'submit', 'data-testid': 'hd-report-submit' }, tx('save'))
  const loadPoints = () => {
    riskApi.points({ enterprise: ent.value }, dlg.signal).then(
      (ps: RiskPoint[]) =>
        point.replaceChildren(
          h('option', { value: '' }, '—'),
          ...ps.map((p) => h('option', { value: p.id }, pick(p.name, p.name_en))),
        ),
      () => undefined,
    )
  }
  ent.addEventListener('change', loadPoints)
  loadPoints()
  const form = h(
    'form',
    {
      onsubmit: ((ev: Event) => {
        ev.preventDefault()
        submit.setAttribute('disabled', '')
        status.textContent = tx('loading')
        const f = file.files?.[0]
        api
          .report({
            ...(opts.enterpriseId ? {} : { enterprise_id: ent.value }),
            title: title.value,
            description: description.value,
            ...(location.value.trim() ? { location: location.value.trim() } : {}),
            grade: grade.value as 'general' | 'major',
            category: category.value as (typeof hdCategories)[number],
            ...(point.value ? { risk_point_id: point.value } : {}),
          })
          .then(
            (d) => {
              const done = (x: HiddenDangerDetail) => {
                dlg.close()
                opts.onDone?.(x)
              }
              if (!f) return done(d)
              // the record exists: a refused photo is retried from its detail dialog, never by reporting again
              api.upload(d.id, 'finding', f, f.name).then(done, () => {
                done(d)
                openHdDialog(d.id, { api })
              })
            },
            (err: unknown) => {
              submit.removeAttribute('disabled')
              status.textContent = errText(err)
            },
          )
      }) as EventListener,
    },
    label(tx('enterprise'), ent),
    label(tx('title'), title),
    label(tx('description'), description),
    label(tx('location'), location),
    label(tx('grade'), grade),
    label(tx('category'), category),
    label(tx('riskPoint'), point),
    label(`${tx('finding')} (${tx('photoHint')})`, file),
    h(
      'div',
      { style: 'display:flex;gap:8px;margin-top:6px' },
      submit,
      h('button', { type: 'button', onclick: () => dlg.close() }, tx('cancel')),
    ),
    status,
  )
  dlg.body.replaceChildren(form)
  return dlg
}
