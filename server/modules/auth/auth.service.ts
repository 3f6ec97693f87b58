import type { Me } from '../../contracts/auth'
import { systemScope, type Db } from '../../platform/db/db'
import { auditIn, audit } from '../../platform/audit'
import { generatePassword, hashPassword, verifyPassword } from '../../platform/auth/passwords'
import type { SessionStore } from '../../platform/auth/sessions'
import { errors } from '../../platform/http/errors'
import { findUserByName, insertUser, recordFailedLogin, recordGoodLogin } from './auth.repository'

// 等保 2.0: lock an account after repeated failures.
const maxFailures = 5
const lockMinutes = 15
// Verifying against this keeps the timing of "no such user" close to "wrong password".
let dummyHash: Promise<string> | null = null

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionStore,
  ) {}

  async login(username: string, password: string, ip: string | null, ua: string | null) {
    const user = await this.db.tx(systemScope, (q) => findUserByName(q, username))
    if (!user || user.disabled) {
      await verifyPassword(await (dummyHash ??= hashPassword(generatePassword())), password)
      await audit(this.db, {
        username,
        action: 'auth.login',
        result: 'denied',
        ip,
        detail: { reason: 'unknown_user' },
      })
      throw errors.invalidCredentials()
    }
    if (user.locked_until && user.locked_until > new Date()) {
      await audit(this.db, {
        userId: user.id,
        username,
        action: 'auth.login',
        result: 'denied',
        ip,
        detail: { reason: 'locked' },
      })
      throw errors.locked(user.locked_until)
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      const lockedUntil = await this.db.tx(systemScope, async (q) => {
        const until = await recordFailedLogin(q, user.id, maxFailures, lockMinutes)
        await auditIn(q, {
          userId: user.id,
          username,
          action: 'auth.login',
          result: 'denied',
          ip,
          detail: { reason: 'bad_password' },
        })
        return until
      })
      if (lockedUntil && lockedUntil > new Date()) throw errors.locked(lockedUntil)
      throw errors.invalidCredentials()
    }
    await this.db.tx(systemScope, async (q) => {
      await recordGoodLogin(q, user.id)
      await auditIn(q, { userId: user.id, username, action: 'auth.login', result: 'ok', ip })
    })
    const token = await this.sessions.create(user.id, ip, ua)
    const me: Me = {
      id: user.id,
      username: user.username,
      display_name: user.display_name,
      role: user.role,
      enterprise_id: user.enterprise_id,
    }
    return { token, me }
  }

  /**
   * Creates the `admin` account on first start. Returns the password when it was generated, so the
   * caller prints it once; with ADMIN_PASSWORD set nothing secret is printed.
   */
  async ensureAdmin(configured: string | undefined): Promise<{ created: boolean; generated: string | null }> {
    return this.db.tx(systemScope, async (q) => {
      if (await findUserByName(q, 'admin')) return { created: false, generated: null }
      const password = configured ?? generatePassword()
      await insertUser(q, {
        username: 'admin',
        display_name: '园区管理员',
        role: 'park_admin',
        enterprise_id: null,
        password_hash: await hashPassword(password),
      })
      await auditIn(q, { username: 'system', action: 'user.create', target: 'admin', result: 'ok' })
      return { created: true, generated: configured ? null : password }
    })
  }
}
