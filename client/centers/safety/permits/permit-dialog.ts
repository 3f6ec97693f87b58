import type { Role } from '../../../../server/contracts/auth'
import {
  gasMeasures,
  gasUnits,
  type GasAnalysisBody,
  type PermitAction,
  type PermitDetail,
} from '../../../../server/contracts/permits'
import { ApiError } from '../../../api/api-error'
import { permitsApi, type PermitsApi } from '../../../api/permits.api'
import { h } from '../../../core/dom'
import { openDialog, type DialogHandle } from '../../../shell/dialog'
import { getLocale } from '../../../shell/i18n/i18n'
import { analysisState, gradeKey, parkClock, permitColour, windowHours, windowText } from './permit-model'
import { tx, txAny } from './permit-texts'

// The permit dialog (作业许可证): the standard's fields, the grade and why, the approvals per level, the gas
// analyses with their age and pass check (the unconfirmed criteria said so), the log, and the actions the caller's
// role may take now (the server's transition table decides; a refusal's message is shown).

function kv(rows: [string, string | null | undefined][]) {
  return h(
    'dl',
    { class: 'kv' },
    rows.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]),
  )
}

const section = (title: string, ...body: (Node | null)[]) =>
  h('div', { style: 'margin-top:10px' }, h('div', { class: 'section-title' }, title), ...body)

const reasonText = (r: { zh: string; en: string }) => (getLocale() === 'en' ? r.en : r.zh)

function analysesTable(p: PermitDetail, maxAge: number): HTMLElement {
  if (!p.analyses.length) return h('div', { class: 'muted' }, tx('none'))
  return h(
    'table',
    { class: 'grid', 'data-testid': 'permit-analyses' },
    h(
      'tr',
      {},
      ...[tx('analysisTime'), tx('point'), tx('substance'), tx('value'), tx('analyst'), tx('age'), ''].map(
        (c) => h('th', {}, c),
      ),
    ),
    ...p.analyses.map((a) => {
      const st = analysisState(a, maxAge)
      const limit =
        a.criterion.max !== undefined
          ? `${a.criterion.min !== undefined ? `${a.criterion.min}–` : '≤ '}${a.criterion.max} ${a.criterion.unit}`
          : ''
      return h(
        'tr',
        { 'data-testid': 'permit-analysis', 'data-passed': String(a.passed) },
        h('td', {}, parkClock(a.taken_at)),
        h('td', {}, a.point),
        h('td', {}, `${a.substance} (${txAny(a.measure)})`),
        h('td', {}, `${a.value} ${a.unit}`, h('span', { class: 'muted' }, ` ${limit}`)),
        h('td', {}, a.analyst),
        h('td', { style: st.fresh ? '' : 'color:#ff8c1a' }, tx('minutes', { n: st.ageMin })),
        h(
          'td',
          { style: `color:${a.passed ? '#35d07f' : '#ff3b3b'}` },
          a.passed ? tx('pass') : tx('fail'),
          a.criterion.unconfirmed ? h('span', { class: 'muted', title: tx('unconfirmed') }, ' *') : null,
        ),
      )
    }),
  )
}

/** The analysis form (time defaults to now). */
function analysisForm(p: PermitDetail, submit: (b: GasAnalysisBody) => Promise<void>): HTMLElement {
  const measure = h(
    'select',
    { 'data-testid': 'analysis-measure' },
    ...gasMeasures.map((m) => h('option', { value: m }, txAny(m))),
  )
  if (p.work_type === 'confined_space') measure.value = 'oxygen'
  const unit = h(
    'select',
    { 'data-testid': 'analysis-unit' },
    ...gasUnits.map((u) => h('option', { value: u }, u)),
  )
  const point = h('input', { 'data-testid': 'analysis-point', placeholder: tx('point') })
  const substance = h('input', { 'data-testid': 'analysis-substance', placeholder: tx('substance') })
  const value = h('input', {
    'data-testid': 'analysis-value',
    type: 'number',
    step: 'any',
    placeholder: tx('value'),
  })
  const lel = h('input', {
    'data-testid': 'analysis-lel',
    type: 'number',
    step: 'any',
    placeholder: tx('lel'),
  })
  const oel = h('input', {
    'data-testid': 'analysis-limit',
    type: 'number',
    step: 'any',
    placeholder: tx('oel'),
  })
  const analyst = h('input', { 'data-testid': 'analysis-analyst', placeholder: tx('analyst') })
  const num = (el: HTMLInputElement) => (el.value.trim() === '' ? null : Number(el.value))
  return h(
    'form',
    {
      'data-testid': 'analysis-form',
      class: 'inline-form',
      style: 'display:flex;flex-wrap:wrap;gap:6px;margin-top:6px',
      onsubmit: ((e: Event) => {
        e.preventDefault()
        void submit({
          taken_at: new Date().toISOString(),
          point: point.value,
          substance: substance.value,
          measure: measure.value as GasAnalysisBody['measure'],
          value: Number(value.value),
          unit: unit.value as GasAnalysisBody['unit'],
          lel_pct: num(lel),
          limit_value: num(oel),
          analyst: analyst.value,
        })
      }) as EventListener,
    },
    measure,
    point,
    substance,
    value,
    unit,
    lel,
    oel,
    analyst,
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'analysis-submit' }, tx('addAnalysis')),
  )
}

