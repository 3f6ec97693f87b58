import {
  gradeColours,
  type EvaluationDetail,
  type EvaluationSummary,
} from '../../../../server/contracts/evaluation'
import { evaluationApi, type EvaluationApi } from '../../../api/evaluation.api'
import { reportsApi } from '../../../api/reports.api'
import { h, mountChildren } from '../../../core/dom'
import type { CenterContext } from '../../center'
import type { WorkbenchTab } from '../../workbench'
import { barList } from '../../widgets'
import { openDocumentViewer } from '../documents/doc-viewer'
import { tx } from './eval-texts'
import { bandRanges, elementBars, itemRows, pts, signed, statusColour, yearChoices } from './evaluation.model'
import { openScoreDialog } from './score-dialog'

type TabApi = Pick<EvaluationApi, 'list' | 'get' | 'create' | 'score' | 'submit' | 'approve' | 'sendBack'>

const section = (title: string, ...body: (Node | string | null)[]) =>
  h('div', { style: 'margin-top:10px' }, h('div', { class: 'section-title' }, title), ...body)

const cellStyle = 'padding:2px 6px;border-bottom:1px solid rgba(255,255,255,.08);vertical-align:top'

/**
 * 年度评估: year picker, grade badge with the thresholds, element scores as bars, every item (click a draft's
 * item to score it: option or score, finding, advice, next-year plan, evidence documents), deductions with advice
 * and plan (一园一策), comparison with last year, submit / approve / send back, and the report as HTML or PDF.
 */
