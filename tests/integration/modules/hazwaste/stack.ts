// The hazardous-waste and compliance routes on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts
// wires them (tests/helpers/module-stack.ts).
import { HazwasteService } from '../../../../server/modules/hazwaste/hazwaste.service'
import { hazwasteRoutes } from '../../../../server/modules/hazwaste/hazwaste.routes'
import { ComplianceService } from '../../../../server/modules/environment/compliance.service'
import { complianceRoutes } from '../../../../server/modules/environment/compliance.routes'
import { startModuleStack } from '../../../helpers/module-stack'

export { silent } from '../../../helpers/module-stack'

export function startLedgerStack(prefix: string, opts: { clock?: () => number } = {}) {
  return startModuleStack(prefix, ({ db }) => {
    const hazwaste = new HazwasteService(db, opts)
    const compliance = new ComplianceService(db, opts)
    return {
      routers: [hazwasteRoutes(hazwaste), complianceRoutes(compliance)],
      extra: { hazwaste, compliance },
    }
  })
}
export type LedgerStack = Awaited<ReturnType<typeof startLedgerStack>>
