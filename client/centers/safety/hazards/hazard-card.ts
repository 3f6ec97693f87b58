import type { Me } from '../../../../server/contracts'
import type { MhItemResult, MhUnit, MhUnitDetail } from '../../../../server/contracts/hazards'
import { authApi } from '../../../api/auth.api'
import { hazardsApi } from '../../../api/hazards.api'
import { h } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { getLocale, pick } from '../../../shell/i18n/i18n'
import { maintainBlock, type CardApi } from './card-forms'
import { canWriteUnit } from './card-model'
import { tx, txAny } from './hazard-texts'
import { gradeColour, gradeLabel, num } from './hazards-model'

// The major-hazard card (重大危险源档案): identification and grade with their inputs, the 包保 persons and their check
// due dates, the unit's sensors and active alarms, the assessment history and the check records. Shown in a
// dialog (from the tab) and, shorter, in the details panel of a clicked tank farm, tank or process building.

const cell = (v: string | number | null, attrs: Record<string, string> = {}) =>
  h('td', { style: 'padding:2px 6px', ...attrs }, v === null ? '—' : String(v))
const head = (...names: string[]) =>
  h('tr', {}, ...names.map((n) => h('th', { style: 'padding:2px 6px;text-align:left;opacity:.7' }, n)))
const table = (testid: string, header: HTMLElement, rows: HTMLElement[]) =>
  h(
    'table',
    { 'data-testid': testid, style: 'border-collapse:collapse;width:100%;font-size:13px' },
    header,
    rows,
  )
const title = (s: string) => h('div', { class: 'section-title', style: 'margin-top:8px' }, s)

export function gradeBadge(u: Pick<MhUnit, 'assessment'>): HTMLElement {
  const g = u.assessment.grade
  return h(
    'span',
    {
      'data-testid': 'mh-grade',
      'data-grade': g ?? 'none',
      style: `display:inline-block;padding:1px 8px;border-radius:3px;font-weight:600;background:${gradeColour(g)};color:#03101f`,
    },
    gradeLabel(g, getLocale(), tx('notMajor')),
  )
}

function itemRow(i: MhItemResult): HTMLElement {
  const name = pick(i.name, i.name_en)
  const tags = [i.unconfirmed ? tx('unconfirmed') : '', i.chemical_id ? '' : tx('unknownProduct')].filter(
    Boolean,
  )
  return h(
    'tr',
    { 'data-testid': 'mh-item' },
    cell(tags.length ? `${name}（${tags.join('，')}）` : name),
    cell(num(i.q_t, 1)),
    cell(i.Q_t),
    cell(i.beta),
    cell(num(i.ratio, 3)),
    cell(i.source),
  )
}

/** The summary lines of a unit: grade, S, R, α, exposed people, registration. */
export function unitSummary(u: MhUnit): HTMLElement {
  const a = u.assessment
  const exposed = `${a.exposed_people}（${u.exposed_source === 'declared' ? tx('exposedDeclared') : tx('exposedSuggested')}）`
  const line = (label: string, value: Node | string) =>
    h('div', {}, h('span', { class: 'muted' }, `${label}：`), value)
  return h(
    'div',
    { 'data-testid': 'mh-summary', 'data-unit': u.id },
    line(tx('grade'), gradeBadge(u)),
    line(tx('unitKind'), `${tx(u.unit_kind)} · ${u.asset_id}`),
    line(tx('S'), h('b', { 'data-testid': 'mh-S' }, num(a.S))),
    line(tx('R'), h('b', { 'data-testid': 'mh-R' }, num(a.R))),
    line(tx('alpha'), `${a.alpha}`),
    line(tx('exposed'), exposed),
    line(
      tx('registered'),
      `${gradeLabel(u.registered_grade, getLocale(), tx('notMajor'))}${u.record_no ? ` · ${u.record_no}` : ''}`,
    ),
    u.grade_changed &&
      h('div', { 'data-testid': 'mh-grade-changed', style: 'color:#ffb020' }, `⚠ ${tx('gradeChanged')}`),
  )
}

export function responsiblesView(u: MhUnit): HTMLElement {
  if (!u.responsibles.length)
    return h('div', { class: 'muted', 'data-testid': 'mh-responsibles' }, tx('noPersons'))
  return h(
    'div',
    { 'data-testid': 'mh-responsibles' },
    table(
      'mh-responsibles-table',
      head(tx('responsibles'), '', tx('interval'), tx('lastCheck'), tx('nextDue')),
      u.responsibles.map((p) =>
        h(
          'tr',
          { 'data-role': p.role, 'data-overdue': String(p.overdue) },
          cell(txAny(p.role)),
          cell(`${p.person_name}${p.position ? `（${p.position}）` : ''}`),
          cell(`${p.interval_days} ${tx('days')}`),
          cell(p.last_check_on ?? tx('never')),
          cell(p.overdue ? `${p.next_due} ${tx('overdueTag')}` : p.next_due, {
            style: `padding:2px 6px${p.overdue ? ';color:#ff4d4f;font-weight:600' : ''}`,
          }),
        ),
      ),
    ),
    h('div', { class: 'muted', style: 'font-size:12px' }, tx('defaultsNote')),
  )
}

