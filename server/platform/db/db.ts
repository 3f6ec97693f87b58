import pg from 'pg'

/**
 * Who a query runs for. Every application query runs as the non-owner role `chempark_app` under
 * row-level security; `park` sees everything, `enterprise` only its enterprise's rows (plus park-wide
 * rows with no enterprise). Set per transaction, never per connection (reliability-security.md §5).
 */
export type DbScope =
  { scope: 'park'; userId?: string } | { scope: 'enterprise'; enterpriseId: string; userId?: string }
export const systemScope: DbScope = { scope: 'park' }

export type Queryable = Pick<pg.PoolClient, 'query'>

const safeToken = /^[A-Za-z0-9_-]{1,64}$/

// The values go into one simple-protocol statement with BEGIN, so they are checked, not escaped.
function scopeSql(s: DbScope): string {
  const ent = s.scope === 'enterprise' ? s.enterpriseId : ''
  const user = s.userId ?? ''
  if ((ent && !safeToken.test(ent)) || (user && !safeToken.test(user))) throw new Error('unsafe scope value')
  return (
    `BEGIN; SET LOCAL ROLE chempark_app; ` +
    `SELECT set_config('app.scope', '${s.scope}', true), set_config('app.enterprise_id', '${ent}', true), ` +
    `set_config('app.user_id', '${user}', true)`
  )
}

export class Db {
  readonly pool: pg.Pool
  constructor(
    url: string,
    readonly kind: 'postgres' | 'pglite',
    max = 10,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max, application_name: 'chempark-twin' })
    // An idle client's error (server restart) must not crash the process; the pool drops that client.
    this.pool.on('error', () => undefined)
  }

  /** Runs fn in one transaction as the app role with the given scope. */
  async tx<T>(scope: DbScope, fn: (q: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query(scopeSql(scope))
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw err
    } finally {
      client.release()
    }
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    scope: DbScope,
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    return this.tx(scope, async (q) => (await q.query<R>(sql, params)).rows)
  }

  /** As the connecting (owner) role: migrations, seeding, partition maintenance. */
  async owner<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw err
    } finally {
      client.release()
    }
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1')
      return true
    } catch {
      return false
    }
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
