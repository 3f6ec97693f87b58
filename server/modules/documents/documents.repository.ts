import type {
  AssetDocument,
  ComplianceCell,
  DocumentQuery,
  DocumentType,
  DocumentVersion,
  OwnerType,
  ReminderRule,
} from '../../contracts/documents'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'

// The only SQL of the document store. Every function runs in the caller's transaction and scope (RLS decides
// what exists: an enterprise sees its own documents and the park's public ones). Days leave as YYYY-MM-DD text,
// instants as ISO-8601 UTC.

/** A document row with its current version's columns flattened (cv_*), before presentation. */
export interface DocumentRow {
  id: string
  title: string
  doc_type: DocumentType
  owner_type: OwnerType
  owner_id: string
  owner_name: string | null
  enterprise_id: string | null
  doc_number: string | null
  tags: string[]
  public: boolean
  current_version: number
  updated_at: string
  current: DocumentVersion | null
}

const versionCols = (p = '') => `${p}id, ${p}document_id, ${p}version, ${p}filename, ${p}mime, ${p}file_kind,
  ${p}size_bytes::int AS size_bytes, ${p}sha256, ${p}issued_on::text AS issued_on, ${p}expires_on::text AS expires_on,
  ${p}note, ${p}uploaded_by, ${isoSql(`${p}uploaded_at`)} AS uploaded_at`

const docSelect = `SELECT d.id, d.title, d.doc_type, d.owner_type, d.owner_id, d.enterprise_id, d.doc_number, d.tags,
    d.public, d.current_version, ${isoSql('d.updated_at')} AS updated_at,
    CASE d.owner_type WHEN 'enterprise' THEN (SELECT e.name FROM enterprises e WHERE e.id = d.owner_id)
                      WHEN 'asset' THEN (SELECT a.name FROM assets a WHERE a.id = d.owner_id) END AS owner_name,
    (SELECT row_to_json(x) FROM (SELECT ${versionCols('v.')} FROM document_versions v
       WHERE v.document_id = d.id AND v.version = d.current_version) x) AS current
  FROM documents d
  LEFT JOIN document_versions cv ON cv.document_id = d.id AND cv.version = d.current_version`

export async function searchDocuments(q: Queryable, f: DocumentQuery, today: string, within: number) {
  const tags = f.tags
    ? f.tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : null
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  const r = await q.query<DocumentRow>(
    `${docSelect}
      WHERE ($1::text IS NULL OR d.title ILIKE $1 OR d.doc_number ILIKE $1)
        AND ($2::text IS NULL OR d.doc_type = $2)
        AND ($3::text IS NULL OR d.owner_type = $3)
        AND ($4::text IS NULL OR d.owner_id = $4)
        AND ($5::text IS NULL OR ($5 = 'park' AND d.enterprise_id IS NULL) OR d.enterprise_id = $5)
        AND ($6::text[] IS NULL OR d.tags @> $6)
        AND ($7::date IS NULL OR cv.expires_on >= $7)
        AND ($8::date IS NULL OR cv.expires_on <= $8)
        AND ($9::date IS NULL OR cv.issued_on >= $9)
        AND ($10::date IS NULL OR cv.issued_on <= $10)
        AND ($11::text IS NULL
          OR ($11 = 'none' AND cv.expires_on IS NULL)
          OR ($11 = 'expired' AND cv.expires_on < $12::date)
          OR ($11 = 'expiring' AND cv.expires_on BETWEEN $12::date AND $12::date + $13::int)
          OR ($11 = 'valid' AND cv.expires_on > $12::date + $13::int))
      ORDER BY d.updated_at DESC, d.id
      LIMIT 500`,
    [
      like,
      f.type ?? null,
      f.owner_type ?? null,
      f.owner_id ?? null,
      f.enterprise ?? null,
      tags,
      f.expires_from ?? null,
      f.expires_to ?? null,
      f.issued_from ?? null,
      f.issued_to ?? null,
      f.validity ?? null,
      today,
      within,
    ],
  )
  return r.rows
}