function monitoringView(u: MhUnitDetail): Node[] {
  return [
    title(`${tx('sensors')} (${u.sensors.length})`),
    h(
      'div',
      { 'data-testid': 'mh-sensors', style: 'font-size:13px' },
      u.sensors.length
        ? u.sensors
            .slice(0, 24)
            .map((s) =>
              h(
                'span',
                { style: 'display:inline-block;margin:0 10px 2px 0' },
                `${pick(s.name, s.name_en)} (${s.unit ?? s.measure})`,
              ),
            )
        : '—',
    ),
    title(`${tx('alarms')} (${u.alarms.length})`),
    h(
      'div',
      { 'data-testid': 'mh-alarms' },
      u.alarms.length
        ? u.alarms.map((a) =>
            h(
              'div',
              { style: `color:${a.priority === 'low' ? '#ffb020' : '#ff4d4f'}` },
              `${a.raised_at.slice(0, 16).replace('T', ' ')} ${a.message}`,
            ),
          )
        : h('span', { class: 'muted' }, tx('noAlarms')),
    ),
  ]
}

/** The short card of the details panel: grade and numbers, persons, monitoring. */
export function shortCard(u: MhUnitDetail): Node[] {
  return [unitSummary(u), title(tx('responsibles')), responsiblesView(u), ...monitoringView(u)]
}

/** The whole card (dialog). */
export function fullCard(u: MhUnitDetail): Node[] {
  return [
    unitSummary(u),
    title(tx('inventory')),
    table(
      'mh-items',
      head(tx('chemical'), tx('quantity'), tx('Q'), tx('beta'), tx('ratio'), tx('source')),
      u.assessment.items.map(itemRow),
    ),
    title(tx('responsibles')),
    responsiblesView(u),
    ...monitoringView(u),
    title(tx('checks')),
    table(
      'mh-checks',
      head(tx('lastCheck'), tx('responsibles'), '', ''),
      u.checks
        .slice(0, 12)
        .map((c) =>
          h(
            'tr',
            {},
            cell(c.checked_on),
            cell(txAny(c.role)),
            cell(c.checked_by),
            cell(c.findings, { style: 'padding:2px 6px;white-space:normal' }),
          ),
        ),
    ),
    title(tx('history')),
    table(
      'mh-history',
      head('', 'S', 'R', 'α', tx('grade'), ''),
      u.history
        .slice(0, 12)
        .map((a) =>
          h(
            'tr',
            {},
            cell(a.assessed_at.slice(0, 16).replace('T', ' ')),
            cell(num(a.S)),
            cell(num(a.R)),
            cell(a.alpha),
            cell(gradeLabel(a.grade, getLocale(), '—')),
            cell(txAny(`reason_${a.reason}`)),
          ),
        ),
    ),
  ]
}

export interface CardOptions {
  /** the signed-in account (the app store's); undefined: asked from GET /me */
  me?: Me | null
  /** after a save (the list re-reads) */
  onChanged?: (u: MhUnitDetail) => void
}

/**
 * Opens the card of a unit in a dialog. The accounts that keep the unit (park admin, its own enterprise) get the
 * maintenance forms above the record (check, inventory, 包保 persons, 备案); operators and the screen read only.
 */
export function openUnitCard(unitId: string, api: CardApi = hazardsApi, opts: CardOptions = {}): void {
  const dlg = openDialog({ title: tx('card'), testid: 'mh-card' })
  dlg.body.replaceChildren(h('div', { class: 'muted' }, tx('loading')))
  const who: Promise<Me | null> =
    opts.me !== undefined ? Promise.resolve(opts.me) : authApi.me().catch(() => null)
  const draw = (u: MhUnitDetail, me: Me | null, note: string) => {
    dlg.setTitle(`${tx('card')} · ${pick(u.name, u.name_en)}`)
    const saved = (next: MhUnitDetail, line: string) => {
      opts.onChanged?.(next)
      draw(next, me, line)
    }
    dlg.body.replaceChildren(
      canWriteUnit(me, u)
        ? maintainBlock(u, api, saved, note)
        : h(
            'div',
            { class: 'muted', 'data-testid': 'mh-read-only', style: 'font-size:12px' },
            tx('readOnly'),
          ),
      ...fullCard(u),
    )
  }
  Promise.all([api.unit(unitId, dlg.signal), who]).then(
    ([u, me]) => draw(u, me, ''),
    (err: unknown) => {
      if ((err as { name?: string })?.name === 'AbortError') return
      dlg.body.replaceChildren(h('div', { class: 'muted' }, tx('failed')))
    },
  )
}
