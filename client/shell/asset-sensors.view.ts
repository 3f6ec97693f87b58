import type { AssetFeature } from '../../server/contracts'
import type { SensorsApi } from '../api/sensors.api'
import { h, mountChildren } from '../core/dom'
import type { SensorInfo, SensorsStore } from '../live/sensors.store'
import { hasLimits } from '../live/sensor-state'
import { sensorStateHex } from '../twin/palette'
import { pick, t } from './i18n/i18n'
import { chinaDateTime, formatValue } from './sensor-chart.scale'
import { mountSensorChart, type ChartSensor, type SensorChart } from './sensor-chart.view'

/** Kinds whose panel always has a live section (and says "no data" without one). */
const liveKinds = new Set(['gas_detector', 'monitor_point', 'tank'])

export interface AssetSensorsSection {
  /** the section for the asset (same node while the asset stays selected), or null for none */
  render(feature: AssetFeature | null, assetId: string): HTMLElement | null
  /** whether the last render listed channels (the panel then drops its static sensor badges) */
  listed(): boolean
  destroy(): void
}

/**
 * The live part of the details panel: the asset's channels with their latest value and state (a tank's
 * level, temperature, pressure and nearby detectors; an outlet's pollutants), and the chart of one of them:
 * a detector's own chart at once, an outlet's chosen channel, a tank's channel once clicked.
 */
export function assetSensorsSection(
  store: SensorsStore,
  api: Pick<SensorsApi, 'readings'>,
): AssetSensorsSection {
  const el = h('div', { class: 'asset-sensors', 'data-testid': 'asset-sensors' })
  let assetId: string | null = null
  let clicked: string | null = null
  let chart: { sensorId: string; view: SensorChart } | null = null
  let lastListed = false

  function closeChart(): void {
    chart?.view.destroy()
    chart = null
  }

  function chartFor(feature: AssetFeature | null, id: string, channels: SensorInfo[]): ChartSensor | null {
    const wanted = clicked ?? store.chosen.get(id) ?? null
    const own = channels.find((s) => s.id === id)
    const chosen =
      (wanted && channels.find((s) => s.id === wanted)) ||
      (feature?.properties.kind === 'gas_detector' ? own : undefined) ||
      (feature?.properties.kind === 'monitor_point'
        ? (channels.find((s) => hasLimits(s.limits)) ?? channels[0])
        : undefined)
    if (chosen)
      return {
        id: chosen.id,
        name: pick(chosen.name, chosen.name_en),
        unit: chosen.unit,
        limits: chosen.limits,
      }
    // a detector the registry does not list (yet): its readings still chart, without limits
    if (feature?.properties.kind === 'gas_detector') {
      const unit = feature.properties.props.unit
      return {
        id,
        name: pick(feature.properties.name, feature.properties.name_en),
        unit: typeof unit === 'string' ? unit : null,
        limits: null,
      }
    }
    return null
  }

  function render(feature: AssetFeature | null, id: string): HTMLElement | null {
    if (id !== assetId) {
      assetId = id
      clicked = null
      closeChart()
    }
    const channels = store.sensorsOf(id)
    lastListed = channels.length > 0
    if (!lastListed && !(feature && liveKinds.has(feature.properties.kind))) {
      closeChart()
      return null
    }
    const now = store.now()
    const wantedChart = chartFor(feature, id, channels)
    if (chart && chart.sensorId !== wantedChart?.id) closeChart()
    if (!chart && wantedChart) chart = { sensorId: wantedChart.id, view: mountSensorChart(wantedChart, api) }
    mountChildren(
      el,
      h('div', { class: 'section-title' }, t('sensor.channels')),
      channels.length === 0
        ? h(
            'div',
            { class: 'muted', 'data-testid': 'asset-sensors-empty' },
            t(store.status === 'error' ? 'sensor.unavailable' : 'sensor.noData'),
          )
        : h(
            'ul',
            { class: 'sensor-rows' },
            channels.map((s) => {
              const latest = store.latest.get(s.id)
              const { state, level } = store.stateOf(s.id, now)
              return h(
                'li',
                {
                  class: `sensor-row state-${state}${chart?.sensorId === s.id ? ' charted' : ''}`,
                  'data-sensor': s.id,
                  'data-state': state,
                  title: latest ? `${t('sensor.time')} ${chinaDateTime(Date.parse(latest.t))}` : '',
                  onclick: () => {
                    clicked = s.id
                    render(feature, id)
                  },
                },
                h('span', { class: 'swatch', style: `background:${sensorStateHex[state]}` }),
                h('span', { class: 'name' }, pick(s.name, s.name_en)),
                h(
                  'span',
                  { class: 'value' },
                  latest?.value === null || latest === undefined ? '—' : formatValue(latest.value),
                  s.unit ? h('small', {}, ` ${s.unit}`) : null,
                ),
                h(
                  'span',
                  { class: 'state', style: `color:${sensorStateHex[state]}` },
                  level ? t(`sensor.level.${level}`) : t(`sensor.state.${state}`),
                ),
              )
            }),
          ),
      chart && h('div', { class: 'section-title' }, t('sensor.trend')),
      chart?.view.el,
    )
    return el
  }

  return {
    render,
    listed: () => lastListed,
    destroy() {
      closeChart()
      el.remove()
    },
  }
}