/** Inputs an action needs (sign: level + name; accept / start: name; cancel: reason; complete: note). */
function actionButton(
  p: PermitDetail,
  action: PermitAction,
  run: (action: PermitAction, body: Record<string, string>) => Promise<void>,
): HTMLElement {
  const fields: HTMLElement[] = []
  const read: (() => [string, string])[] = []
  if (action === 'sign') {
    const missing = p.required_signatures.filter((l) => !p.signatures.some((s) => s.level === l))
    const level = h(
      'select',
      { 'data-testid': 'sign-level' },
      ...missing.map((l) => h('option', { value: l }, tx(l))),
    )
    fields.push(level)
    read.push(() => ['level', level.value])
  }
  if (action === 'sign' || action === 'accept' || action === 'start') {
    const name = h('input', {
      'data-testid': `${action}-name`,
      placeholder: action === 'start' ? tx('shiftCheck') : tx('name'),
    })
    fields.push(name)
    read.push(() => ['name', name.value.trim()])
  }
  if (action === 'cancel') {
    const reason = h('input', { 'data-testid': 'cancel-reason', placeholder: tx('reason') })
    fields.push(reason)
    read.push(() => ['reason', reason.value.trim()])
  }
  return h(
    'span',
    { style: 'display:inline-flex;gap:4px;margin:0 8px 6px 0' },
    ...fields,
    h(
      'button',
      {
        type: 'button',
        class: action === 'cancel' ? '' : 'primary',
        'data-testid': `permit-action-${action}`,
        onclick: () => {
          const body: Record<string, string> = {}
          for (const r of read) {
            const [k, v] = r()
            if (v) body[k] = v
          }
          void run(action, body)
        },
      },
      tx(`act_${action}`),
    ),
  )
}

