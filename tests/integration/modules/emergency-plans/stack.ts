// The emergency plans and resources routes on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts
// wires them (tests/helpers/module-stack.ts).
import { EmergencyPlansService } from '../../../../server/modules/emergency-plans/plans.service'
import { emergencyPlansRoutes } from '../../../../server/modules/emergency-plans/plans.routes'
import { assetsRoutes } from '../../../../server/modules/assets/assets.routes'
import { AssetsService } from '../../../../server/modules/assets/assets.service'
import { startModuleStack } from '../../../helpers/module-stack'

export { silent } from '../../../helpers/module-stack'

export function startPlansStack(prefix: string, opts: { clock?: () => number } = {}) {
  return startModuleStack(prefix, ({ db }) => {
    const plans = new EmergencyPlansService(db, opts)
    return {
      // the assets router first, as in main.ts: /api/v1/assets/:id/plans must still reach the plans router
      routers: [assetsRoutes(new AssetsService(db)), emergencyPlansRoutes(plans)],
      extra: { plans },
    }
  })
}
export type PlansStack = Awaited<ReturnType<typeof startPlansStack>>
