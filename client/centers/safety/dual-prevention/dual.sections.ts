import type { HdStats } from '../../../../server/contracts/hidden-dangers'
import type { RiskMap, RiskPointDetail } from '../../../../server/contracts/risk'
import { authApi } from '../../../api/auth.api'
import { hiddenDangersApi } from '../../../api/hidden-dangers.api'
import { riskApi } from '../../../api/risk.api'
import { h } from '../../../core/dom'
import { loadedSection, type DetailSection, type DetailSectionFactory } from '../../../shell/detail-sections'
import { overlayRef } from '../../../twin/pick-id'
import { riskMapOverlay } from './dual-model'
import { tx } from './dual-texts'
import { colourChip, openLecDialog, pointFacts } from './lec-dialog'

/** A clicked risk point (overlay kind risk_point): its facts and current LEC; the button opens the LEC dialog. */
export function riskPointSection(): DetailSectionFactory {
  return loadedSection<{ p: RiskPointDetail; bands: RiskMap['bands']; canAssess: boolean }>({
    testid: 'risk-point-section',
    title: () => tx('lec'),
    applies: (sel) => overlayRef(sel)?.kind === 'risk_point',
    load: async (sel, signal) => {
      const [p, bands, me] = await Promise.all([
        riskApi.point(overlayRef(sel)!.id, signal),
        riskApi.bands(signal),
        authApi.me(),
      ])
      // who keeps the register: the park admin and the point's own enterprise
      return { p, bands, canAssess: me?.role === 'park_admin' || me?.role === 'enterprise_user' }
    },
    view: ({ p, bands, canAssess }, _sel, reload) => [
      pointFacts(p, bands),
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'risk-point-open',
          onclick: () => openLecDialog(p.id, { canAssess, onSaved: () => reload() }),
        },
        tx('history'),
      ),
    ],
  })
}

/** A clicked enterprise parcel: its four-colour grade, risk points and open hidden dangers. */
export function parcelRiskSection(): DetailSectionFactory {
  return loadedSection<{ map: RiskMap; stats: HdStats }>({
    testid: 'parcel-risk-section',
    title: () => tx('tab'),
    applies: (sel) => sel.type === 'enterprise',
    load: async (sel, signal) => {
      const [map, stats] = await Promise.all([
        riskApi.map(sel.id, signal),
        hiddenDangersApi.stats(sel.id, signal),
      ])
      return { map, stats }
    },
    view: ({ map, stats }) => {
      const e = map.enterprises[0]
      const s = stats.enterprises[0]
      if (!riskMapOverlay.get().map) riskMapOverlay.set({ map })
      return h(
        'dl',
        { class: 'kv' },
        h('dt', {}, tx('parcelColour')),
        h(
          'dd',
          {},
          colourChip(e?.colour ?? null, map.bands, 'parcel-risk-colour'),
          e?.max_d ? ` D ${e.max_d}` : '',
        ),
        h('dt', {}, tx('points')),
        h('dd', {}, String(e?.points ?? 0)),
        h('dt', {}, tx('openHidden')),
        h(
          'dd',
          { 'data-testid': 'parcel-open-hidden' },
          s
            ? `${s.open.general + s.open.major}（${tx('major')} ${s.open.major} · ${tx('overdue')} ${s.overdue.general + s.overdue.major}）`
            : '0',
        ),
      )
    },
  })
}

/** Both sections as one registry entry: whichever applies to the selection answers. */
export function dualPreventionSection(): DetailSectionFactory {
  return (rerender) => {
    const parts: DetailSection[] = [riskPointSection()(rerender), parcelRiskSection()(rerender)]
    return {
      render(sel, kind) {
        for (const p of parts) {
          const el = p.render(sel, kind)
          if (el) return el
        }
        return null
      },
      destroy() {
        for (const p of parts) p.destroy()
      },
    }
  }
}
