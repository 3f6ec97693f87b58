import type { Me } from '../../../../server/contracts'
import type {
  Contractor,
  Licence,
  OperationRecord,
  ParkBasics,
} from '../../../../server/contracts/safety-basics'
import { safetyBasicsApi, type SafetyBasicsApi } from '../../../api/safety-basics.api'
import { h, mountChildren } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { numberFormat, pick, t } from '../../../shell/i18n/i18n'
import { riskHex } from '../../../twin/palette'
import type { CenterContext } from '../../center'
import { list } from '../../widgets'
import type { TabView, WorkbenchTab } from '../../workbench'
import {
  calendarBars,
  canWrite,
  dayTicks,
  daysText,
  headline,
  intOf,
  licenceColour,
  parkTime,
  rankByRisk,
  sortLicences,
  warningText,
} from './basics-model'
import { tx, type BasicsTextKey } from './basics-texts'
import { openContractor, openLicence, openOperation, type DialogDeps } from './basics.dialogs'
import { buildForm } from './form'
import './basics.css'

const refreshMs = 60_000
const calendarDays = 98
const views = ['enterprises', 'licences', 'calendar', 'contractors'] as const
type View = (typeof views)[number]
const kindColour: Record<OperationRecord['kind'], string> = {
  overhaul: '#ffb020',
  startup: '#3fd68f',
  shutdown: '#8aa0b8',
}

/** The signed-in account, as the safety center last saw it (the details section reads it). */
let sessionMe: Pick<Me, 'role' | 'enterprise_id'> | null = null
export const basicsSession = () => sessionMe

interface Data {
  park: ParkBasics | null
  licences: Licence[] | null
  operations: OperationRecord[] | null
  contractors: Contractor[] | null
  failed: boolean
}

/**
 * 安全基础管理, the first tab of the 安全监管中心 workbench: the park's figures, then one of four views — enterprises
 * ranked by risk (a click focuses the parcel, whose details carry the enterprise's records), licences due first,
 * the start-up / overhaul calendar with its conflict warnings, and the contractors. Every record opens in a dialog,
 * editable by the accounts that may write it.
 */
