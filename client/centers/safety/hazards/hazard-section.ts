import type { MhAssetAnswer } from '../../../../server/contracts/hazards'
import { hazardsApi, type HazardsApi } from '../../../api/hazards.api'
import { h } from '../../../core/dom'
import { loadedSection, type DetailSectionFactory } from '../../../shell/detail-sections'
import type { CardApi } from './card-forms'
import { openUnitCard, shortCard } from './hazard-card'
import { tx } from './hazard-texts'

const unitKinds = new Set(['tank', 'tank_farm', 'building'])

/**
 * The "重大危险源" part of a clicked tank farm's, tank's or building's details: the card of the unit it belongs to
 * (a tank shows its farm's), with a link to the whole record. A building that is no unit shows nothing; a tank
 * farm or tank without a unit says so.
 */
export function majorHazardSection(
  api: Pick<HazardsApi, 'byAsset'> & CardApi = hazardsApi,
): DetailSectionFactory {
  const noUnit = new Set<string>()
  const make = loadedSection<MhAssetAnswer>({
    testid: 'asset-major-hazard',
    title: () => tx('units'),
    applies: (sel, kind) => sel.type === 'asset' && kind !== null && unitKinds.has(kind),
    load: async (sel, signal) => {
      const r = await api.byAsset(sel.id, signal)
      if (r.unit) noUnit.delete(sel.id)
      else noUnit.add(sel.id)
      return r
    },
    view: (r) =>
      r.unit
        ? [
            ...shortCard(r.unit),
            h(
              'a',
              {
                href: '#',
                'data-testid': 'mh-open-card',
                onclick: ((e: Event) => {
                  e.preventDefault()
                  openUnitCard(r.unit!.id, api)
                }) as EventListener,
              },
              tx('open'),
            ),
          ]
        : h('div', { class: 'muted' }, tx('notUnit')),
    ttlMs: 30_000,
  })
  return (rerender) => {
    const inner = make(rerender)
    return {
      render: (sel, kind) => (kind === 'building' && noUnit.has(sel.id) ? null : inner.render(sel, kind)),
      destroy: () => inner.destroy(),
    }
  }
}
