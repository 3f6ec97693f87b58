import type { IngestRejection } from '../../contracts'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from './sql'

export type RejectionInsert = Omit<IngestRejection, 'id' | 'at'>

export async function insertRejection(q: Queryable, r: RejectionInsert): Promise<void> {
  await q.query(
    `INSERT INTO ingest_rejections (protocol, reason, peer, mn, detail, raw_excerpt)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [r.protocol, r.reason, r.peer, r.mn, r.detail, r.raw_excerpt],
  )
}

export async function listRejections(
  q: Queryable,
  protocol: string | undefined,
  limit: number,
): Promise<IngestRejection[]> {
  const r = await q.query<IngestRejection>(
    `SELECT id::float8 AS id, ${isoSql('at')} AS at, protocol, reason, peer, mn, detail, raw_excerpt
       FROM ingest_rejections WHERE ($1::text IS NULL OR protocol = $1)
      ORDER BY id DESC LIMIT $2`,
    [protocol ?? null, limit],
  )
  return r.rows
}
