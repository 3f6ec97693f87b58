// The emergency (hazard model) routes on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts wires
// them (tests/helpers/module-stack.ts).
import { EmergencyService } from '../../../../server/modules/emergency/emergency.service'
import { emergencyRoutes } from '../../../../server/modules/emergency/emergency.routes'
import { startModuleStack } from '../../../helpers/module-stack'

export function startEmergencyStack(prefix: string) {
  return startModuleStack(prefix, ({ db }) => ({
    routers: [emergencyRoutes(new EmergencyService(db))],
    extra: {},
  }))
}
export type EmergencyStack = Awaited<ReturnType<typeof startEmergencyStack>>
