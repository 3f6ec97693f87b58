import { assetsOfKind, prop } from '../../app/park-data'
import { mountChildren } from '../../core/dom'
import { numberFormat, pick, t } from '../../shell/i18n/i18n'
import { styleFor } from '../../twin/point-kinds'
import { renderLoop, type CenterFactory } from '../center'
import { barList, figures, list, panel } from '../widgets'

/** 环保监管中心: the wastewater and waste-gas online monitoring points (HJ 212 data collectors). */
export const environmentCenter: CenterFactory = (left, right, ctx) =>
  renderLoop(ctx, (data, state) => {
    const monitors = assetsOfKind(data, 'monitor_point')
    const measure = (m: (typeof monitors)[number]) => prop<string>(m, 'measure', 'string')
    const wastewater = monitors.filter((m) => measure(m) === 'wastewater').length
    const wasteGas = monitors.filter((m) => measure(m) === 'waste_gas').length
    const perEnterprise = new Map<string, number>()
    for (const m of monitors) {
      const key = m.properties.enterprise_id ?? ''
      perEnterprise.set(key, (perEnterprise.get(key) ?? 0) + 1)
    }
    mountChildren(
      left,
      panel(
        t('env.monitors'),
        figures([
          { label: t('env.total'), value: numberFormat(monitors.length) },
          { label: t('env.wastewater'), value: numberFormat(wastewater) },
          { label: t('env.waste_gas'), value: numberFormat(wasteGas) },
        ]),
        { testid: 'monitor-figures' },
      ),
      panel(
        t('env.byEnterprise'),
        barList(
          [...perEnterprise]
            .sort((a, b) => b[1] - a[1])
            .map(([id, n]) => {
              const e = data.enterpriseById.get(id)
              return {
                name: e ? pick(e.properties.name, e.properties.name_en) : id,
                value: n,
                text: numberFormat(n),
              }
            }),
        ),
        { grow: true },
      ),
    )
    mountChildren(
      right,
      panel(
        t('env.monitors'),
        list(
          monitors.map((m) => {
            const kind = measure(m)
            const e = data.enterpriseById.get(m.properties.enterprise_id ?? '')
            return {
              key: m.id,
              colour: styleFor('monitor_point', kind)?.hex,
              main: pick(m.properties.name, m.properties.name_en),
              sub: [e && pick(e.properties.name, e.properties.name_en), prop<string>(m, 'mn', 'string')]
                .filter(Boolean)
                .join(' · '),
              side: kind === 'wastewater' || kind === 'waste_gas' ? t(`env.${kind}`) : (kind ?? ''),
              selected: state.selected?.type === 'asset' && state.selected.id === m.id,
              onClick: () => ctx.focus({ type: 'asset', id: m.id }),
            }
          }),
        ),
        { grow: true, extra: t('common.count', { n: monitors.length }) },
      ),
    )
  })
