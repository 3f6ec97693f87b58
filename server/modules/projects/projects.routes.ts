import Router from '@koa/router'
import type { Context } from 'koa'
import type { z } from 'zod'
import {
  newProjectBody,
  projectPatchBody,
  projectQuery,
  stageBody,
  stageKinds,
  type StageKind,
} from '../../contracts/projects'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { readJson } from '../../platform/http/validate'
import { parseAll } from '../emergency-plans/plans.routes'
import type { ProjectsService } from './projects.service'

const body = async <S extends z.ZodType>(ctx: Context, schema: S) => parseAll(schema, await readJson(ctx))

const rowId = /^[A-Za-z0-9_.-]{1,64}$/
const idParam = (what: string, id: string | undefined) => {
  if (!id || !rowId.test(id)) throw errors.notFound(what, (id ?? '').slice(0, 64))
  return id
}
/** Park admins keep every project; enterprise accounts their own. Operators and the screen read. */
const writer = requireRole('park_admin', 'enterprise_user')

/**
 * /api/v1/projects (建设项目三同时): the list with filters, a project with its four stages and its documents,
 * creation, edits (the park suspends and resumes) and one stage's record at /api/v1/projects/:id/stages/:stage.
 * Reads in the caller's scope (RLS: an enterprise sees its own).
 */
export function projectsRoutes(svc: ProjectsService) {
  const router = new Router({ prefix: '/api/v1/projects' })

  router.get('/', async (ctx) => {
    ctx.body = await svc.list(stateOf(ctx).scope, parseAll(projectQuery, ctx.query))
  })
  router.post('/', writer, async (ctx) => {
    ctx.body = await svc.create(stateOf(ctx), await body(ctx, newProjectBody), ctx.ip)
    ctx.status = 201
  })
  router.get('/:id', async (ctx) => {
    ctx.body = await svc.get(stateOf(ctx), idParam('project', ctx.params.id))
  })
  router.patch('/:id', writer, async (ctx) => {
    const id = idParam('project', ctx.params.id)
    ctx.body = await svc.patch(stateOf(ctx), id, await body(ctx, projectPatchBody), ctx.ip)
  })
  router.put('/:id/stages/:stage', writer, async (ctx) => {
    const id = idParam('project', ctx.params.id)
    const stage = ctx.params.stage
    if (!stage || !(stageKinds as readonly string[]).includes(stage))
      throw errors.notFound('project_stage', (stage ?? '').slice(0, 64))
    ctx.body = await svc.setStage(stateOf(ctx), id, stage as StageKind, await body(ctx, stageBody), ctx.ip)
  })
  return router
}