export function mountBasicsTab(ctx: CenterContext, api: SafetyBasicsApi = safetyBasicsApi): TabView {
  const me = ctx.store.get().me ?? null
  sessionMe = me
  const el = h('div', { class: 'sb-tab' })
  const head = h('div', { class: 'sb-figures', 'data-testid': 'sb-figures' })
  const strip = h('div', { class: 'sb-views', role: 'tablist' })
  const body = h('div', { class: 'sb-body' })
  el.append(head, strip, body)
  let view: View = 'enterprises'
  let data: Data = { park: null, licences: null, operations: null, contractors: null, failed: false }
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | null = null
  const deps: DialogDeps = { me, api, changed: () => load() }

  const render = () => {
    const state = ctx.store.get()
    const counts = headline(data.licences ?? [], data.operations ?? [])
    mountChildren(
      head,
      data.park
        ? h(
            'span',
            {},
            `${numberFormat(data.park.area_km2, 2)} km² · ${tx('enterpriseCount')} ${data.park.enterprise_count}`,
          )
        : null,
      data.licences
        ? h(
            'span',
            { style: counts.due ? `color:${licenceColour.expiring}` : '' },
            `${tx('licences')} ${tx('dueCount', { n: counts.due })}`,
          )
        : null,
      data.operations
        ? h(
            'span',
            { style: counts.conflicts ? 'color:#ff4d4f' : '' },
            `${tx('calendar')} ${tx('conflicts', { n: counts.conflicts })}`,
          )
        : null,
    )
    mountChildren(
      strip,
      ...views.map((v) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: v === view ? 'sb-view active' : 'sb-view',
            'aria-selected': String(v === view),
            'data-testid': `sb-view-${v}`,
            onclick: () => {
              view = v
              render()
            },
          },
          tx(v),
        ),
      ),
      me?.role === 'park_admin'
        ? h(
            'button',
            { type: 'button', class: 'sb-view', 'data-testid': 'sb-settings', onclick: openSettings },
            '⚙',
          )
        : null,
    )
    const loadingNote = h('div', { class: 'muted' }, data.failed ? tx('failed') : tx('loading'))
    if (view === 'enterprises') {
      const due = new Map((data.park?.enterprises ?? []).map((e) => [e.id, e.licences_due]))
      const rows = rankByRisk(
        (state.data?.enterprises.features ?? []).map((f) => ({
          id: String(f.id),
          risk: f.properties.risk,
          f,
        })),
      )
      mountChildren(
        body,
        h(
          'div',
          { 'data-testid': 'sb-enterprises' },
          list(
            rows.map(({ id, f }) => ({
              key: id,
              colour: riskHex[f.properties.risk],
              main: pick(f.properties.name, f.properties.name_en),
              sub: `${t(`risk.${f.properties.risk}`)} · ${f.properties.processes.join('、') || pick(f.properties.industry, f.properties.industry_en)}`,
              side: due.get(id) ? `⚠ ${due.get(id)} · ${id}` : id,
              selected: state.selected?.type === 'enterprise' && state.selected.id === id,
              onClick: () => ctx.focus({ type: 'enterprise', id }),
            })),
          ),
        ),
      )
    } else if (view === 'licences') {
      mountChildren(
        body,
        toolbar(
          canWrite(me) ? addButton('sb-new-licence', tx('newLicence'), () => openLicence(null, deps)) : null,
        ),
        data.licences
          ? h(
              'div',
              { 'data-testid': 'sb-licences' },
              list(
                sortLicences(data.licences).map((l) => ({
                  key: l.id,
                  colour: licenceColour[l.status],
                  main: `${l.title ?? tx(l.kind)} · ${enterpriseName(l.enterprise_id)}`,
                  sub: `${l.number} · ${l.issuer}`,
                  side: `${tx(l.status)} ${l.valid_to} · ${daysText(l)}`,
                  onClick: () => void openLicence(l, deps),
                })),
              ),
            )
          : loadingNote,
      )
    } else if (view === 'calendar') {
      mountChildren(
        body,
        toolbar(
          canWrite(me)
            ? addButton('sb-new-operation', tx('newOperation'), () => openOperation(null, deps))
            : null,
        ),
        data.operations ? calendar(data.operations) : loadingNote,
      )
    } else {
      mountChildren(
        body,
        toolbar(
          canWrite(me)
            ? addButton('sb-new-contractor', tx('newContractor'), () => openContractor(null, deps))
            : null,
        ),
        data.contractors
          ? h(
              'div',
              { 'data-testid': 'sb-contractors' },
              list(
                data.contractors.map((c) => ({
                  key: c.id,
                  colour: c.blacklisted ? '#ff4d4f' : c.expired_qualifications ? '#ffb020' : '#3fb3ff',
                  main: c.name,
                  sub: `${enterpriseName(c.enterprise_id)} · ${c.service_scope}`,
                  side: c.blacklisted
                    ? tx('blacklisted')
                    : c.expired_qualifications
                      ? tx('expiredQuals', { n: c.expired_qualifications })
                      : `${c.people_count} ${tx('persons')}`,
                  onClick: () => void openContractor(c.id, deps),
                })),
              ),
            )
          : loadingNote,
      )
    }
  }

  const enterpriseName = (id: string) => {
    const e = ctx.store.get().data?.enterpriseById.get(id)
    return e ? pick(e.properties.name, e.properties.name_en) : id
  }

  const calendar = (records: OperationRecord[]) => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    const fromDay = new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10)
    const from = `${fromDay}T00:00:00+08:00`
    const to = new Date(Date.parse(from) + calendarDays * 86_400_000).toISOString()
    const bars = calendarBars(records, from, to)
    const nowLeft = ((Date.now() - Date.parse(from)) / (calendarDays * 86_400_000)) * 100
    const warned = records.filter((r) => r.warnings.length && r.status !== 'cancelled')
    return h(
      'div',
      { 'data-testid': 'sb-calendar' },
      h(
        'div',
        { class: 'sb-gantt' },
        h(
          'div',
          { class: 'sb-ticks' },
          dayTicks(fromDay, calendarDays).map((tk) => h('span', { style: `left:${tk.left}%` }, tk.day)),
        ),
        h('div', { class: 'sb-now', style: `left:${nowLeft.toFixed(1)}%` }),
        bars.length
          ? bars.map((b) =>
              h(
                'div',
                {
                  class: 'sb-row',
                  'data-testid': 'sb-calendar-bar',
                  'data-id': b.id,
                  'data-conflict': String(b.conflict),
                  title: `${b.record.enterprise_id} ${tx(b.record.kind)} ${b.record.unit}\n${parkTime(b.record.planned_start)} → ${parkTime(b.record.planned_end)}${b.record.warnings.map((w) => `\n⚠ ${warningText(w)}`).join('')}`,
                  onclick: () => void openOperation(b.record, deps),
                },
                h('span', { class: 'sb-label' }, `${b.record.enterprise_id} ${b.record.unit}`),
                h('span', {
                  class: b.conflict ? 'sb-bar conflict' : 'sb-bar',
                  style: `left:${b.left}%;width:${b.width}%;background:${kindColour[b.record.kind]}`,
                }),
              ),
            )
          : h('div', { class: 'muted' }, tx('none')),
      ),
      h(
        'div',
        { class: 'sb-legend' },
        (['overhaul', 'startup', 'shutdown'] as const).map((k) =>
          h('span', {}, h('i', { style: `background:${kindColour[k]}` }), tx(k)),
        ),
      ),
      warned.length ? h('div', { class: 'section-title' }, tx('warnings')) : null,
      h(
        'div',
        { 'data-testid': 'sb-conflicts' },
        warned.map((r) =>
          h(
            'div',
            { class: 'sb-line sb-warn', 'data-id': r.id, onclick: () => void openOperation(r, deps) },
            `⚠ ${r.enterprise_id} ${tx(r.kind)} ${r.unit}：${r.warnings.map(warningText).join('；')}`,
          ),
        ),
      ),
    )
  }

  function openSettings() {
    const d = openDialog({ title: tx('settings'), testid: 'sb-settings-dialog', width: 'min(480px,90vw)' })
    const s = data.park?.settings
    mountChildren(
      d.body,
      h('div', { class: 'muted' }, '默认值 / defaults: 90 · 3'),
      buildForm(
        'sb-settings-form',
        [
          {
            key: 'licence_warn_days',
            label: tx('warnDays'),
            type: 'number',
            value: String(s?.licence_warn_days ?? 90),
          },
          {
            key: 'park_overhaul_limit',
            label: tx('overhaulLimit'),
            type: 'number',
            value: String(s?.park_overhaul_limit ?? 3),
          },
        ],
        async (v) => {
          await api.updateSettings({
            licence_warn_days: intOf(v.licence_warn_days ?? ''),
            park_overhaul_limit: intOf(v.park_overhaul_limit ?? ''),
          })
          d.close()
          load()
        },
        { onCancel: () => d.close() },
      ),
    )
  }

  function load() {
    if (timer) clearTimeout(timer)
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString()
    Promise.all([api.parkBasics(), api.licences(), api.operations({ from }), api.contractors()]).then(
      ([park, licences, operations, contractors]) => {
        if (stopped) return
        data = { park, licences, operations, contractors, failed: false }
        render()
      },
      () => {
        if (stopped) return
        data = { ...data, failed: true }
        render()
      },
    )
    timer = setTimeout(load, refreshMs)
  }

  const stopStore = ctx.store.subscribe((s, prev) => {
    if (s.locale !== prev.locale || s.data !== prev.data || s.selected !== prev.selected) render()
  })
  render()
  load()
  return {
    el,
    destroy() {
      stopped = true
      if (timer) clearTimeout(timer)
      stopStore()
    },
  }
}

const toolbar = (...items: (HTMLElement | null)[]) => h('div', { class: 'sb-toolbar' }, items)
const addButton = (testid: string, label: string, onclick: () => void) =>
  h('button', { type: 'button', 'data-testid': testid, onclick }, `＋ ${label}`)

/** The workbench tab (client/centers/safety/safety.tabs.ts). */
export const basicsTab: WorkbenchTab = {
  id: 'safety-basics',
  title: () => tx('tab' satisfies BasicsTextKey),
  mount: (ctx) => mountBasicsTab(ctx),
}
