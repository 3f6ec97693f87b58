import { assetsOfKind, prop } from '../../app/park-data'
import { h, mountChildren } from '../../core/dom'
import { numberFormat, pick, t } from '../../shell/i18n/i18n'
import { tagKindHex, tagKindOrder } from '../../twin/palette'
import { pointStyles } from '../../twin/point-kinds'
import { renderLoop, type CenterFactory } from '../center'
import { barList, figures, list, panel } from '../widgets'
import { mountIncidentPanel } from './incident.panel'
import { mountPlansPanel } from './plans.panel'
import { mountResourcesPanel } from './resources.panel'
import { mountDrillPanel } from './drill.panel'

/**
 * 应急指挥中心: incident command (declare, zones, people inside, evacuation, log), who and what is on site now,
 * muster points, emergency plans (kept across re-renders: they refresh themselves), fire and emergency resources.
 */
export const emergencyCenter: CenterFactory = (left, right, ctx) => {
  const plans = mountPlansPanel(ctx)
  const planResources = mountResourcesPanel(ctx)
  // incident command heads the right column; it keeps its form inputs, so the re-rendered panels go below it
  const incident = mountIncidentPanel(ctx)
  const rightLive = h('div', { class: 'inc-slot inc-rest' })
  mountChildren(right, incident.el, rightLive)
  const drills = mountDrillPanel(ctx)
  const loop = renderLoop(
    ctx,
    (data, state) => {
      const counts = ctx.live.countByKind()
      const onSite = [...ctx.live.tags.values()].filter((tag) => tag.last).length
      const musters = assetsOfKind(data, 'muster_point')
      const isSelected = (id: string) => state.selected?.type === 'asset' && state.selected.id === id
      mountChildren(
        left,
        panel(
          t('emergency.onSite'),
          [
            figures([
              { label: t('emergency.onSiteTotal'), value: numberFormat(onSite) },
              { label: t('tag.hazmat_vehicle'), value: numberFormat(counts.hazmat_vehicle) },
              { label: t('tag.visitor'), value: numberFormat(counts.visitor) },
            ]),
            barList(
              tagKindOrder.map((kind) => ({
                name: t(`tag.${kind}`),
                value: counts[kind],
                text: numberFormat(counts[kind]),
                colour: tagKindHex[kind],
              })),
            ),
          ],
          { testid: 'tags-by-kind' },
        ),
        panel(
          t('emergency.muster'),
          list(
            musters.map((m) => ({
              key: m.id,
              colour: pointStyles.muster_point?.hex,
              main: pick(m.properties.name, m.properties.name_en),
              sub: m.id,
              side: t('emergency.capacity', { n: prop<number>(m, 'capacity', 'number') ?? '—' }),
              selected: isSelected(m.id),
              onClick: () => ctx.focus({ type: 'asset', id: m.id }),
            })),
          ),
          { grow: true, extra: t('common.count', { n: musters.length }) },
        ),
        plans.el,
      )
      const resources = assetsOfKind(data, 'fire_station', 'depot')
      const hydrants = assetsOfKind(data, 'hydrant').length
      mountChildren(
        rightLive,
        panel(t('emergency.resources'), [
          figures([
            { label: t('kind.fire_station'), value: numberFormat(assetsOfKind(data, 'fire_station').length) },
            { label: t('kind.depot'), value: numberFormat(assetsOfKind(data, 'depot').length) },
            { label: t('kind.hydrant'), value: numberFormat(hydrants) },
          ]),
        ]),
        panel(
          `${t('kind.fire_station')} / ${t('kind.depot')}`,
          list(
            resources.map((r) => ({
              key: r.id,
              colour: pointStyles[r.properties.kind]?.hex,
              main: pick(r.properties.name, r.properties.name_en),
              sub: (prop<string[]>(r, 'items', 'array') ?? []).join('、') || t(`kind.${r.properties.kind}`),
              side: t(`kind.${r.properties.kind}`),
              selected: isSelected(r.id),
              onClick: () => ctx.focus({ type: 'asset', id: r.id }),
            })),
          ),
          { grow: true },
        ),
        planResources.el,
        drills.el,
      )
    },
    { live: true },
  )
  return {
    destroy() {
      loop.destroy()
      plans.destroy()
      planResources.destroy()
      drills.destroy()
      incident.destroy()
    },
  }
}
