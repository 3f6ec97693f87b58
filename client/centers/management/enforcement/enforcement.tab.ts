import {
  noticeStates,
  type EnforcementStats,
  type Inspection,
  type Penalty,
  type PenaltyAction,
  type RectificationNotice,
} from '../../../../server/contracts/enforcement'
import { enforcementApi } from '../../../api/enforcement.api'
import { h } from '../../../core/dom'
import { numberFormat, onLocaleChange, pick } from '../../../shell/i18n/i18n'
import type { CenterContext } from '../../center'
import { figures, list } from '../../widgets'
import type { TabView, WorkbenchTab } from '../../workbench'
import { noticeColour, penaltyStepBody, rateText, sortNotices } from './enforcement.model'
import { tx } from './enforcement-texts'
import {
  openNewInspectionDialog,
  openNewNoticeDialog,
  openNewPenaltyDialog,
  openNoticeDialog,
} from './notice-dialog'

type View = 'notices' | 'inspections' | 'penalties' | 'stats'
const views: View[] = ['notices', 'inspections', 'penalties', 'stats']
const errText = (err: unknown) => `${tx('failed')}: ${err instanceof Error ? err.message : String(err)}`

function deadlineText(n: RectificationNotice): string {
  if (n.state === 'closed')
    return `${tx('closed')} ${n.closed_on} · ${n.closed_on_time ? tx('onTime') : tx('late')}`
  if (n.days_left === null) return n.deadline
  return n.days_left < 0 ? tx('daysOver', { n: -n.days_left }) : tx('daysLeft', { n: n.days_left })
}

/** A penalty's step buttons; a step asks for its one value (the day, or a note) inline. */
function penaltySteps(p: Penalty, onDone: () => void): HTMLElement {
  const cell = h('span', { 'data-testid': `penalty-actions-${p.id}` })
  const buttons = () =>
    cell.replaceChildren(
      ...p.actions.map((a) =>
        h('button', { type: 'button', 'data-action': a, onclick: () => ask(a) }, tx(`act_${a}`)),
      ),
    )
  const ask = (a: PenaltyAction) => {
    const value = h('input', {
      type: a === 'execute' ? 'date' : 'text',
      placeholder: tx(a === 'execute' ? 'executedOn' : 'note'),
      'data-testid': `penalty-step-${a}-value`,
    }) as HTMLInputElement
    const status = h('span', { class: 'muted' })
    cell.replaceChildren(
      value,
      h(
        'button',
        {
          type: 'button',
          'data-testid': `penalty-step-${a}-ok`,
          onclick: () =>
            enforcementApi.penaltyStep(p.id, penaltyStepBody(a, value.value)).then(onDone, (err: unknown) => {
              status.textContent = errText(err)
            }),
        },
        tx(`act_${a}`),
      ),
      h('button', { type: 'button', onclick: buttons }, tx('cancel')),
      status,
    )
  }
  buttons()
  return cell
}

/**
 * 执法台账: rectification notices (overdue first and in red; the workflow dialog offers the caller's steps),
 * inspection records, administrative penalties with their steps, and the statistics per enterprise and month
 * with the on-time rectification rate. Park staff record inspections and issue notices; the park admin records
 * penalties; an enterprise sees and rectifies its own.
 */