export function permitBody(
  p: PermitDetail,
  opts: {
    maxAgeMin: number
    role: Role | null
    act?: (action: PermitAction, body: Record<string, string>) => Promise<void>
    addAnalysis?: (b: GasAnalysisBody) => Promise<void>
    error?: string | null
  },
): HTMLElement {
  const g = gradeKey(p.grade)
  const flags = p.flags.length
    ? h(
        'div',
        { 'data-testid': 'permit-flags', style: 'color:#ff3b3b;margin-bottom:6px' },
        `${tx('flags')}: ${p.flags.map((f) => tx(f)).join('、')}`,
      )
    : null
  const facts = (
    ['fire_explosion_area', 'running_equipment', 'flammable_major_hazard_dike', 'pipe_rack'] as const
  )
    .filter((f) => p.facts[f])
    .map((f) => `${tx(f)}${p.facts.derived?.includes(f) ? tx('derived') : ''}`)
  // without a known role (the details panel), the server's answer says: an account that may act beyond cancel writes
  const writable = opts.role
    ? opts.role === 'park_admin' || opts.role === 'enterprise_user'
    : p.actions.some((a) => a !== 'cancel')
  return h(
    'div',
    { 'data-testid': 'permit-detail', 'data-status': p.status, 'data-permit': p.id },
    flags,
    h(
      'div',
      { style: `font-weight:600;color:${permitColour(p)}` },
      `${tx(p.work_type)}${g ? ` · ${tx(g)}` : ''} · ${txAny(p.status)}`,
    ),
    kv([
      [tx('number'), p.number],
      [tx('enterprise'), p.enterprise_name ?? p.enterprise_id],
      [tx('applicantUnit'), p.applicant_unit],
      [tx('applicant'), p.applicant],
      [tx('gradeWhy'), p.grade_reasons.map(reasonText).join('；')],
      [tx('facts'), facts.join('、')],
      [tx('method'), p.method],
      [tx('content'), p.content],
      [tx('place'), p.place],
      [tx('height_m'), p.height_m === null ? null : String(p.height_m)],
      [
        tx('window'),
        `${windowText(p.window_from, p.window_to)}（${tx('hours', { n: windowHours(p.window_from, p.window_to) })}）`,
      ],
      [tx('responsible'), p.responsible],
      [tx('workers'), p.workers.join('、')],
      [tx('guardian'), p.guardian],
      [tx('hazards'), p.hazards],
      [tx('linked'), p.linked_permits.join('、')],
      [tx('filing'), p.filing ? `${p.filing.id} · ${txAny(p.filing.status)}` : tx('notFiled')],
      [tx('enriched'), p.oxygen_enriched ? '✓' : null],
    ]),
    p.safety_measures.length
      ? section(
          tx('measures'),
          h('ol', {}, ...p.safety_measures.map((m) => h('li', {}, `${m.measure}（${m.confirmed_by}）`))),
        )
      : null,
    section(
      tx('signatures'),
      h(
        'div',
        { class: 'muted' },
        `${tx('required')}: ${p.required_signatures.map((l) => tx(l)).join(' → ')}`,
      ),
      h(
        'ul',
        { 'data-testid': 'permit-signatures' },
        ...p.signatures.map((s) => h('li', {}, `${tx(s.level)}：${s.name} · ${parkClock(s.at)}`)),
      ),
      p.shift_check
        ? h('div', {}, `${tx('shiftCheck')}：${p.shift_check.name} · ${parkClock(p.shift_check.at)}`)
        : null,
      p.acceptance
        ? h('div', {}, `${tx('acceptance')}：${p.acceptance.name} · ${parkClock(p.acceptance.at)}`)
        : null,
    ),
    p.needs_gas_analysis || p.analyses.length
      ? section(
          tx('analyses'),
          analysesTable(p, opts.maxAgeMin),
          p.analyses.some((a) => a.criterion.unconfirmed)
            ? h('div', { class: 'muted' }, `* ${tx('unconfirmed')}`)
            : null,
          writable && opts.addAnalysis && ['applied', 'approved', 'in_work'].includes(p.status)
            ? analysisForm(p, opts.addAnalysis)
            : null,
        )
      : null,
    section(
      tx('events'),
      h(
        'ul',
        { 'data-testid': 'permit-events' },
        ...p.events.map((e) =>
          h(
            'li',
            { style: e.kind === 'gas_alarm' ? 'color:#ff3b3b' : '' },
            `${parkClock(e.at)} ${e.kind === 'gas_alarm' ? tx('gasAlarm') : txAny(`act_${e.kind}`)} ${e.by_user ?? ''}`,
          ),
        ),
      ),
    ),
    opts.error
      ? h('div', { 'data-testid': 'permit-error', style: 'color:#ff3b3b;margin-top:8px' }, opts.error)
      : null,
    opts.act && p.actions.length
      ? h(
          'div',
          { 'data-testid': 'permit-actions', style: 'margin-top:10px' },
          ...p.actions.map((a) => actionButton(p, a, opts.act!)),
        )
      : null,
  )
}

/** Opens the permit dialog; `onChanged` runs after a successful action (the tab reloads its list). */
export function openPermitDialog(
  id: string,
  role: Role | null,
  opts: { api?: PermitsApi; onChanged?: () => void } = {},
): DialogHandle {
  const api = opts.api ?? permitsApi
  const dlg = openDialog({ title: tx('number'), testid: 'permit-dialog', width: 'min(900px,94vw)' })
  let ages = { normal: 30, extended: 60 }
  const show = (p: PermitDetail, error: string | null = null) => {
    dlg.setTitle(`${tx(p.work_type)} · ${p.number}`)
    dlg.body.replaceChildren(
      permitBody(p, {
        maxAgeMin: p.extended_analysis_reason ? ages.extended : ages.normal,
        role,
        error,
        act: async (action, body) => {
          try {
            show(await api.act(p.id, action, body))
            opts.onChanged?.()
          } catch (err) {
            show(p, tx('error', { m: err instanceof ApiError ? err.message : String(err) }))
          }
        },
        addAnalysis: async (b) => {
          try {
            show(await api.addAnalysis(p.id, b))
          } catch (err) {
            show(p, tx('error', { m: err instanceof ApiError ? err.message : String(err) }))
          }
        },
      }),
    )
  }
  dlg.body.replaceChildren(h('div', { class: 'muted' }, tx('loading')))
  api.settings(dlg.signal).then(
    (s) => (ages = { normal: s.analysis_max_age_min, extended: s.analysis_max_age_extended_min }),
    () => undefined,
  )
  api.get(id, dlg.signal).then(show, (err: unknown) => {
    if ((err as { name?: string })?.name === 'AbortError') return
    dlg.body.replaceChildren(h('div', { class: 'muted' }, tx('failed')))
  })
  return dlg
}
