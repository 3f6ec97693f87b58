// The organisation chart routes on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts wires them
// (tests/helpers/module-stack.ts).
import { OrganisationService } from '../../../../server/modules/organisation/organisation.service'
import { organisationRoutes } from '../../../../server/modules/organisation/organisation.routes'
import { startModuleStack } from '../../../helpers/module-stack'

export function startOrganisationStack(prefix: string) {
  return startModuleStack(prefix, ({ db }) => {
    const organisation = new OrganisationService(db)
    return { routers: [organisationRoutes(organisation)], extra: { organisation } }
  })
}
export type OrganisationStack = Awaited<ReturnType<typeof startOrganisationStack>>
