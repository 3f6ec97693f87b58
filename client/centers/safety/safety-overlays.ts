import { hazardsApi } from '../../api/hazards.api'
import { permitsApi } from '../../api/permits.api'
import { riskApi } from '../../api/risk.api'
import { riskMapOverlay } from './dual-prevention/dual-model'
import { majorHazardOverlay } from './hazards/hazards-model'
import { workPermitsOverlay } from './permits/permit-model'

const refreshMs = 60_000

export interface SafetyOverlayApis {
  hazards: Pick<typeof hazardsApi, 'units'>
  risk: Pick<typeof riskApi, 'map'>
  permits: Pick<typeof permitsApi, 'list' | 'settings'>
}

/**
 * Feeds the safety center's twin overlays while the center is open: major-hazard units by grade (重大危险源), the
 * four-colour risk map (双重预防) and the work permits in force (特殊作业). The workbench tabs refresh the same
 * stores when they load; this keeps the map drawn whichever tab is open. A failed load keeps the last data.
 */
export function startSafetyOverlays(
  apis: SafetyOverlayApis = { hazards: hazardsApi, risk: riskApi, permits: permitsApi },
): { stop(): void } {
  const ctrl = new AbortController()
  let timer: ReturnType<typeof setTimeout> | null = null
  const ignore = () => {}
  const load = () => {
    apis.hazards.units(ctrl.signal).then((units) => {
      if (!ctrl.signal.aborted) majorHazardOverlay.set({ units })
    }, ignore)
    apis.risk.map(undefined, ctrl.signal).then((map) => {
      if (!ctrl.signal.aborted) riskMapOverlay.set({ map })
    }, ignore)
    Promise.all([apis.permits.list({ active: true }, ctrl.signal), apis.permits.settings(ctrl.signal)]).then(
      ([permits, settings]) => {
        if (!ctrl.signal.aborted) workPermitsOverlay.set({ permits, radiusM: settings.isolation_radius_m })
      },
      ignore,
    )
    timer = setTimeout(load, refreshMs)
  }
  load()
  return {
    stop() {
      ctrl.abort()
      if (timer) clearTimeout(timer)
    },
  }
}
