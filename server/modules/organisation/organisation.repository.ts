import type { OrgBodyType, OrgHistoryEntry, OrgNode, OrgNodeKind } from '../../contracts/organisation'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'

// The only SQL of the organisation chart. Every function runs in the caller's transaction and scope (row-level
// security decides what exists). A chart is the nodes of one enterprise_id (null: the park's chart).

const cols = `n.id, n.enterprise_id, n.parent_id, n.kind, n.body_type, n.name, n.name_en, n.duties, n.phone,
  n.user_id::text AS user_id, u.username, n.position, n.updated_by, ${isoSql('n.updated_at')} AS updated_at`
const from = `org_nodes n LEFT JOIN users u ON u.id = n.user_id`

export async function listNodes(q: Queryable, enterpriseId: string | null): Promise<OrgNode[]> {
  const r = await q.query<OrgNode>(
    `SELECT ${cols} FROM ${from} WHERE n.enterprise_id IS NOT DISTINCT FROM $1
      ORDER BY n.parent_id NULLS FIRST, n.position, n.name, n.id LIMIT 5000`,
    [enterpriseId],
  )
  return r.rows
}

export async function findNode(q: Queryable, id: string, lock = false): Promise<OrgNode | null> {
  const r = await q.query<OrgNode>(
    `SELECT ${cols} FROM ${from} WHERE n.id = $1${lock ? ' FOR UPDATE OF n' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

/** The parent of every node of the chart (for the cycle check). */
export async function parentMap(
  q: Queryable,
  enterpriseId: string | null,
): Promise<Map<string, string | null>> {
  const r = await q.query<{ id: string; parent_id: string | null }>(
    'SELECT id, parent_id FROM org_nodes WHERE enterprise_id IS NOT DISTINCT FROM $1',
    [enterpriseId],
  )
  return new Map(r.rows.map((x) => [x.id, x.parent_id]))
}

/** Ids of the children of `parentId` in their order (the roots when null). */
export async function childIds(
  q: Queryable,
  enterpriseId: string | null,
  parentId: string | null,
): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `SELECT id FROM org_nodes WHERE enterprise_id IS NOT DISTINCT FROM $1 AND parent_id IS NOT DISTINCT FROM $2
      ORDER BY position, name, id`,
    [enterpriseId, parentId],
  )
  return r.rows.map((x) => x.id)
}

/** Writes positions 0…n-1 in the given order (only rows whose position changes). */
export async function setOrder(q: Queryable, ids: readonly string[], by: string): Promise<void> {
  if (!ids.length) return
  await q.query(
    `UPDATE org_nodes n SET position = o.ord - 1, updated_by = $2, updated_at = now()
       FROM unnest($1::text[]) WITH ORDINALITY AS o (id, ord)
      WHERE n.id = o.id AND n.position <> o.ord - 1`,
    [ids, by],
  )
}

export interface NodeValues {
  enterprise_id: string | null
  parent_id: string | null
  kind: OrgNodeKind
  body_type: OrgBodyType | null
  name: string
  name_en: string | null
  duties: string
  phone: string | null
  user_id: string | null
  position: number
}

export async function insertNode(q: Queryable, v: NodeValues, by: string, id?: string): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO org_nodes (id, enterprise_id, parent_id, kind, body_type, name, name_en, duties, phone, user_id,
                            position, created_by, updated_by)
     VALUES (coalesce($1, 'ORG-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6,
             $7, $8, $9, $10::uuid, $11, $12, $12)
     RETURNING id`,
    [
      id ?? null,
      v.enterprise_id,
      v.parent_id,
      v.kind,
      v.body_type,
      v.name,
      v.name_en,
      v.duties,
      v.phone,
      v.user_id,
      v.position,
      by,
    ],
  )
  return r.rows[0]!.id
}

export type FieldValues = Pick<NodeValues, 'body_type' | 'name' | 'name_en' | 'duties' | 'phone' | 'user_id'>

export async function updateFields(q: Queryable, id: string, v: FieldValues, by: string): Promise<void> {
  await q.query(
    `UPDATE org_nodes SET body_type = $2, name = $3, name_en = $4, duties = $5, phone = $6, user_id = $7::uuid,
            updated_by = $8, updated_at = now()
      WHERE id = $1`,
    [id, v.body_type, v.name, v.name_en, v.duties, v.phone, v.user_id, by],
  )
}

export async function setParent(q: Queryable, id: string, parentId: string, by: string): Promise<void> {
  await q.query(`UPDATE org_nodes SET parent_id = $2, updated_by = $3, updated_at = now() WHERE id = $1`, [
    id,
    parentId,
    by,
  ])
}

export async function deleteNode(q: Queryable, id: string): Promise<number> {
  const r = await q.query('DELETE FROM org_nodes WHERE id = $1', [id])
  return r.rowCount ?? 0
}

/** Whether an account exists (park scope reads accounts; an enterprise scope sees none). */
export async function userExists(q: Queryable, userId: string): Promise<boolean> {
  return ((await q.query('SELECT 1 FROM users WHERE id = $1::uuid', [userId])).rowCount ?? 0) > 0
}

/** The chart's edit history from the audit log, newest first. */
export async function orgHistory(
  q: Queryable,
  node: string | null,
  limit: number,
): Promise<OrgHistoryEntry[]> {
  const r = await q.query<OrgHistoryEntry>(
    `SELECT ${isoSql('at')} AS at, username, action, target, detail
       FROM audit_log
      WHERE action LIKE 'org_node.%' AND ($1::text IS NULL OR target = $1)
      ORDER BY at DESC, id DESC LIMIT $2`,
    [node, limit],
  )
  return r.rows
}
