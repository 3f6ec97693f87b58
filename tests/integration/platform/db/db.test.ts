// Migrations and tenant isolation (reliability-security.md §5) on both database backends the server
// runs on: PostgreSQL + PostGIS, and embedded PGlite behind pglite-socket.
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Db, systemScope, type DbScope } from '../../../../server/platform/db/db'
import { listMigrations, migrate } from '../../../../server/platform/db/migrate'
import { ensurePartitions } from '../../../../server/platform/db/partitions'
import { backends } from './backends'
import { assetsOf, insertFixtures } from './fixtures'

const e01: DbScope = { scope: 'enterprise', enterpriseId: 'E01' }
const e02: DbScope = { scope: 'enterprise', enterpriseId: 'E02' }
const sorted = (rows: { id: string }[]) => rows.map((r) => r.id).sort()
const rlsViolation = /row-level security/

describe.each(backends)('database on $name', ({ kind, start }) => {
  let server: { url: string; stop(): Promise<void> }
  let db: Db
  let firstRun: string[]
  let secondRun: string[]

  beforeAll(async () => {
    server = await start()
    db = new Db(server.url, kind, 4)
    firstRun = await migrate(db)
    secondRun = await migrate(db)
    await db.owner(insertFixtures)
  })
  afterAll(async () => {
    await db?.close()
    await server?.stop()
  })

  /** As the app role inside a transaction that never set app.scope; rolled back afterwards. */
  async function withoutScope<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await db.pool.connect()
    try {
      await c.query('BEGIN')
      await c.query('SET LOCAL ROLE chempark_app')
      return await fn(c)
    } finally {
      await c.query('ROLLBACK')
      c.release()
    }
  }
  const count = async (scope: DbScope, table: string) =>
    Number((await db.query<{ n: string }>(scope, `SELECT count(*) AS n FROM ${table}`))[0]!.n)

  describe('migrations', () => {
    it('applies every migration on a fresh database, then nothing on the second run', async () => {
      expect(firstRun).toEqual(listMigrations().map((m) => m.name))
      expect(secondRun).toEqual([])
      const recorded = await db.owner((q) =>
        q.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version'),
      )
      expect(recorded.rows.map((r) => r.name)).toEqual(firstRun)
    })

    it('leaves the app role owning no table, even after it created partitions', async () => {
      await ensurePartitions(db) // SECURITY DEFINER: the partitions belong to the function owner
      const owned = await db.owner((q) =>
        q.query(`SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
                  WHERE r.rolname = 'chempark_app' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`),
      )
      expect(owned.rows).toEqual([])
      const tables = await db.owner((q) =>
        q.query(`SELECT tablename FROM pg_tables WHERE tableowner = 'chempark_app'`),
      )
      expect(tables.rows).toEqual([])
    })

    it('forces row-level security on every table the app can reach that has an enterprise_id', async () => {
      const open = await db.owner((q) =>
        q.query<{ relname: string }>(
          `SELECT DISTINCT c.relname FROM pg_class c
             JOIN information_schema.columns col ON col.table_name = c.relname AND col.column_name = 'enterprise_id'
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND has_table_privilege('chempark_app', c.oid, 'SELECT')
              AND NOT (c.relrowsecurity AND c.relforcerowsecurity)`,
        ),
      )
      expect(open.rows).toEqual([])
    })
  })

  describe('row-level security', () => {
    it.each([
      ['E01', e01, [...assetsOf.E01, ...assetsOf.park]],
      ['E02', e02, [...assetsOf.E02, ...assetsOf.park]],
      ['park', systemScope, [...assetsOf.E01, ...assetsOf.E02, ...assetsOf.park]],
    ] as const)('%s scope reads its own assets and the park-wide ones', async (_name, scope, expected) => {
      expect(sorted(await db.query<{ id: string }>(scope, 'SELECT id FROM assets'))).toEqual(
        [...expected].sort(),
      )
    })

    it('an enterprise sees only its own enterprise record', async () => {
      expect(sorted(await db.query<{ id: string }>(e01, 'SELECT id FROM enterprises'))).toEqual(['E01'])
    })

    it.each([
      ['update a row of E02', `UPDATE assets SET name = 'x' WHERE id = 'A-E02-1'`],
      ['delete a row of E02', `DELETE FROM assets WHERE id = 'A-E02-1'`],
      ['update a park-wide row', `UPDATE assets SET name = 'x' WHERE id = 'A-PARK-1'`],
      ['delete a park-wide row', `DELETE FROM assets WHERE id = 'A-PARK-1'`],
      ['delete the other enterprise', `DELETE FROM enterprises WHERE id = 'E02'`],
    ])('E01 cannot %s (0 rows)', async (_name, sql) => {
      expect(await db.tx(e01, async (q) => (await q.query(sql)).rowCount)).toBe(0)
    })

    it.each([
      [
        'insert a row for E02',
        `INSERT INTO assets (id, kind, enterprise_id, name, geom) VALUES ('A-X', 'gate', 'E02', 'x', ST_SetSRID(ST_MakePoint(118.8, 32.2), 4326))`,
      ],
      [
        'insert a park-wide row',
        `INSERT INTO assets (id, kind, enterprise_id, name, geom) VALUES ('A-Y', 'gate', NULL, 'x', ST_SetSRID(ST_MakePoint(118.8, 32.2), 4326))`,
      ],
      ['move its row to E02', `UPDATE assets SET enterprise_id = 'E02' WHERE id = 'A-E01-1'`],
      [
        'insert positions for E02',
        `INSERT INTO positions (tag_id, device_time, enterprise_id, geom, source) VALUES ('T9', now(), 'E02', ST_SetSRID(ST_MakePoint(118.8, 32.2), 4326), 'test')`,
      ],
    ])('E01 cannot %s (policy error)', async (_name, sql) => {
      await expect(db.tx(e01, (q) => q.query(sql))).rejects.toThrow(rlsViolation)
    })

    it('E01 can change its own rows (the checks above are not a blanket denial)', async () => {
      const n = await db.tx(
        e01,
        async (q) => (await q.query(`UPDATE assets SET name = name WHERE id = 'A-E01-1'`)).rowCount,
      )
      expect(n).toBe(1)
      const e02Rows = await db.query<{ id: string; name: string }>(
        systemScope,
        `SELECT id, name FROM assets WHERE enterprise_id = 'E02'`,
      )
      expect(e02Rows).toEqual([{ id: 'A-E02-1', name: 'A-E02-1' }])
    })

    it('a transaction without a scope sees nothing and writes nothing', async () => {
      const seen = await withoutScope(async (c) => {
        const rows: Record<string, number> = {}
        for (const t of ['assets', 'enterprises', 'users', 'sessions', 'audit_log']) {
          rows[t] = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n)
        }
        return rows
      })
      expect(seen).toEqual({ assets: 0, enterprises: 0, users: 0, sessions: 0, audit_log: 0 })
      await expect(
        withoutScope((c) =>
          c.query(
            `INSERT INTO assets (id, kind, enterprise_id, name, geom) VALUES ('A-Z', 'gate', 'E01', 'x', ST_SetSRID(ST_MakePoint(118.8, 32.2), 4326))`,
          ),
        ),
      ).rejects.toThrow(rlsViolation)
    })

    it('hides users and sessions from enterprise scope, and shows them to park scope', async () => {
      expect([await count(e01, 'users'), await count(e01, 'sessions')]).toEqual([0, 0])
      expect([await count(systemScope, 'users'), await count(systemScope, 'sessions')]).toEqual([2, 2])
      const n = await db.tx(e01, async (q) => (await q.query(`UPDATE users SET disabled = true`)).rowCount)
      expect(n).toBe(0)
    })

    it('keeps the scope inside its transaction (pool of one connection)', async () => {
      const single = new Db(server.url, kind, 1)
      try {
        const inside = await single.tx(
          e01,
          async (q) => (await q.query('SELECT count(*)::int AS n FROM assets')).rows[0].n,
        )
        expect(inside).toBe(assetsOf.E01.length + assetsOf.park.length)
        const c = await single.pool.connect() // the same connection, next transaction
        try {
          await c.query('BEGIN')
          await c.query('SET LOCAL ROLE chempark_app')
          const r = await c.query<{ n: number; ent: string | null }>(
            `SELECT (SELECT count(*)::int FROM assets) AS n, nullif(current_setting('app.enterprise_id', true), '') AS ent`,
          )
          expect(r.rows[0]).toEqual({ n: 0, ent: null })
        } finally {
          await c.query('ROLLBACK')
          c.release()
        }
      } finally {
        await single.close()
      }
    })

    it.each([
      { scope: 'enterprise', enterpriseId: "E01', true), set_config('app.scope', 'park" },
      { scope: 'enterprise', enterpriseId: 'E01;' },
      { scope: 'enterprise', enterpriseId: 'x'.repeat(65) },
      { scope: 'park', userId: "u'); SET ROLE postgres; --" },
    ] as DbScope[])('refuses the unsafe scope %j before any query runs', async (scope) => {
      await expect(db.tx(scope, (q) => q.query('SELECT 1'))).rejects.toThrow(/unsafe scope value/)
      expect(await db.ping()).toBe(true)
    })

    it('an enterprise scope with an empty id sees only park-wide rows', async () => {
      const rows = await db.query<{ id: string }>(
        { scope: 'enterprise', enterpriseId: '' },
        'SELECT id FROM assets',
      )
      expect(sorted(rows)).toEqual(assetsOf.park)
    })

    it('gives the app no direct access to partitions (no side door around the policies)', async () => {
      await expect(db.query(e01, 'SELECT * FROM positions_default')).rejects.toThrow(/permission denied/)
    })
  })

  describe('audit_log', () => {
    it.each([
      ['UPDATE', `UPDATE audit_log SET result = 'failed'`],
      ['DELETE', `DELETE FROM audit_log`],
    ])('rejects %s even for the owner', async (_name, sql) => {
      const before = await count(systemScope, `audit_log WHERE result = 'ok'`)
      await expect(db.owner((q) => q.query(sql))).rejects.toThrow(/append-only/)
      expect(before).toBeGreaterThan(0)
      expect(await count(systemScope, `audit_log WHERE result = 'ok'`)).toBe(before)
    })

    it('lets the app append, and an enterprise read only its own records', async () => {
      await db.query(
        e01,
        `INSERT INTO audit_log (action, result, enterprise_id) VALUES ('asset.update', 'ok', 'E01')`,
      )
      const rows = await db.query<{ enterprise_id: string }>(e01, 'SELECT enterprise_id FROM audit_log')
      expect(rows.map((r) => r.enterprise_id)).toEqual(['E01', 'E01'])
      await expect(db.query(e01, `UPDATE audit_log SET result = 'failed'`)).rejects.toThrow(
        /permission denied/,
      )
    })
  })
})
