import type { ZoneTime } from '../../server/contracts/tracks'
import { tagCsvUrl, type TagCsvReport, type TrackWindow } from '../api/tracks.api'
import { h } from '../core/dom'
import { getLocale, pick } from '../shell/i18n/i18n'
import { formatDuration } from './replay-math'

// The replay panel's report row: CSV links of the loaded window and the tag's time in each zone. Its few
// strings live here (zh-CN / en) so the shared message files need no change.
const text = {
  'zh-CN': {
    export: '导出 CSV：',
    track: '轨迹',
    trips: '行程与停留',
    zones: '区域停留',
    title: '区域停留',
    zone: '区域',
    visits: '次数',
    time: '停留时长',
    none: '该时段内未进入任何区域',
    inside: '仍在区域内',
  },
  en: {
    export: 'Export CSV:',
    track: 'Track',
    trips: 'Trips & stops',
    zones: 'Time in zones',
    title: 'Time in zones',
    zone: 'Zone',
    visits: 'Visits',
    time: 'Time inside',
    none: 'No zone entered in this window',
    inside: 'still inside',
  },
} as const
const tr = (k: keyof (typeof text)['en']) => text[getLocale()][k]

const reports: TagCsvReport[] = ['track', 'trips', 'zones']
const maxRows = 8

/** "导出 CSV：轨迹 · 行程与停留 · 区域停留" as download links for the window the replay loaded. */
export function exportLinks(tagId: string, range: TrackWindow): HTMLElement {
  return h(
    'div',
    { class: 'replay-row replay-export', 'data-testid': 'replay-export' },
    h('span', { class: 'muted' }, tr('export')),
    reports.map((r) =>
      h('a', { href: tagCsvUrl(tagId, r, range), download: '', 'data-testid': `replay-csv-${r}` }, tr(r)),
    ),
  )
}

/** The tag's time in each zone (longest first, at most 8 rows); nothing while unknown. */
export function zonesTable(zones: readonly ZoneTime[] | null): HTMLElement | null {
  if (!zones) return null
  if (!zones.length) return h('div', { class: 'replay-row muted', 'data-testid': 'replay-zones' }, tr('none'))
  return h(
    'div',
    { class: 'replay-zones', 'data-testid': 'replay-zones' },
    h('div', { class: 'replay-zones-title' }, tr('title')),
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, tr('zone')), h('th', {}, tr('visits')), h('th', {}, tr('time'))),
      ),
      h(
        'tbody',
        {},
        zones
          .slice(0, maxRows)
          .map((z) =>
            h(
              'tr',
              { 'data-zone': z.zone_id },
              h('td', { title: z.zone_id }, z.name ? pick(z.name, z.name_en) : z.zone_id),
              h('td', {}, z.visits),
              h(
                'td',
                { title: z.inside_at_to ? tr('inside') : '' },
                formatDuration(z.total_s) + (z.inside_at_to ? ' …' : ''),
              ),
            ),
          ),
      ),
    ),
  )
}
