import type { OrgNode } from '../../../../server/contracts/organisation'
import { h } from '../../../core/dom'
import { pick } from '../../../shell/i18n/i18n'
import { buildTree, defaultLayout, fitView, layoutTree, zoomAt, type View } from './org-layout'
import { bodyTypeName, kindName, tx } from './org-texts'

// The organisation chart drawn as SVG: the tidy layout of org-layout.ts, boxes coloured by kind, elbow connectors,
// drag to pan, wheel (or the buttons) to zoom, a click on a box selects that node.

const NS = 'http://www.w3.org/2000/svg'
function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v))
  for (const c of children) el.append(c)
  return el
}

const fill = (n: OrgNode) =>
  n.kind === 'person'
    ? '#1a3d2a'
    : n.kind === 'post'
      ? '#2d2350'
      : n.body_type === 'committee'
        ? '#0b3a75'
        : n.body_type === 'team'
          ? '#173a5c'
          : '#12457f'
const stroke = (n: OrgNode) => (n.kind === 'person' ? '#3fb950' : n.kind === 'post' ? '#a371f7' : '#58a6ff')

/** Cuts a label to about `max` display units (a CJK character counts 2). */
function clip(s: string, max: number): string {
  let units = 0
  let out = ''
  for (const ch of s) {
    units += /[\u2E80-\uFFFF]/.test(ch) ? 2 : 1
    if (units > max) return `${out}…`
    out += ch
  }
  return out
}

export interface OrgChartHandle {
  el: HTMLElement
  /** redraws with new nodes, keeping the view */
  update(nodes: readonly OrgNode[], selected?: string | null): void
  fit(): void
}

export function orgChart(onSelect: (node: OrgNode) => void): OrgChartHandle {
  const o = defaultLayout
  const content = svg('g', {})
  const root = svg('svg', { width: '100%', height: '100%', 'data-testid': 'org-chart-svg' }, content)
  root.style.cursor = 'grab'
  root.style.touchAction = 'none'
  const frame = h('div', {
    'data-testid': 'org-chart',
    style:
      'position:relative;height:52vh;min-height:320px;overflow:hidden;background:rgba(0,20,40,.35);border-radius:4px',
  })
  frame.appendChild(root)
  let view: View = { k: 1, tx: 16, ty: 16 }
  let size = { w: 0, h: 0 }
  const apply = () => content.setAttribute('transform', `translate(${view.tx},${view.ty}) scale(${view.k})`)

  const draw = (nodes: readonly OrgNode[], selected: string | null) => {
    const layout = layoutTree(buildTree(nodes), o)
    size = { w: layout.width, h: layout.height }
    const edges = layout.edges.map((e) => {
      const midY = (e.y1 + e.y2) / 2
      return svg('path', {
        d: `M${e.x1},${e.y1} V${midY} H${e.x2} V${e.y2}`,
        fill: 'none',
        stroke: '#4b6a8a',
        'stroke-width': 1.2,
      })
    })
    const boxes = layout.nodes.map((p) => {
      const n = p.node
      const sub =
        n.kind === 'body' && n.body_type
          ? bodyTypeName(n.body_type)
          : n.kind === 'person'
            ? (n.phone ?? kindName('person'))
            : kindName(n.kind)
      const g = svg(
        'g',
        {
          transform: `translate(${p.x},${p.y})`,
          'data-testid': 'org-node',
          'data-id': n.id,
          'data-kind': n.kind,
          style: 'cursor:pointer',
        },
        svg('rect', {
          width: o.nodeWidth,
          height: o.nodeHeight,
          rx: 6,
          fill: fill(n),
          stroke: n.id === selected ? '#ffd33d' : stroke(n),
          'stroke-width': n.id === selected ? 2.5 : 1.2,
        }),
        svg(
          'text',
          { x: o.nodeWidth / 2, y: 22, 'text-anchor': 'middle', fill: '#e6edf3', 'font-size': 13 },
          clip(pick(n.name, n.name_en), 20),
        ),
        svg(
          'text',
          { x: o.nodeWidth / 2, y: 41, 'text-anchor': 'middle', fill: '#8b9bb0', 'font-size': 11 },
          clip(sub, 22),
        ),
        svg('title', {}, `${n.name}${n.duties ? `\n${n.duties}` : ''}`),
      )
      g.addEventListener('click', (e) => {
        if (moved) return
        e.stopPropagation()
        onSelect(n)
      })
      return g
    })
    content.replaceChildren(...edges, ...boxes)
    apply()
  }

  // pan: a drag anywhere; a drag of more than 4 px is not a click
  let drag: { x: number; y: number; tx: number; ty: number } | null = null
  let moved = false
  root.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX, y: e.clientY, tx: view.tx, ty: view.ty }
    moved = false
  })
  root.addEventListener('pointermove', (e) => {
    if (!drag) return
    const dx = e.clientX - drag.x
    const dy = e.clientY - drag.y
    if (!moved && Math.hypot(dx, dy) > 4) {
      moved = true
      root.setPointerCapture(e.pointerId)
      root.style.cursor = 'grabbing'
    }
    if (moved) {
      view = { ...view, tx: drag.tx + dx, ty: drag.ty + dy }
      apply()
    }
  })
  const end = () => {
    drag = null
    root.style.cursor = 'grab'
    // the click that follows a drag still sees `moved`; clear it after
    setTimeout(() => (moved = false), 0)
  }
  root.addEventListener('pointerup', end)
  root.addEventListener('pointercancel', end)
  root.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault()
      const r = root.getBoundingClientRect()
      view = zoomAt(view, e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top)
      apply()
    },
    { passive: false },
  )

  const fit = () => {
    const r = frame.getBoundingClientRect()
    view = fitView(size.w, size.h, r.width || 800, r.height || 400)
    apply()
  }
  const zoomBy = (f: number) => () => {
    const r = frame.getBoundingClientRect()
    view = zoomAt(view, f, (r.width || 800) / 2, (r.height || 400) / 2)
    apply()
  }
  const button = (label: string, testid: string, onclick: () => void) =>
    h('button', { type: 'button', title: label, 'data-testid': testid, onclick }, label)
  frame.appendChild(
    h(
      'div',
      { style: 'position:absolute;top:6px;right:6px;display:flex;gap:4px' },
      button('+', 'org-zoom-in', zoomBy(1.25)),
      button('−', 'org-zoom-out', zoomBy(1 / 1.25)),
      button(tx('fit'), 'org-fit', fit),
    ),
  )
  return {
    el: frame,
    update(nodes, selected = null) {
      const first = size.w === 0
      draw(nodes, selected)
      if (first) requestAnimationFrame(fit)
    },
    fit,
  }
}
