import type { Me } from '../../../../server/contracts/auth'
import {
  locationFacts,
  workTypes,
  type GradeBody,
  type LocationFact,
  type NewPermitBody,
  type WorkFiling,
  type WorkType,
} from '../../../../server/contracts/permits'
import { ApiError } from '../../../api/api-error'
import { permitsApi, type GradePreview, type PermitsApi } from '../../../api/permits.api'
import type { ParkData } from '../../../app/park-data'
import { h } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { getLocale, pick } from '../../../shell/i18n/i18n'
import { gradeKey, isoToLocal, localToIso, parcelAnchor, parseMeasures, windowTooLong } from './permit-model'
import { tx } from './permit-texts'

// The apply form (作业许可证申请) and the filing form (报备). The apply form asks the server for the computed grade
// as the type, place, facts and window change (POST /permits/preview) and shows it with its reasons and the
// validity limit; a window beyond the limit is refused here and by the server (400 naming window_to).

const row = (label: string, ...input: HTMLElement[]) =>
  h(
    'label',
    { style: 'display:flex;gap:8px;align-items:center;margin:4px 0' },
    h('span', { style: 'min-width:9em' }, label),
    ...input,
  )

function enterpriseSelect(me: Me | null, data: ParkData | null, testid: string): HTMLSelectElement {
  const own = me?.role === 'enterprise_user' ? me.enterprise_id : null
  const list = (data?.enterprises.features ?? []).filter((e) => !own || e.id === own)
  return h(
    'select',
    { 'data-testid': testid, disabled: Boolean(own) },
    ...list.map((e) =>
      h('option', { value: e.id }, `${e.id} ${pick(e.properties.name, e.properties.name_en)}`),
    ),
  )
}

function positionOf(data: ParkData | null, enterpriseId: string): string {
  const e = data?.enterpriseById.get(enterpriseId)
  const ring = e?.geometry.type === 'Polygon' ? e.geometry.coordinates[0] : null
  return ring ? parcelAnchor(ring).join(', ') : ''
}

const readPosition = (v: string): [number, number] | null => {
  const parts = v
    .split(/[,，\s]+/)
    .filter(Boolean)
    .map(Number)
  return parts.length === 2 && parts.every(Number.isFinite) ? [parts[0]!, parts[1]!] : null
}

