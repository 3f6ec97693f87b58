import { h } from '../core/dom'

export interface AppLayout {
  twin: HTMLElement
  header: HTMLElement
  left: HTMLElement
  right: HTMLElement
  overlay: HTMLElement
  veil: HTMLElement
}

/** The screen's fixed regions over the full-screen twin. */
export function createLayout(root: HTMLElement): AppLayout {
  const layout: AppLayout = {
    twin: h('div', { class: 'twin' }),
    header: h('header', { class: 'header' }),
    left: h('aside', { class: 'column left' }),
    right: h('aside', { class: 'column right' }),
    overlay: h('div', {}),
    veil: h('div', { class: 'loading-veil', 'data-testid': 'loading' }),
  }
  root.replaceChildren(
    layout.twin,
    h('div', { class: 'vignette' }),
    layout.header,
    layout.left,
    layout.right,
    layout.overlay,
    layout.veil,
  )
  return layout
}
