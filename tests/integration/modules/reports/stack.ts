// The report routes on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts wires them
// (tests/helpers/module-stack.ts), with a real headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
import { EvaluationService } from '../../../../server/modules/evaluation/evaluation.service'
import { PdfRenderer } from '../../../../server/modules/reports/pdf-renderer'
import { ReportsService } from '../../../../server/modules/reports/reports.service'
import { reportsRoutes } from '../../../../server/modules/reports/reports.routes'
import { startModuleStack } from '../../../helpers/module-stack'

export function startReportsStack(prefix: string) {
  return startModuleStack(prefix, ({ db }) => {
    const evaluation = new EvaluationService(db)
    const renderer = new PdfRenderer({ idleMs: 2_000 })
    const reports = new ReportsService(db, evaluation, renderer)
    return { routers: [reportsRoutes(reports)], extra: { evaluation, renderer, reports } }
  })
}
export type ReportsStack = Awaited<ReturnType<typeof startReportsStack>>
