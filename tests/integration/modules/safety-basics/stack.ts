// The 安全基础管理 routes on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts wires them
// (tests/helpers/module-stack.ts).
import { SafetyBasicsService } from '../../../../server/modules/safety-basics/basics.service'
import { safetyBasicsRoutes } from '../../../../server/modules/safety-basics/basics.routes'
import { startModuleStack } from '../../../helpers/module-stack'

export { silent } from '../../../helpers/module-stack'

export function startBasicsStack(prefix: string, opts: { clock?: () => number } = {}) {
  return startModuleStack(prefix, ({ db }) => {
    const basics = new SafetyBasicsService(db, opts)
    return { routers: [safetyBasicsRoutes(basics)], extra: { basics } }
  })
}
export type BasicsStack = Awaited<ReturnType<typeof startBasicsStack>>
