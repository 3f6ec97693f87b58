import type { DbScope, Queryable } from './db/db'
import { systemScope, type Db } from './db/db'

export interface AuditEntry {
  userId?: string | null
  username?: string | null
  action: string
  target?: string | null
  result: 'ok' | 'denied' | 'failed'
  ip?: string | null
  detail?: Record<string, unknown>
  enterpriseId?: string | null
}

const sql = `INSERT INTO audit_log (user_id, username, action, target, result, ip, detail, enterprise_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
const params = (e: AuditEntry) => [
  e.userId ?? null,
  e.username ?? null,
  e.action,
  e.target ?? null,
  e.result,
  e.ip ?? null,
  JSON.stringify(e.detail ?? {}),
  e.enterpriseId ?? null,
]

/** Appends an audit record inside the caller's transaction (so it commits with the change). */
export async function auditIn(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query(sql, params(e))
}

/** Appends an audit record on its own (events with no other change, e.g. a failed sign-in). */
export async function audit(db: Db, e: AuditEntry, scope: DbScope = systemScope): Promise<void> {
  await db.query(scope, sql, params(e))
}

/**
 * A successful action of a signed-in user, audited inside the caller's transaction: the services' `audit` (as
 * `private readonly audit = auditAction`).
 */
export function auditAction(
  q: Queryable,
  who: { user: { id: string; username: string } },
  ip: string | null,
  action: string,
  target: string | null,
  enterpriseId: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  return auditIn(q, {
    userId: who.user.id,
    username: who.user.username,
    action,
    target,
    result: 'ok',
    ip,
    detail,
    enterpriseId,
  })
}
