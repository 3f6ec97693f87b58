import type { AssetFeature, RiskColor } from '../../../server/contracts'
import { assetsOfKind, prop, type ParkData } from '../../app/park-data'
import { h, mountChildren } from '../../core/dom'
import { alarmUiDeps, mountAlarmConsole } from '../../shell/alarm-console.view'
import { numberFormat, pick, t } from '../../shell/i18n/i18n'
import { riskHex } from '../../twin/palette'
import { renderLoop, type CenterFactory } from '../center'
import { figures, list, panel, riskGrid } from '../widgets'
import { mountGatePanel } from './gate.panel'
import { mountHazmatPanel } from './hazmat.panel'
import { mountOccupancyPanel } from './occupancy.panel'
import { mountWorkbench } from '../workbench'
import { safetyTabs } from './safety.tabs'

const riskOrder: Record<RiskColor, number> = { red: 0, orange: 1, yellow: 2, blue: 3 }

/**
 * 安全监管中心: enterprises by risk, gas detectors, today's hazmat vehicles, gate traffic (卡口通行); on the right the
 * alarm console (kept across re-renders: it updates itself from the alarm store), people by zone (区域人员分布) and
 * every tank's inventory by enterprise.
 */
export const safetyCenter: CenterFactory = (left, right, ctx) => {
  const deps = alarmUiDeps()
  const alarmConsole = deps
    ? mountAlarmConsole(deps, { testid: 'alarm-console', className: 'alarm-console-column' })
    : null
  // kept across re-renders: it refreshes itself
  const hazmat = mountHazmatPanel(ctx)
  const gates = mountGatePanel(ctx)
  const occupancy = mountOccupancyPanel(ctx)
  // the record-keeping modules (安全基础管理, 重大危险源, 双重预防, 特殊作业), one tab each
  const workbench = safetyTabs.length ? mountWorkbench(ctx, safetyTabs, { testid: 'safety-workbench' }) : null
  let tanks: HTMLElement = document.createElement('section')
  mountChildren(right, alarmConsole?.el, occupancy.el, tanks)
  const loop = renderLoop(ctx, (data, state) => {
    const detectors = assetsOfKind(data, 'gas_detector')
    const combustible = detectors.filter((d) => prop<string>(d, 'measure', 'string') === 'combustible').length
    const byRisk = { red: 0, orange: 0, yellow: 0, blue: 0 }
    for (const e of data.enterprises.features) byRisk[e.properties.risk]++
    const ranked = [...data.enterprises.features].sort(
      (a, b) => riskOrder[a.properties.risk] - riskOrder[b.properties.risk] || a.id.localeCompare(b.id),
    )
    mountChildren(
      left,
      panel(t('safety.byRisk'), riskGrid(byRisk)),
      panel(
        t('safety.detectors'),
        figures([
          { label: t('common.total'), value: numberFormat(detectors.length) },
          { label: t('safety.detectorsCombustible'), value: numberFormat(combustible) },
          { label: t('safety.detectorsToxic'), value: numberFormat(detectors.length - combustible) },
        ]),
        { testid: 'gas-detectors' },
      ),
      hazmat.el,
      gates.el,
      workbench?.el ??
        panel(
          t('about.enterpriseList'),
          list(
            ranked.map((e) => ({
              key: e.id,
              colour: riskHex[e.properties.risk],
              main: pick(e.properties.name, e.properties.name_en),
              sub: `${t(`risk.${e.properties.risk}`)} · ${e.properties.processes.join('、') || pick(e.properties.industry, e.properties.industry_en)}`,
              side: e.id,
              selected: state.selected?.type === 'enterprise' && state.selected.id === e.id,
              onClick: () => ctx.focus({ type: 'enterprise', id: e.id }),
            })),
          ),
          { grow: true },
        ),
    )
    const next = panel(t('safety.tanks'), tankGroups(data, ctx.focus, state.selected?.id ?? null), {
      grow: true,
    })
    tanks.replaceWith(next)
    tanks = next
  })
  return {
    destroy() {
      loop.destroy()
      alarmConsole?.destroy()
      hazmat.destroy()
      gates.destroy()
      occupancy.destroy()
      workbench?.destroy()
    },
  }
}

function tankGroups(
  data: ParkData,
  focus: Parameters<CenterFactory>[2]['focus'],
  selectedId: string | null,
): HTMLElement {
  const byEnterprise = new Map<string, AssetFeature[]>()
  for (const tank of assetsOfKind(data, 'tank')) {
    const key = tank.properties.enterprise_id ?? ''
    byEnterprise.set(key, [...(byEnterprise.get(key) ?? []), tank])
  }
  const inventory = (tanks: AssetFeature[]) =>
    tanks.reduce((s, tk) => s + (prop<number>(tk, 'inventory_t', 'number') ?? 0), 0)
  const groups = [...byEnterprise].sort((a, b) => inventory(b[1]) - inventory(a[1]))
  return h(
    'div',
    {},
    groups.map(([enterpriseId, tanks]) => {
      const e = data.enterpriseById.get(enterpriseId)
      return h(
        'div',
        {},
        h(
          'div',
          { class: 'section-title' },
          `${e ? pick(e.properties.name, e.properties.name_en) : enterpriseId} · ${numberFormat(inventory(tanks))} ${t('unit.t')}`,
        ),
        list(
          tanks.map((tk) => ({
            key: tk.id,
            colour: e ? riskHex[e.properties.risk] : undefined,
            main: `${pick(tk.properties.name, tk.properties.name_en)}`,
            sub: [prop<string>(tk, 'chemical', 'string'), prop<string>(tk, 'cas', 'string')]
              .filter(Boolean)
              .join(' · '),
            side: `${numberFormat(prop<number>(tk, 'inventory_t', 'number') ?? 0, 1)} ${t('unit.t')}`,
            selected: tk.id === selectedId,
            onClick: () => focus({ type: 'asset', id: tk.id }),
          })),
        ),
      )
    }),
  )
}
