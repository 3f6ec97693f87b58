import type { MhUnit } from '../../../../server/contracts/hazards'
import { mhGrades } from '../../../../server/contracts/hazards'
import { hazardsApi, type HazardsApi } from '../../../api/hazards.api'
import { h } from '../../../core/dom'
import { getLocale, pick } from '../../../shell/i18n/i18n'
import type { CenterContext } from '../../center'
import { barList, figures, list } from '../../widgets'
import type { TabView, WorkbenchTab } from '../../workbench'
import { openCalculator } from './calculator'
import type { CardApi } from './card-forms'
import { openUnitCard } from './hazard-card'
import { tx } from './hazard-texts'
import { gradeColour, gradeLabel, majorHazardOverlay, num, sortUnits, summarise } from './hazards-model'

const refreshMs = 60_000

/**
 * 重大危险源 tab of the 安全监管中心 workbench: counts by grade, then every unit the account may see, most severe
 * first, with S / R / α, the 包保 checks overdue and a re-registration flag; a click opens the card and flies the
 * twin to the unit. Feeds the twin's 'major-hazards' layer (the data stay drawn after the tab closes, refreshed the
 * next time it opens). The calculator button opens the GB 18218 calculator.
 */
export function majorHazardsTab(
  api: Pick<HazardsApi, 'units' | 'grade'> & CardApi = hazardsApi,
): WorkbenchTab {
  return {
    id: 'major-hazards',
    title: () => tx('tab'),
    mount: (ctx: CenterContext): TabView => {
      const el = h('div', { class: 'mh-tab' })
      let units: MhUnit[] | null = null
      let failed = false
      let stopped = false
      let timer: ReturnType<typeof setTimeout> | null = null
      const ctrl = new AbortController()
      const render = () => {
        if (!units) {
          el.replaceChildren(h('div', { class: 'muted' }, failed ? tx('failed') : tx('loading')))
          return
        }
        const sum = summarise(units)
        const locale = getLocale()
        const data = ctx.store.get().data
        el.replaceChildren(
          h(
            'div',
            { style: 'display:flex;justify-content:space-between;align-items:center' },
            h('div', { class: 'section-title' }, tx('summary')),
            h(
              'button',
              { type: 'button', 'data-testid': 'mh-open-calculator', onclick: () => openCalculator(api) },
              tx('calculator'),
            ),
          ),
          h(
            'div',
            { 'data-testid': 'mh-figures' },
            figures([
              { label: tx('total'), value: String(sum.major) },
              { label: tx('overdue'), value: String(sum.overdue) },
              { label: tx('changed'), value: String(sum.changed) },
            ]),
          ),
          h(
            'div',
            { 'data-testid': 'mh-grade-bars' },
            barList(
              mhGrades.map((g) => ({
                name: gradeLabel(g, locale, ''),
                value: sum.counts[g],
                text: String(sum.counts[g]),
                colour: gradeColour(g),
              })),
            ),
          ),
          h('div', { class: 'section-title' }, tx('units')),
          h(
            'div',
            { 'data-testid': 'mh-units' },
            list(
              sortUnits(units).map((u) => {
                const e = data?.enterpriseById.get(u.enterprise_id)
                const a = u.assessment
                const flags = [
                  u.overdue_checks ? `${tx('overdue')} ${u.overdue_checks}` : '',
                  u.grade_changed ? tx('changed') : '',
                ].filter(Boolean)
                return {
                  key: u.id,
                  colour: gradeColour(a.grade),
                  main: `${pick(u.name, u.name_en)} · ${gradeLabel(a.grade, locale, tx('notMajor'))}`,
                  sub: [
                    e ? pick(e.properties.name, e.properties.name_en) : u.enterprise_id,
                    `S=${num(a.S, 2)} R=${num(a.R, 1)} α=${a.alpha}`,
                    u.responsibles.map((p) => p.person_name).join('/') || tx('noPersons'),
                  ].join(' · '),
                  side: flags.join(' · '),
                  onClick: () => {
                    ctx.focus({ type: 'asset', id: u.asset_id })
                    openUnitCard(u.id, api, { me: ctx.store.get().me, onChanged: () => load() })
                  },
                }
              }),
            ),
          ),
        )
      }
      const load = () => {
        if (stopped) return
        if (timer) clearTimeout(timer)
        api.units(ctrl.signal).then(
          (r) => {
            if (stopped) return
            units = r
            failed = false
            majorHazardOverlay.set({ units: r })
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
        el,
        destroy() {
          stopped = true
          ctrl.abort()
          if (timer) clearTimeout(timer)
          stopStore()
        },
      }
    },
  }
}
