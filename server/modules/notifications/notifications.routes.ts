import Router from '@koa/router'
import { markReadBody, notificationQuery, notificationSettingsBody } from '../../contracts/notifications'
import { stateOf } from '../../platform/http/auth-middleware'
import { readJson } from '../../platform/http/validate'
import { parseAll } from '../emergency-plans/plans.routes'
import type { NotificationsService } from './notifications.service'

/**
 * /api/v1/notifications (消息中心): the signed-in user's own notifications, unread first; the unread count (the
 * client polls it, no socket push); mark read; the user's e-mail settings. Every role, own rows only (RLS).
 */
export function notificationsRoutes(svc: NotificationsService) {
  const router = new Router()
  const base = '/api/v1/notifications'
  router.get(base, async (ctx) => {
    ctx.body = await svc.list(stateOf(ctx), parseAll(notificationQuery, ctx.query))
  })
  router.get(`${base}/unread-count`, async (ctx) => {
    ctx.body = await svc.unread(stateOf(ctx))
  })
  router.post(`${base}/read`, async (ctx) => {
    ctx.body = await svc.markRead(stateOf(ctx), parseAll(markReadBody, await readJson(ctx)))
  })
  router.get(`${base}/settings`, async (ctx) => {
    ctx.body = await svc.settings(stateOf(ctx))
  })
  router.put(`${base}/settings`, async (ctx) => {
    ctx.body = await svc.saveSettings(stateOf(ctx), parseAll(notificationSettingsBody, await readJson(ctx)))
  })
  return router
}
