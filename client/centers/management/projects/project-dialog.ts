import type { DocumentType } from '../../../../server/contracts/documents'
import {
  projectTypes,
  stageResults,
  supervisedProcesses,
  type ProjectDetail,
  type ProjectStage,
  type ProjectType,
  type StageKind,
} from '../../../../server/contracts/projects'
import { documentsApi } from '../../../api/documents.api'
import { projectsApi, type ProjectsApi } from '../../../api/projects.api'
import { h } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { pick } from '../../../shell/i18n/i18n'
import { projectColour, stageBodyFrom, stageSegments } from './projects.model'
import { stageName, statusName, tx, typeName, type ProjectTextKey } from './project-texts'

const errText = (err: unknown) => `${tx('failed')}: ${err instanceof Error ? err.message : String(err)}`
const label = (text: string, input: HTMLElement) =>
  h('label', { style: 'display:block;margin:4px 0' }, h('div', { class: 'muted' }, text), input)
const stateText = { pending: 'pending', in_progress: 'stageInProgress', completed: 'stageCompleted' } as const
const resultText: Record<string, ProjectTextKey> = {
  passed: 'passed',
  passed_with_conditions: 'passed_with_conditions',
  failed: 'failedResult',
}
/** the document type a stage's upload gets in the store */
const stageDocType: Record<StageKind, DocumentType> = {
  design_review: 'approval',
  construction: 'three_simultaneities',
  trial_run: 'three_simultaneities',
  acceptance: 'acceptance',
}

/** The progress bar of four segments (设计审查 → 施工 → 试生产 → 竣工验收). */
export function progressBar(p: Parameters<typeof stageSegments>[0], testid?: string): HTMLElement {
  return h(
    'div',
    { class: 'stage-bar', 'data-testid': testid, style: 'display:flex;gap:2px;min-width:120px' },
    stageSegments(p).map((s) =>
      h('span', {
        'data-stage': s.stage,
        'data-state': s.overdue ? 'overdue' : s.state,
        title: `${stageName(s.stage)} · ${tx(stateText[s.state])}${s.overdue ? ` · ${tx('trialOverdue')}` : ''}`,
        style: `flex:1;height:8px;background:${s.colour}`,
      }),
    ),
  )
}

function docLink(d: ProjectStage['document']): HTMLElement {
  if (!d) return h('span', { class: 'muted' }, tx('noDocument'))
  return d.version_id
    ? h(
        'a',
        { href: documentsApi.fileUrl(d.id, d.version_id, true), target: '_blank', rel: 'noopener' },
        d.title,
      )
    : h('span', {}, d.title)
}

/**
 * The project dialog: facts, the four stages with their dates, authority, result and document link, and — for the
 * project's editors — one form per stage (with an upload that files the document in the store, owned by the
 * project, and links it). The server's refusal (400/403/409) is shown as it says it.
 */
