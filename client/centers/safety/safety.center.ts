import { assetsOfKind, prop } from '../../app/park-data'
import { mountChildren } from '../../core/dom'
import { alarmUiDeps, mountAlarmConsole } from '../../shell/alarm-console.view'
import { numberFormat, t } from '../../shell/i18n/i18n'
import { renderLoop, type CenterFactory } from '../center'
import { figures, panel, riskGrid } from '../widgets'
import { mountGatePanel } from './gate.panel'
import { mountHazmatPanel } from './hazmat.panel'
import { mountOccupancyPanel } from './occupancy.panel'
import { mountWorkbench } from '../workbench'
import { safetyTabs } from './safety.tabs'
import { startSafetyOverlays } from './safety-overlays'

/**
 * 安全监管中心: on the left enterprises by risk, gas detectors and the record-keeping workbench (安全基础管理 with the
 * enterprise list, 重大危险源, 双重预防, 特殊作业); on the right the alarm console (kept across re-renders: it updates
 * itself from the alarm store), today's hazmat vehicles, gate traffic (卡口通行) and people by zone (区域人员分布).
 * The modules' overlays (major-hazard units, the risk map, work permits) are fed while the center is open.
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
  // major hazards, the risk map and work permits on the twin, whichever tab is open
  const overlays = startSafetyOverlays()
  // the record-keeping modules (安全基础管理, 重大危险源, 双重预防, 特殊作业), one tab each
  const workbench = mountWorkbench(ctx, safetyTabs, { testid: 'safety-workbench' })
  // the right column: alarms, then the closed-area panels (kept across re-renders: they refresh themselves)
  mountChildren(right, alarmConsole?.el, hazmat.el, gates.el, occupancy.el)
  const loop = renderLoop(ctx, (data) => {
    const detectors = assetsOfKind(data, 'gas_detector')
    const combustible = detectors.filter((d) => prop<string>(d, 'measure', 'string') === 'combustible').length
    const byRisk = { red: 0, orange: 0, yellow: 0, blue: 0 }
    for (const e of data.enterprises.features) byRisk[e.properties.risk]++
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
      // the record-keeping workbench takes the rest of the column (its first tab lists the enterprises)
      workbench.el,
    )
  })
  return {
    destroy() {
      loop.destroy()
      alarmConsole?.destroy()
      hazmat.destroy()
      gates.destroy()
      occupancy.destroy()
      workbench.destroy()
      overlays.stop()
    },
  }
}