export function evaluationTab(api: TabApi = evaluationApi): WorkbenchTab {
  return {
    id: 'evaluation-annual',
    title: () => tx('annualTab'),
    mount(ctx: CenterContext) {
      const ctrl = new AbortController()
      const role = ctx.store.get().me?.role ?? 'screen'
      const canScore = role === 'park_admin' || role === 'operator'
      const isAdmin = role === 'park_admin'
      const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
      const picker = h('select', { 'data-testid': 'eval-year' }) as HTMLSelectElement
      const bar = h('div', { style: 'display:flex;gap:8px;align-items:center;flex-wrap:wrap' })
      const body = h('div', { 'data-testid': 'eval-body' }, h('div', { class: 'muted' }, tx('loading')))
      const status = h('div', { class: 'muted', 'data-testid': 'eval-status' })
      let list: EvaluationSummary[] = []
      let year = thisYear

      const fail = (err: unknown) => {
        if (ctrl.signal.aborted) return
        status.textContent = `${tx('failed')}: ${err instanceof Error ? err.message : ''}`
      }

      const drawPicker = () => {
        picker.replaceChildren(
          ...yearChoices(list, thisYear).map((y) => {
            const e = list.find((x) => x.year === y)
            const state = e ? `${e.grade} · ${tx(e.status)}` : tx('noEvaluation')
            return h('option', { value: String(y), selected: y === year }, `${y} · ${state}`)
          }),
        )
      }

      const draw = (d: EvaluationDetail) => {
        const idx = list.findIndex((x) => x.year === d.year)
        if (idx >= 0) list[idx] = d
        drawPicker()
        const draft = d.status === 'draft'
        const actions: HTMLElement[] = [
          h(
            'a',
            {
              href: reportsApi.annualUrl(d.year, 'html'),
              target: '_blank',
              rel: 'noopener',
              'data-testid': 'eval-open-html',
            },
            tx('openHtml'),
          ),
          h(
            'a',
            { href: reportsApi.annualUrl(d.year, 'pdf'), download: '', 'data-testid': 'eval-download-pdf' },
            tx('downloadPdf'),
          ),
        ]
        const act = (label: string, testid: string, run: () => Promise<EvaluationDetail>) =>
          h('button', { type: 'button', 'data-testid': testid, onclick: () => run().then(draw, fail) }, label)
        if (draft && canScore) actions.push(act(tx('submit'), 'eval-submit', () => api.submit(d.year)))
        if (d.status === 'submitted' && isAdmin) {
          actions.push(act(tx('approve'), 'eval-approve', () => api.approve(d.year)))
          actions.push(
            act(tx('sendBack'), 'eval-send-back', () => {
              const reason = window.prompt(tx('sendBackReason'))?.trim()
              return reason ? api.sendBack(d.year, reason) : Promise.resolve(d)
            }),
          )
        }
        bar.replaceChildren(picker, ...actions)

        const head = h(
          'div',
          { style: 'display:flex;gap:14px;align-items:center;flex-wrap:wrap' },
          h(
            'span',
            {
              'data-testid': 'eval-grade',
              'data-grade': d.grade,
              style: `background:${gradeColours[d.grade]};color:#fff;font-weight:700;padding:4px 10px;border-radius:4px;font-size:18px`,
            },
            `${d.grade} · ${d.grade_label}`,
          ),
          h(
            'span',
            { 'data-testid': 'eval-total', style: 'font-size:18px;font-weight:700' },
            `${tx('total')} ${pts(d.total_points)} / ${pts(d.max_points)}`,
          ),
          h('span', { class: 'muted' }, `${tx('deducted')} ${pts(d.deduction_points)}`),
          h('span', { class: 'muted' }, tx('scored', { n: d.scored, m: d.item_count })),
          h('span', { style: `color:${statusColour[d.status]}`, 'data-testid': 'eval-state' }, tx(d.status)),
        )
        const bands = h(
          'div',
          { 'data-testid': 'eval-bands', style: 'display:flex;gap:6px;flex-wrap:wrap;margin-top:6px' },
          h('span', { class: 'muted small' }, tx('thresholds')),
          bandRanges(d.bands).map((b) =>
            h(
              'span',
              {
                style: `border:1px solid ${b.colour};padding:0 6px;border-radius:3px;${b.grade === d.grade ? `background:${b.colour};color:#fff` : ''}`,
              },
              `${b.grade} ${b.label} ${b.range}`,
            ),
          ),
        )
        const items = h(
          'table',
          { class: 'table', 'data-testid': 'eval-items', style: 'width:100%;border-collapse:collapse' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [tx('itemNo'), tx('content'), tx('max'), tx('score'), tx('evidence')].map((t) =>
                h('th', { style: cellStyle }, t),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            itemRows(d.items).map((r, i) => {
              const item = d.items[i]!
              return h(
                'tr',
                {
                  'data-testid': 'eval-item',
                  'data-item': r.key,
                  style: draft && canScore ? 'cursor:pointer' : '',
                  title: draft ? '' : tx('readonly'),
                  onclick: () => draft && canScore && openScoreDialog(d.year, item, draw, api),
                },
                h('td', { style: cellStyle }, r.no),
                h(
                  'td',
                  { style: cellStyle },
                  r.content,
                  r.placeholder ? h('span', { style: 'color:#f59e0b' }, ` · ${tx('placeholder')}`) : null,
                ),
                h('td', { style: cellStyle }, r.max),
                h(
                  'td',
                  { style: `${cellStyle};${r.deducted ? 'color:#f87171;font-weight:600' : ''}` },
                  r.score ?? tx('notScored'),
                ),
                h(
                  'td',
                  { style: cellStyle },
                  item.evidence.map((e) =>
                    h(
                      'a',
                      {
                        href: '#',
                        style: 'display:block',
                        onclick: (ev: Event) => {
                          ev.preventDefault()
                          ev.stopPropagation()
                          openDocumentViewer(e.document_id)
                        },
                      },
                      e.title,
                    ),
                  ),
                ),
              )
            }),
          ),
        )
        const deductions = d.deductions.length
          ? h(
              'div',
              { 'data-testid': 'eval-deductions' },
              d.deductions.map((x) =>
                h(
                  'div',
                  {
                    style: 'margin:4px 0;padding:4px 6px;border-left:3px solid #f87171',
                    'data-item': x.item_id,
                  },
                  h('div', {}, `${x.item_no} ${x.content} （−${pts(x.deduction)}）`),
                  h('div', { class: 'muted small' }, `${tx('finding')}: ${x.finding ?? '—'}`),
                  h('div', { class: 'small' }, `${tx('advice')}: ${x.advice ?? '—'}`),
                  h(
                    'div',
                    { class: 'small', 'data-testid': 'eval-plan' },
                    `${tx('plan')}: ${x.plan_measure ?? '—'} · ${tx('owner')} ${x.plan_owner ?? '—'} · ${tx('deadline')} ${x.plan_deadline ?? '—'}`,
                  ),
                ),
              ),
            )
          : h('div', { class: 'muted' }, tx('noDeductions'))
        const c = d.comparison
        const comparison = c
          ? h(
              'div',
              { 'data-testid': 'eval-comparison' },
              h(
                'div',
                {},
                `${c.previous_year}: ${pts(c.previous_total)} (${c.previous_grade}) → ${d.year}: ${pts(d.total_points)} (${d.grade}) · ${tx('change')} ${signed(c.total_change)}`,
              ),
              barList(
                c.elements.map((e) => ({
                  name: e.name,
                  value: Math.abs(e.change ?? 0),
                  text: e.change === null ? '—' : signed(e.change),
                  colour: (e.change ?? 0) < 0 ? '#f87171' : '#22c55e',
                })),
              ),
              h('div', { class: 'muted small' }, tx('worse')),
              c.worse.length
                ? c.worse.map((w) =>
                    h(
                      'div',
                      { 'data-testid': 'eval-worse', style: 'color:#f87171' },
                      `${w.item_no} ${w.content}: ${pts(w.previous)} → ${pts(w.score)} (${signed(w.change)})`,
                    ),
                  )
                : h('div', { class: 'muted' }, tx('noWorse')),
            )
          : h('div', { class: 'muted' }, tx('noPrevious'))
        mountChildren(
          body,
          head,
          bands,
          d.return_reason && d.status === 'draft'
            ? h('div', { style: 'color:#f59e0b' }, tx('returned', { r: d.return_reason }))
            : null,
          d.summary ? h('div', { style: 'margin-top:6px' }, d.summary) : null,
          section(tx('elements'), barList(elementBars(d.elements, tx('placeholder')))),
          h('div', { class: 'muted small', 'data-testid': 'eval-placeholder-note' }, tx('placeholderNote')),
          section(tx('deductions'), deductions),
          section(tx('comparison'), comparison),
          section(tx('items'), items),
        )
      }

      const drawEmpty = (y: number) => {
        drawPicker()
        bar.replaceChildren(picker)
        mountChildren(
          body,
          h('div', { class: 'muted' }, tx('noEvaluation')),
          canScore
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'primary',
                  'data-testid': 'eval-create',
                  onclick: () =>
                    api.create(y).then((d) => {
                      list = [d, ...list.filter((x) => x.year !== y)]
                      draw(d)
                    }, fail),
                },
                tx('create', { year: y }),
              )
            : null,
        )
      }

      const show = (y: number) => {
        year = y
        status.textContent = ''
        if (!list.some((x) => x.year === y)) return drawEmpty(y)
        body.replaceChildren(h('div', { class: 'muted' }, tx('loading')))
        api.get(y, ctrl.signal).then(draw, fail)
      }
      picker.addEventListener('change', () => show(Number(picker.value)))

      api.list(ctrl.signal).then(
        (l) => {
          list = l
          show(l[0]?.year ?? thisYear)
        },
        (err: unknown) => {
          if (!ctrl.signal.aborted) body.replaceChildren(h('div', { class: 'muted' }, tx('unavailable')))
          fail(err)
        },
      )
      return { el: h('div', { class: 'panel-body' }, bar, status, body), destroy: () => ctrl.abort() }
    },
  }
}
