import {
  expiringDays,
  publicByDefault,
  validityOf,
  type AssetDocument,
  type DocumentCompliance,
  type DocumentDetail,
  type DocumentPatchBody,
  type DocumentQuery,
  type DocumentSummary,
  type DocumentType,
  type NewDocumentQuery,
  type ReminderRule,
  type ReminderRuleBody,
  type VersionUploadQuery,
} from '../../contracts/documents'
import { parkDay } from '../../contracts/emergency-plans'
import { auditAction } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import { getBlob, putBlob } from '../../platform/files/blobs'
import type { UploadCheck } from '../../platform/files/sniff'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { runDocumentReminders } from '../notifications/reminders.scheduler'
import {
  assetDocuments,
  assetOwner,
  complianceCounts,
  documentReminders,
  documentVersions,
  enterpriseExists,
  findDocument,
  findVersion,
  insertDocument,
  insertVersion,
  reminderRules,
  searchDocuments,
  updateDocument,
  updateReminderRule,
  type DocumentRow,
} from './documents.repository'

/** A checked upload: the bytes and what they are. */
export interface UploadedFile {
  bytes: Buffer
  filename: string
  type: UploadCheck
}

export interface DocumentsServiceOptions {
  clock?: () => number
  /**
   * Called after a version commits, so a document already inside a reminder window gets its reminder at once
   * (default: the reminder scheduler for that document; errors are left to the next scheduled run).
   */
  afterUpload?: (documentId: string, now: Date) => Promise<unknown>
}

/** The document store: reads and writes in the caller's scope (RLS), audited in the same transaction. */
export class DocumentsService {
  private readonly now: () => number
  private readonly afterUpload: (documentId: string, now: Date) => Promise<unknown>

  constructor(
    private readonly db: Db,
    opts: DocumentsServiceOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
    this.afterUpload =
      opts.afterUpload ?? ((id, now) => runDocumentReminders(this.db, now, { documentId: id }))
  }

  today(): string {
    return parkDay(this.now())
  }

  private present(row: DocumentRow): DocumentSummary {
    return { ...row, validity: validityOf(row.current?.expires_on ?? null, this.today()) }
  }

  async search(scope: DbScope, f: DocumentQuery): Promise<DocumentSummary[]> {
    const rows = await this.db.tx(scope, (q) => searchDocuments(q, f, this.today(), expiringDays))
    return rows.map((r) => this.present(r))
  }

  get(scope: DbScope, id: string): Promise<DocumentDetail> {
    return this.db.tx(scope, (q) => this.detail(q, id))
  }

  private async detail(q: Queryable, id: string): Promise<DocumentDetail> {
    const row = await findDocument(q, id)
    if (!row) throw errors.notFound('document', id)
    return {
      ...this.present(row),
      versions: await documentVersions(q, id),
      reminders: await documentReminders(q, id),
    }
  }

  async forAsset(scope: DbScope, assetId: string): Promise<AssetDocument[]> {
    return this.db.tx(scope, async (q) => {
      if (!(await assetOwner(q, assetId))) throw errors.notFound('asset', assetId)
      return (await assetDocuments(q, assetId)).map((r) => ({ ...this.present(r), via: r.via }))
    })
  }

  async compliance(scope: DbScope): Promise<DocumentCompliance> {
    const today = this.today()
    const rows = await this.db.tx(scope, (q) => complianceCounts(q, today, expiringDays))
    return { today, expiring_days: expiringDays, rows }
  }

  /** Who owns a new document: enterprise_id and the canonical owner id, checked against the caller. */
  private async owner(
    q: Queryable,
    scope: DbScope,
    b: NewDocumentQuery,
  ): Promise<{ enterprise_id: string | null; owner_id: string }> {
    const mine = scope.scope === 'enterprise' ? scope.enterpriseId : null
    const own = (e: string | null) => {
      if (mine && e !== mine) throw errors.forbidden('an enterprise account keeps its own documents only')
    }
    switch (b.owner_type) {
      case 'park':
        if (mine) throw errors.forbidden('park documents are kept by the park')
        return { enterprise_id: null, owner_id: 'park' }
      case 'enterprise': {
        const id = b.owner_id!
        own(id)
        if (!(await enterpriseExists(q, id)))
          throw errors.validation(`owner_id: unknown enterprise ${id}`, 'owner_id')
        return { enterprise_id: id, owner_id: id }
      }
      case 'asset': {
        const a = await assetOwner(q, b.owner_id!)
        if (!a) throw errors.validation(`owner_id: unknown asset ${b.owner_id}`, 'owner_id')
        own(a.enterprise_id)
        return { enterprise_id: a.enterprise_id, owner_id: a.id }
      }
      case 'project': {
        const e = mine ?? b.enterprise_id ?? null
        own(e)
        if (e && !(await enterpriseExists(q, e)))
          throw errors.validation(`enterprise_id: unknown enterprise ${e}`, 'enterprise_id')
        return { enterprise_id: e, owner_id: b.owner_id! }
      }
    }
  }

  private readonly audit = auditAction

  private async addVersion(
    q: Queryable,
    who: AppState,
    doc: { id: string; enterprise_id: string | null },
    version: number,
    file: UploadedFile,
    v: VersionUploadQuery,
  ): Promise<string> {
    const blob = await putBlob(q, {
      bytes: file.bytes,
      mime: file.type.mime,
      enterpriseId: doc.enterprise_id,
    })
    return insertVersion(
      q,
      {
        document_id: doc.id,
        enterprise_id: doc.enterprise_id,
        version,
        blob_id: blob.id,
        filename: file.filename,
        mime: file.type.mime,
        file_kind: file.type.kind,
        size_bytes: blob.size,
        sha256: blob.sha256,
        issued_on: v.issued_on ?? null,
        expires_on: v.expires_on ?? null,
        note: v.note ?? null,
      },
      who.user.username,
    )
  }