/** Opens the apply dialog; resolves to the created permit id (then the permit dialog opens) via onCreated. */
export function openApplyDialog(
  me: Me | null,
  data: ParkData | null,
  opts: { api?: PermitsApi; onCreated?: (id: string) => void; at?: [number, number] } = {},
): void {
  const api = opts.api ?? permitsApi
  const dlg = openDialog({ title: tx('apply'), testid: 'permit-apply', width: 'min(820px,94vw)' })
  const enterprise = enterpriseSelect(me, data, 'apply-enterprise')
  const type = h(
    'select',
    { 'data-testid': 'apply-type' },
    ...workTypes.map((t) => h('option', { value: t }, tx(t))),
  )
  const position = h('input', {
    'data-testid': 'apply-position',
    size: 28,
    value: opts.at?.join(', ') ?? positionOf(data, enterprise.value),
  })
  const now = Date.now()
  const from = h('input', {
    type: 'datetime-local',
    'data-testid': 'apply-from',
    value: isoToLocal(now + 1_800_000),
  })
  const to = h('input', {
    type: 'datetime-local',
    'data-testid': 'apply-to',
    value: isoToLocal(now + 5 * 3_600_000),
  })
  const facts = new Map<LocationFact, HTMLInputElement>(
    locationFacts.map((f) => [f, h('input', { type: 'checkbox', 'data-testid': `apply-fact-${f}` })]),
  )
  const factsRow = row(tx('facts'), ...[...facts].map(([f, box]) => h('label', {}, box, tx(f))))
  const height = h('input', { type: 'number', step: 'any', 'data-testid': 'apply-height' })
  const heightRow = row(tx('height_m'), height)
  const text = (id: string, size = 40) => h('input', { 'data-testid': `apply-${id}`, size })
  const method = text('method')
  const content = text('content', 60)
  const place = text('place', 40)
  const unit = text('unit', 40)
  const applicant = text('applicant', 16)
  const responsible = text('responsible', 16)
  const workers = text('workers', 40)
  const guardian = text('guardian', 16)
  const hazards = h('textarea', { 'data-testid': 'apply-hazards', rows: 2, cols: 60 })
  const measures = h('textarea', {
    'data-testid': 'apply-measures',
    rows: 3,
    cols: 60,
    placeholder: '措施｜确认人',
  })
  const filing = h('select', { 'data-testid': 'apply-filing' })
  const gradeBox = h('div', {
    'data-testid': 'apply-grade',
    style: 'margin:8px 0;padding:6px;border:1px solid #24466b',
  })
  const error = h('div', { 'data-testid': 'apply-error', style: 'color:#ff3b3b' })
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'apply-submit' },
    tx('submit'),
  )
  let filings: WorkFiling[] = []

  const gradeBody = (): GradeBody | null => {
    const pos = readPosition(position.value)
    const f = localToIso(from.value)
    const t = localToIso(to.value)
    if (!pos || !f || !t) return null
    const chosen: Partial<Record<LocationFact, boolean>> = {}
    for (const [k, box] of facts) if (box.checked) chosen[k] = true
    return {
      enterprise_id: enterprise.value || null,
      work_type: type.value as WorkType,
      position: pos,
      facts: chosen,
      height_m: height.value.trim() === '' ? null : Number(height.value),
      window_from: f,
      window_to: t,
    }
  }

  const showGrade = (g: GradePreview | null, message: string | null) => {
    if (!g) {
      gradeBox.replaceChildren(h('span', { class: 'muted' }, message ?? ''))
      submit.disabled = Boolean(message)
      return
    }
    const key = gradeKey(g.grade)
    const tooLong = windowTooLong(g.window_hours, g.max_hours)
    gradeBox.setAttribute('data-grade', g.grade ?? '')
    gradeBox.setAttribute('data-allowed', String(!tooLong))
    gradeBox.replaceChildren(
      h('div', {}, `${tx('computedGrade')}: `, h('b', {}, key ? tx(key) : '—')),
      h('div', { class: 'muted' }, g.reasons.map((r) => (getLocale() === 'en' ? r.en : r.zh)).join('；')),
      h(
        'div',
        { style: tooLong ? 'color:#ff3b3b' : '' },
        `${tx('windowHours')}: ${tx('hours', { n: g.window_hours })} / ${tx('limit')}: ${tx('hours', { n: g.max_hours })}`,
        tooLong ? ` — ${tx('tooLong')}` : '',
      ),
      // the server's own refusal of the window (it names the grade, the limit and the window asked for)
      ...(!g.allowed && g.message
        ? [
            h(
              'div',
              { 'data-testid': 'apply-window-error', 'data-field': 'window_to', style: 'color:#ff3b3b' },
              g.message,
            ),
          ]
        : []),
    )
    submit.disabled = tooLong
  }

  let seq = 0
  const refresh = () => {
    const t = type.value as WorkType
    factsRow.style.display = t === 'hot_work' ? '' : 'none'
    heightRow.style.display = t === 'height' ? '' : 'none'
    filing.replaceChildren(
      h('option', { value: '' }, tx('notFiled')),
      ...filings
        .filter((f) => f.status === 'filed' && f.enterprise_id === enterprise.value && f.work_type === t)
        .map((f) => h('option', { value: f.id }, `${f.id} · ${f.place}`)),
    )
    const body = gradeBody()
    if (!body) return showGrade(null, tx('position'))
    const mine = ++seq
    api.preview(body, dlg.signal).then(
      (g) => mine === seq && showGrade(g, null),
      (err: unknown) => {
        if (mine !== seq || (err as { name?: string })?.name === 'AbortError') return
        showGrade(null, err instanceof ApiError ? err.message : tx('failed'))
      },
    )
  }
  enterprise.addEventListener('change', () => {
    position.value = positionOf(data, enterprise.value)
    refresh()
  })
  for (const el of [type, position, from, to, height, ...facts.values()])
    el.addEventListener('change', refresh)

  const form = h(
    'form',
    {
      'data-testid': 'apply-form',
      onsubmit: ((e: Event) => {
        e.preventDefault()
        const g = gradeBody()
        if (!g) return void (error.textContent = tx('position'))
        const body: NewPermitBody = {
          ...g,
          facts: g.facts ?? {},
          method: method.value.trim() || null,
          content: content.value,
          place: place.value,
          applicant_unit: unit.value,
          applicant: applicant.value,
          responsible: responsible.value,
          workers: workers.value
            .split(/[,，、]/)
            .map((w) => w.trim())
            .filter(Boolean),
          guardian: guardian.value,
          hazards: hazards.value,
          safety_measures: parseMeasures(measures.value),
          linked_permits: [],
          oxygen_enriched: false,
          filing_id: filing.value || null,
        }
        api.create(body).then(
          (p) => {
            dlg.close()
            opts.onCreated?.(p.id)
          },
          (err: unknown) => {
            error.textContent =
              err instanceof ApiError ? `${err.field ? `${err.field}: ` : ''}${err.message}` : String(err)
          },
        )
      }) as EventListener,
    },
    row(tx('enterprise'), enterprise),
    row(tx('workType'), type),
    row(tx('position'), position),
    factsRow,
    heightRow,
    row(tx('from'), from),
    row(tx('to'), to),
    gradeBox,
    row(tx('method'), method),
    row(tx('content'), content),
    row(tx('place'), place),
    row(tx('applicantUnit'), unit),
    row(tx('applicant'), applicant),
    row(tx('responsible'), responsible),
    row(tx('workers'), workers),
    row(tx('guardian'), guardian),
    row(tx('hazards'), hazards),
    row(tx('measures'), measures),
    row(tx('filing'), filing),
    error,
    submit,
  )
  dlg.body.replaceChildren(form)
  api.filings(dlg.signal).then(
    (f) => {
      filings = f
      refresh()
    },
    () => refresh(),
  )
}

