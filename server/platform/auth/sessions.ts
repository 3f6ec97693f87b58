import { createHash, randomBytes } from 'node:crypto'
import type { Me } from '../../contracts/auth'
import { systemScope, type Db, type DbScope } from '../db/db'

export const sessionCookie = 'cpt_session'

const digest = (token: string) => createHash('sha256').update(token).digest('hex')

export interface SessionUser extends Me {
  sessionId: string
}

export function scopeOf(user: Pick<Me, 'id' | 'role' | 'enterprise_id'>): DbScope {
  if (user.role !== 'enterprise_user') return { scope: 'park', userId: user.id }
  // never widen an enterprise account to the park, even if its row were inconsistent
  if (!user.enterprise_id) throw new Error('enterprise_user without an enterprise')
  return { scope: 'enterprise', enterpriseId: user.enterprise_id, userId: user.id }
}

/** Server-side sessions: the cookie holds a random token, the database only its hash. */
export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly idleMin: number,
    private readonly maxMin: number,
  ) {}

  async create(userId: string, ip: string | null, userAgent: string | null): Promise<string> {
    const token = randomBytes(32).toString('base64url')
    await this.db.query(
      systemScope,
      `INSERT INTO sessions (id, user_id, expires_at, ip, user_agent)
       VALUES ($1, $2, now() + make_interval(mins => $3), $4, $5)`,
      [digest(token), userId, this.maxMin, ip, userAgent?.slice(0, 256) ?? null],
    )
    return token
  }

  /** The signed-in user, or null when the session is unknown, idle too long, expired or disabled. */
  async resolve(token: string | undefined): Promise<SessionUser | null> {
    if (!token || token.length > 100) return null
    const rows = await this.db.query<Me & { session_id: string; stale: boolean }>(
      systemScope,
      `SELECT s.id AS session_id, u.id::text AS id, u.username, u.display_name, u.role, u.enterprise_id,
              s.last_seen_at < now() - interval '1 minute' AS stale
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND NOT u.disabled AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(mins => $2)`,
      [digest(token), this.idleMin],
    )
    const r = rows[0]
    if (!r) return null
    if (r.stale) {
      await this.db.query(systemScope, 'UPDATE sessions SET last_seen_at = now() WHERE id = $1', [
        r.session_id,
      ])
    }
    return {
      sessionId: r.session_id,
      id: r.id,
      username: r.username,
      display_name: r.display_name,
      role: r.role,
      enterprise_id: r.enterprise_id,
    }
  }

  async destroy(sessionId: string): Promise<void> {
    await this.db.query(systemScope, 'DELETE FROM sessions WHERE id = $1', [sessionId])
  }
}

/** Reads one cookie from a Cookie header (for Socket.IO handshakes). */
export function cookieFromHeader(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const i = part.indexOf('=')
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim())
      } catch {
        return undefined // malformed percent-encoding from a client is not our crash
      }
    }
  }
  return undefined
}
