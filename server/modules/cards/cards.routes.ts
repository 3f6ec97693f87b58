import Router from '@koa/router'
import { cardId, cardsQuery, issueCardBody } from '../../contracts/cards'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { parse, parseBody } from '../../platform/http/validate'
import type { CardsService } from './cards.service'

/** The gate office issues and takes back cards: park staff. */
const staff = requireRole('park_admin', 'operator')

/** /api/v1/cards: positioning cards (定位卡), their issue (发卡) and return (还卡). */
export function cardsRoutes(svc: CardsService) {
  const router = new Router({ prefix: '/api/v1/cards' })
  const idOf = (id: string | undefined) => {
    if (!id || !cardId.safeParse(id).success) throw errors.notFound('card', (id ?? '').slice(0, 100))
    return id
  }
  router.get('/', async (ctx) => {
    const q = parse(cardsQuery, ctx.query)
    ctx.body = await svc.list(stateOf(ctx).scope, q.status, q.limit)
  })
  router.post('/:card/issue', staff, async (ctx) => {
    const card = idOf(ctx.params.card)
    ctx.body = await svc.issue(stateOf(ctx), card, await parseBody(ctx, issueCardBody), ctx.ip)
    ctx.status = 201
  })
  router.post('/:card/return', staff, async (ctx) => {
    ctx.body = await svc.return(stateOf(ctx), idOf(ctx.params.card), ctx.ip)
  })
  return router
}
