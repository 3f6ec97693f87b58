import type { Alarm, AlarmPriority, AlarmState, Role } from '../../server/contracts'
import { ApiError } from '../api/api-error'
import type { alarmsApi } from '../api/alarms.api'
import { h, mountChildren } from '../core/dom'
import {
  activeAlarmStates,
  alarmPriorities,
  priorityRank,
  type AlarmSort,
  type AlarmStore,
} from '../live/alarms.store'
import {
  canAcknowledge,
  canShelve,
  filterAlarms,
  priorityHex,
  priorityLabel,
  ruleCode,
  ruleLabel,
  shelveHourChoices,
  shelveUntil,
  sourceName,
  stateLabel,
  timeText,
  valueText,
  type AlarmFilter,
} from './alarm-format'
import { getLocale, onLocaleChange, t } from './i18n/i18n'

/** What the alarm views need from the running app. */
export interface AlarmUiDeps {
  alarms: AlarmStore
  api: Pick<typeof alarmsApi, 'ack' | 'shelve' | 'unshelve'>
  role(): Role | null
  /** camera to the alarm's location or asset; false when it has neither */
  flyTo(alarm: Alarm): Promise<boolean>
}

let active: AlarmUiDeps | null = null
/** The running app registers its alarm dependencies here (centers mount consoles from them). */
export function setAlarmUiDeps(deps: AlarmUiDeps | null): void {
  active = deps
}
export function alarmUiDeps(): AlarmUiDeps | null {
  return active
}

type Mode = 'ack' | 'shelve'
interface RowView {
  el: HTMLLIElement
  summary: HTMLElement
  form: HTMLElement
  key: string
}

export interface AlarmConsole {
  readonly el: HTMLElement
  destroy(): void
}

/**
 * The alarm list: sortable (priority then time, or time), filtered by state and priority; each row with
 * priority colour, source, rule, value against limit, time and state, and the actions the role allows
 * (acknowledge with an optional comment; shelve with reason and duration ≤ 8 h; locate). Rows are
 * updated in place so an open form keeps its text and focus while alarms stream in.
 */
