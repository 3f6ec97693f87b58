// The evaluation routes on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts wires them
// (tests/helpers/module-stack.ts); the documents router too, for the evidence links.
import { DocumentsService } from '../../../../server/modules/documents/documents.service'
import { documentsRoutes } from '../../../../server/modules/documents/documents.routes'
import { EvaluationService } from '../../../../server/modules/evaluation/evaluation.service'
import { evaluationRoutes } from '../../../../server/modules/evaluation/evaluation.routes'
import { startModuleStack } from '../../../helpers/module-stack'

export function startEvaluationStack(prefix: string) {
  return startModuleStack(prefix, ({ db }) => {
    const evaluation = new EvaluationService(db)
    return {
      routers: [documentsRoutes(new DocumentsService(db)), evaluationRoutes(evaluation)],
      extra: { evaluation },
    }
  })
}
export type EvaluationStack = Awaited<ReturnType<typeof startEvaluationStack>>
