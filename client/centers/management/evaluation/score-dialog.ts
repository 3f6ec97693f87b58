import type { DocumentSummary } from '../../../../server/contracts/documents'
import type { EvaluationDetail, ItemScore } from '../../../../server/contracts/evaluation'
import { documentsApi } from '../../../api/documents.api'
import type { EvaluationApi } from '../../../api/evaluation.api'
import { h, mountChildren } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { tx } from './eval-texts'
import { parseScore, pts } from './evaluation.model'

type ScoreApi = Pick<EvaluationApi, 'score'>
type DocsApi = { search: (q: { enterprise: 'park' }, signal?: AbortSignal) => Promise<DocumentSummary[]> }

const field = (label: string, input: HTMLElement) =>
  h('label', { style: 'display:block;margin:6px 0' }, h('div', { class: 'muted small' }, label), input)

/**
 * The scoring form of one item of a draft: option (or score for a deduction rule), finding, advice, the
 * next-year plan (measure, owner, deadline) and evidence documents of the park's document store.
 */
export function openScoreDialog(
  year: number,
  item: ItemScore,
  onSaved: (d: EvaluationDetail) => void,
  api: ScoreApi,
  docs: DocsApi = documentsApi,
) {
  const dlg = openDialog({ title: `${item.item_no} ${item.content}`, testid: 'eval-score-dialog' })
  const s = item.scoring
  const option =
    s.method === 'options'
      ? (h(
          'select',
          { 'data-testid': 'eval-score-option' },
          h('option', { value: '' }, `— ${tx('notScored')} —`),
          s.options.map((o) =>
            h(
              'option',
              { value: o.key, selected: o.key === item.option_key },
              `${pts(o.points)} · ${o.condition}`,
            ),
          ),
        ) as HTMLSelectElement)
      : null
  const score =
    s.method === 'deduction'
      ? (h('input', {
          type: 'text',
          inputmode: 'decimal',
          value: item.score === null ? '' : pts(item.score),
          'data-testid': 'eval-score-value',
        }) as HTMLInputElement)
      : null
  const area = (v: string | null, testid: string) =>
    h('textarea', { rows: 2, style: 'width:100%', 'data-testid': testid }, v ?? '') as HTMLTextAreaElement
  const finding = area(item.finding, 'eval-score-finding')
  const advice = area(item.advice, 'eval-score-advice')
  const measure = area(item.plan_measure, 'eval-score-measure')
  const owner = h('input', {
    type: 'text',
    value: item.plan_owner ?? '',
    'data-testid': 'eval-score-owner',
  }) as HTMLInputElement
  const deadline = h('input', {
    type: 'date',
    value: item.plan_deadline ?? '',
    'data-testid': 'eval-score-deadline',
  }) as HTMLInputElement
  const chosen = new Set(item.evidence.map((e) => e.document_id))
  const evidence = h(
    'div',
    { 'data-testid': 'eval-score-evidence' },
    h('div', { class: 'muted' }, tx('loading')),
  )
  docs.search({ enterprise: 'park' }, dlg.signal).then(
    (list) => {
      const known = new Set(list.map((d) => d.id))
      const extra = item.evidence.filter((e) => !known.has(e.document_id))
      evidence.replaceChildren(
        ...[
          ...list.map((d) => ({ id: d.id, title: d.title })),
          ...extra.map((e) => ({ id: e.document_id, title: e.title })),
        ].map((d) => {
          const box = h('input', {
            type: 'checkbox',
            checked: chosen.has(d.id),
            value: d.id,
          }) as HTMLInputElement
          box.addEventListener('change', () => (box.checked ? chosen.add(d.id) : chosen.delete(d.id)))
          return h('label', { style: 'display:block' }, box, ' ', d.title)
        }),
      )
    },
    () => !dlg.signal.aborted && evidence.replaceChildren(h('div', { class: 'muted' }, tx('unavailable'))),
  )
  const status = h('div', { class: 'muted', 'data-testid': 'eval-score-status' })
  const save = () => {
    const body: Parameters<ScoreApi['score']>[2] = {
      finding: finding.value.trim() || null,
      advice: advice.value.trim() || null,
      plan_measure: measure.value.trim() || null,
      plan_owner: owner.value.trim() || null,
      plan_deadline: deadline.value || null,
      evidence: [...chosen],
    }
    if (option) {
      if (option.value) body.option_key = option.value
      else body.score = null
    }
    if (score) {
      const v = parseScore(score.value, item.max_points)
      if (v === undefined) {
        status.textContent = tx('badScore', { max: pts(item.max_points) })
        return
      }
      body.score = v
    }
    api.score(year, item.item_id, body).then(
      (d) => {
        onSaved(d)
        dlg.close()
      },
      (err: unknown) => (status.textContent = `${tx('failed')}: ${err instanceof Error ? err.message : ''}`),
    )
  }
  mountChildren(
    dlg.body,
    h(
      'div',
      { class: 'muted small' },
      `${tx('max')} ${pts(item.max_points)} · ${tx('evidenceRequired')}: ${item.evidence_required || '—'}`,
    ),
    option ? field(tx('option'), option) : null,
    score && s.method === 'deduction'
      ? field(`${tx('scoreInput')} · ${tx('deductionRule')}: ${s.rule}`, score)
      : null,
    field(tx('finding'), finding),
    field(tx('advice'), advice),
    field(tx('measure'), measure),
    field(tx('owner'), owner),
    field(tx('deadline'), deadline),
    field(tx('evidence'), evidence),
    h(
      'div',
      { style: 'display:flex;gap:8px;margin-top:8px' },
      h(
        'button',
        { type: 'button', class: 'primary', onclick: save, 'data-testid': 'eval-score-save' },
        tx('save'),
      ),
      h('button', { type: 'button', onclick: () => dlg.close() }, tx('cancel')),
    ),
    status,
  )
  return dlg
}
