import type { CreateUserBody, Me } from '../../contracts'
import type { Db, DbScope } from '../../platform/db/db'
import { auditIn } from '../../platform/audit'
import { hashPassword, passwordProblem } from '../../platform/auth/passwords'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { insertUser } from '../auth/auth.repository'

export class UsersService {
  constructor(private readonly db: Db) {}

  list(scope: DbScope): Promise<(Me & { disabled: boolean })[]> {
    return this.db.query(
      scope,
      `SELECT id::text AS id, username, display_name, role, enterprise_id, disabled FROM users ORDER BY username`,
    )
  }

  async create(actor: AppState, body: CreateUserBody, ip: string): Promise<Me> {
    const problem = passwordProblem(body.password)
    if (problem) throw errors.validation(problem, 'password')
    const hash = await hashPassword(body.password)
    return this.db.tx(actor.scope, async (q) => {
      if (body.enterprise_id) {
        const e = await q.query('SELECT 1 FROM enterprises WHERE id = $1', [body.enterprise_id])
        if (!e.rowCount)
          throw errors.validation(`enterprise ${body.enterprise_id} does not exist`, 'enterprise_id')
      }
      const taken = await q.query('SELECT 1 FROM users WHERE username = $1', [body.username])
      if (taken.rowCount) throw errors.conflict('user.exists', `username ${body.username} is taken`)
      const me = await insertUser(q, { ...body, password_hash: hash })
      await auditIn(q, {
        userId: actor.user.id,
        username: actor.user.username,
        action: 'user.create',
        target: me.username,
        result: 'ok',
        ip,
      })
      return me
    })
  }

  /** Disabling ends every session of the account at once. */
  async disable(actor: AppState, id: string, ip: string): Promise<void> {
    await this.db.tx(actor.scope, async (q) => {
      const r = await q.query('UPDATE users SET disabled = true WHERE id = $1 RETURNING username', [id])
      if (!r.rowCount) throw errors.notFound('user', id)
      await q.query('DELETE FROM sessions WHERE user_id = $1', [id])
      await auditIn(q, {
        userId: actor.user.id,
        username: actor.user.username,
        action: 'user.disable',
        target: String(r.rows[0].username),
        result: 'ok',
        ip,
      })
    })
  }
}
