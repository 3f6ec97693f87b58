import type { Queryable } from '../../platform/db/db'

export interface OutboxRow {
  id: string
  topic: string
  payload: Record<string, unknown>
}

/** Adds a message to publish after commit (reliability-security.md promise 1: same transaction as the change). */
export async function insertOutbox(
  q: Queryable,
  topic: string,
  payload: Record<string, unknown>,
  enterpriseId: string | null,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO outbox (topic, payload, enterprise_id) VALUES ($1, $2, $3) RETURNING id::text AS id`,
    [topic, JSON.stringify(payload), enterpriseId],
  )
  return r.rows[0]!.id
}

/**
 * Unpublished rows in id order, locked; rows another relay holds are skipped (FOR UPDATE SKIP LOCKED), so
 * several workers share the outbox without publishing a row twice while both are alive.
 */
export async function claimPending(q: Queryable, limit: number): Promise<OutboxRow[]> {
  const r = await q.query<OutboxRow>(
    `SELECT id::text AS id, topic, payload FROM outbox WHERE published_at IS NULL
      ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  )
  return r.rows
}

export async function markPublished(q: Queryable, ids: string[]): Promise<void> {
  await q.query(`UPDATE outbox SET published_at = now() WHERE id = ANY ($1::bigint[])`, [ids])
}

/** Published rows are kept a while for inspection, then removed. */
export async function deletePublished(q: Queryable, olderThanDays: number): Promise<number> {
  const r = await q.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(days => $1)`, [
    olderThanDays,
  ])
  return r.rowCount ?? 0
}