export function openProjectDialog(
  id: string,
  opts: { onChanged?: (p: ProjectDetail) => void; api?: ProjectsApi; isAdmin?: boolean } = {},
): { close(): void } {
  const api = opts.api ?? projectsApi
  const dlg = openDialog({ title: tx('tab'), testid: 'project-dialog', width: 'min(900px,94vw)' })
  dlg.body.replaceChildren(h('div', { class: 'muted' }, tx('loading')))
  const status = h('div', { class: 'muted', 'data-testid': 'project-status' })
  const done = (p: ProjectDetail) => {
    status.textContent = ''
    opts.onChanged?.(p)
    render(p)
  }

  const stageForm = (p: ProjectDetail, s: ProjectStage, slot: HTMLElement) => {
    const input = (name: string, type: string, value: string | null) =>
      h('input', {
        name,
        type,
        value: value ?? '',
        'data-testid': `stage-${s.stage}-${name}`,
        style: 'width:100%',
      }) as HTMLInputElement
    const fields = {
      planned_start: input('planned_start', 'date', s.planned_start),
      planned_end: input('planned_end', 'date', s.planned_end),
      actual_start: input('actual_start', 'date', s.actual_start),
      actual_end: input('actual_end', 'date', s.actual_end),
      authority: input('authority', 'text', s.authority),
      note: input('note', 'text', s.note),
    }
    const result = h(
      'select',
      { name: 'result', 'data-testid': `stage-${s.stage}-result` },
      h('option', { value: '' }, '—'),
      stageResults.map((r) => h('option', { value: r, selected: s.result === r }, tx(resultText[r]!))),
    ) as HTMLSelectElement
    const docs = [...p.documents]
    if (s.document && !docs.some((d) => d.id === s.document!.id)) docs.unshift(s.document)
    const doc = h(
      'select',
      { name: 'document_id', 'data-testid': `stage-${s.stage}-document` },
      h('option', { value: '' }, tx('noDocument')),
      docs.map((d) => h('option', { value: d.id, selected: s.document_id === d.id }, d.title)),
    ) as HTMLSelectElement
    const file = h('input', {
      type: 'file',
      accept: '.pdf,.jpg,.jpeg,.png,.doc,.docx',
      'data-testid': `stage-${s.stage}-file`,
    }) as HTMLInputElement
    const submit = h('button', { type: 'submit', 'data-testid': 'stage-submit' }, tx('save'))
    const send = (documentId: string) =>
      api
        .setStage(
          p.id,
          s.stage,
          stageBodyFrom({
            ...Object.fromEntries(Object.entries(fields).map(([k, el]) => [k, el.value])),
            result: result.value,
            document_id: documentId,
          }),
        )
        .then(done, (err: unknown) => {
          submit.removeAttribute('disabled')
          status.textContent = errText(err)
        })
    slot.replaceChildren(
      h(
        'form',
        {
          'data-testid': `stage-form-${s.stage}`,
          style: 'display:grid;grid-template-columns:repeat(4,1fr);gap:0 8px',
          onsubmit: ((ev: Event) => {
            ev.preventDefault()
            submit.setAttribute('disabled', '')
            status.textContent = tx('loading')
            const f = file.files?.[0]
            if (!f) return void send(doc.value)
            // the file goes to the document store first (owned by the project), then the stage links it
            documentsApi
              .create(
                {
                  title: `${p.name} · ${stageName(s.stage)} · ${f.name}`.slice(0, 200),
                  doc_type: stageDocType[s.stage],
                  owner_type: 'project',
                  owner_id: p.id,
                  enterprise_id: p.enterprise_id,
                  tags: ['三同时'],
                },
                f,
                f.name,
              )
              .then(
                (d) => send(d.id),
                (err: unknown) => {
                  submit.removeAttribute('disabled')
                  status.textContent = errText(err)
                },
              )
          }) as EventListener,
        },
        label(tx('plannedStart'), fields.planned_start),
        label(tx('plannedEnd'), fields.planned_end),
        label(tx('actualStart'), fields.actual_start),
        label(tx('actualEnd'), fields.actual_end),
        label(tx('authority'), fields.authority),
        label(tx('result'), result),
        label(tx('document'), doc),
        label(tx('uploadDoc'), file),
        h('div', { style: 'grid-column:1/-1' }, label(tx('note'), fields.note)),
        h(
          'div',
          { style: 'grid-column:1/-1;display:flex;gap:8px;margin-top:6px' },
          submit,
          h('button', { type: 'button', onclick: () => slot.replaceChildren() }, tx('cancel')),
        ),
      ),
    )
  }

  function render(p: ProjectDetail) {
    dlg.setTitle(`${tx('tab')} · ${pick(p.name, p.name_en)}`)
    const slot = h('div', { 'data-testid': 'stage-slot' })
    const rows = p.stages.map((s) =>
      h(
        'tr',
        { 'data-stage': s.stage, 'data-state': s.state },
        h('td', {}, h('b', {}, stageName(s.stage))),
        h('td', {}, tx(stateText[s.state])),
        h('td', {}, [s.planned_start, s.planned_end].filter(Boolean).join(' → ') || '—'),
        h('td', {}, [s.actual_start, s.actual_end].filter(Boolean).join(' → ') || '—'),
        h('td', {}, s.authority ?? '—'),
        h('td', {}, s.result ? tx(resultText[s.result]!) : '—'),
        h('td', { 'data-testid': `stage-${s.stage}-doc` }, docLink(s.document)),
        h(
          'td',
          {},
          p.can_edit && p.status !== 'suspended'
            ? h(
                'button',
                {
                  type: 'button',
                  'data-testid': `stage-edit-${s.stage}`,
                  onclick: () => stageForm(p, s, slot),
                },
                tx('edit'),
              )
            : null,
        ),
      ),
    )
    dlg.body.replaceChildren(
      h(
        'div',
        { style: 'display:flex;gap:8px;align-items:center' },
        h('span', {
          class: 'swatch',
          style: `background:${projectColour(p)};width:10px;height:10px;display:inline-block`,
        }),
        h('b', {}, pick(p.name, p.name_en)),
        progressBar(p, 'project-dialog-progress'),
      ),
      h(
        'div',
        { class: 'muted', 'data-testid': 'project-meta' },
        [
          p.id,
          p.enterprise_name,
          typeName(p.project_type),
          statusName(p.status),
          p.hazardous_chemical ? tx('hazardous') : null,
          p.major_hazard ? tx('major') : null,
          p.supervised_processes.length ? p.supervised_processes.join('、') : null,
          p.investment_wan_yuan !== null ? `${p.investment_wan_yuan} 万元` : null,
          p.trial_days !== null ? tx('trialDays', { n: p.trial_days }) : null,
          p.trial_overdue ? `⚠ ${tx('trialOverdue')}` : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      p.description ? h('div', {}, p.description) : '',
      h('div', { class: 'section-title' }, tx('stages')),
      h('div', { class: 'muted' }, tx('trialRule')),
      h(
        'table',
        { class: 'table', 'data-testid': 'project-stages', style: 'width:100%' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [
              '',
              '',
              tx('plannedStart'),
              tx('actualStart'),
              tx('authority'),
              tx('result'),
              tx('document'),
              '',
            ].map((c) => h('th', {}, c)),
          ),
        ),
        h('tbody', {}, rows),
      ),
      slot,
      h('div', { class: 'section-title' }, `${tx('documents')} (${p.documents.length})`),
      h(
        'ul',
        { 'data-testid': 'project-documents', style: 'margin:0;padding-left:1.2em' },
        p.documents.map((d) => h('li', {}, docLink(d))),
      ),
      opts.isAdmin && p.status !== 'completed'
        ? h(
            'div',
            { style: 'margin-top:8px' },
            h(
              'button',
              {
                type: 'button',
                'data-testid': 'project-suspend',
                onclick: () =>
                  api
                    .patch(p.id, { suspended: p.status !== 'suspended' })
                    .then(done, (err: unknown) => (status.textContent = errText(err))),
              },
              p.status === 'suspended' ? tx('resume') : tx('suspend'),
            ),
          )
        : '',
      status,
    )
  }

  api.get(id, dlg.signal).then(render, (err: unknown) => {
    if ((err as { name?: string })?.name === 'AbortError') return
    dlg.body.replaceChildren(h('div', { class: 'muted' }, errText(err)))
  })
  return dlg
}

/** The new-project form: park admins pick the enterprise, enterprise accounts create their own. */
export function openNewProjectDialog(opts: {
  enterprises: { id: string; name: string; name_en: string }[]
  enterpriseId: string | null
  onDone?: (p: ProjectDetail) => void
  api?: ProjectsApi
}): { close(): void } {
  const api = opts.api ?? projectsApi
  const dlg = openDialog({ title: tx('newProject'), testid: 'project-new' })
  const text = (name: string, type = 'text') =>
    h('input', { name, type, 'data-testid': `project-new-${name}`, style: 'width:100%' }) as HTMLInputElement
  const ent = h(
    'select',
    { name: 'enterprise_id', 'data-testid': 'project-new-enterprise' },
    opts.enterprises.map((e) =>
      h(
        'option',
        { value: e.id, selected: e.id === opts.enterpriseId },
        `${e.id} ${pick(e.name, e.name_en)}`,
      ),
    ),
  ) as HTMLSelectElement
  if (opts.enterpriseId) ent.setAttribute('disabled', '')
  const name = text('name')
  const nameEn = text('name_en')
  const type = h(
    'select',
    { name: 'project_type', 'data-testid': 'project-new-type' },
    projectTypes.map((t) => h('option', { value: t }, typeName(t))),
  ) as HTMLSelectElement
  const hazardous = h('input', {
    type: 'checkbox',
    'data-testid': 'project-new-hazardous',
  }) as HTMLInputElement
  const major = h('input', { type: 'checkbox', 'data-testid': 'project-new-major' }) as HTMLInputElement
  const processes = supervisedProcesses.map(
    (pr) => [pr, h('input', { type: 'checkbox', value: pr }) as HTMLInputElement] as const,
  )
  const investment = text('investment', 'number')
  const lon = text('lon', 'number')
  const lat = text('lat', 'number')
  const description = h('textarea', {
    name: 'description',
    rows: 2,
    'data-testid': 'project-new-description',
    style: 'width:100%',
  }) as HTMLTextAreaElement
  const status = h('div', { class: 'muted', 'data-testid': 'project-new-status' })
  const submit = h('button', { type: 'submit', 'data-testid': 'project-new-submit' }, tx('save'))
  dlg.body.replaceChildren(
    h(
      'form',
      {
        onsubmit: ((ev: Event) => {
          ev.preventDefault()
          submit.setAttribute('disabled', '')
          status.textContent = tx('loading')
          const x = lon.value.trim()
          const y = lat.value.trim()
          api
            .create({
              ...(opts.enterpriseId ? {} : { enterprise_id: ent.value }),
              name: name.value,
              ...(nameEn.value.trim() ? { name_en: nameEn.value.trim() } : {}),
              project_type: type.value as ProjectType,
              hazardous_chemical: hazardous.checked,
              major_hazard: major.checked,
              supervised_processes: processes.filter(([, el]) => el.checked).map(([pr]) => pr),
              ...(investment.value.trim() ? { investment_wan_yuan: Number(investment.value) } : {}),
              ...(x && y
                ? { location: { type: 'Point' as const, coordinates: [Number(x), Number(y)] } }
                : {}),
              description: description.value,
            })
            .then(
              (p) => {
                dlg.close()
                opts.onDone?.(p)
              },
              (err: unknown) => {
                submit.removeAttribute('disabled')
                status.textContent = errText(err)
              },
            )
        }) as EventListener,
      },
      label(tx('enterprise'), ent),
      label(tx('name'), name),
      label(tx('nameEn'), nameEn),
      label(tx('type'), type),
      h('label', {}, hazardous, ' ', tx('hazardous')),
      h('label', { style: 'margin-left:12px' }, major, ' ', tx('major')),
      h(
        'fieldset',
        { 'data-testid': 'project-new-processes', style: 'margin:6px 0' },
        h('legend', {}, tx('processes')),
        processes.map(([pr, el]) => h('label', { style: 'margin-right:8px;white-space:nowrap' }, el, pr)),
      ),
      label(tx('investment'), investment),
      label(tx('lon'), lon),
      label(tx('lat'), lat),
      label(tx('description'), description),
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
