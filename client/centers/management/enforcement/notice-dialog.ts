import {
  inspectionKinds,
  penaltyTypes,
  type NoticeAction,
  type NoticeDetail,
  type PenaltyType,
} from '../../../../server/contracts/enforcement'
import { documentsApi } from '../../../api/documents.api'
import { enforcementApi, type EnforcementApi } from '../../../api/enforcement.api'
import { h } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { pick } from '../../../shell/i18n/i18n'
import {
  lines,
  noticeColour,
  noticeStepBody,
  noticeStepFields,
  splitNames,
  type FieldKind,
} from './enforcement.model'
import { tx, type EnforcementTextKey } from './enforcement-texts'

const errText = (err: unknown) => `${tx('failed')}: ${err instanceof Error ? err.message : String(err)}`
const label = (text: string, input: HTMLElement) =>
  h('label', { style: 'display:block;margin:4px 0' }, h('div', { class: 'muted' }, text), input)
const fieldText: Record<string, EnforcementTextKey> = {
  measures: 'measures',
  completed_on: 'completedOn',
  inspected_on: 'inspectedOn',
  inspectors: 'inspectors',
  result: 'result',
  opinion: 'opinion',
  new_deadline: 'newDeadline',
}

function input(name: string, kind: FieldKind, prefix: string): HTMLInputElement | HTMLTextAreaElement {
  const testid = `${prefix}-${name}`
  if (kind === 'area') return h('textarea', { name, rows: 2, 'data-testid': testid, style: 'width:100%' })
  if (kind === 'result')
    return h(
      'select',
      { name, 'data-testid': testid },
      h('option', { value: 'passed' }, tx('passed')),
      h('option', { value: 'failed' }, tx('failedResult')),
    ) as unknown as HTMLInputElement
  return h('input', {
    name,
    type: kind === 'date' ? 'date' : 'text',
    'data-testid': testid,
    style: 'width:100%',
  }) as HTMLInputElement
}

const docLink = (d: { id: string; title: string; version_id: string | null }) =>
  d.version_id
    ? h(
        'a',
        { href: documentsApi.fileUrl(d.id, d.version_id, true), target: '_blank', rel: 'noopener' },
        d.title,
      )
    : h('span', {}, d.title)

/**
 * The workflow dialog of a rectification notice: its items and deadline (overdue highlighted), the rectification
 * records with their evidence links, the re-inspections, and one button per step the server says the signed-in role
 * may take now. Submitting a rectification files the chosen evidence files in the document store (owned by the
 * enterprise) and links them; the server's refusal (400/403/409) is shown as it says it.
 */
