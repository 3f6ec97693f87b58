import type { Me, Role } from '../../contracts/auth'
import type { Queryable } from '../../platform/db/db'

export interface UserRow extends Me {
  password_hash: string
  disabled: boolean
  failed_logins: number
  locked_until: Date | null
}

const columns = `id::text AS id, username, display_name, role, enterprise_id, password_hash, disabled,
                 failed_logins, locked_until`

export async function findUserByName(q: Queryable, username: string): Promise<UserRow | null> {
  const r = await q.query<UserRow>(`SELECT ${columns} FROM users WHERE username = $1`, [username])
  return r.rows[0] ?? null
}

export async function recordFailedLogin(q: Queryable, id: string, maxFailures: number, lockMin: number) {
  const r = await q.query<{ locked_until: Date | null }>(
    `UPDATE users SET failed_logins = failed_logins + 1,
            locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
      WHERE id = $1 RETURNING locked_until`,
    [id, maxFailures, lockMin],
  )
  return r.rows[0]?.locked_until ?? null
}

export async function recordGoodLogin(q: Queryable, id: string): Promise<void> {
  await q.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [id])
}

export interface NewUser {
  username: string
  display_name: string
  role: Role
  enterprise_id: string | null
  password_hash: string
}

export async function insertUser(q: Queryable, u: NewUser): Promise<Me> {
  const r = await q.query<Me>(
    `INSERT INTO users (username, display_name, role, enterprise_id, password_hash)
     VALUES ($1, $2, $3, $4, $5)
     RETURNING id::text AS id, username, display_name, role, enterprise_id`,
    [u.username, u.display_name, u.role, u.enterprise_id, u.password_hash],
  )
  return r.rows[0]!
}