export function enforcementTab(): WorkbenchTab {
  return {
    id: 'enforcement',
    title: () => tx('tab'),
    mount(ctx: CenterContext): TabView {
      const me = ctx.store.get().me
      const role = me?.role ?? 'screen'
      const park = role === 'park_admin' || role === 'operator'
      const enterprises = () =>
        [...(ctx.store.get().data?.enterprises.features ?? [])]
          .map((e) => ({ id: String(e.id), name: e.properties.name, name_en: e.properties.name_en }))
          .sort((a, b) => a.id.localeCompare(b.id))
      let view: View = 'notices'
      const ctrl = new AbortController()
      let seq = 0
      const strip = h('div', { class: 'wb-tabs', role: 'tablist' })
      const enterprise = h(
        'select',
        { 'data-testid': 'enf-enterprise' },
        h('option', { value: '' }, tx('allEnterprises')),
        (role === 'enterprise_user' ? [] : enterprises()).map((e) =>
          h('option', { value: e.id }, `${e.id} ${pick(e.name, e.name_en)}`),
        ),
      ) as HTMLSelectElement
      const state = h(
        'select',
        { 'data-testid': 'enf-state' },
        h('option', { value: '' }, tx('allStates')),
        h('option', { value: 'open' }, tx('open')),
        noticeStates.map((s) => h('option', { value: s }, tx(s))),
      ) as HTMLSelectElement
      const overdue = h('input', { type: 'checkbox', 'data-testid': 'enf-overdue' }) as HTMLInputElement
      const tools = h('div', {
        style: 'display:flex;gap:6px;flex-wrap:wrap;align-items:center;margin-bottom:6px',
      })
      const slot = h('div', { 'data-testid': 'enf-body' })
      const ent = () => (enterprise.value ? { enterprise: enterprise.value } : {})

      const drawStrip = () =>
        strip.replaceChildren(
          ...views.map((v) =>
            h(
              'button',
              {
                type: 'button',
                role: 'tab',
                class: v === view ? 'wb-tab active' : 'wb-tab',
                'data-subtab': v,
                onclick: () => {
                  view = v
                  drawStrip()
                  load()
                },
              },
              tx(v),
            ),
          ),
        )
      const drawTools = () => {
        const add = (testid: string, text: string, fn: () => void) =>
          h('button', { type: 'button', 'data-testid': testid, onclick: fn }, text)
        tools.replaceChildren(
          role === 'enterprise_user' ? '' : enterprise,
          view === 'notices' ? state : '',
          view === 'notices' ? h('label', {}, overdue, ' ', tx('overdueOnly')) : '',
          view === 'notices' && park
            ? add('enf-new-notice', tx('newNotice'), () => openNewNoticeDialog(enterprises(), load))
            : '',
          view === 'inspections' && park
            ? add('enf-new-inspection', tx('newInspection'), () =>
                openNewInspectionDialog(enterprises(), load),
              )
            : '',
          view === 'penalties' && role === 'park_admin'
            ? add('enf-new-penalty', tx('newPenalty'), () => openNewPenaltyDialog(enterprises(), load))
            : '',
        )
      }

      const notices = (ns: RectificationNotice[]) => {
        const el = list(
          sortNotices(ns).map((n) => ({
            key: n.id,
            colour: noticeColour(n),
            main: `${n.enterprise_name} · ${n.notice_no}`,
            sub: [
              tx(n.state),
              `${tx('deadline')} ${n.deadline}`,
              n.items.length > 1 ? `${n.items[0]}…` : n.items[0],
            ]
              .filter(Boolean)
              .join(' · '),
            side: deadlineText(n),
            onClick: () => openNoticeDialog(n.id, { onChanged: () => load() }),
          })),
        )
        for (const li of el.querySelectorAll('li')) {
          const n = ns.find((x) => x.id === li.getAttribute('data-key'))
          li.setAttribute('data-testid', `notice-row-${n?.id}`)
          if (n?.overdue) {
            li.classList.add('overdue')
            li.setAttribute('data-overdue', 'true')
            ;(li.querySelector('.side') as HTMLElement | null)?.setAttribute('style', 'color:#ff4d4f')
          }
        }
        return el
      }
      const inspections = (is: Inspection[]) =>
        list(
          is.map((i) => ({
            key: i.id,
            colour: i.issues_found ? '#faad14' : '#52c41a',
            main: `${i.inspected_on} · ${i.enterprise_name}`,
            sub: [tx(i.kind), i.inspectors.join('、'), i.findings].filter(Boolean).join(' · '),
            side: `${tx('issuesFound')} ${i.issues_found}`,
          })),
        )
      const penalties = (ps: Penalty[]) =>
        h(
          'table',
          { class: 'table', 'data-testid': 'penalty-table', style: 'width:100%' },
          h(
            'tbody',
            {},
            ps.map((p) =>
              h(
                'tr',
                { 'data-key': p.id, 'data-status': p.status },
                h('td', {}, p.decided_on),
                h('td', {}, p.enterprise_name),
                h('td', {}, p.decision_no),
                h('td', {}, tx(p.penalty_type)),
                h('td', {}, p.amount_yuan !== null ? `¥${numberFormat(p.amount_yuan)}` : '—'),
                h('td', {}, tx(p.status)),
                h('td', {}, penaltySteps(p, load)),
              ),
            ),
          ),
        )
      const stats = (s: EnforcementStats) => [
        figures([
          { label: tx('inspections'), value: String(s.total.inspections) },
          { label: tx('penalties'), value: String(s.total.penalties) },
          { label: tx('amountTotal'), value: numberFormat(s.total.penalty_amount_yuan), unit: '元' },
          { label: tx('notices'), value: String(s.total.notices) },
          { label: tx('overdue'), value: String(s.total.overdue) },
          { label: tx('onTimeRate'), value: rateText(s.total.on_time_rate) },
        ]),
        h(
          'table',
          { class: 'table', 'data-testid': 'enf-stats-table', style: 'width:100%' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [
                tx('enterprise'),
                tx('inspections'),
                tx('penalties'),
                tx('notices'),
                tx('open'),
                tx('overdue'),
                tx('onTimeRate'),
              ].map((c) => h('th', {}, c)),
            ),
          ),
          h(
            'tbody',
            {},
            s.enterprises.map((e) =>
              h(
                'tr',
                { 'data-key': e.enterprise_id },
                h('td', {}, e.enterprise_name),
                h('td', {}, String(e.inspections)),
                h('td', {}, String(e.penalties)),
                h('td', {}, String(e.notices)),
                h('td', {}, String(e.open)),
                h('td', { style: e.overdue ? 'color:#ff4d4f' : '' }, String(e.overdue)),
                h('td', {}, rateText(e.on_time_rate)),
              ),
            ),
          ),
        ),
        h(
          'table',
          { class: 'table', 'data-testid': 'enf-month-table', style: 'width:100%;margin-top:8px' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [tx('month'), tx('inspections'), tx('penalties'), tx('notices'), tx('closed')].map((c) =>
                h('th', {}, c),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            [...new Set(s.months.map((m) => m.month))].map((month) => {
              const ms = s.months.filter((m) => m.month === month)
              const sum = (k: 'inspections' | 'penalties' | 'notices_issued' | 'notices_closed') =>
                String(ms.reduce((n, m) => n + m[k], 0))
              return h(
                'tr',
                { 'data-month': month },
                h('td', {}, month),
                h('td', {}, sum('inspections')),
                h('td', {}, sum('penalties')),
                h('td', {}, sum('notices_issued')),
                h('td', {}, sum('notices_closed')),
              )
            }),
          ),
        ),
      ]

      let redraw: () => void = () => undefined
      function load() {
        const mine = ++seq
        drawTools()
        slot.replaceChildren(h('div', { class: 'muted' }, tx('loading')))
        const show = <T>(p: Promise<T>, draw: (d: T) => Node | Node[]) =>
          p.then(
            (d) => {
              if (mine !== seq) return
              redraw = () => {
                const out = draw(d)
                slot.replaceChildren(...(Array.isArray(out) ? out : [out]))
              }
              redraw()
            },
            (err: unknown) => {
              if ((err as { name?: string })?.name === 'AbortError' || mine !== seq) return
              slot.replaceChildren(h('div', { class: 'muted' }, errText(err)))
            },
          )
        if (view === 'notices')
          void show(
            enforcementApi.notices(
              {
                ...ent(),
                ...(state.value ? { state: state.value as 'open' } : {}),
                ...(overdue.checked ? { overdue: 'true' as const } : {}),
              },
              ctrl.signal,
            ),
            notices,
          )
        else if (view === 'inspections')
          void show(enforcementApi.inspections(ent(), ctrl.signal), inspections)
        else if (view === 'penalties') void show(enforcementApi.penalties(ent(), ctrl.signal), penalties)
        else void show(enforcementApi.stats(ent(), ctrl.signal), stats)
      }
      for (const el of [enterprise, state, overdue]) el.addEventListener('change', load)
      const stopLocale = onLocaleChange(() => {
        drawStrip()
        drawTools()
        redraw()
      })
      drawStrip()
      load()
      return {
        el: h('div', {}, strip, tools, slot),
        destroy() {
          stopLocale()
          ctrl.abort()
        },
      }
    },
  }
}
