import Router from '@koa/router'
import type { Context } from 'koa'
import { parsePeriod } from '../../contracts/reports'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { sendFile } from '../../platform/http/download'
import { errors } from '../../platform/http/errors'
import type { RenderedReport, ReportsService } from './reports.service'

/** Reports cover the whole park: park staff and the screen read them, enterprise accounts do not. */
const parkReader = requireRole('park_admin', 'operator', 'screen')

function answer(ctx: Context, svc: ReportsService, r: RenderedReport, format: string) {
  if (format === 'html') {
    ctx.status = 200
    ctx.type = 'text/html; charset=utf-8'
    ctx.set('Cache-Control', 'private, no-store')
    ctx.body = r.html
    return
  }
  return svc
    .pdf(r)
    .then((bytes) => sendFile(ctx, { bytes, mime: 'application/pdf', filename: `${r.title}.pdf` }))
}

/**
 * GET /api/v1/reports/annual/:year.(html|pdf) — the annual evaluation report of that year's evaluation;
 * GET /api/v1/reports/operations/:period.(html|pdf|json) — the bi-monthly operation feedback report (json: its
 * figures), period `2026-B6` (B1 Jan–Feb … B6 Nov–Dec, Asia/Shanghai) or a month `2026-11` naming the period that
 * contains it. The PDF is rendered by headless Chromium (503 when it is unavailable; the HTML still works).
 */
export function reportsRoutes(svc: ReportsService) {
  const router = new Router()

  router.get('/api/v1/reports/annual/:file', parkReader, async (ctx) => {
    const m = /^(\d{4})\.(html|pdf)$/.exec(ctx.params.file ?? '')
    if (!m) throw errors.validation('file: the year and format, e.g. 2026.html or 2026.pdf', 'file')
    const year = Number(m[1])
    if (year < 2000 || year > 2100) throw errors.validation('year: 2000–2100', 'year')
    await answer(ctx, svc, await svc.annual(stateOf(ctx).scope, year), m[2]!)
  })

  router.get('/api/v1/reports/operations/:file', parkReader, async (ctx) => {
    const m = /^(.+)\.(html|pdf|json)$/.exec(ctx.params.file ?? '')
    const p = m ? parsePeriod(m[1]!) : null
    if (!m || !p)
      throw errors.validation(
        'period: YYYY-Bn (n 1–6, two months each) or YYYY-MM, then .html, .pdf or .json',
        'period',
      )
    if (m[2] === 'json') {
      ctx.body = await svc.operationsData(stateOf(ctx).scope, p)
      return
    }
    await answer(ctx, svc, await svc.operations(stateOf(ctx).scope, p), m[2]!)
  })
  return router
}
