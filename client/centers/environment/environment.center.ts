import type { ComplianceReport } from '../../../server/contracts/compliance'
import { chinaDay, sensorsApi } from '../../api/sensors.api'
import { h, mountChildren } from '../../core/dom'
import { SensorsStore } from '../../live/sensors.store'
import { numberFormat, t } from '../../shell/i18n/i18n'
import { formatValue } from '../../shell/sensor-chart.scale'
import { sensorStateHex } from '../../twin/palette'
import type { AppState } from '../../app/app.store'
import type { ParkData } from '../../app/park-data'
import type { CenterContext, CenterFactory } from '../center'
import { figures, panel } from '../widgets'
import { hazwastePanel } from './hazwaste.panel'
import {
  environmentModel,
  outletCompleteness,
  outletExceedMinutes,
  type EnvironmentModel,
  type OutletRow,
} from './environment.model'

const complianceRefreshMs = 60_000

/**
 * 环保监管中心: every outlet (HJ 212 monitor point) with its latest pollutant values against the permit
 * limits, exceedances highlighted, collector online state, and today's compliance (data completeness,
 * exceedance minutes) per outlet and overall. A click flies to the outlet and opens its chart.
 */
export const environmentCenter: CenterFactory = (left, right, ctx) => {
  const sensors = ctx.sensors ?? new SensorsStore()
  let compliance: ComplianceReport | null = null
  let complianceState: 'loading' | 'ok' | 'none' = 'loading'
  // the hazardous-waste ledger (危废) summary; the slot node is kept across re-renders, and the panel is
  // replaced with fresh figures on the compliance refresh (the panel caches its summary for 60 s)
  const hazwasteSlot = h('div', { class: 'env-slot', 'data-slot': 'hazwaste' }, hazwastePanel())

  const render = (data: ParkData, state: AppState) => {
    const model = environmentModel(data, sensors, compliance)
    const selected = state.selected?.type === 'asset' ? state.selected.id : null
    mountChildren(
      left,
      panel(t('env.overview'), overview(model), { testid: 'env-overview' }),
      panel(t('env.compliance'), complianceView(model, complianceState, ctx, sensors), {
        grow: true,
        testid: 'env-compliance',
        extra: compliance?.day ?? chinaDay(sensors.now()),
      }),
      hazwasteSlot,
    )
    mountChildren(
      right,
      panel(t('env.outlets'), outletList(model.outlets, selected, ctx, sensors), {
        grow: true,
        testid: 'env-outlets',
        extra:
          sensors.status === 'error'
            ? t('sensor.unavailable')
            : t('common.count', { n: model.outlets.length }),
      }),
    )
  }
  const draw = () => {
    const state = ctx.store.get()
    if (state.data) render(state.data, state)
  }
  const stopStore = ctx.store.subscribe((s, prev) => {
    if (s.data !== prev.data || s.locale !== prev.locale || s.selected !== prev.selected) draw()
  })
  draw()
  let drawPending = false
  const stopSensors = sensors.subscribe(() => {
    if (drawPending) return
    drawPending = true
    queueMicrotask(() => {
      drawPending = false
      draw()
    })
  })

  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false
  const loadCompliance = () => {
    sensorsApi.compliance(chinaDay(sensors.now())).then(
      (day) => {
        if (stopped) return
        compliance = day
        complianceState = 'ok'
        draw()
      },
      () => {
        if (stopped) return
        complianceState = compliance ? 'ok' : 'none'
        draw()
      },
    )
    timer = setTimeout(() => {
      hazwasteSlot.replaceChildren(hazwastePanel())
      loadCompliance()
    }, complianceRefreshMs)
  }
  loadCompliance()

  return {
    destroy() {
      stopped = true
      if (timer) clearTimeout(timer)
      stopSensors()
      stopStore()
    },
  }
}

function overview(model: EnvironmentModel): HTMLElement {
  return figures([
    { label: t('env.total'), value: numberFormat(model.outlets.length) },
    {
      label: t('env.collectorsOnline'),
      value: `${numberFormat(model.online)}/${numberFormat(model.online + model.offline)}`,
    },
    { label: t('env.exceeding'), value: numberFormat(model.exceeding) },
  ])
}

const pct = (v: number | null) => (v === null ? '—' : `${numberFormat(v, 1)}%`)

