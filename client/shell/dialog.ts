import { h } from '../core/dom'
import { t } from './i18n/i18n'

export interface DialogHandle {
  /** the scrolling body: fill or replace its children */
  readonly body: HTMLElement
  /** the title text (change it after loading) */
  setTitle(title: string): void
  close(): void
  /** aborted when the dialog closes: pass it to the fetches that fill the dialog */
  readonly signal: AbortSignal
}

export interface DialogOptions {
  title: string
  /** data-testid of the veil; the close button gets `${testid}-close` */
  testid: string
  /** CSS width of the card (default min(760px, 90vw)) */
  width?: string
  onClose?: () => void
}

let current: DialogHandle | null = null

/**
 * One modal card over the large screen (at most one open: opening another closes the first). Esc, the × button
 * and a click on the veil close it. Used for record detail and edit forms that do not fit a side column.
 */
export function openDialog(options: DialogOptions): DialogHandle {
  current?.close()
  const ctrl = new AbortController()
  const body = h('div', { class: 'panel-body', style: 'overflow:auto;max-height:72vh' })
  const titleEl = h('span', {}, options.title)
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') close()
  }
  const card = h(
    'section',
    {
      class: 'panel',
      style: `width:${options.width ?? 'min(760px,90vw)'};max-height:85vh;display:flex;flex-direction:column`,
      onclick: ((e: Event) => e.stopPropagation()) as EventListener,
    },
    h(
      'div',
      { class: 'panel-title' },
      titleEl,
      h(
        'button',
        {
          class: 'close',
          type: 'button',
          'data-testid': `${options.testid}-close`,
          title: t('common.close'),
          onclick: () => close(),
        },
        '×',
      ),
    ),
    body,
  )
  const veil = h(
    'div',
    {
      'data-testid': options.testid,
      style:
        'position:fixed;inset:0;z-index:1000;display:flex;align-items:center;justify-content:center;background:rgba(0,8,20,.6)',
      onclick: () => close(),
    },
    card,
  )
  let closed = false
  function close() {
    if (closed) return
    closed = true
    ctrl.abort()
    document.removeEventListener('keydown', onKey)
    veil.remove()
    if (current === handle) current = null
    options.onClose?.()
  }
  const handle: DialogHandle = {
    body,
    signal: ctrl.signal,
    setTitle: (title) => {
      titleEl.textContent = title
    },
    close,
  }
  current = handle
  document.addEventListener('keydown', onKey)
  document.body.appendChild(veil)
  return handle
}
