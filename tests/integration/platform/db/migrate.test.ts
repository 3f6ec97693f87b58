// PostgreSQL-only migration behaviour: several nodes starting at once, and a failing migration.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { Db } from '../../../../server/platform/db/db'
import { listMigrations, migrate } from '../../../../server/platform/db/migrate'
import { createTestDatabase, type TestDatabase } from '../../../helpers/services'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function freshDb(pools = 1): Promise<Db[]> {
  const t: TestDatabase = await createTestDatabase('cpt_it_migrate')
  cleanups.push(t.drop)
  const dbs = Array.from({ length: pools }, () => new Db(t.url, 'postgres', 2))
  cleanups.push(async () => void (await Promise.all(dbs.map((d) => d.close()))))
  return dbs
}

const dir = mkdtempSync(join(tmpdir(), 'cpt-migrations-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('migrate on PostgreSQL', () => {
  it('applies each migration once when three nodes start together (advisory lock)', async () => {
    const dbs = await freshDb(3)
    const runs = await Promise.all(dbs.map((d) => migrate(d)))
    const all = listMigrations().map((m) => m.name)
    expect(runs.flat().sort()).toEqual(all)
    // one node did the work; the others found it done
    expect(runs.filter((r) => r.length > 0)).toHaveLength(1)
    const rows = await dbs[0]!.owner((q) =>
      q.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations'),
    )
    expect(rows.rows[0]!.n).toBe(all.length)
  })

  it('rolls a failing migration back whole, names it, and applies it once fixed', async () => {
    const [db] = await freshDb()
    writeFileSync(join(dir, '0001_ok.sql'), 'CREATE TABLE t_ok (id int);')
    writeFileSync(join(dir, '0002_bad.sql'), 'CREATE TABLE t_bad (id int); SELECT 1 / 0;')
    await expect(migrate(db!, dir)).rejects.toThrow(/migration 0002_bad\.sql failed: division by zero/)

    const state = async () =>
      (
        await db!.owner((q) =>
          q.query<{ versions: string[]; ok: string | null; bad: string | null }>(
            `SELECT array(SELECT version FROM schema_migrations ORDER BY version) AS versions,
                    to_regclass('t_ok')::text AS ok, to_regclass('t_bad')::text AS bad`,
          ),
        )
      ).rows[0]
    expect(await state()).toEqual({ versions: ['0001'], ok: 't_ok', bad: null })

    // the lock was released: a later run (possibly on another connection) does not hang
    writeFileSync(join(dir, '0002_bad.sql'), 'CREATE TABLE t_bad (id int);')
    expect(await migrate(db!, dir)).toEqual(['0002_bad.sql'])
    expect(await state()).toEqual({ versions: ['0001', '0002'], ok: 't_ok', bad: 't_bad' })
  })
})
