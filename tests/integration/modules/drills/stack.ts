// Drill runs: the emergency and drill routes on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts
// wires them (tests/helpers/module-stack.ts).
import { EmergencyService } from '../../../../server/modules/emergency/emergency.service'
import { emergencyRoutes } from '../../../../server/modules/emergency/emergency.routes'
import { DrillsService } from '../../../../server/modules/drills/drills.service'
import { drillsRoutes } from '../../../../server/modules/drills/drills.routes'
import { startModuleStack } from '../../../helpers/module-stack'

export function startDrillsStack(prefix: string, clock: () => number = Date.now) {
  return startModuleStack(prefix, ({ db }) => {
    const emergency = new EmergencyService(db)
    return {
      routers: [emergencyRoutes(emergency), drillsRoutes(new DrillsService(db, emergency, { clock }))],
      extra: {},
    }
  })
}
export type DrillsStack = Awaited<ReturnType<typeof startDrillsStack>>