export async function findDocument(q: Queryable, id: string, lock = false): Promise<DocumentRow | null> {
  if (lock) await q.query('SELECT 1 FROM documents WHERE id = $1 FOR UPDATE', [id])
  const r = await q.query<DocumentRow>(`${docSelect} WHERE d.id = $1`, [id])
  return r.rows[0] ?? null
}

export async function documentVersions(q: Queryable, id: string): Promise<DocumentVersion[]> {
  const r = await q.query<DocumentVersion>(
    `SELECT ${versionCols()} FROM document_versions WHERE document_id = $1 ORDER BY version DESC`,
    [id],
  )
  return r.rows
}

export async function findVersion(
  q: Queryable,
  documentId: string,
  versionId: string,
): Promise<(DocumentVersion & { blob_id: string }) | null> {
  const r = await q.query<DocumentVersion & { blob_id: string }>(
    `SELECT ${versionCols()}, blob_id::text AS blob_id FROM document_versions WHERE document_id = $1 AND id = $2`,
    [documentId, versionId],
  )
  return r.rows[0] ?? null
}

export async function documentReminders(q: Queryable, id: string) {
  const r = await q.query<{ threshold: number; expires_on: string; sent_on: string; escalated: boolean }>(
    `SELECT threshold, expires_on::text AS expires_on, sent_on::text AS sent_on, escalated
       FROM document_reminders WHERE document_id = $1 ORDER BY sent_at DESC, threshold`,
    [id],
  )
  return r.rows
}

export interface NewDocumentValues {
  enterprise_id: string | null
  owner_type: OwnerType
  owner_id: string
  doc_type: DocumentType
  title: string
  doc_number: string | null
  tags: string[]
  public: boolean
}

