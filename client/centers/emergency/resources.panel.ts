import {
  resourceKinds,
  type EmergencyResource,
  type ResourceKind,
} from '../../../server/contracts/emergency-plans'
import { emergencyPlansApi, type EmergencyPlansApi } from '../../api/emergency-plans.api'
import { h } from '../../core/dom'
import { numberFormat, pick } from '../../shell/i18n/i18n'
import type { CenterContext } from '../center'
import { figures, list, panel } from '../widgets'
import { tp } from './plan-viewer'

const refreshMs = 120_000
const colour: Record<ResourceKind, string> = {
  team: '#ff6b3d',
  supply: '#ffd43b',
  expert: '#b197fc',
  shelter: '#40c057',
  depot: '#3fb3ff',
}

/** Pure: resources per kind (every kind present, zero when none). */
export function countByKind(rows: readonly Pick<EmergencyResource, 'kind'>[]): Record<ResourceKind, number> {
  const out = Object.fromEntries(resourceKinds.map((k) => [k, 0])) as Record<ResourceKind, number>
  for (const r of rows) out[r.kind]++
  return out
}

/** Pure: the one-line summary of a resource (team size and leader, supply quantity, specialty, capacity). */
export function resourceSummary(r: Pick<EmergencyResource, 'kind' | 'props'>): string {
  const p = r.props
  const s = (k: string) => (typeof p[k] === 'string' || typeof p[k] === 'number' ? String(p[k]) : null)
  switch (r.kind) {
    case 'team':
      return [s('size') && `${s('size')} ${tp('people')}`, s('leader'), s('phone')]
        .filter(Boolean)
        .join(' · ')
    case 'supply':
      return [s('quantity'), s('unit')].filter(Boolean).join(' ')
    case 'expert':
      return [s('specialty'), s('title'), s('organisation')].filter(Boolean).join(' · ')
    case 'shelter':
      return s('capacity') ? tp('capacity', { n: s('capacity')! }) : ''
    case 'depot':
      return Array.isArray(p.items) ? p.items.filter((x) => typeof x === 'string').join('、') : ''
  }
}

/**
 * 应急资源: counts by kind (teams, supplies, experts, shelters, depots) and the list; a resource with a place on
 * the map that is a park asset (fire station, depot, muster point) selects it on the twin.
 */
export function mountResourcesPanel(
  ctx: CenterContext,
  api: Pick<EmergencyPlansApi, 'resources'> = emergencyPlansApi,
): { el: HTMLElement; destroy(): void } {
  const slot = h('div', { class: 'env-slot', 'data-slot': 'resources' })
  let rows: EmergencyResource[] | null = null
  let failed = false
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | null = null
  const render = () => {
    const data = ctx.store.get().data
    const counts = rows ? countByKind(rows) : null
    const body = rows
      ? [
          figures(resourceKinds.map((k) => ({ label: tp(k), value: numberFormat(counts![k]) }))),
          list(
            rows.map((r) => {
              const asset = typeof r.props.asset_id === 'string' ? r.props.asset_id : null
              const focus = asset && data?.assetById.has(asset) ? asset : null
              return {
                key: r.id,
                colour: colour[r.kind],
                main: pick(r.name, r.name_en),
                sub: resourceSummary(r) || null,
                side: tp(r.kind),
                onClick: focus ? () => ctx.focus({ type: 'asset', id: focus }) : undefined,
              }
            }),
          ),
        ]
      : h('div', { class: 'muted' }, failed ? tp('unavailable') : tp('loading'))
    slot.replaceChildren(panel(tp('resources'), body, { grow: true, testid: 'emergency-resources' }))
  }
  const load = () => {
    api.resources().then(
      (r) => {
        if (stopped) return
        rows = r
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
  const stopStore = ctx.store.subscribe((s, prev) => {
    if (s.locale !== prev.locale || s.data !== prev.data) render()
  })
  render()
  load()
  return {
    el: slot,
    destroy() {
      stopped = true
      if (timer) clearTimeout(timer)
      stopStore()
    },
  }
}
