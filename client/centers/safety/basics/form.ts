import { ApiError } from '../../../api/api-error'
import { h } from '../../../core/dom'
import { tx } from './basics-texts'

// A small form of labelled fields for the 安全基础管理 dialogs: every input carries `data-testid="<form>-<key>"`;
// the server's refusal is shown under the form (`<form>-error`) and the field it names is marked.

export interface FieldSpec {
  key: string
  label: string
  type?: 'text' | 'date' | 'datetime-local' | 'number' | 'textarea' | 'select' | 'multi'
  value?: string | readonly string[] | null
  /** select / multi options: [value, label] */
  options?: readonly (readonly [string, string])[]
  hint?: string
  required?: boolean
}

/**
 * Builds the form; on submit it collects every field's value (multi: values joined by '\n'), calls `submit` and
 * shows the error it throws. The submit button is disabled while a request runs.
 */
export function buildForm(
  testid: string,
  fields: readonly FieldSpec[],
  submit: (values: Record<string, string>) => Promise<void>,
  options: { submitLabel?: string; onCancel?: () => void } = {},
): HTMLFormElement {
  const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>()
  const rows = new Map<string, HTMLElement>()
  const error = h('div', { class: 'sb-error', 'data-testid': `${testid}-error`, role: 'alert' })
  const button = h(
    'button',
    { type: 'submit', 'data-testid': `${testid}-submit` },
    options.submitLabel ?? tx('save'),
  )
  for (const f of fields) {
    const id = `${testid}-${f.key}`
    const common = { 'data-testid': id, name: f.key, id, required: f.required }
    let input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement
    if (f.type === 'textarea') {
      input = h('textarea', { ...common, rows: 3, placeholder: f.hint })
      input.value = typeof f.value === 'string' ? f.value : ''
    } else if (f.type === 'select' || f.type === 'multi') {
      const chosen = new Set(typeof f.value === 'string' ? [f.value] : (f.value ?? []))
      input = h(
        'select',
        { ...common, multiple: f.type === 'multi', size: f.type === 'multi' ? 6 : undefined },
        (f.options ?? []).map(([v, label]) => h('option', { value: v, selected: chosen.has(v) }, label)),
      )
    } else {
      input = h('input', { ...common, type: f.type ?? 'text', placeholder: f.hint })
      input.value = typeof f.value === 'string' ? f.value : ''
    }
    inputs.set(f.key, input)
    rows.set(
      f.key,
      h(
        'label',
        { class: 'sb-field', for: id },
        h('span', {}, f.label),
        input,
        f.hint && f.type === 'textarea' ? h('small', { class: 'muted' }, f.hint) : null,
      ),
    )
  }
  const values = () => {
    const out: Record<string, string> = {}
    for (const [key, el] of inputs)
      out[key] =
        el instanceof HTMLSelectElement && el.multiple
          ? [...el.selectedOptions].map((o) => o.value).join('\n')
          : el.value
    return out
  }
  const form = h(
    'form',
    { class: 'sb-form', 'data-testid': testid, novalidate: true },
    [...rows.values()],
    error,
    h(
      'div',
      { class: 'sb-actions' },
      button,
      options.onCancel
        ? h(
            'button',
            { type: 'button', 'data-testid': `${testid}-cancel`, onclick: () => options.onCancel?.() },
            tx('cancel'),
          )
        : null,
    ),
  )
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    for (const r of rows.values()) r.classList.remove('invalid')
    error.textContent = ''
    button.disabled = true
    submit(values()).then(
      () => {
        button.disabled = false
      },
      (err: unknown) => {
        button.disabled = false
        error.textContent = err instanceof ApiError || err instanceof Error ? err.message : String(err)
        const field = err instanceof ApiError ? err.field : undefined
        const key = field ? [...rows.keys()].find((k) => field === k || field.startsWith(`${k}.`)) : undefined
        if (key) rows.get(key)!.classList.add('invalid')
      },
    )
  })
  return form
}

/** The value of a field as the body wants it: '' → null. */
export const orNull = (v: string | undefined) => (v && v.trim() ? v.trim() : null)