/** The filing form (报备): type, place, optional point, window; for the caller's enterprise (or a chosen one). */
export function openFilingDialog(
  me: Me | null,
  data: ParkData | null,
  opts: { api?: PermitsApi; onFiled?: () => void } = {},
): void {
  const api = opts.api ?? permitsApi
  const dlg = openDialog({ title: tx('file'), testid: 'filing-dialog' })
  const enterprise = enterpriseSelect(me, data, 'filing-enterprise')
  const type = h(
    'select',
    { 'data-testid': 'filing-type' },
    ...workTypes.map((t) => h('option', { value: t }, tx(t))),
  )
  const place = h('input', { 'data-testid': 'filing-place', size: 40 })
  const position = h('input', {
    'data-testid': 'filing-position',
    size: 28,
    value: positionOf(data, enterprise.value),
  })
  const now = Date.now()
  const from = h('input', {
    type: 'datetime-local',
    'data-testid': 'filing-from',
    value: isoToLocal(now + 1_800_000),
  })
  const to = h('input', {
    type: 'datetime-local',
    'data-testid': 'filing-to',
    value: isoToLocal(now + 8 * 3_600_000),
  })
  const contact = h('input', { 'data-testid': 'filing-contact', size: 24 })
  const error = h('div', { 'data-testid': 'filing-error', style: 'color:#ff3b3b' })
  enterprise.addEventListener('change', () => (position.value = positionOf(data, enterprise.value)))
  dlg.body.replaceChildren(
    h(
      'form',
      {
        'data-testid': 'filing-form',
        onsubmit: ((e: Event) => {
          e.preventDefault()
          const f = localToIso(from.value)
          const t = localToIso(to.value)
          if (!f || !t) return void (error.textContent = tx('window'))
          api
            .file({
              enterprise_id: enterprise.value || null,
              work_type: type.value as WorkType,
              place: place.value,
              position: readPosition(position.value),
              window_from: f,
              window_to: t,
              contact: contact.value.trim() || null,
            })
            .then(
              () => {
                dlg.close()
                opts.onFiled?.()
              },
              (err: unknown) => {
                error.textContent = err instanceof ApiError ? err.message : String(err)
              },
            )
        }) as EventListener,
      },
      row(tx('enterprise'), enterprise),
      row(tx('workType'), type),
      row(tx('place'), place),
      row(tx('position'), position),
      row(tx('from'), from),
      row(tx('to'), to),
      row(tx('contact'), contact),
      error,
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'filing-submit' }, tx('submit')),
    ),
  )
}
