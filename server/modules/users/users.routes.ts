import Router from '@koa/router'
import { createUserBody, type Me } from '../../contracts'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { parseBody } from '../../platform/http/validate'
import { errors } from '../../platform/http/errors'
import type { UsersService } from './users.service'

export function usersRoutes(users: UsersService) {
  const router = new Router({ prefix: '/api/v1/users' })
  router.use(requireRole('park_admin'))
  router.get('/', async (ctx) => {
    ctx.body = await users.list(stateOf(ctx).scope)
  })
  router.post('/', async (ctx) => {
    const body = await parseBody(ctx, createUserBody)
    const created: Me = await users.create(stateOf(ctx), body, ctx.ip)
    ctx.status = 201
    ctx.body = created
  })
  router.post('/:id/disable', async (ctx) => {
    const id = ctx.params.id ?? ''
    if (!/^[0-9a-f-]{36}$/.test(id)) throw errors.notFound('user', id)
    await users.disable(stateOf(ctx), id, ctx.ip)
    ctx.status = 204
  })
  return router
}