export function mountAlarmConsole(
  deps: AlarmUiDeps,
  options: { testid?: string; className?: string } = {},
): AlarmConsole {
  const { alarms } = deps
  let sort: AlarmSort = 'priority'
  const filter: { state: AlarmState | null; priorities: Set<AlarmPriority> } = {
    state: null,
    priorities: new Set(),
  }
  let open: { id: string; mode: Mode } | null = null
  const drafts = new Map<string, { comment: string; reason: string; hours: number }>()
  const errors = new Map<string, string>()
  const busy = new Set<string>()
  const rows = new Map<string, RowView>()

  const extra = h('span', { class: 'extra', 'data-testid': 'alarm-count' })
  const toolbar = h('div', { class: 'alarm-toolbar' })
  const banner = h('div', { class: 'alarm-banner', hidden: true })
  const listEl = h('ul', { class: 'alarm-list', 'data-testid': 'alarm-list' })
  const emptyEl = h('div', { class: 'muted alarm-empty' })
  const body = h('div', { class: 'panel-body alarm-body' }, banner, listEl, emptyEl)
  const title = h('span', {})
  const el = h(
    'section',
    {
      class: `panel grow alarm-console ${options.className ?? ''}`,
      'data-testid': options.testid ?? 'alarm-console',
    },
    h('div', { class: 'panel-title' }, title, extra),
    toolbar,
    body,
  )

  const draftOf = (id: string) => {
    let d = drafts.get(id)
    if (!d) drafts.set(id, (d = { comment: '', reason: '', hours: 1 }))
    return d
  }

  function renderToolbar(): void {
    const stateSelect = h(
      'select',
      {
        'data-testid': 'alarm-filter-state',
        onchange: (e: Event) => {
          const v = (e.target as HTMLSelectElement).value
          filter.state = v ? (v as AlarmState) : null
          renderList()
        },
      },
      h('option', { value: '' }, t('alarm.filter.allStates')),
      activeAlarmStates.map((s) => h('option', { value: s, selected: filter.state === s }, stateLabel(s))),
    )
    mountChildren(
      toolbar,
      h(
        'div',
        { class: 'alarm-sort' },
        (['priority', 'time'] as const).map((s) =>
          h(
            'button',
            {
              type: 'button',
              class: sort === s ? 'on' : '',
              'data-testid': `alarm-sort-${s}`,
              onclick: () => {
                sort = s
                renderToolbar()
                renderList()
              },
            },
            t(`alarm.sort.${s}`),
          ),
        ),
      ),
      h(
        'div',
        { class: 'alarm-prio-filter', title: t('alarm.filter.priority') },
        [...alarmPriorities]
          .sort((a, b) => priorityRank[a] - priorityRank[b])
          .map((p) =>
            h(
              'button',
              {
                type: 'button',
                class: filter.priorities.has(p) ? 'on' : '',
                style: `--prio:${priorityHex[p]}`,
                'data-testid': `alarm-filter-${p}`,
                onclick: () => {
                  if (filter.priorities.has(p)) filter.priorities.delete(p)
                  else filter.priorities.add(p)
                  renderToolbar()
                  renderList()
                },
              },
              priorityLabel(p),
            ),
          ),
      ),
      stateSelect,
    )
  }

  async function run(id: string, action: () => Promise<Alarm>, event: 'acknowledge' | 'shelve' | 'unshelve') {
    if (busy.has(id)) return
    busy.add(id)
    errors.delete(id)
    refreshRow(id)
    try {
      const alarm = await action()
      alarms.applyAlarm(alarm, event)
      if (open?.id === id) open = null
      drafts.delete(id)
    } catch (err) {
      const msg = err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err)
      errors.set(id, t('alarm.failed', { msg }))
    } finally {
      busy.delete(id)
      refreshRow(id)
    }
  }

  function summaryOf(a: Alarm): HTMLElement {
    const role = deps.role()
    const colour = priorityHex[a.priority]
    const value = valueText(a)
    const locale = getLocale()
    const actions: (HTMLElement | null)[] = [
      canAcknowledge(role, a)
        ? h(
            'button',
            {
              type: 'button',
              class: open?.id === a.id && open.mode === 'ack' ? 'on' : '',
              'data-testid': 'alarm-ack',
              onclick: () => toggle(a.id, 'ack'),
            },
            t('alarm.ack'),
          )
        : null,
      canShelve(role) && a.state !== 'shelved'
        ? h(
            'button',
            {
              type: 'button',
              class: open?.id === a.id && open.mode === 'shelve' ? 'on' : '',
              'data-testid': 'alarm-shelve',
              onclick: () => toggle(a.id, 'shelve'),
            },
            t('alarm.shelve'),
          )
        : null,
      canShelve(role) && a.state === 'shelved'
        ? h(
            'button',
            {
              type: 'button',
              'data-testid': 'alarm-unshelve',
              disabled: busy.has(a.id),
              onclick: () => void run(a.id, () => deps.api.unshelve(a.id), 'unshelve'),
            },
            t('alarm.unshelve'),
          )
        : null,
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'alarm-fly',
          onclick: () =>
            void deps.flyTo(a).then((ok) => {
              if (ok) errors.delete(a.id)
              else errors.set(a.id, t('alarm.noLocation'))
              refreshRow(a.id)
            }),
        },
        t('alarm.flyTo'),
      ),
    ]
    return h(
      'div',
      { class: 'alarm-summary' },
      h(
        'div',
        { class: 'alarm-line' },
        h(
          'span',
          { class: 'alarm-prio', style: `background:${colour};box-shadow:0 0 8px ${colour}` },
          priorityLabel(a.priority),
        ),
        h('span', { class: 'alarm-source', title: a.message }, sourceName(a)),
        h(
          'span',
          { class: `alarm-state st-${a.state}`, 'data-testid': 'alarm-state', 'data-state': a.state },
          stateLabel(a.state),
        ),
      ),
      h(
        'div',
        { class: 'alarm-line sub' },
        h(
          'span',
          { class: 'alarm-rule', title: ruleLabel(a.rule) },
          `${ruleCode(a.rule)} ${ruleLabel(a.rule)}`,
        ),
        value && h('span', { class: 'alarm-value', 'data-testid': 'alarm-value' }, value),
        a.count > 1 && h('span', { class: 'alarm-repeat' }, t('alarm.repeats', { n: a.count })),
        h('span', { class: 'alarm-time', title: a.raised_at }, timeText(a.raised_at, new Date(), locale)),
      ),
      a.state === 'shelved' && a.shelved_until
        ? h(
            'div',
            { class: 'alarm-line sub muted' },
            t('alarm.shelvedUntil', { time: timeText(a.shelved_until, new Date(), locale) }),
          )
        : null,
      h('div', { class: 'alarm-actions' }, actions),
    )
  }

  function formOf(a: Alarm): HTMLElement {
    const err = errors.get(a.id)
    const errEl = err
      ? h('div', { class: 'alarm-error', 'data-testid': 'alarm-error', role: 'alert' }, err)
      : null
    const isBusy = busy.has(a.id)
    if (!open || open.id !== a.id) return h('div', { class: 'alarm-form' }, errEl)
    const d = draftOf(a.id)
    if (open.mode === 'ack') {
      return h(
        'div',
        { class: 'alarm-form' },
        h('input', {
          type: 'text',
          maxlength: 500,
          placeholder: t('alarm.ackComment'),
          'data-testid': 'alarm-ack-comment',
          value: d.comment,
          oninput: (e: Event) => (d.comment = (e.target as HTMLInputElement).value),
        }),
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            disabled: isBusy,
            'data-testid': 'alarm-ack-submit',
            onclick: () =>
              void run(a.id, () => deps.api.ack(a.id, d.comment.trim() || undefined), 'acknowledge'),
          },
          t('alarm.ackSubmit'),
        ),
        h('button', { type: 'button', onclick: () => toggle(a.id, 'ack') }, t('alarm.cancel')),
        errEl,
      )
    }
    return h(
      'div',
      { class: 'alarm-form' },
      h('input', {
        type: 'text',
        maxlength: 500,
        placeholder: t('alarm.shelveReason'),
        'data-testid': 'alarm-shelve-reason',
        value: d.reason,
        oninput: (e: Event) => (d.reason = (e.target as HTMLInputElement).value),
      }),
      h(
        'select',
        {
          'data-testid': 'alarm-shelve-hours',
          onchange: (e: Event) => (d.hours = Number((e.target as HTMLSelectElement).value)),
        },
        shelveHourChoices.map((n) =>
          h('option', { value: n, selected: d.hours === n }, t('alarm.hours', { n })),
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          disabled: isBusy,
          'data-testid': 'alarm-shelve-submit',
          onclick: () => {
            const reason = d.reason.trim()
            if (!reason) {
              errors.set(a.id, t('alarm.reasonRequired'))
              return refreshRow(a.id)
            }
            void run(a.id, () => deps.api.shelve(a.id, shelveUntil(Date.now(), d.hours), reason), 'shelve')
          },
        },
        t('alarm.shelveSubmit'),
      ),
      h('button', { type: 'button', onclick: () => toggle(a.id, 'shelve') }, t('alarm.cancel')),
      errEl,
    )
  }

  function toggle(id: string, mode: Mode): void {
    const prev = open?.id
    open = open?.id === id && open.mode === mode ? null : { id, mode }
    errors.delete(id)
    if (prev && prev !== id) refreshRow(prev, true)
    refreshRow(id, true)
    const input = rows.get(id)?.form.querySelector('input')
    if (open && input instanceof HTMLInputElement) input.focus()
  }

  const rowKey = (a: Alarm) =>
    `${a.version}|${getLocale()}|${deps.role() ?? ''}|${busy.has(a.id)}|${errors.get(a.id) ?? ''}|${open?.id === a.id ? open.mode : ''}`

  /** Re-draws one row when anything it shows changed; `form` also rebuilds its form. */
  function refreshRow(id: string, form = false): void {
    const row = rows.get(id)
    const a = alarms.get(id)
    if (!row || !a) return renderList()
    const key = rowKey(a)
    if (key === row.key && !form) return
    const formKey = key.split('|').slice(3).join('|')
    const rebuildForm = form || formKey !== row.key.split('|').slice(3).join('|')
    row.key = key
    row.el.className = `alarm-row p-${a.priority} st-${a.state}${open?.id === id ? ' open' : ''}`
    row.el.dataset.state = a.state
    row.el.dataset.version = String(a.version)
    const summary = summaryOf(a)
    row.summary.replaceWith(summary)
    row.summary = summary
    if (rebuildForm) {
      const f = formOf(a)
      row.form.replaceWith(f)
      row.form = f
    }
  }

  function renderList(): void {
    const all = alarms.list()
    const shown = filterAlarms(all, filter as AlarmFilter, sort)
    extra.textContent = t('alarm.count', { n: shown.length })
    const seen = new Set<string>()
    let prev: Element | null = null
    for (const a of shown) {
      seen.add(a.id)
      let row = rows.get(a.id)
      if (!row) {
        const summary = summaryOf(a)
        const form = formOf(a)
        const li = h('li', { 'data-alarm-id': a.id, 'data-testid': 'alarm-row' }, summary, form)
        li.style.setProperty('--prio', priorityHex[a.priority])
        row = { el: li, summary, form, key: '' }
        rows.set(a.id, row)
      }
      refreshRow(a.id)
      const expected: Element | null = prev ? prev.nextElementSibling : listEl.firstElementChild
      if (expected !== row.el) listEl.insertBefore(row.el, expected)
      prev = row.el
    }
    for (const [id, row] of rows)
      if (!seen.has(id)) {
        row.el.remove()
        rows.delete(id)
        if (open?.id === id) open = null
      }
    emptyEl.hidden = shown.length > 0
    emptyEl.textContent = !alarms.snapshotLoaded
      ? t('alarm.loading')
      : all.length === 0
        ? t('alarm.empty')
        : t('alarm.noMatch')
    const floods = [...alarms.floods.values()].filter((f) => f.in_flood)
    banner.hidden = floods.length === 0 && !alarms.error
    mountChildren(
      banner,
      floods.map((f) => h('div', { class: 'flood' }, t('alarm.flood', { name: f.name, n: f.count }))),
      alarms.error && h('div', { class: 'alarm-error' }, t('alarm.feedError', { msg: alarms.error })),
    )
  }

  function renderAll(): void {
    title.textContent = t('alarm.title')
    renderToolbar()
    for (const row of rows.values()) row.key = ''
    renderList()
  }

  renderAll()
  let pending: ReturnType<typeof setTimeout> | null = null
  const stopStore = alarms.subscribe(() => {
    if (pending) return
    pending = setTimeout(() => {
      pending = null
      renderList()
    }, 30)
  })
  const stopLocale = onLocaleChange(() => {
    for (const id of rows.keys()) refreshRow(id, true)
    renderAll()
  })
  return {
    el,
    destroy() {
      stopStore()
      stopLocale()
      if (pending) clearTimeout(pending)
      el.remove()
    },
  }
}
