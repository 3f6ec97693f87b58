import type { RiskColor } from '../../server/contracts'
import { h } from '../core/dom'
import { t } from '../shell/i18n/i18n'
import { riskHex } from '../twin/palette'

type Content = Node | string | null | false | (Node | string | null | false)[]

export function panel(
  title: string,
  body: Content,
  options: { grow?: boolean; extra?: string; testid?: string } = {},
): HTMLElement {
  return h(
    'section',
    { class: options.grow ? 'panel grow' : 'panel', 'data-testid': options.testid },
    h(
      'div',
      { class: 'panel-title' },
      h('span', {}, title),
      options.extra && h('span', { class: 'extra' }, options.extra),
    ),
    h('div', { class: 'panel-body' }, body),
  )
}

export interface Figure {
  label: string
  value: string
  unit?: string
}

export function figures(items: Figure[]): HTMLElement {
  return h(
    'div',
    { class: 'figures' },
    items.map((f) =>
      h(
        'div',
        { class: 'figure' },
        h('div', {}, h('span', { class: 'value' }, f.value), f.unit && h('span', { class: 'unit' }, f.unit)),
        h('div', { class: 'label' }, f.label),
      ),
    ),
  )
}

export interface Bar {
  name: string
  value: number
  text: string
  colour?: string
}

/** Horizontal bars scaled to the largest value. */
export function barList(bars: Bar[]): HTMLElement {
  const max = Math.max(1e-9, ...bars.map((b) => b.value))
  return h(
    'div',
    { class: 'bars' },
    bars.map((b) =>
      h(
        'div',
        { class: 'bar-row', title: b.name },
        h('span', { class: 'name' }, b.name),
        h(
          'div',
          { class: 'bar-track' },
          h('div', {
            class: 'bar-fill',
            style: `width:${((b.value / max) * 100).toFixed(1)}%${b.colour ? `;background:${b.colour};box-shadow:0 0 6px ${b.colour}` : ''}`,
          }),
        ),
        h('span', { class: 'num' }, b.text),
      ),
    ),
  )
}

export function riskGrid(counts: Record<RiskColor, number>): HTMLElement {
  return h(
    'div',
    { class: 'risk-grid' },
    (['red', 'orange', 'yellow', 'blue'] as const).map((risk) =>
      h(
        'div',
        { class: 'risk-cell', style: `border-color:${riskHex[risk]};color:${riskHex[risk]}` },
        h('div', { class: 'value' }, String(counts[risk] ?? 0)),
        h('div', { class: 'label' }, t(`risk.${risk}`)),
      ),
    ),
  )
}

export interface ListItem {
  key: string
  colour?: string
  main: string
  sub?: string | null
  side?: string
  selected?: boolean
  onClick?: () => void
}

export function list(items: ListItem[]): HTMLElement {
  if (items.length === 0) return h('div', { class: 'muted' }, t('common.none'))
  return h(
    'ul',
    { class: 'list' },
    items.map((it) =>
      h(
        'li',
        { class: it.selected ? 'selected' : '', 'data-key': it.key, onclick: it.onClick },
        h('span', {
          class: 'swatch',
          style: `background:${it.colour ?? '#00e5ff'};color:${it.colour ?? '#00e5ff'}`,
        }),
        h(
          'div',
          { class: 'main' },
          h('div', { class: 'n' }, it.main),
          it.sub && h('div', { class: 's' }, it.sub),
        ),
        h('span', { class: 'side' }, it.side ?? ''),
      ),
    ),
  )
}