function complianceView(
  model: EnvironmentModel,
  state: 'loading' | 'ok' | 'none',
  ctx: CenterContext,
  sensors: SensorsStore,
): (HTMLElement | null)[] {
  const summary = model.compliance
  if (!summary)
    return [h('div', { class: 'muted' }, state === 'loading' ? t('common.loading') : t('env.noCompliance'))]
  const rows = model.outlets.filter((o) => o.compliance)
  return [
    figures([
      { label: t('env.completeness'), value: pct(summary.completenessPct) },
      {
        label: t('env.exceedMinutes'),
        value: numberFormat(summary.exceedMinutes),
        unit: t('env.minutes', { n: '' }).trim(),
      },
      {
        label: t('env.compliant'),
        value: `${numberFormat(summary.compliant)}/${numberFormat(summary.outlets)}`,
      },
    ]),
    h(
      'ul',
      { class: 'list compliance-list' },
      rows.map((o) => {
        const c = o.compliance!
        const completeness = outletCompleteness(c)
        const minutes = outletExceedMinutes(c)
        return h(
          'li',
          {
            'data-key': o.id,
            class: minutes > 0 ? 'exceeded' : '',
            onclick: () => openOutlet(o, ctx, sensors),
            title: t('env.received', { r: c.received_minutes, e: c.expected_minutes }),
          },
          h('span', {
            class: 'swatch',
            style: `background:${minutes > 0 ? sensorStateHex.warn : sensorStateHex.normal}`,
          }),
          h(
            'div',
            { class: 'main' },
            h('div', { class: 'n' }, o.name),
            h(
              'div',
              { class: 'completeness' },
              h('div', {
                class: 'fill',
                style: `width:${Math.max(0, Math.min(100, completeness ?? 0)).toFixed(1)}%`,
              }),
            ),
          ),
          h(
            'span',
            { class: 'side' },
            h('span', { class: minutes > 0 ? 'hot' : '' }, t('env.minutes', { n: numberFormat(minutes) })),
            h('span', { class: 'pct' }, pct(completeness)),
          ),
        )
      }),
    ),
  ]
}

function outletList(
  outlets: OutletRow[],
  selected: string | null,
  ctx: CenterContext,
  sensors: SensorsStore,
) {
  if (outlets.length === 0) return h('div', { class: 'muted' }, t('common.none'))
  return h(
    'ul',
    { class: 'outlets' },
    outlets.map((o) =>
      h(
        'li',
        {
          class: `outlet${o.id === selected ? ' selected' : ''}`,
          'data-key': o.id,
          'data-state': o.state,
          onclick: () => openOutlet(o, ctx, sensors),
        },
        h(
          'div',
          { class: 'outlet-head' },
          h('span', {
            class: 'swatch',
            style: `background:${sensorStateHex[o.state]};color:${sensorStateHex[o.state]}`,
          }),
          h('span', { class: 'n' }, o.name),
          h(
            'span',
            { class: `online ${o.online === null ? 'unknown' : o.online ? 'on' : 'off'}` },
            o.online === null ? '—' : o.online ? t('env.online') : t('env.offline'),
          ),
        ),
        o.enterprise &&
          h(
            'div',
            { class: 's' },
            [o.enterprise, o.measure ? t(`env.${o.measure}` as 'env.wastewater') : null]
              .filter(Boolean)
              .join(' · '),
          ),
        h(
          'div',
          { class: 'channels' },
          o.channels.map((c) =>
            h(
              'span',
              {
                class: `ch state-${c.state}${c.exceeding ? ' exceed' : ''}`,
                'data-code': c.code ?? c.sensorId,
                'data-sensor': c.sensorId,
                title: c.limit !== null ? t('env.limit', { v: formatValue(c.limit) }) : '',
                onclick: (e: Event) => {
                  e.stopPropagation()
                  openOutlet(o, ctx, sensors, c.sensorId)
                },
              },
              h('span', { class: 'k' }, c.label),
              h('span', { class: 'v' }, c.value === null ? '—' : formatValue(c.value)),
              c.limit !== null && h('span', { class: 'lim' }, `/${formatValue(c.limit)}`),
            ),
          ),
        ),
      ),
    ),
  )
}

/** Flies to the outlet and opens its panel on the chosen channel (default: the first one over a limit). */
function openOutlet(o: OutletRow, ctx: CenterContext, sensors: SensorsStore, sensorId?: string): void {
  const channel =
    sensorId ??
    o.channels.find((c) => c.exceeding)?.sensorId ??
    o.channels.find((c) => c.limit !== null)?.sensorId ??
    o.channels[0]?.sensorId
  if (channel) sensors.choose(o.id, channel)
  ctx.focus({ type: 'asset', id: o.id })
}
