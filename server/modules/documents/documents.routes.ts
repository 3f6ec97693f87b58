import Router from '@koa/router'
import type { Context } from 'koa'
import {
  documentPatchBody,
  documentQuery,
  documentTypes,
  maxDocumentBytes,
  newDocumentQuery,
  reminderRuleBody,
  versionUploadQuery,
  type DocumentType,
} from '../../contracts/documents'
import { checkUpload, documentKinds, inlineKinds, type FileKind } from '../../platform/files/sniff'
import { requireRole, stateOf } from '../../platform/http/auth-middleware'
import { sendFile } from '../../platform/http/download'
import { errors } from '../../platform/http/errors'
import { readRawBody, uploadFilename } from '../../platform/http/raw-body'
import { readJson } from '../../platform/http/validate'
import { parseAll } from '../emergency-plans/plans.routes'
import type { DocumentsService, UploadedFile } from './documents.service'

const rowId = /^[A-Za-z0-9_.-]{1,64}$/
const idParam = (what: string, id: string | undefined) => {
  if (!id || !rowId.test(id)) throw errors.notFound(what, (id ?? '').slice(0, 64))
  return id
}
/** Park admins keep park and enterprise documents; enterprise accounts their own. Operators and the screen read. */
const writer = requireRole('park_admin', 'enterprise_user')

/** The request body as a checked document file (size limit, extension and magic bytes agree). */
async function readUpload(ctx: Context): Promise<UploadedFile> {
  if (ctx.is('application/json', 'multipart/*', 'application/x-www-form-urlencoded'))
    throw errors.validation('file: send the raw file bytes as the body, not a form or JSON', 'file')
  const filename = uploadFilename(ctx)
  const bytes = await readRawBody(ctx, maxDocumentBytes)
  const type = checkUpload(bytes, filename, { allowed: documentKinds, maxBytes: maxDocumentBytes })
  return { bytes, filename, type }
}

/**
 * /api/v1/documents (文档管理): search, upload (raw body + X-Filename + metadata in the query), versions, inline
 * view and download; /api/v1/documents/compliance (validity per enterprise and type); reminder rules
 * (/api/v1/documents/reminder-rules, park admins edit); and the documents of one asset at
 * /api/v1/assets/:id/documents. Reads in the caller's scope (RLS).
 */
export function documentsRoutes(svc: DocumentsService) {
  const router = new Router()
  const base = '/api/v1/documents'

  router.get(base, async (ctx) => {
    ctx.body = await svc.search(stateOf(ctx).scope, parseAll(documentQuery, ctx.query))
  })
  router.post(base, writer, async (ctx) => {
    const meta = parseAll(newDocumentQuery, ctx.query)
    const file = await readUpload(ctx)
    ctx.body = await svc.create(stateOf(ctx), meta, file, ctx.ip)
    ctx.status = 201
  })
  router.get(`${base}/compliance`, async (ctx) => {
    ctx.body = await svc.compliance(stateOf(ctx).scope)
  })
  router.get(`${base}/reminder-rules`, async (ctx) => {
    ctx.body = await svc.rules(stateOf(ctx).scope)
  })
  router.put(`${base}/reminder-rules/:type`, requireRole('park_admin'), async (ctx) => {
    const type = ctx.params.type
    if (!type || !(documentTypes as readonly string[]).includes(type))
      throw errors.notFound('document_type', (type ?? '').slice(0, 64))
    const b = parseAll(reminderRuleBody, await readJson(ctx))
    ctx.body = await svc.setRule(stateOf(ctx), type as DocumentType, b, ctx.ip)
  })
  router.get(`${base}/:id`, async (ctx) => {
    ctx.body = await svc.get(stateOf(ctx).scope, idParam('document', ctx.params.id))
  })
  router.patch(`${base}/:id`, writer, async (ctx) => {
    const id = idParam('document', ctx.params.id)
    ctx.body = await svc.patch(stateOf(ctx), id, parseAll(documentPatchBody, await readJson(ctx)), ctx.ip)
  })
  router.post(`${base}/:id/versions`, writer, async (ctx) => {
    const id = idParam('document', ctx.params.id)
    const meta = parseAll(versionUploadQuery, ctx.query)
    const file = await readUpload(ctx)
    ctx.body = await svc.upload(stateOf(ctx), id, meta, file, ctx.ip)
    ctx.status = 201
  })
  const file = (inline: boolean) => async (ctx: Context) => {
    const id = idParam('document', ctx.params.id)
    const vid = idParam('document_version', ctx.params.vid)
    const f = await svc.file(stateOf(ctx).scope, id, vid)
    // only PDFs and images are shown in the browser; Office files always download
    const show = inline && inlineKinds.includes(f.kind as FileKind)
    sendFile(ctx, { bytes: f.bytes, mime: f.mime, filename: f.filename, inline: show })
  }
  router.get(`${base}/:id/versions/:vid/view`, file(true))
  router.get(`${base}/:id/versions/:vid/download`, file(false))

  router.get('/api/v1/assets/:id/documents', async (ctx) => {
    ctx.body = await svc.forAsset(stateOf(ctx).scope, idParam('asset', ctx.params.id))
  })
  return router
}
