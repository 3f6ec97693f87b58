import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from './db'

export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url))
const fileName = /^(\d{4})_[a-z0-9_]+\.sql$/

export interface Migration {
  version: string
  name: string
  sql: string
}

export function listMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => fileName.test(f))
    .sort()
    .map((f) => ({ version: f.slice(0, 4), name: f, sql: readFileSync(join(dir, f), 'utf8') }))
}

/**
 * Applies pending numbered migrations, each in its own transaction, under an advisory lock so that
 * several nodes starting together apply each migration once. Returns the names applied.
 */
export async function migrate(db: Db, dir = migrationsDir): Promise<string[]> {
  const applied: string[] = []
  const client = await db.pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock(80800808)')
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    )
    const done = new Set(
      (await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    )
    for (const m of listMigrations(dir)) {
      if (done.has(m.version)) continue
      try {
        await client.query('BEGIN')
        await client.query(m.sql)
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ])
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err })
      }
      applied.push(m.name)
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(80800808)').catch(() => undefined)
    client.release()
  }
  return applied
}
