import { hdStates, type HdStats, type HiddenDanger } from '../../../../server/contracts/hidden-dangers'
import {
  defaultBands,
  riskColors,
  type RiskBand,
  type RiskColor,
  type RiskPoint,
} from '../../../../server/contracts/risk'
import { hiddenDangersApi } from '../../../api/hidden-dangers.api'
import { riskApi } from '../../../api/risk.api'
import { h } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { parkDay } from '../../../../server/contracts/emergency-plans'
import { onLocaleChange, pick } from '../../../shell/i18n/i18n'
import { riskHex } from '../../../twin/palette'
import { overlayPickId } from '../../../twin/pick-id'
import type { CenterContext } from '../../center'
import { figures, list } from '../../widgets'
import type { TabView, WorkbenchTab } from '../../workbench'
import {
  bandRanges,
  colourCounts,
  daysLeft,
  hdColour,
  rateText,
  riskMapOverlay,
  sortPoints,
  statsRows,
} from './dual-model'
import { openHdDialog, openReportDialog } from './hd-dialog'
import { openLecDialog } from './lec-dialog'
import { openRiskPointForm, openRiskUnitForm } from './risk-forms'
import { tx } from './dual-texts'

type View = 'risk' | 'hidden' | 'stats'

const errText = (err: unknown) => `${tx('failed')}: ${err instanceof Error ? err.message : String(err)}`

/** The bands editor (park admin): thresholds and labels of the four colours, "usual mapping, configurable". */
function openBandsDialog(bands: RiskBand[], onSaved: (b: RiskBand[]) => void) {
  const dlg = openDialog({ title: tx('bandsEdit'), testid: 'risk-bands-dialog', width: 'min(640px,92vw)' })
  const rows = bands.map((b) => ({
    b,
    d: h('input', {
      type: 'number',
      min: 0,
      step: 'any',
      value: String(b.d_above),
      'data-testid': `band-${b.colour}-d`,
      disabled: b.colour === 'blue',
      style: 'width:7em',
    }) as HTMLInputElement,
    label: h('input', {
      value: b.label,
      'data-testid': `band-${b.colour}-label`,
      style: 'width:8em',
    }) as HTMLInputElement,
    level: h('input', {
      value: b.control_level,
      'data-testid': `band-${b.colour}-level`,
      style: 'width:8em',
    }) as HTMLInputElement,
  }))
  const status = h('div', { class: 'muted', 'data-testid': 'risk-bands-status' })
  const save = h('button', { type: 'submit', 'data-testid': 'risk-bands-save' }, tx('save'))
  dlg.body.replaceChildren(
    h('div', { class: 'muted' }, tx('bandsNote')),
    h(
      'form',
      {
        onsubmit: ((ev: Event) => {
          ev.preventDefault()
          save.setAttribute('disabled', '')
          riskApi
            .setBands({
              bands: rows.map((r) => ({
                colour: r.b.colour,
                d_above: Number(r.d.value),
                label: r.label.value,
                label_en: r.b.label_en,
                control_level: r.level.value,
                control_level_en: r.b.control_level_en,
              })),
            })
            .then(
              (b) => {
                dlg.close()
                onSaved(b)
              },
              (err: unknown) => {
                save.removeAttribute('disabled')
                status.textContent = errText(err)
              },
            )
        }) as EventListener,
      },
      rows.map((r) =>
        h(
          'div',
          { style: 'display:flex;gap:8px;align-items:center;margin:4px 0' },
          h('span', {
            class: 'swatch',
            style: `background:${riskHex[r.b.colour]};width:12px;height:12px;display:inline-block`,
          }),
          'D >',
          r.d,
          r.label,
          r.level,
        ),
      ),
      h('div', { style: 'margin-top:6px' }, save),
      status,
    ),
  )
}

