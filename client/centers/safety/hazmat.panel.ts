import type { Alarm } from '../../../server/contracts'
import type { BookingStatus, HazmatBooking } from '../../../server/contracts/bookings'
import { bookingsApi } from '../../api/bookings.api'
import { chinaDay } from '../../api/sensors.api'
import { h } from '../../core/dom'
import { alarmUiDeps } from '../../shell/alarm-console.view'
import { riskHex } from '../../twin/palette'
import { numberFormat, pick, t, type MessageKey } from '../../shell/i18n/i18n'
import type { ParkData } from '../../app/park-data'
import type { CenterContext } from '../center'
import { list, panel } from '../widgets'
import { swapPanel } from './panel-slot'

const refreshMs = 15_000

/** In the park first, then approved (expected today), then the rest; by plate within a status. */
const order: Record<BookingStatus, number> = {
  in_park: 0,
  approved: 1,
  requested: 2,
  completed: 3,
  cancelled: 4,
  expired: 5,
}
const colour: Partial<Record<BookingStatus, string>> = {
  in_park: '#ff9f1a',
  approved: '#3fb3ff',
  requested: '#8aa0b8',
}

export type RouteStatus = 'on' | 'off' | 'stop'
/** the route rule's alarms (server/modules/bookings/route-rule.ts), standing while unacked, acked or shelved */
const standing = new Set<Alarm['state']>(['unack', 'ack', 'shelved'])

/**
 * Pure: where an in-park vehicle stands against its booked route, from the active alarms: off its corridor
 * (偏离路线), stopped outside the parking or its destination (违规停车), else on route; null before it entered.
 */
export function routeStatus(
  b: Pick<HazmatBooking, 'id' | 'status'>,
  alarms: readonly Pick<Alarm, 'rule' | 'state'>[],
): RouteStatus | null {
  if (b.status !== 'in_park') return null
  const has = (rule: string) => alarms.some((a) => a.rule === rule && standing.has(a.state))
  if (has(`hazmat_off_route:${b.id}`)) return 'off'
  if (has(`hazmat_illegal_stop:${b.id}`)) return 'stop'
  return 'on'
}

/** Pure: today's bookings as the panel lists them. */
export function hazmatRows(bookings: readonly HazmatBooking[]) {
  return [...bookings].sort((a, b) => order[a.status] - order[b.status] || a.plate.localeCompare(b.plate))
}

/**
 * 危化品车辆: today's hazmat bookings with cargo, destination and status, refreshed every 15 s; a vehicle
 * with a tag in the park selects it on the twin (its panel offers the track replay).
 */
export function mountHazmatPanel(ctx: CenterContext): { el: HTMLElement; destroy(): void } {
  const slot = h('div', { class: 'env-slot', 'data-slot': 'hazmat' })
  let rows: HazmatBooking[] | null = null
  let failed = false
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false
  const render = () => {
    const data: ParkData | null = ctx.store.get().data
    const alarms = alarmUiDeps()?.alarms.list() ?? []
    const body = rows
      ? list(
          hazmatRows(rows).map((b) => {
            const e = data?.enterpriseById.get(b.enterprise_id)
            const route = routeStatus(b, alarms)
            return {
              key: b.id,
              colour: route === 'off' || route === 'stop' ? riskHex.red : colour[b.status],
              main: `${b.plate} · ${b.chemical_name}`,
              sub: [
                `UN${b.un_number}`,
                `${numberFormat(b.quantity_t, 1)} ${t('unit.t')}`,
                e ? pick(e.properties.name, e.properties.name_en) : b.enterprise_id,
              ].join(' · '),
              side: route
                ? `${t(`booking.status.${b.status}` as MessageKey)} · ${t(`booking.route.${route}`)}`
                : t(`booking.status.${b.status}` as MessageKey),
              selected: false,
              onClick: b.tag_id ? () => ctx.focus({ type: 'tag', id: b.tag_id! }) : undefined,
            }
          }),
        )
      : h('div', { class: 'muted' }, failed ? t('booking.unavailable') : t('common.loading'))
    const inPark = rows?.filter((b) => b.status === 'in_park').length ?? 0
    swapPanel(
      slot,
      panel(t('booking.title'), body, {
        testid: 'hazmat-bookings',
        extra: rows ? t('booking.inPark', { n: inPark, total: rows.length }) : '',
      }),
    )
  }
  const load = () => {
    bookingsApi.ofDay(chinaDay(Date.now())).then(
      (b) => {
        if (stopped) return
        rows = b
        failed = false
        render()
      },
      () => {
        if (stopped) return
        failed = true
        render()
      },
    )
    timer = setTimeout(load, refreshMs)
  }
  // route status follows the alarms: redraw when a route alarm changes (at most once a second)
  let redraw: ReturnType<typeof setTimeout> | null = null
  const stopAlarms = alarmUiDeps()?.alarms.subscribe((change) => {
    if (redraw || (change.kind === 'delivery' && !change.message.alarm.rule.startsWith('hazmat_'))) return
    redraw = setTimeout(() => {
      redraw = null
      if (!stopped) render()
    }, 1000)
  })
  render()
  load()
  return {
    el: slot,
    destroy() {
      stopped = true
      if (timer) clearTimeout(timer)
      if (redraw) clearTimeout(redraw)
      stopAlarms?.()
    },
  }
}
