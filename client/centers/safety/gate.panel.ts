import type { GateEvent } from '../../../server/contracts/gates'
import { gatesApi, type GatesApi } from '../../api/gates.api'
import { h } from '../../core/dom'
import type { LiveSocket } from '../../live/alarms.socket'
import { timeText } from '../../shell/alarm-format'
import { getLocale, numberFormat, t, type MessageKey } from '../../shell/i18n/i18n'
import type { CenterContext } from '../center'
import { panel } from '../widgets'
import { swapPanel } from './panel-slot'
import './closed-area.css'
import {
  applyGateEvent,
  bookingMark,
  byKind,
  countRows,
  gateTotals,
  mergeEvents,
  photoHref,
  type CountRow,
  type GateBoard,
  type GateFilter,
} from './gate-model'

/** Counts and events are read again this often even while events are pushed (drift, the day's rollover). */
const resyncMs = 60_000
/** Without a socket (or while it is down) the panel polls. */
const pollMs = 5_000
const shownEvents = 20

const kinds: GateFilter[] = ['all', 'park', 'enterprise']
/** net entries today: in − out, signed (a vehicle in since yesterday makes it negative) */
const signed = (n: number) => (n > 0 ? `+${numberFormat(n)}` : numberFormat(n))

function countsTable(rows: CountRow[], ctx: CenterContext, showSecondGates: () => void): HTMLElement {
  const th = (key: MessageKey) => h('th', {}, t(key))
  return h(
    'table',
    { class: 'gate-counts', 'data-testid': 'gate-counts' },
    h(
      'thead',
      {},
      h('tr', {}, th('gate.col.gate'), th('gate.col.in'), th('gate.col.out'), th('gate.col.inside')),
    ),
    h(
      'tbody',
      {},
      rows.map((g) =>
        h(
          'tr',
          {
            'data-gate': g.gates ? undefined : g.gate_id,
            'data-kind': g.gate_kind,
            class: g.gates || g.gate_kind === 'park' ? 'clickable' : '',
            // park gates are assets on the twin; the added-up row opens the second gates' list
            onclick: g.gates
              ? showSecondGates
              : g.gate_kind === 'park'
                ? () => ctx.focus({ type: 'asset', id: g.gate_id })
                : undefined,
          },
          h(
            'td',
            { class: 'name', title: g.gates ? undefined : g.gate_id },
            g.gates ? t('gate.secondGates', { n: g.gates }) : (g.gate_name ?? g.gate_id),
          ),
          h('td', { class: 'in' }, numberFormat(g.in)),
          h('td', { class: 'out' }, numberFormat(g.out)),
          h('td', { class: 'inside' }, signed(g.inside)),
        ),
      ),
    ),
  )
}

function eventRow(e: GateEvent): HTMLElement {
  const mark = bookingMark(e)
  const href = photoHref(e)
  return h(
    'li',
    { 'data-event-id': e.id, 'data-direction': e.direction, class: mark === 'unbooked' ? 'alert' : '' },
    h('span', { class: `dir ${e.direction}` }, t(`gate.dir.${e.direction}`)),
    h(
      'div',
      { class: 'main' },
      h(
        'div',
        { class: 'n' },
        h('span', { class: 'plate' }, e.plate),
        e.hazmat && h('span', { class: 'haz', title: t('tag.hazmat_vehicle') }, t('gate.hazmat')),
        mark &&
          h(
            'span',
            { class: `booking ${mark}` },
            mark === 'booked' && e.booking
              ? `${t('gate.booked')}·${t(`booking.status.${e.booking.status}` as MessageKey)}`
              : t('gate.unbooked'),
          ),
      ),
      h('div', { class: 's' }, `${e.gate_name ?? e.gate_id} · ${t('gate.lane', { n: e.lane })}`),
    ),
    h(
      'div',
      { class: 'side' },
      h('div', {}, timeText(e.t, new Date(), getLocale())),
      href
        ? h(
            'a',
            { href, target: '_blank', rel: 'noopener', class: 'photo', 'data-testid': 'gate-photo' },
            t('gate.photo'),
          )
        : e.photo_ref &&
            h(
              'span',
              { class: 'photo muted', title: t('gate.photoRef', { ref: e.photo_ref }) },
              t('gate.photo'),
            ),
    ),
  )
}

