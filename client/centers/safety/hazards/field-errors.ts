import { ApiError } from '../../../api/api-error'
import { h } from '../../../core/dom'

// Server refusals next to the field they name. The server answers `{error:{id,message,field}}` with `field` a zod
// path such as `inventory_t`, `principal.person_name` or `items.1.q_t`; a form marks each input row with its key
// and shows the message under the row whose key the field names (exactly, else the longest key it starts with),
// or under the form when no row matches. Used by the 重大危险源 card forms and the 双重预防 create forms.

/** The row key a server field belongs to: the same key, else the longest key that is a prefix of it; null: none. */
export function matchField(field: string | undefined | null, keys: readonly string[]): string | null {
  if (!field) return null
  if (keys.includes(field)) return field
  let best: string | null = null
  for (const k of keys) if (field.startsWith(`${k}.`) && (best === null || k.length > best.length)) best = k
  return best
}

/** A local refusal (checked in the browser before sending), shaped like the server's. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
    this.name = 'FieldError'
  }
}

export interface FieldForm {
  /** a labelled row holding `input`, with its error slot `${testid}-error-${key}` */
  row(key: string, label: string, input: HTMLElement, hint?: string): HTMLElement
  /** the form-wide error slot (`${testid}-error`): shown when the refusal names no row */
  readonly general: HTMLElement
  /** clears every message */
  clear(): void
  /** shows a refusal: next to its field when a row has that key, else in the general slot */
  show(err: unknown, fallback: string): void
}

const errorStyle = 'color:#ff4d4f;font-size:12px;min-height:0'

/** Error slots for one form (`testid` prefixes their test ids). */
export function fieldForm(testid: string): FieldForm {
  const slots = new Map<string, HTMLElement>()
  const rows = new Map<string, HTMLElement>()
  const general = h('div', { 'data-testid': `${testid}-error`, role: 'alert', style: errorStyle })
  const clear = () => {
    general.textContent = ''
    for (const s of slots.values()) s.textContent = ''
    for (const r of rows.values()) r.classList.remove('invalid')
  }
  return {
    general,
    clear,
    row(key, label, input, hint) {
      const slot = h('div', {
        'data-testid': `${testid}-error-${key}`,
        'data-field-error': key,
        role: 'alert',
        style: errorStyle,
      })
      const el = h(
        'label',
        { style: 'display:block;margin:4px 0', 'data-field': key },
        h('div', { class: 'muted' }, label),
        input,
        hint ? h('div', { class: 'muted', style: 'font-size:12px' }, hint) : null,
        slot,
      )
      slots.set(key, slot)
      rows.set(key, el)
      return el
    },
    show(err, fallback) {
      clear()
      const field = err instanceof ApiError || err instanceof FieldError ? err.field : undefined
      const message = err instanceof Error && err.message ? err.message : fallback
      const key = matchField(field, [...slots.keys()])
      if (key) {
        slots.get(key)!.textContent = message
        rows.get(key)!.classList.add('invalid')
      } else general.textContent = message
    },
  }
}
