// The admission assessment routes on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts wires them
// (tests/helpers/module-stack.ts). The park (geodata) and the GB 18218 catalogue are seeded by the server's start.
import { AdmissionService } from '../../../../server/modules/admission/admission.service'
import { admissionRoutes } from '../../../../server/modules/admission/admission.routes'
import { startModuleStack } from '../../../helpers/module-stack'

export function startAdmissionStack(prefix: string) {
  return startModuleStack(prefix, ({ db }) => {
    const admission = new AdmissionService(db)
    return { routers: [admissionRoutes(admission)], extra: { admission } }
  })
}
export type AdmissionStack = Awaited<ReturnType<typeof startAdmissionStack>>