export async function insertDocument(
  q: Queryable,
  v: NewDocumentValues & { id?: string },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO documents (id, enterprise_id, owner_type, owner_id, doc_type, title, doc_number, tags, public,
                            created_by, updated_by)
     VALUES (coalesce($1, 'DOC-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)),
             $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
     RETURNING id`,
    [
      v.id ?? null,
      v.enterprise_id,
      v.owner_type,
      v.owner_id,
      v.doc_type,
      v.title,
      v.doc_number,
      v.tags,
      v.public,
      by,
    ],
  )
  return r.rows[0]!.id
}

export async function updateDocument(
  q: Queryable,
  id: string,
  v: { title: string; doc_number: string | null; tags: string[]; public: boolean },
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE documents SET title = $2, doc_number = $3, tags = $4, public = $5, updated_by = $6, updated_at = now()
      WHERE id = $1`,
    [id, v.title, v.doc_number, v.tags, v.public, by],
  )
}

export interface NewVersionValues {
  id?: string
  document_id: string
  enterprise_id: string | null
  version: number
  blob_id: string
  filename: string
  mime: string
  file_kind: string
  size_bytes: number
  sha256: string
  issued_on: string | null
  expires_on: string | null
  note: string | null
  /** seeds back-date uploads */
  uploaded_at?: string
}

/** Adds a version and makes it the document's current one. */
export async function insertVersion(q: Queryable, v: NewVersionValues, by: string): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO document_versions (id, document_id, enterprise_id, version, blob_id, filename, mime, file_kind,
                                    size_bytes, sha256, issued_on, expires_on, note, uploaded_by, uploaded_at)
     VALUES (coalesce($1, 'DV-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)),
             $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, coalesce($15::timestamptz, now()))
     RETURNING id`,
    [
      v.id ?? null,
      v.document_id,
      v.enterprise_id,
      v.version,
      v.blob_id,
      v.filename,
      v.mime,
      v.file_kind,
      v.size_bytes,
      v.sha256,
      v.issued_on,
      v.expires_on,
      v.note,
      by,
      v.uploaded_at ?? null,
    ],
  )
  await q.query(
    `UPDATE documents SET current_version = $2, updated_by = $3, updated_at = now() WHERE id = $1`,
    [v.document_id, v.version, by],
  )
  return r.rows[0]!.id
}

export async function assetOwner(
  q: Queryable,
  id: string,
): Promise<{ id: string; enterprise_id: string | null; kind: string } | null> {
  const r = await q.query<{ id: string; enterprise_id: string | null; kind: string }>(
    'SELECT id, enterprise_id, kind FROM assets WHERE id = $1',
    [id],
  )
  return r.rows[0] ?? null
}

export async function enterpriseExists(q: Queryable, id: string): Promise<boolean> {
  return ((await q.query('SELECT 1 FROM enterprises WHERE id = $1', [id])).rowCount ?? 0) > 0
}

/**
 * Documents of an asset: its own, its tank farm's (props.farm_id), and its enterprise's own documents. Nearest
 * first; each document once.
 */
export async function assetDocuments(
  q: Queryable,
  assetId: string,
): Promise<(DocumentRow & { via: AssetDocument['via'] })[]> {
  const r = await q.query<DocumentRow & { via: AssetDocument['via'] }>(
    `WITH a AS (SELECT id, enterprise_id, props->>'farm_id' AS farm_id FROM assets WHERE id = $1),
     hits AS (
       SELECT d.id AS doc_id, 'asset' AS via, 0 AS rank FROM documents d, a
        WHERE d.owner_type = 'asset' AND d.owner_id = a.id
       UNION ALL
       SELECT d.id, 'tank_farm', 1 FROM documents d, a WHERE d.owner_type = 'asset' AND d.owner_id = a.farm_id
       UNION ALL
       SELECT d.id, 'enterprise', 2 FROM documents d, a
        WHERE a.enterprise_id IS NOT NULL AND d.owner_type = 'enterprise' AND d.owner_id = a.enterprise_id
     ),
     best AS (SELECT DISTINCT ON (doc_id) doc_id, via, rank FROM hits ORDER BY doc_id, rank)
     SELECT x.*, best.via FROM best JOIN (${docSelect}) x ON x.id = best.doc_id
      ORDER BY best.rank, x.doc_type, x.title`,
    [assetId],
  )
  return r.rows
}

/** Counts per enterprise (null: park) and type of current versions by validity on `today`. */
export async function complianceCounts(
  q: Queryable,
  today: string,
  within: number,
): Promise<ComplianceCell[]> {
  const r = await q.query<ComplianceCell>(
    `SELECT d.enterprise_id, e.name AS enterprise_name, d.doc_type,
            count(*) FILTER (WHERE v.expires_on > $1::date + $2::int)::int AS valid,
            count(*) FILTER (WHERE v.expires_on BETWEEN $1::date AND $1::date + $2::int)::int AS expiring,
            count(*) FILTER (WHERE v.expires_on < $1::date)::int AS expired,
            count(*) FILTER (WHERE v.expires_on IS NULL)::int AS none
       FROM documents d
       JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
       LEFT JOIN enterprises e ON e.id = d.enterprise_id
      GROUP BY d.enterprise_id, e.name, d.doc_type
      ORDER BY d.enterprise_id NULLS FIRST, d.doc_type`,
    [today, within],
  )
  return r.rows
}

export async function reminderRules(q: Queryable): Promise<ReminderRule[]> {
  const r = await q.query<ReminderRule>(
    `SELECT doc_type, days_before, escalate_on_expiry, updated_by, ${isoSql('updated_at')} AS updated_at
       FROM document_reminder_rules ORDER BY doc_type`,
  )
  return r.rows
}

export async function updateReminderRule(
  q: Queryable,
  docType: DocumentType,
  days: number[],
  escalate: boolean,
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE document_reminder_rules SET days_before = $2, escalate_on_expiry = $3, updated_by = $4,
            updated_at = now() WHERE doc_type = $1`,
    [docType, days, escalate, by],
  )
}
