import type { BookingStatus, HazmatBooking } from '../../../server/contracts/bookings'
import { bookingsApi } from '../../api/bookings.api'
import { chinaDay } from '../../api/sensors.api'
import { h } from '../../core/dom'
import { numberFormat, pick, t, type MessageKey } from '../../shell/i18n/i18n'
import type { ParkData } from '../../app/park-data'
import type { CenterContext } from '../center'
import { list, panel } from '../widgets'

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
    const body = rows
      ? list(
          hazmatRows(rows).map((b) => {
            const e = data?.enterpriseById.get(b.enterprise_id)
            return {
              key: b.id,
              colour: colour[b.status],
              main: `${b.plate} · ${b.chemical_name}`,
              sub: [
                `UN${b.un_number}`,
                `${numberFormat(b.quantity_t, 1)} ${t('unit.t')}`,
                e ? pick(e.properties.name, e.properties.name_en) : b.enterprise_id,
              ].join(' · '),
              side: t(`booking.status.${b.status}` as MessageKey),
              selected: false,
              onClick: b.tag_id ? () => ctx.focus({ type: 'tag', id: b.tag_id! }) : undefined,
            }
          }),
        )
      : h('div', { class: 'muted' }, failed ? t('booking.unavailable') : t('common.loading'))
    const inPark = rows?.filter((b) => b.status === 'in_park').length ?? 0
    slot.replaceChildren(
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
  render()
  load()
  return {
    el: slot,
    destroy() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}