export function openNoticeDialog(
  id: string,
  opts: { onChanged?: (n: NoticeDetail) => void; api?: EnforcementApi } = {},
): { close(): void } {
  const api = opts.api ?? enforcementApi
  const dlg = openDialog({ title: tx('notices'), testid: 'notice-dialog', width: 'min(820px,94vw)' })
  dlg.body.replaceChildren(h('div', { class: 'muted' }, tx('loading')))
  const status = h('div', { class: 'muted', 'data-testid': 'notice-status' })

  const stepForm = (n: NoticeDetail, action: NoticeAction, slot: HTMLElement) => {
    const inputs = noticeStepFields(action).map(
      ([name, kind]) => [name, input(name, kind, `notice-step-${action}`)] as const,
    )
    const files =
      action === 'submit'
        ? (h('input', {
            type: 'file',
            multiple: true,
            accept: '.pdf,.jpg,.jpeg,.png,.webp,.doc,.docx',
            'data-testid': 'notice-step-submit-evidence',
          }) as HTMLInputElement)
        : null
    const submit = h('button', { type: 'submit', 'data-testid': 'notice-step-submit' }, tx(`act_${action}`))
    const fail = (err: unknown) => {
      submit.removeAttribute('disabled')
      status.textContent = errText(err)
    }
    slot.replaceChildren(
      h(
        'form',
        {
          'data-testid': `notice-step-${action}`,
          onsubmit: ((ev: Event) => {
            ev.preventDefault()
            submit.setAttribute('disabled', '')
            status.textContent = tx('loading')
            const values = Object.fromEntries(inputs.map(([k, el]) => [k, el.value]))
            // evidence first: each file becomes a document of the enterprise in the store
            const uploads = [...(files?.files ?? [])].map((f) =>
              documentsApi.create(
                {
                  title: `${n.notice_no} 整改证据 · ${f.name}`.slice(0, 200),
                  doc_type: 'other',
                  owner_type: 'enterprise',
                  owner_id: n.enterprise_id,
                  tags: ['整改证据'],
                },
                f,
                f.name,
              ),
            )
            Promise.all(uploads)
              .then((docs) =>
                api.noticeStep(
                  n.id,
                  noticeStepBody(
                    action,
                    values,
                    docs.map((d) => d.id),
                  ),
                ),
              )
              .then((next) => {
                status.textContent = ''
                opts.onChanged?.(next)
                render(next)
              }, fail)
          }) as EventListener,
        },
        inputs.map(([name, el]) => label(tx(fieldText[name] ?? 'note'), el)),
        files ? label(tx('evidence'), files) : '',
        files ? h('div', { class: 'muted' }, tx('evidenceHint')) : '',
        h(
          'div',
          { style: 'display:flex;gap:8px;margin-top:6px' },
          submit,
          h('button', { type: 'button', onclick: () => slot.replaceChildren() }, tx('cancel')),
        ),
      ),
    )
  }

  function render(n: NoticeDetail) {
    const slot = h('div', { 'data-testid': 'notice-step-slot' })
    dlg.setTitle(`${tx('notices')} · ${n.notice_no}`)
    dlg.body.replaceChildren(
      h(
        'div',
        { style: 'display:flex;gap:8px;align-items:center' },
        h('span', {
          class: 'swatch',
          style: `background:${noticeColour(n)};width:10px;height:10px;display:inline-block`,
        }),
        h('b', {}, `${n.enterprise_name} · ${n.notice_no}`),
      ),
      h(
        'div',
        {
          class: n.overdue ? 'overdue' : 'muted',
          'data-testid': 'notice-meta',
          style: n.overdue ? `color:#ff4d4f` : '',
        },
        [
          tx(n.state),
          `${tx('deadline')} ${n.deadline}`,
          n.days_left === null
            ? null
            : n.days_left < 0
              ? tx('daysOver', { n: -n.days_left })
              : tx('daysLeft', { n: n.days_left }),
          n.overdue ? `⚠ ${tx('overdue')}` : null,
          n.sent_back_count ? tx('sentBack', { n: n.sent_back_count }) : null,
          n.closed_on
            ? `${tx('closed')} ${n.closed_on} · ${n.closed_on_time ? tx('onTime') : tx('late')}`
            : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      h(
        'dl',
        { class: 'kv' },
        h('dt', {}, tx('issuedOn')),
        h('dd', {}, `${n.issued_on} · ${n.issued_by}`),
        n.legal_basis ? [h('dt', {}, tx('legalBasis')), h('dd', {}, n.legal_basis)] : '',
        n.inspection_id ? [h('dt', {}, tx('inspection')), h('dd', {}, n.inspection_id)] : '',
      ),
      h(
        'ol',
        { 'data-testid': 'notice-items', style: 'margin:0;padding-left:1.4em' },
        n.items.map((i) => h('li', {}, i)),
      ),
      h('div', { class: 'section-title' }, `${tx('records')} (${n.records.length})`),
      h(
        'ul',
        { 'data-testid': 'notice-records', style: 'margin:0;padding-left:1.2em' },
        n.records.map((r) =>
          h(
            'li',
            { 'data-record': r.id },
            h('b', {}, r.completed_on),
            ` · ${r.submitted_by} · ${r.measures}`,
            h(
              'div',
              {},
              `${tx('evidence')}: `,
              r.evidence.length
                ? r.evidence.flatMap((d, i) => (i ? [' · ', docLink(d)] : [docLink(d)]))
                : h('span', { style: 'color:#ff4d4f' }, tx('none')),
            ),
          ),
        ),
      ),
      h('div', { class: 'section-title' }, `${tx('reinspections')} (${n.reinspections.length})`),
      h(
        'ul',
        { 'data-testid': 'notice-reinspections', style: 'margin:0;padding-left:1.2em' },
        n.reinspections.map((r) =>
          h(
            'li',
            { 'data-result': r.result },
            h('b', {}, `${r.inspected_on} ${r.result === 'passed' ? tx('passed') : tx('failedResult')}`),
            ` · ${r.inspectors.join('、')}${r.opinion ? ` · ${r.opinion}` : ''}`,
          ),
        ),
      ),
      h(
        'div',
        { 'data-testid': 'notice-actions', style: 'display:flex;flex-wrap:wrap;gap:6px;margin-top:8px' },
        n.actions.length
          ? n.actions.map((a) =>
              h(
                'button',
                { type: 'button', 'data-action': a, onclick: () => stepForm(n, a, slot) },
                tx(`act_${a}`),
              ),
            )
          : h('span', { class: 'muted' }, tx('noActions')),
      ),
      slot,
      status,
    )
  }

  api.notice(id, dlg.signal).then(render, (err: unknown) => {
    if ((err as { name?: string })?.name === 'AbortError') return
    dlg.body.replaceChildren(h('div', { class: 'muted' }, errText(err)))
  })
  return dlg
}

type Enterprise = { id: string; name: string; name_en: string }
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

/** A small form dialog: labelled inputs, a save button that calls `save` and shows the server's refusal. */
function formDialog(
  title: string,
  testid: string,
  fields: [string, EnforcementTextKey, HTMLElement][],
  save: (v: Record<string, string>) => Promise<unknown>,
  onDone: () => void,
) {
  const dlg = openDialog({ title, testid })
  const status = h('div', { class: 'muted', 'data-testid': `${testid}-status` })
  const submit = h('button', { type: 'submit', 'data-testid': `${testid}-submit` }, tx('save'))
  dlg.body.replaceChildren(
    h(
      'form',
      {
        onsubmit: ((ev: Event) => {
          ev.preventDefault()
          submit.setAttribute('disabled', '')
          const v = Object.fromEntries(fields.map(([k, , el]) => [k, (el as HTMLInputElement).value]))
          save(v).then(
            () => {
              dlg.close()
              onDone()
            },
            (err: unknown) => {
              submit.removeAttribute('disabled')
              status.textContent = errText(err)
            },
          )
        }) as EventListener,
      },
      fields.map(([, key, el]) => label(tx(key), el)),
      h(
        'div',
        { style: 'display:flex;gap:8px;margin-top:6px' },
        submit,
        h('button', { type: 'button', onclick: () => dlg.close() }, tx('cancel')),
      ),
      status,
    ),
  )
  return dlg
}

const field = (testid: string, type = 'text', value = '') =>
  h('input', { type, value, 'data-testid': testid, style: 'width:100%' }) as HTMLInputElement
const area = (testid: string) =>
  h('textarea', { rows: 3, 'data-testid': testid, style: 'width:100%' }) as HTMLTextAreaElement
const enterpriseSelect = (testid: string, enterprises: Enterprise[]) =>
  h(
    'select',
    { 'data-testid': testid },
    enterprises.map((e) => h('option', { value: e.id }, `${e.id} ${pick(e.name, e.name_en)}`)),
  ) as HTMLSelectElement
const optional = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined)

/** 下达整改指令 (park staff). */
export function openNewNoticeDialog(
  enterprises: Enterprise[],
  onDone: () => void,
  api: EnforcementApi = enforcementApi,
) {
  return formDialog(
    tx('newNotice'),
    'notice-new',
    [
      ['enterprise_id', 'enterprise', enterpriseSelect('notice-new-enterprise', enterprises)],
      ['notice_no', 'noticeNo', field('notice-new-no')],
      ['items', 'items', area('notice-new-items')],
      ['legal_basis', 'legalBasis', field('notice-new-basis')],
      ['issued_on', 'issuedOn', field('notice-new-issued', 'date', today())],
      ['deadline', 'deadline', field('notice-new-deadline', 'date')],
      ['inspection_id', 'inspection', field('notice-new-inspection')],
    ],
    (v) =>
      api.createNotice({
        enterprise_id: v.enterprise_id!,
        notice_no: v.notice_no!,
        items: lines(v.items ?? ''),
        legal_basis: optional(v.legal_basis) ?? null,
        issued_on: v.issued_on!,
        deadline: v.deadline!,
        inspection_id: optional(v.inspection_id) ?? null,
      }),
    onDone,
  )
}

/** 登记检查 (park staff). */
export function openNewInspectionDialog(
  enterprises: Enterprise[],
  onDone: () => void,
  api: EnforcementApi = enforcementApi,
) {
  const kind = h(
    'select',
    { 'data-testid': 'inspection-new-kind' },
    inspectionKinds.map((k) => h('option', { value: k }, tx(k))),
  ) as HTMLSelectElement
  return formDialog(
    tx('newInspection'),
    'inspection-new',
    [
      ['enterprise_id', 'enterprise', enterpriseSelect('inspection-new-enterprise', enterprises)],
      ['inspected_on', 'inspectedOn', field('inspection-new-date', 'date', today())],
      ['inspectors', 'inspectors', field('inspection-new-inspectors')],
      ['kind', 'kind', kind],
      ['findings', 'findings', area('inspection-new-findings')],
      ['legal_basis', 'legalBasis', field('inspection-new-basis')],
      ['issues_found', 'issuesFound', field('inspection-new-issues', 'number', '0')],
    ],
    (v) =>
      api.createInspection({
        enterprise_id: v.enterprise_id!,
        inspected_on: v.inspected_on!,
        inspectors: splitNames(v.inspectors ?? ''),
        kind: v.kind as (typeof inspectionKinds)[number],
        findings: v.findings ?? '',
        legal_basis: optional(v.legal_basis) ?? null,
        issues_found: Number(v.issues_found || 0),
      }),
    onDone,
  )
}

/** 登记处罚 (park admin). */
export function openNewPenaltyDialog(
  enterprises: Enterprise[],
  onDone: () => void,
  api: EnforcementApi = enforcementApi,
) {
  const type = h(
    'select',
    { 'data-testid': 'penalty-new-type' },
    penaltyTypes.map((k) => h('option', { value: k }, tx(k))),
  ) as HTMLSelectElement
  return formDialog(
    tx('newPenalty'),
    'penalty-new',
    [
      ['enterprise_id', 'enterprise', enterpriseSelect('penalty-new-enterprise', enterprises)],
      ['decision_no', 'decisionNo', field('penalty-new-no')],
      ['penalty_type', 'penaltyType', type],
      ['amount_yuan', 'amount', field('penalty-new-amount', 'number')],
      ['legal_basis', 'legalBasis', field('penalty-new-basis')],
      ['facts', 'facts', area('penalty-new-facts')],
      ['decided_on', 'decidedOn', field('penalty-new-date', 'date', today())],
      ['inspection_id', 'inspection', field('penalty-new-inspection')],
    ],
    (v) =>
      api.createPenalty({
        enterprise_id: v.enterprise_id!,
        decision_no: v.decision_no!,
        penalty_type: v.penalty_type as PenaltyType,
        ...(optional(v.amount_yuan) ? { amount_yuan: Number(v.amount_yuan) } : {}),
        legal_basis: v.legal_basis ?? '',
        facts: v.facts ?? '',
        decided_on: v.decided_on!,
        inspection_id: optional(v.inspection_id) ?? null,
      }),
    onDone,
  )
}
