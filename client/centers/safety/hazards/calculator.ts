import type { MhAssessment } from '../../../../server/contracts/hazards'
import { ApiError } from '../../../api/api-error'
import { hazardsApi, type HazardsApi } from '../../../api/hazards.api'
import { h } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { pick } from '../../../shell/i18n/i18n'
import { gradeBadge } from './hazard-card'
import { tx } from './hazard-texts'
import { calcFormField, calcRequest, num, type CalcRow } from './hazards-model'

// The GB 18218 grading calculator (分级计算器): chemicals by name or CAS with their quantities and the people within
// 500 m; the server computes S, R, α and the grade (POST /api/v1/hazards/grade) and shows each chemical's share.

export function openCalculator(api: Pick<HazardsApi, 'grade'> = hazardsApi): void {
  const dlg = openDialog({ title: tx('calcTitle'), testid: 'mh-calculator' })
  const rows: CalcRow[] = [
    { chemical: '二氧化硫', q: '200' },
    { chemical: '', q: '' },
  ]
  let exposed = '60'
  const out = h('div', { 'data-testid': 'mh-calc-result', style: 'margin-top:8px' })
  const input = (value: string, testid: string, onInput: (v: string) => void, width = '14em') =>
    h('input', {
      value,
      'data-testid': testid,
      style: `width:${width};margin:2px 6px 2px 0`,
      oninput: ((e: Event) => onInput((e.target as HTMLInputElement).value)) as EventListener,
    })
  const form = h('div', {})
  /** a refusal (ours or the server's) shown under the row its field names; null: none */
  let problem: { field: string; message: string } | null = null
  const errorLine = (message: string) =>
    h(
      'div',
      { 'data-testid': 'mh-calc-error', role: 'alert', style: 'color:#ff4d4f;font-size:12px' },
      message,
    )
  const errorFor = (prefix: string) =>
    problem && (problem.field === prefix || problem.field.startsWith(`${prefix}.`))
      ? errorLine(problem.message)
      : null
  const draw = () =>
    form.replaceChildren(
      ...rows.map((r, i) =>
        h(
          'div',
          { 'data-row': String(i) },
          input(r.chemical, `mh-calc-chemical-${i}`, (v) => (r.chemical = v)),
          input(r.q, `mh-calc-q-${i}`, (v) => (r.q = v), '7em'),
          errorFor(`items.${i}`),
        ),
      ),
      h(
        'div',
        {},
        h('span', { class: 'muted' }, `${tx('exposed')}：`),
        input(exposed, 'mh-calc-exposed', (v) => (exposed = v), '6em'),
        errorFor('exposed_people'),
      ),
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'mh-calc-add',
          onclick: () => {
            rows.push({ chemical: '', q: '' })
            draw()
          },
        },
        tx('addRow'),
      ),
      h(
        'button',
        { type: 'button', 'data-testid': 'mh-calc-run', style: 'margin-left:8px', onclick: run },
        tx('compute'),
      ),
    )
  const show = (a: MhAssessment) =>
    out.replaceChildren(
      h('div', {}, `${tx('grade')}：`, gradeBadge({ assessment: a })),
      h('div', { 'data-testid': 'mh-calc-S' }, `${tx('S')} = ${num(a.S)}`),
      h('div', { 'data-testid': 'mh-calc-R' }, `${tx('R')} = ${num(a.R)}`),
      h('div', {}, `${tx('alpha')} = ${a.alpha}`),
      ...a.items.map((i) =>
        h(
          'div',
          { class: 'muted', style: 'font-size:12px' },
          `${pick(i.name, i.name_en)}: q=${num(i.q_t)} t, Q=${i.Q_t ?? '—'} t, β=${i.beta ?? '—'}, q/Q=${num(i.ratio)}${i.unconfirmed ? ` (${tx('unconfirmed')})` : ''}`,
        ),
      ),
    )
  const refuse = (field: string, message: string) => {
    problem = { field, message }
    draw()
    // a field no row holds (the list as a whole): under the form
    out.replaceChildren(...(form.querySelector('[data-testid="mh-calc-error"]') ? [] : [errorLine(message)]))
  }
  function run() {
    const b = calcRequest(rows, exposed)
    if (!b.ok) return refuse(b.field, `${b.field}: ${b.message}`)
    api.grade(b.body, dlg.signal).then(
      (a) => {
        problem = null
        draw()
        show(a)
      },
      (err: unknown) => {
        if ((err as { name?: string })?.name === 'AbortError') return
        if (err instanceof ApiError) refuse(calcFormField(err.field ?? '', rows), err.message)
        else refuse('', tx('failed'))
      },
    )
  }
  draw()
  dlg.body.replaceChildren(form, out)
}
