import { createHash } from 'node:crypto'
import type { Queryable } from '../db/db'

/*
 * Blob storage for uploaded files (documents, attachments, evidence) — decision: IN POSTGRESQL.
 *
 * Files live in the table `file_blobs` (migration 0025_documents.sql) as bytea, one row per stored file, with the
 * owning enterprise and the same row-level security as every tenant table. Why not files under DATA_DIR:
 * - several server nodes behind a load balancer share no disk, but they share the database;
 * - the embedded PGlite mode works the same (no second storage to set up);
 * - a database backup (pg_dump / the PGlite data dir) holds the files with the rows that point at them, so a
 *   restore can never leave a document without its file or a file without its document;
 * - tenancy is enforced by the database (an enterprise cannot read another enterprise's blob even by id), and
 *   the write commits or rolls back with the document row in the same transaction.
 * The cost is database size: uploads are limited (documents: 20 MiB per file) and the park's files are in the
 * low gigabytes, well within what PostgreSQL TOAST storage handles. Storage names are server-generated (uuid);
 * the uploaded name is metadata only, never a path.
 *
 * Blobs are immutable: a new version of a document is a new blob. The app role may insert and read, never update
 * or delete (a document's history keeps every version's file).
 */

export interface StoredBlob {
  id: string
  sha256: string
  size: number
}

export interface BlobContent {
  bytes: Buffer
  mime: string
  size: number
  sha256: string
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** Stores a file in the caller's transaction and scope (RLS: an enterprise stores its own only). */
export async function putBlob(
  q: Queryable,
  b: { bytes: Uint8Array; mime: string; enterpriseId: string | null },
): Promise<StoredBlob> {
  const sha256 = sha256Hex(b.bytes)
  const r = await q.query<{ id: string }>(
    `INSERT INTO file_blobs (enterprise_id, mime, size_bytes, sha256, bytes)
     VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
    [b.enterpriseId, b.mime, b.bytes.byteLength, sha256, Buffer.from(b.bytes)],
  )
  return { id: r.rows[0]!.id, sha256, size: b.bytes.byteLength }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The file with this id as the caller may see it (RLS), or null. */
export async function getBlob(q: Queryable, id: string): Promise<BlobContent | null> {
  if (!uuid.test(id)) return null
  const r = await q.query<{ bytes: Buffer; mime: string; size: number; sha256: string }>(
    'SELECT bytes, mime, size_bytes::int AS size, sha256 FROM file_blobs WHERE id = $1',
    [id],
  )
  return r.rows[0] ?? null
}

/** Size, type and hash without the bytes (listings). */
export async function blobInfo(
  q: Queryable,
  id: string,
): Promise<{ mime: string; size: number; sha256: string } | null> {
  if (!uuid.test(id)) return null
  const r = await q.query<{ mime: string; size: number; sha256: string }>(
    'SELECT mime, size_bytes::int AS size, sha256 FROM file_blobs WHERE id = $1',
    [id],
  )
  return r.rows[0] ?? null
}
