import type { TagKind } from '../../../server/contracts'
import type { OccupancyReport, ZoneOccupancy } from '../../../server/contracts/occupancy'
import { zonesApi, type ZonesApi } from '../../api/zones.api'
import { h } from '../../core/dom'
import { numberFormat, pick, t, type MessageKey } from '../../shell/i18n/i18n'
import { riskHex, zoneDefault, zoneHex } from '../../twin/palette'
import type { CenterContext } from '../center'
import { list, panel } from '../widgets'
import { swapPanel } from './panel-slot'
import './closed-area.css'

/** A headcount changes by the second; the count is a server-side aggregate, so the panel polls it. */
const refreshMs = 5_000
const kindOrder: readonly TagKind[] = ['staff', 'contractor', 'visitor', 'vehicle', 'hazmat_vehicle']

/** Pure: the zones with anyone in them, over their limit first, then by people, then by everything counted. */
export function occupiedZones(report: OccupancyReport): ZoneOccupancy[] {
  const over = (z: ZoneOccupancy) => (z.max_headcount !== undefined && z.people > z.max_headcount ? 0 : 1)
  return report.zones
    .filter((z) => z.total > 0)
    .sort((a, b) => over(a) - over(b) || b.people - a.people || b.total - a.total || a.id.localeCompare(b.id))
}

/** Pure: "员工 3 · 访客 1 · 危化品车辆 1", the kinds present, people first. */
export function kindBreakdown(counts: Record<TagKind, number>): string {
  return kindOrder
    .filter((k) => counts[k] > 0)
    .map((k) => `${t(`tag.${k}` as MessageKey)} ${numberFormat(counts[k])}`)
    .join(' · ')
}

/** Pure: the row's right-hand figure, "6 人" or "6/5 人" against a limit, and "· 2 车" when vehicles are there. */
export function occupancySide(z: ZoneOccupancy): string {
  const people =
    z.max_headcount !== undefined
      ? t('occupancy.limit', { n: z.people, max: z.max_headcount })
      : t('occupancy.people', { n: z.people })
  const vehicles = z.total - z.people
  return vehicles > 0 ? `${people} · ${t('occupancy.vehicles', { n: vehicles })}` : people
}

/**
 * 区域人员分布: per zone, who is in it now (the latest fix of every tag, younger than the server's window), by kind;
 * a zone over its headcount limit first and in red. Refreshed every 5 s; clicking a zone flies the twin to it.
 */
export function mountOccupancyPanel(
  ctx: CenterContext,
  api: ZonesApi = zonesApi,
): { el: HTMLElement; destroy(): void } {
  const slot = h('div', { class: 'occupancy-slot', 'data-slot': 'occupancy' })
  let report: OccupancyReport | null = null
  let failed = false
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | null = null

  const render = () => {
    if (stopped) return
    const zones = report ? occupiedZones(report) : []
    const people = zones.reduce((s, z) => s + z.people, 0)
    const vehicles = zones.reduce((s, z) => s + z.total - z.people, 0)
    const empty = report ? report.zones.length - zones.length : 0
    const body = report
      ? [
          zones.length
            ? h(
                'div',
                { class: 'occupancy-list', 'data-testid': 'occupancy-zones' },
                list(
                  zones.map((z) => {
                    const over = z.max_headcount !== undefined && z.people > z.max_headcount
                    return {
                      key: z.id,
                      colour: over ? riskHex.red : (zoneHex[z.zone_type] ?? zoneDefault).fill,
                      main: `${pick(z.name, z.name_en)}${over ? ` · ${t('occupancy.over')}` : ''}`,
                      sub: kindBreakdown(z.counts),
                      side: occupancySide(z),
                      onClick: ctx.flyToPoint ? () => ctx.flyToPoint!(z.lon, z.lat, 150) : undefined,
                    }
                  }),
                ),
              )
            : h('div', { class: 'muted' }, t('occupancy.nobody')),
          zones.length > 0 &&
            empty > 0 &&
            h('div', { class: 'muted' }, t('occupancy.emptyZones', { n: empty })),
        ]
      : h('div', { class: 'muted' }, failed ? t('common.loadFailed') : t('common.loading'))
    swapPanel(
      slot,
      panel(t('occupancy.title'), body, {
        testid: 'occupancy-panel',
        grow: true,
        extra: report
          ? `${t('occupancy.extra', { people, vehicles })} · ${t('occupancy.window', { m: Math.round(report.max_age_s / 60) })}`
          : '',
      }),
    )
  }
  const load = () => {
    api.occupancy().then(
      (r) => {
        if (stopped) return
        report = r
        failed = false
        render()
      },
      () => {
        if (stopped) return
        failed = report === null
        render()
      },
    )
    timer = setTimeout(load, refreshMs)
  }
  const stopLocale = ctx.store.subscribe((s, prev) => {
    if (s.locale !== prev.locale) render()
  })
  render()
  load()
  return {
    el: slot,
    destroy() {
      stopped = true
      if (timer) clearTimeout(timer)
      stopLocale()
    },
  }
}
