// The major-hazard routes on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts wires them
// (tests/helpers/module-stack.ts). The service runs on its own pool of ONE connection, so every request of every
// account reuses the same session: a tenant setting that outlived its transaction would show up as a leak.
import { Db } from '../../../../server/platform/db/db'
import {
  HazardsService,
  type HazardsServiceOptions,
} from '../../../../server/modules/hazards/hazards.service'
import { hazardsRoutes } from '../../../../server/modules/hazards/hazards.routes'
import { startModuleStack } from '../../../helpers/module-stack'

export { silent } from '../../../helpers/module-stack'

export async function startHazardsStack(prefix: string, opts: HazardsServiceOptions = {}) {
  let single: Db | null = null
  const s = await startModuleStack(prefix, ({ db }) => {
    const url = (db.pool as unknown as { options: { connectionString: string } }).options.connectionString
    single = new Db(url, 'postgres', 1)
    const hazards = new HazardsService(single, opts)
    return { routers: [hazardsRoutes(hazards)], extra: { hazards, single } }
  })
  return {
    ...s,
    async stop() {
      await single?.close()
      await s.stop()
    },
  }
}
export type HazardsStack = Awaited<ReturnType<typeof startHazardsStack>>
