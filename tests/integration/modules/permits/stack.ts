// The special-work routes on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts wires them
// (tests/helpers/module-stack.ts), on a pool of ONE connection: a scope left over from one transaction would
// show in the next (row-level security is set per transaction, never per connection).
import { Db } from '../../../../server/platform/db/db'
import { PermitsService } from '../../../../server/modules/permits/permits.service'
import { permitsRoutes } from '../../../../server/modules/permits/permits.routes'
import { startModuleStack } from '../../../helpers/module-stack'

export { silent } from '../../../helpers/module-stack'

export async function startPermitsStack(prefix: string, opts: { clock?: () => number } = {}) {
  let one: Db | null = null
  const s = await startModuleStack(prefix, ({ db }) => {
    one = new Db((db.pool.options as { connectionString: string }).connectionString, db.kind, 1)
    const permits = new PermitsService(one, opts)
    return { routers: [permitsRoutes(permits)], extra: { permits, pool1: one } }
  })
  const stop = s.stop
  return {
    ...s,
    stop: async () => {
      await one?.close()
      await stop()
    },
  }
}
export type PermitsStack = Awaited<ReturnType<typeof startPermitsStack>>