  /** The upload is committed either way: a failed immediate reminder is sent by the next scheduled run. */
  private async remind(id: string) {
    await this.afterUpload(id, new Date(this.now())).catch(() => undefined)
  }

  /** A new document with its first version, in one transaction (a refused file creates nothing). */
  async create(
    who: AppState,
    b: NewDocumentQuery,
    file: UploadedFile,
    ip: string | null,
  ): Promise<DocumentDetail> {
    const id = await this.db.tx(who.scope, async (q) => {
      const o = await this.owner(q, who.scope, b)
      const isPublic = o.enterprise_id === null && (b.public ?? publicByDefault.includes(b.doc_type))
      if (b.public && o.enterprise_id !== null)
        throw errors.validation('public: only park documents can be public', 'public')
      const id = await insertDocument(
        q,
        {
          enterprise_id: o.enterprise_id,
          owner_type: b.owner_type,
          owner_id: o.owner_id,
          doc_type: b.doc_type,
          title: b.title,
          doc_number: b.doc_number ?? null,
          tags: [...new Set(b.tags ?? [])],
          public: isPublic,
        },
        who.user.username,
      )
      const versionId = await this.addVersion(q, who, { id, enterprise_id: o.enterprise_id }, 1, file, b)
      await this.audit(q, who, ip, 'document.create', id, o.enterprise_id, {
        doc_type: b.doc_type,
        owner: `${b.owner_type}:${o.owner_id}`,
        version_id: versionId,
        filename: file.filename,
        size: file.bytes.byteLength,
        expires_on: b.expires_on ?? null,
      })
      return id
    })
    await this.remind(id)
    return this.get(who.scope, id)
  }

  /** A new version of a document (a renewed licence, a revised report): it becomes the current one. */
  async upload(
    who: AppState,
    id: string,
    v: VersionUploadQuery,
    file: UploadedFile,
    ip: string | null,
  ): Promise<DocumentDetail> {
    await this.db.tx(who.scope, async (q) => {
      const cur = await findDocument(q, id, true)
      if (!cur) throw errors.notFound('document', id)
      if (who.scope.scope === 'enterprise' && cur.enterprise_id !== who.scope.enterpriseId)
        throw errors.forbidden('park documents are kept by the park')
      const version = cur.current_version + 1
      const versionId = await this.addVersion(q, who, cur, version, file, v)
      await this.audit(q, who, ip, 'document.version', id, cur.enterprise_id, {
        version,
        version_id: versionId,
        filename: file.filename,
        size: file.bytes.byteLength,
        expires_on: v.expires_on ?? null,
      })
    })
    await this.remind(id)
    return this.get(who.scope, id)
  }

  async patch(who: AppState, id: string, b: DocumentPatchBody, ip: string | null): Promise<DocumentDetail> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await findDocument(q, id, true)
      if (!cur) throw errors.notFound('document', id)
      if (who.scope.scope === 'enterprise' && cur.enterprise_id !== who.scope.enterpriseId)
        throw errors.forbidden('park documents are kept by the park')
      if (b.public && cur.enterprise_id !== null)
        throw errors.validation('public: only park documents can be public', 'public')
      await updateDocument(
        q,
        id,
        {
          title: b.title ?? cur.title,
          doc_number: b.doc_number !== undefined ? b.doc_number : cur.doc_number,
          tags: b.tags ? [...new Set(b.tags)] : cur.tags,
          public: b.public ?? cur.public,
        },
        who.user.username,
      )
      await this.audit(q, who, ip, 'document.update', id, cur.enterprise_id, { fields: Object.keys(b) })
      return this.detail(q, id)
    })
  }

  /** A version's file as the caller may see it. */
  async file(
    scope: DbScope,
    id: string,
    versionId: string,
  ): Promise<{ bytes: Buffer; mime: string; filename: string; kind: string }> {
    return this.db.tx(scope, async (q) => {
      const v = await findVersion(q, id, versionId)
      if (!v) throw errors.notFound('document_version', versionId)
      const blob = await getBlob(q, v.blob_id)
      if (!blob) throw errors.notFound('document_version', versionId)
      return { bytes: blob.bytes, mime: v.mime, filename: v.filename, kind: v.file_kind }
    })
  }

  rules(scope: DbScope): Promise<ReminderRule[]> {
    return this.db.tx(scope, (q) => reminderRules(q))
  }

  async setRule(
    who: AppState,
    type: DocumentType,
    b: ReminderRuleBody,
    ip: string | null,
  ): Promise<ReminderRule[]> {
    return this.db.tx(who.scope, async (q) => {
      const cur = (await reminderRules(q)).find((r) => r.doc_type === type)!
      const days = [...b.days_before].sort((a, c) => c - a)
      const escalate = b.escalate_on_expiry ?? cur.escalate_on_expiry
      await updateReminderRule(q, type, days, escalate, who.user.username)
      await this.audit(q, who, ip, 'document.reminder_rule', type, null, {
        from: cur.days_before,
        to: days,
        escalate_on_expiry: escalate,
      })
      return reminderRules(q)
    })
  }
}