/**
 * 卡口通行: today's entries and exits per gate (in, out, in − out) and the newest passages, each with its plate,
 * gate and lane, hazmat flag and booking, and its photo when one can be opened. Events are pushed over the page's
 * socket (`gates.subscribe` → `gate.recorded`), the REST snapshot read on every (re)subscription and every minute;
 * without a socket the panel polls. Park accounts filter park gates and enterprise second gates (二道闸); an
 * enterprise account sees its own second gates only.
 */
export function mountGatePanel(
  ctx: CenterContext,
  api: GatesApi = gatesApi,
): { el: HTMLElement; destroy(): void } {
  const slot = h('div', { class: 'gate-slot', 'data-slot': 'gates' })
  const enterpriseView = ctx.store.get().me?.role === 'enterprise_user'
  let filter: GateFilter = enterpriseView ? 'enterprise' : 'all'
  let board: GateBoard = { events: [], summary: null }
  let failed = false
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | null = null
  const socket: LiveSocket | undefined = ctx.socket
  let live = false

  const setFilter = (k: GateFilter) => {
    filter = k
    render()
  }
  const render = () => {
    if (stopped) return
    const gates = board.summary ? byKind(board.summary.gates, filter) : null
    const events = byKind(board.events, filter).slice(0, shownEvents)
    const total = gates ? gateTotals(gates) : null
    const filters = enterpriseView
      ? null
      : h(
          'div',
          { class: 'filters' },
          kinds.map((k) =>
            h(
              'button',
              {
                class: k === filter ? 'active' : '',
                'data-filter': k,
                onclick: () => setFilter(k),
              },
              t(`gate.filter.${k}` as MessageKey),
            ),
          ),
        )
    const body = board.summary
      ? [
          filters,
          // the live passages first (today's totals stand in the title), then the counts per gate
          h(
            'div',
            { class: 'section-title' },
            t('gate.events'),
            h('span', { class: 'muted' }, live ? t('gate.live') : t('gate.polling')),
          ),
          events.length
            ? h('ul', { class: 'gate-events', 'data-testid': 'gate-events' }, events.map(eventRow))
            : h('div', { class: 'muted' }, t('gate.noEvents')),
          h('div', { class: 'section-title' }, t('gate.counts')),
          countsTable(countRows(board.summary.gates, filter), ctx, () => setFilter('enterprise')),
        ]
      : h('div', { class: 'muted' }, failed ? t('common.loadFailed') : t('common.loading'))
    swapPanel(
      slot,
      panel(t('gate.title'), body, {
        testid: 'gate-panel',
        grow: true,
        extra: total ? t('gate.today', { in: total.in, out: total.out, inside: signed(total.inside) }) : '',
      }),
    )
  }

  let loading: Promise<void> | null = null
  const load = (): Promise<void> => {
    loading ??= Promise.all([api.summary(), api.events({ limit: 50 })])
      .then(
        ([summary, events]) => {
          board = { summary, events: mergeEvents(events, []) }
          failed = false
        },
        () => {
          failed = board.summary === null
        },
      )
      .finally(() => {
        loading = null
        render()
      })
    return loading
  }
  const schedule = () => {
    if (timer) clearTimeout(timer)
    if (stopped) return
    timer = setTimeout(
      () => {
        void load().then(schedule)
      },
      live ? resyncMs : pollMs,
    )
  }

  const onEvent = ({ event }: { event: GateEvent }) => {
    board = applyGateEvent(board, event)
    render()
  }
  const onConnect = () => {
    socket?.emit('gates.subscribe', {}, (res) => {
      live = !!res?.ok
      void load()
      schedule()
    })
  }
  const onDisconnect = () => {
    live = false
    render()
    schedule()
  }
  if (socket) {
    socket.on('connect', onConnect)
    socket.on('disconnect', onDisconnect)
    socket.on('gate.recorded', onEvent)
    if (socket.connected) onConnect()
  }
  const stopLocale = ctx.store.subscribe((s, prev) => {
    if (s.locale !== prev.locale) render()
  })
  render()
  void load()
  schedule()
  return {
    el: slot,
    destroy() {
      stopped = true
      if (timer) clearTimeout(timer)
      stopLocale()
      socket?.off('connect', onConnect)
      socket?.off('disconnect', onDisconnect)
      socket?.off('gate.recorded', onEvent)
    },
  }
}
