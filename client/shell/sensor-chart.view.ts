import type { ReadingKind } from '../../server/contracts'
import type { SensorsApi } from '../api/sensors.api'
import { h } from '../core/dom'
import type { Limits } from '../live/sensor-state'
import { sensorStateHex } from '../twin/palette'
import { t } from './i18n/i18n'
import {
  chinaClock,
  chinaDateTime,
  formatValue,
  limitLines,
  linear,
  linePath,
  nearestIndex,
  seriesPoints,
  stepFor,
  timeTicks,
  valueDomain,
  type ChartPoint,
} from './sensor-chart.scale'

export interface ChartSensor {
  id: string
  name: string
  unit: string | null
  limits: Limits | null
  /** stored series to read; default real-time */
  kind?: ReadingKind
}

export interface SensorChart {
  el: HTMLElement
  refresh(): void
  destroy(): void
}

const hour = 3_600_000
const ranges = [1, 6, 24] as const
const W = 380
const H = 190
const M = { left: 44, right: 34, top: 10, bottom: 22 }
const limitHex = {
  hh: sensorStateHex.alarm,
  ll: sensorStateHex.alarm,
  h: sensorStateHex.warn,
  l: sensorStateHex.warn,
}
const svgNs = 'http://www.w3.org/2000/svg'

function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: (SVGElement | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(svgNs, tag)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v))
  for (const c of children) el.append(c)
  return el
}

/**
 * Time series of one sensor over the last hours (raw up to 6 h, minute averages beyond) with its
 * HH / H / L / LL limits as labelled lines, the time axis in China time and the value under the pointer.
 * Refetches every `refreshMs`.
 */
export function mountSensorChart(
  sensor: ChartSensor,
  api: Pick<SensorsApi, 'readings'>,
  options: { rangeHours?: number; refreshMs?: number; now?: () => number } = {},
): SensorChart {
  const now = options.now ?? Date.now
  let rangeHours = options.rangeHours ?? 6
  let controller: AbortController | null = null
  let points: ChartPoint[] = []
  let span = { from: 0, to: 0 }
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', preserveAspectRatio: 'none' })
  const status = h('div', { class: 'chart-status muted' }, t('common.loading'))
  const tip = h('div', { class: 'chart-tip', hidden: true })
  const buttons = ranges.map((r) =>
    h(
      'button',
      {
        type: 'button',
        class: r === rangeHours ? 'on' : '',
        'data-range': r,
        onclick: () => {
          rangeHours = r
          for (const b of buttons) b.classList.toggle('on', b.dataset.range === String(r))
          load()
        },
      },
      t('sensor.hours', { n: r }),
    ),
  )
  const el = h(
    'div',
    { class: 'sensor-chart', 'data-testid': 'sensor-chart', 'data-sensor': sensor.id },
    h(
      'div',
      { class: 'chart-head' },
      h('span', { class: 'chart-name' }, sensor.name, sensor.unit ? ` (${sensor.unit})` : ''),
      h('span', { class: 'chart-ranges' }, buttons),
    ),
    h('div', { class: 'chart-box' }, svg, tip),
    status,
  )

  function load(): void {
    controller?.abort()
    const abort = (controller = new AbortController())
    const to = now()
    const from = to - rangeHours * hour
    const step = stepFor(to - from)
    api
      .readings(sensor.id, { from: new Date(from), to: new Date(to), step, kind: sensor.kind }, abort.signal)
      .then(
        (series) => {
          if (abort.signal.aborted) return
          points = seriesPoints(series)
          span = { from, to }
          draw(step === 'raw' ? 10 * 60_000 : 5 * 60_000)
        },
        (err: unknown) => {
          if (abort.signal.aborted) return
          points = []
          span = { from, to }
          draw(Infinity)
          status.textContent = `${t('sensor.chartFailed')}: ${err instanceof Error ? err.message : String(err)}`
        },
      )
  }

  function draw(maxGapMs: number): void {
    const domain = valueDomain(points, sensor.limits)
    const x = linear(span.from, span.to, M.left, W - M.right)
    const y = linear(domain.min, domain.max, H - M.bottom, M.top)
    const lines = limitLines(sensor.limits, domain)
    const withValue = points.filter((p) => p.v !== null).length
    el.dataset.points = String(withValue)
    el.dataset.limits = lines.map((l) => l.label).join(',')
    svg.replaceChildren(
      ...domain.ticks.map((v) =>
        s(
          'g',
          { class: 'y-tick' },
          s('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v) }),
          s('text', { x: M.left - 4, y: y(v) + 3, 'text-anchor': 'end' }, formatValue(v, domain.step)),
        ),
      ),
      ...timeTicks(span.from, span.to, 5).map((tk) =>
        s(
          'g',
          { class: 'x-tick' },
          s('line', { x1: x(tk), x2: x(tk), y1: M.top, y2: H - M.bottom }),
          s('text', { x: x(tk), y: H - 6, 'text-anchor': 'middle' }, chinaClock(tk)),
        ),
      ),
      ...lines.map((l) =>
        s(
          'g',
          { class: `limit limit-${l.level}`, 'data-limit': l.label },
          s('line', {
            x1: M.left,
            x2: W - M.right,
            y1: y(l.value),
            y2: y(l.value),
            stroke: limitHex[l.level],
          }),
          s(
            'text',
            { x: W - M.right + 3, y: y(l.value) + 3, fill: limitHex[l.level] },
            `${l.label} ${formatValue(l.value)}`,
          ),
        ),
      ),
      s('path', { class: 'series', d: linePath(points, x, y, maxGapMs) }),
      ...(withValue === 1
        ? points
            .filter((p) => p.v !== null)
            .map((p) => s('circle', { class: 'series-dot', cx: x(p.t), cy: y(p.v!), r: 2.5 }))
        : []),
    )
    status.textContent = withValue === 0 ? t('sensor.noReadings') : ''
    status.hidden = withValue !== 0
    hover = { x, y }
  }

  let hover: { x: (v: number) => number; y: (v: number) => number } | null = null
  const cursor = s('line', { class: 'cursor', y1: M.top, y2: H - M.bottom })
  const dot = s('circle', { class: 'cursor-dot', r: 3 })
  svg.addEventListener('mousemove', (e) => {
    if (!hover || points.length === 0) return
    const rect = svg.getBoundingClientRect()
    const px = ((e.clientX - rect.left) / rect.width) * W
    const tAt = span.from + ((px - M.left) / (W - M.left - M.right)) * (span.to - span.from)
    const i = nearestIndex(points, tAt)
    if (i < 0) return
    const p = points[i]!
    const cx = hover.x(p.t)
    const cy = hover.y(p.v!)
    cursor.setAttribute('x1', String(cx))
    cursor.setAttribute('x2', String(cx))
    dot.setAttribute('cx', String(cx))
    dot.setAttribute('cy', String(cy))
    svg.append(cursor, dot)
    tip.hidden = false
    tip.textContent = `${chinaDateTime(p.t)}  ${formatValue(p.v!)}${sensor.unit ? ` ${sensor.unit}` : ''}`
    tip.style.left = `${(cx / W) * 100}%`
    tip.style.top = `${(cy / H) * 100}%`
  })
  svg.addEventListener('mouseleave', () => {
    cursor.remove()
    dot.remove()
    tip.hidden = true
  })

  load()
  const timer = setInterval(load, options.refreshMs ?? 30_000)
  return {
    el,
    refresh: load,
    destroy() {
      clearInterval(timer)
      controller?.abort()
      el.remove()
    },
  }
}
