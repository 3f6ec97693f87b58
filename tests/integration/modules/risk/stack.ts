// The dual-prevention routes (风险分级管控 and 隐患排查治理) on a fresh PostgreSQL + PostGIS database and Redis, wired
// as main.ts wires them (tests/helpers/module-stack.ts). The services run on a pool of ONE connection, so every
// request of every tenant reuses the same connection: a scope leaking from one transaction to the next would show.
import { Db } from '../../../../server/platform/db/db'
import { HiddenDangersService } from '../../../../server/modules/hidden-dangers/hd.service'
import { hiddenDangersRoutes } from '../../../../server/modules/hidden-dangers/hd.routes'
import { RiskService } from '../../../../server/modules/risk/risk.service'
import { riskRoutes } from '../../../../server/modules/risk/risk.routes'
import { startModuleStack } from '../../../helpers/module-stack'

export { silent } from '../../../helpers/module-stack'

const urlOf = (db: Db) =>
  (db.pool as unknown as { options: { connectionString: string } }).options.connectionString

export async function startDualStack(prefix: string) {
  let single: Db | null = null
  const s = await startModuleStack(prefix, ({ db }) => {
    single = new Db(urlOf(db), db.kind, 1)
    const risk = new RiskService(single)
    const hd = new HiddenDangersService(single)
    return { routers: [riskRoutes(risk), hiddenDangersRoutes(hd)], extra: { risk, hd, single } }
  })
  return {
    ...s,
    async stop() {
      await single?.close()
      await s.stop()
    },
  }
}
export type DualStack = Awaited<ReturnType<typeof startDualStack>>
