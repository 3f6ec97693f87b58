// The enforcement ledger on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts wires it
// (tests/helpers/module-stack.ts), with the document store's routes (evidence is uploaded there first).
import { DocumentsService } from '../../../../server/modules/documents/documents.service'
import { documentsRoutes } from '../../../../server/modules/documents/documents.routes'
import { EnforcementService } from '../../../../server/modules/enforcement/enforcement.service'
import { enforcementRoutes } from '../../../../server/modules/enforcement/enforcement.routes'
import { startModuleStack } from '../../../helpers/module-stack'

export { silent } from '../../../helpers/module-stack'
export { uploadDocument } from '../projects/stack'

export function startEnforcementStack(prefix: string) {
  return startModuleStack(prefix, ({ db }) => {
    const enforcement = new EnforcementService(db)
    const documents = new DocumentsService(db, { afterUpload: async () => undefined })
    return { routers: [enforcementRoutes(enforcement), documentsRoutes(documents)], extra: { enforcement } }
  })
}
export type EnforcementStack = Awaited<ReturnType<typeof startEnforcementStack>>