function mountDual(ctx: CenterContext): TabView {
  const me = ctx.store.get().me
  const role = me?.role ?? 'screen'
  const ownEnterprise = role === 'enterprise_user' ? (me?.enterprise_id ?? null) : null
  const canAssess = role === 'park_admin' || role === 'enterprise_user'
  const canReport = role !== 'screen'
  let view: View = 'risk'
  let enterprise = ownEnterprise ?? ''
  let colour: RiskColor | '' = ''
  let bands: RiskBand[] = [...defaultBands]
  let points: RiskPoint[] | null = null
  let hds: HiddenDanger[] | null = null
  let stats: HdStats | null = null
  const hdFilter = { state: 'open', grade: '', overdue: false }
  const ctrl = new AbortController()
  const body = h('div', { 'data-testid': 'dual-body' })
  const status = h('div', { class: 'muted', 'data-testid': 'dual-status' })
  const enterprises = () =>
    [...(ctx.store.get().data?.enterprises.features ?? [])].map((e) => ({
      id: e.id,
      name: e.properties.name,
      name_en: e.properties.name_en,
    }))

  /** what the create forms need: the enterprises, the account's own, the tab's filter and the park's assets */
  const formContext = () => ({
    enterprises: enterprises(),
    ownEnterprise,
    enterprise,
    assets: ctx.store.get().data?.assets.features ?? [],
  })

  const loadRisk = () => {
    Promise.all([
      riskApi.points(enterprise ? { enterprise } : {}, ctrl.signal),
      riskApi.bands(ctrl.signal),
      riskApi.map(undefined, ctrl.signal),
    ]).then(
      ([p, b, m]) => {
        points = p
        bands = b
        riskMapOverlay.set({ map: m })
        draw()
      },
      (err: unknown) => {
        if (!ctrl.signal.aborted) status.textContent = errText(err)
      },
    )
  }
  const loadHidden = () => {
    hiddenDangersApi
      .list(
        {
          ...(enterprise ? { enterprise } : {}),
          ...(hdFilter.state ? { state: hdFilter.state as never } : {}),
          ...(hdFilter.grade ? { grade: hdFilter.grade as never } : {}),
          ...(hdFilter.overdue ? { overdue: 'true' as const } : {}),
        },
        ctrl.signal,
      )
      .then(
        (x) => {
          hds = x
          draw()
        },
        (err: unknown) => {
          if (!ctrl.signal.aborted) status.textContent = errText(err)
        },
      )
  }
  const loadStats = () => {
    hiddenDangersApi.stats(undefined, ctrl.signal).then(
      (x) => {
        stats = x
        draw()
      },
      (err: unknown) => {
        if (!ctrl.signal.aborted) status.textContent = errText(err)
      },
    )
  }
  const load = () => (view === 'risk' ? loadRisk() : view === 'hidden' ? loadHidden() : loadStats())

  const enterpriseSelect = () =>
    ownEnterprise
      ? null
      : (h(
          'select',
          {
            'data-testid': 'dual-enterprise',
            onchange: (ev: Event) => {
              enterprise = (ev.target as HTMLSelectElement).value
              load()
            },
          },
          h('option', { value: '' }, tx('allEnterprises')),
          enterprises().map((e) =>
            h('option', { value: e.id, selected: e.id === enterprise }, `${e.id} ${pick(e.name, e.name_en)}`),
          ),
        ) as HTMLSelectElement)

  const riskView = () => {
    if (!points) return h('div', { class: 'muted' }, tx('loading'))
    const counts = colourCounts(points)
    const shown = sortPoints(colour ? points.filter((p) => p.current?.colour === colour) : points)
    const ranges = new Map(bandRanges(bands))
    return [
      h(
        'div',
        { 'data-testid': 'risk-legend', style: 'display:flex;flex-wrap:wrap;gap:6px;align-items:center' },
        riskColors.map((c) =>
          h(
            'button',
            {
              type: 'button',
              'data-colour': c,
              class: colour === c ? 'wb-tab active' : 'wb-tab',
              style: `border-color:${riskHex[c]};color:${riskHex[c]}`,
              title: ranges.get(c) ?? '',
              onclick: () => {
                colour = colour === c ? '' : c
                draw()
              },
            },
            `${pick(bands.find((b) => b.colour === c)?.label ?? tx(c), bands.find((b) => b.colour === c)?.label_en)} ${counts[c]}`,
          ),
        ),
        canAssess
          ? h(
              'button',
              {
                type: 'button',
                'data-testid': 'risk-unit-new',
                onclick: () =>
                  openRiskUnitForm({
                    ...formContext(),
                    onCreated: (u) => {
                      status.textContent = `${tx('created')}：${tx('units')} ${pick(u.name, u.name_en)} (${u.id})`
                      loadRisk()
                    },
                  }),
              },
              tx('newUnit'),
            )
          : null,
        canAssess
          ? h(
              'button',
              {
                type: 'button',
                'data-testid': 'risk-point-new',
                onclick: () =>
                  openRiskPointForm({
                    ...formContext(),
                    onCreated: (p) => {
                      status.textContent = `${tx('created')}：${tx('points')} ${pick(p.name, p.name_en)} (${p.id})`
                      loadRisk()
                      // the new point is assessed next (L, E, C → D and its colour)
                      openLecDialog(p.id, { canAssess, onSaved: () => loadRisk() })
                    },
                  }),
              },
              tx('newPoint'),
            )
          : null,
        role === 'park_admin'
          ? h(
              'button',
              {
                type: 'button',
                'data-testid': 'risk-bands-edit',
                onclick: () => openBandsDialog(bands, () => loadRisk()),
              },
              tx('bandsEdit'),
            )
          : null,
      ),
      h(
        'div',
        { class: 'muted', style: 'font-size:.85em' },
        `${bandRanges(bands)
          .map(([, r]) => r)
          .join(' / ')} · ${tx('bandsNote')}`,
      ),
      h(
        'div',
        { 'data-testid': 'risk-points' },
        list(
          shown.slice(0, 300).map((p) => ({
            key: p.id,
            colour: p.current ? riskHex[p.current.colour] : '#8aa0b8',
            main: pick(p.name, p.name_en),
            sub: `${p.enterprise_id} · ${p.unit_name}`,
            side: p.current ? `D ${p.current.d}` : tx('none'),
            onClick: () => {
              ctx.focus({ type: 'overlay', id: `risk_point/${p.id}` })
              openLecDialog(p.id, { canAssess, onSaved: () => loadRisk() })
            },
          })),
        ),
      ),
    ]
  }

  const hiddenView = () => {
    const today = parkDay(Date.now())
    const filters = h(
      'div',
      { style: 'display:flex;flex-wrap:wrap;gap:6px;align-items:center' },
      h(
        'select',
        {
          'data-testid': 'hd-filter-state',
          onchange: (ev: Event) => {
            hdFilter.state = (ev.target as HTMLSelectElement).value
            loadHidden()
          },
        },
        h('option', { value: '' }, tx('allStates')),
        h('option', { value: 'open', selected: hdFilter.state === 'open' }, tx('open')),
        hdStates.map((s) => h('option', { value: s, selected: hdFilter.state === s }, tx(s))),
      ),
      h(
        'select',
        {
          'data-testid': 'hd-filter-grade',
          onchange: (ev: Event) => {
            hdFilter.grade = (ev.target as HTMLSelectElement).value
            loadHidden()
          },
        },
        h('option', { value: '' }, tx('allGrades')),
        h('option', { value: 'general', selected: hdFilter.grade === 'general' }, tx('general')),
        h('option', { value: 'major', selected: hdFilter.grade === 'major' }, tx('major')),
      ),
      h(
        'label',
        {},
        h('input', {
          type: 'checkbox',
          'data-testid': 'hd-filter-overdue',
          checked: hdFilter.overdue,
          onchange: (ev: Event) => {
            hdFilter.overdue = (ev.target as HTMLInputElement).checked
            loadHidden()
          },
        }),
        ' ',
        tx('overdueOnly'),
      ),
      canReport
        ? h(
            'button',
            {
              type: 'button',
              'data-testid': 'hd-report-open',
              onclick: () =>
                openReportDialog({
                  enterprises: enterprises(),
                  enterpriseId: ownEnterprise,
                  onDone: (d) => {
                    loadHidden()
                    openHdDialog(d.id, { onChanged: () => loadHidden() })
                  },
                }),
            },
            tx('report'),
          )
        : null,
    )
    if (!hds) return [filters, h('div', { class: 'muted' }, tx('loading'))]
    return [
      filters,
      h(
        'div',
        { 'data-testid': 'hd-list' },
        list(
          hds.map((x) => ({
            key: x.id,
            colour: hdColour(x),
            main: `${x.grade === 'major' ? `【${tx('major')}】` : ''}${x.title}`,
            sub: `${x.enterprise_id} · ${tx(x.state)}${x.owner ? ` · ${x.owner}` : ''}`,
            side:
              x.state === 'closed'
                ? (x.closed_at ?? '').slice(0, 10)
                : x.deadline
                  ? x.overdue
                    ? `${tx('overdue')} ${-daysLeft(x.deadline, today)}d`
                    : x.deadline
                  : '',
            onClick: () => openHdDialog(x.id, { onChanged: () => loadHidden() }),
          })),
        ),
      ),
    ]
  }

  const statsView = () => {
    if (!stats) return h('div', { class: 'muted' }, tx('loading'))
    const t = stats.total
    return [
      figures([
        { label: tx('openCount'), value: String(t.open.general + t.open.major) },
        { label: `${tx('major')}`, value: String(t.open.major) },
        { label: tx('overdueCount'), value: String(t.overdue.general + t.overdue.major) },
        { label: tx('onTimeRate'), value: rateText(t.on_time_rate) },
      ]),
      h(
        'table',
        { 'data-testid': 'hd-stats', style: 'width:100%;font-size:.85em;border-collapse:collapse' },
        h(
          'tr',
          {},
          [
            tx('enterprise'),
            tx('openCount'),
            tx('overdueCount'),
            tx('closedCount'),
            tx('listed'),
            tx('onTimeRate'),
          ].map((c) => h('th', { style: 'text-align:left' }, c)),
        ),
        statsRows(stats).map((e) =>
          h(
            'tr',
            { 'data-enterprise': e.enterprise_id },
            h('td', {}, `${e.enterprise_id} ${e.enterprise_name}`),
            h('td', {}, `${e.open.general} / ${e.open.major}`),
            h(
              'td',
              { style: e.overdue.general + e.overdue.major ? 'color:#ff3b3b' : '' },
              `${e.overdue.general} / ${e.overdue.major}`,
            ),
            h('td', {}, `${e.closed.general} / ${e.closed.major}`),
            h('td', {}, String(e.listed)),
            h('td', {}, rateText(e.on_time_rate)),
          ),
        ),
      ),
      h('div', { class: 'muted', style: 'font-size:.85em' }, `${tx('general')} / ${tx('major')}`),
    ]
  }

  function draw() {
    const tabs = h(
      'div',
      { class: 'wb-tabs', role: 'tablist' },
      (['risk', 'hidden', 'stats'] as const).map((v) =>
        h(
          'button',
          {
            type: 'button',
            class: view === v ? 'wb-tab active' : 'wb-tab',
            'data-view': v,
            onclick: () => {
              if (view === v) return
              view = v
              status.textContent = ''
              draw()
              load()
            },
          },
          tx(v),
        ),
      ),
      view !== 'stats' ? enterpriseSelect() : null,
    )
    const content = view === 'risk' ? riskView() : view === 'hidden' ? hiddenView() : statsView()
    body.replaceChildren(tabs, ...(Array.isArray(content) ? content : [content]), status)
  }

  draw()
  load()
  const stopLocale = onLocaleChange(draw)
  return {
    el: h('div', { 'data-testid': 'dual-prevention' }, body),
    destroy() {
      stopLocale()
      ctrl.abort()
    },
  }
}

/** 双重预防 (risk-graded control + hidden dangers) in the 安全监管中心 workbench. */
export function dualPreventionTab(): WorkbenchTab {
  return { id: 'dual-prevention', title: () => tx('tab'), mount: mountDual }
}

/** the pick id of a risk point on the twin (for tests and links) */
export const riskPointPickId = (id: string) => overlayPickId('risk_point', id)
