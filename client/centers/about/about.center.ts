import { mountChildren } from '../../core/dom'
import { numberFormat, pick, t } from '../../shell/i18n/i18n'
import { riskHex } from '../../twin/palette'
import { renderLoop, type CenterFactory } from '../center'
import { barList, figures, list, panel, riskGrid } from '../widgets'

/** 关于园区: park figures, inventory by chemical, risk mix and the enterprise list. */
export const aboutCenter: CenterFactory = (left, right, ctx) =>
  renderLoop(ctx, (data, state) => {
    const park = data.park
    const chemicals = [...park.inventory_by_chemical].sort((a, b) => b.inventory_t - a.inventory_t)
    mountChildren(
      left,
      panel(
        pick(park.name, park.name_en),
        figures([
          { label: t('about.area'), value: numberFormat(park.area_km2, 2), unit: t('unit.km2') },
          { label: t('about.enterprises'), value: numberFormat(park.enterprise_count) },
          { label: t('about.buildings'), value: numberFormat(park.building_count) },
          { label: t('about.tanks'), value: numberFormat(park.tank_count) },
          { label: t('about.inventory'), value: numberFormat(park.total_inventory_t), unit: t('unit.t') },
          { label: t('about.tags'), value: numberFormat(park.tag_count) },
        ]),
        { testid: 'park-figures', extra: t('about.figures') },
      ),
      panel(
        t('about.byChemical'),
        barList(
          chemicals.map((c) => ({
            name: pick(c.chemical, c.chemical_en),
            value: c.inventory_t,
            text: `${numberFormat(c.inventory_t)} ${t('unit.t')}`,
          })),
        ),
        { grow: true, extra: t('common.count', { n: chemicals.length }) },
      ),
    )
    const enterprises = [...data.enterprises.features].sort((a, b) => a.id.localeCompare(b.id))
    mountChildren(
      right,
      panel(t('about.byRisk'), riskGrid(park.enterprises_by_risk)),
      panel(
        t('about.enterpriseList'),
        list(
          enterprises.map((e) => ({
            key: e.id,
            colour: riskHex[e.properties.risk],
            main: pick(e.properties.name, e.properties.name_en),
            sub: pick(e.properties.industry, e.properties.industry_en),
            side: e.id,
            selected: state.selected?.type === 'enterprise' && state.selected.id === e.id,
            onClick: () => ctx.focus({ type: 'enterprise', id: e.id }),
          })),
        ),
        { grow: true, extra: t('common.count', { n: enterprises.length }) },
      ),
    )
  })
